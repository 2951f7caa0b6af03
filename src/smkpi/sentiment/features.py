"""Text → hashed character n-grams, vectorised (Polars for the string work, numpy for the n-grams).

The Thai model reads characters, not words: Thai has no spaces between words, and social text
mixes Thai, English, digits and emoji freely. Each text is normalised (``normalise``), wrapped in
start/end marks, and every run of 1..``MAX_N`` characters is hashed into one of ``2**bits``
buckets by integer arithmetic on code points. Nothing here depends on Python's salted ``hash``
or Polars' hash (neither is stable across runs or versions): the same text gives the same
buckets on every run and machine.
"""

from __future__ import annotations

import numpy as np
import polars as pl

MAX_N = 4
START, END = "\x02", "\x03"
# Private-use code points stand for whole spans the model should see as one token.
URL, MENTION, LAUGH, NUMBER = "\ue000", "\ue001", "\ue002", "0"
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads consecutive keys over the buckets
_STEP = np.uint64(0x100000001B3)


def normalise(texts: pl.Series) -> pl.Series:
    """Lower case; links, @mentions, Thai laughter (555…) and numbers as one mark each; no control
    or zero-width characters, emoji variation selectors or skin tones; white space as one space.

    Runs of one repeated character (มากกกก, !!!!, 😂😂😂😂) are shortened later, on code points
    (see ``codepoints``): the regex engine has no back-references.
    """
    return (
        texts.cast(pl.String).fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"https?://\S+|www\.\S+", URL)
        .str.replace_all(r"@\w+", MENTION)
        .str.replace_all(r"(?:5|๕){3,}\+*", LAUGH)
        .str.replace_all(r"[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*", NUMBER)
        .str.replace_all(r"[\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]", " ")
        .str.replace_all("\u0e4d\u0e32", "\u0e33")  # nikhahit + sara aa, typed for sara am
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def codepoints(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code points of every normalised text between START/END marks, concatenated; the text
    number of each code point). A character repeated more than twice in a row is kept twice."""
    wrapped = START + normalise(texts) + END
    n = len(wrapped)
    if n == 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    lens = wrapped.str.len_chars().to_numpy().astype(np.int64)
    cps = np.frombuffer(wrapped.str.join("").item().encode("utf-32-le"), dtype=np.uint32)
    tid = np.repeat(np.arange(n, dtype=np.int64), lens)
    if cps.size > 2:
        keep = np.ones(cps.size, dtype=bool)
        keep[2:] = ~((cps[2:] == cps[1:-1]) & (cps[1:-1] == cps[:-2]))
        cps, tid = cps[keep], tid[keep]
    return cps, tid


def _keys(cps: np.ndarray, tid: np.ndarray, bits: int) -> list[np.ndarray]:
    """For each n in 1..MAX_N, text number << bits | bucket of every n-gram inside a text."""
    h = np.zeros(cps.size, dtype=np.uint64)
    out = []
    shift = np.uint64(64 - bits)
    with np.errstate(over="ignore"):  # uint64 wrap-around is the hash, by design
        for n in range(1, MAX_N + 1):
            m = cps.size - n + 1
            if m <= 0:
                break
            h = h[:m] * _STEP + cps[n - 1:].astype(np.uint64)
            ok = tid[:m] == tid[n - 1:]
            bucket = ((h[ok] + np.uint64(n)) * _MIX) >> shift
            out.append((tid[:m][ok] << np.int64(bits)) | bucket.astype(np.int64))
    return out


def ngram_buckets(cps: np.ndarray, tid: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(text number, bucket) of every 1..MAX_N-gram inside a text, bucket in [0, 2**bits)."""
    parts = _keys(cps, tid, bits)
    key = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    return key >> np.int64(bits), key & np.int64((1 << bits) - 1)


def distinct_ngrams(cps: np.ndarray, tid: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """``ngram_buckets`` with each (text, bucket) once, sorted by text then bucket: the model reads
    whether a text has an n-gram, not how often (a word typed three times is not three times as
    positive; measured 0.752 held-out accuracy against 0.748 for counts)."""
    parts = _keys(cps, tid, bits)
    key = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    del parts
    key.sort()
    if key.size:
        key = key[np.r_[True, key[1:] != key[:-1]]]
    return key >> np.int64(bits), key & np.int64((1 << bits) - 1)
