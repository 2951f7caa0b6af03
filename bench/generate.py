"""Deterministic benchmark data: every smkpi kind as CSV, sized by the number of posts rows.

    python bench/generate.py --rows 1000000                     # -> bench/data/simple/1000000/*.csv
    python bench/generate.py --rows 1000000 --shape realistic   # -> bench/data/realistic/1000000/

Two shapes. ``simple`` (the default, described here) has canonical headers, short texts from a
fixed list and plain numbers. ``realistic`` (bench/realistic.py) is shaped like real exports:
free comment text with quotes, Thai, emoji and line breaks, ``+07:00`` offsets, ``N/A`` cells,
``"1,234"`` numbers, and a Meta Business Suite posts file and a Meta Ads Manager file in the mix.

Sizes (posts rows = N): comments 2N, tickets 0.2N, ads 0.1N, sessions 0.1N; kb and followers
stay small (a knowledge base and a year of daily follower counts). Values follow plausible
distributions (log-normal reach, Poisson interactions, skewed content mix), about 2% of the
optional cells are empty, and about 0.5% of posts/comments/tickets/ads repeat an earlier id
(same platform) so de-duplication has work to do. Every cell is readable: rejection paths are
covered by the test suite, the benchmark measures the happy path at scale.

The output depends only on the shape and N (fixed seeds per kind and chunk), and an existing,
complete set of files is reused (delete bench/data/<shape>/<N> to regenerate).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

DATA = Path(__file__).resolve().parent / "data"
CHUNK = 1_000_000
SEED = 20250601
PLATFORMS = ["facebook", "instagram", "tiktok", "x"]
YEAR_START = 1735689600  # 2025-01-01 00:00:00 (wall clock; read as local time)
YEAR_SECONDS = 365 * 86400
EMPTY = 0.02
DUP = 0.005
INFLUENCERS = ["Ploy", "Nutty Review", "Bam Channel", "Kaimook", "Jane Eats", "Ton Travel", "Mild & Mint",
               "แพรวา รีวิว", "ครูเบียร์", "Aom Daily", "Fern Style", "Big Tech TH"]
CAMPAIGNS = ["songkran_2025", "mid_year_sale", "11.11", "12.12", "back_to_school", "new_menu", "loyalty"]
TEXTS = ["ชอบมากค่ะ", "ส่งของเร็วมาก ขอบคุณครับ", "Love this!", "ราคาเท่าไหร่คะ", "When is the restock?",
         "สินค้าไม่ตรงปก", "Great, thanks", "รอนานมาก, ไม่โอเค", "น่ารักมาก", "How much is shipping?",
         "ok", "ดีค่ะ จะสั่งอีก", "meh", "ตอบช้า", "Wow 😍", "สอบถามทาง inbox นะคะ"]
CONTENT_TYPES = ["video", "image", "reel", "text", "carousel"]
CONTENT_P = [0.3, 0.3, 0.2, 0.1, 0.1]
CHANNELS = ["email", "chat", "phone", "line", "facebook"]
ASSIGNEES = ["Nok", "Beam", "Som", "Arm", "Mint", "Pim"]
SIZES = {"posts": 1.0, "comments": 2.0, "tickets": 0.2, "ads": 0.1, "sessions": 0.1}
KINDS = ["posts", "comments", "ads", "sessions", "tickets", "kb", "followers"]


def _rng(kind: str, chunk: int) -> np.random.Generator:
    return np.random.default_rng([SEED, KINDS.index(kind), chunk])


def _holes(rng: np.random.Generator, s: pl.Series, p: float = EMPTY) -> pl.Series:
    """``s`` as text with a fraction ``p`` of cells emptied."""
    mask = pl.Series(rng.random(len(s)) < p)
    return pl.select(pl.when(mask).then(None).otherwise(s.cast(pl.String))).to_series().alias(s.name)


def _ids(rng: np.random.Generator, start: int, n: int) -> np.ndarray:
    """Row ids start..start+n, a fraction DUP of them repeating an earlier id of the chunk."""
    ids = np.arange(start, start + n, dtype=np.int64)
    dup = np.flatnonzero(rng.random(n) < DUP)
    dup = dup[dup > 0]
    ids[dup] = start + (rng.random(len(dup)) * dup).astype(np.int64)
    return ids


def _prefixed(prefix: str, ids: np.ndarray, width: int = 0) -> pl.Series:
    text = pl.Series(ids).cast(pl.String)
    if width:
        text = text.str.pad_start(width, "0")
    return pl.select(pl.lit(prefix) + pl.lit(text)).to_series()


def _stamp(secs: np.ndarray, fmt: str) -> pl.Series:
    return pl.from_epoch(pl.Series(secs), time_unit="s").dt.strftime(fmt)


def _pick(rng: np.random.Generator, options: list[str], n: int, p: list[float] | None = None) -> pl.Series:
    return pl.Series(options, dtype=pl.String).gather(pl.Series(rng.choice(len(options), n, p=p)))


def posts(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    ids = _ids(rng, start, n)
    reach = np.round(rng.lognormal(8.0, 1.2, n)).astype(np.int64)
    impressions = reach + np.round(reach * rng.gamma(2.0, 0.4, n)).astype(np.int64)
    ctype_idx = rng.choice(len(CONTENT_TYPES), n, p=CONTENT_P)
    has_views = np.isin(ctype_idx, [0, 2])  # only video and reel have views
    views = np.round(impressions * rng.beta(2, 3, n)).astype(np.int64)
    likes = rng.poisson(reach * 0.03)
    comments = rng.poisson(reach * 0.004)
    shares = rng.poisson(reach * 0.002)
    clicks = rng.poisson(reach * 0.01)
    conversions = rng.poisson(clicks * 0.05)
    revenue = np.round(conversions * rng.lognormal(6.0, 0.5, n), 2)
    influencer = _holes(rng, _pick(rng, INFLUENCERS, n).alias("influencer"), 0.9)
    campaign = _holes(rng, _pick(rng, CAMPAIGNS, n).alias("campaign"), 0.7)
    published = YEAR_START + rng.integers(0, YEAR_SECONDS, n)
    return pl.DataFrame({
        "post_id": _prefixed("P", ids, 9),
        "published_at": _holes(rng, _stamp(published, "%Y-%m-%dT%H:%M:%S+07:00").alias("published_at")),
        "platform": pl.Series(np.asarray(PLATFORMS)[ids % 4]),
        "content_type": _holes(rng, pl.Series("content_type", np.asarray(CONTENT_TYPES)[ctype_idx]), 0.01),
        "likes": _holes(rng, pl.Series("likes", likes)),
        "comments": _holes(rng, pl.Series("comments", comments)),
        "shares": _holes(rng, pl.Series("shares", shares)),
        "reach": _holes(rng, pl.Series("reach", reach)),
        "impressions": _holes(rng, pl.Series("impressions", impressions)),
        "views": pl.Series("views", views).cast(pl.String).zip_with(pl.Series(has_views), pl.Series([None], dtype=pl.String)),
        "clicks": _holes(rng, pl.Series("clicks", clicks)),
        "conversions": _holes(rng, pl.Series("conversions", conversions)),
        "revenue": _holes(rng, pl.Series("revenue", revenue)),
        "influencer": influencer,
        "campaign": campaign,
    })


def comments(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    ids = _ids(rng, start, n)
    created = YEAR_START + rng.integers(0, YEAR_SECONDS, n)
    return pl.DataFrame({
        "comment_id": _prefixed("C", ids),
        "created_at": _stamp(created, "%Y-%m-%dT%H:%M:%SZ"),
        "platform": pl.Series(np.asarray(PLATFORMS)[ids % 4]),
        "post_id": _prefixed("P", rng.integers(0, max(n // 2, 1), n), 9),
        "text": _pick(rng, TEXTS, n),
        "sentiment": _pick(rng, ["positive", "negative", "neutral", ""], n, [0.62, 0.08, 0.2, 0.1]),
    }).with_columns(pl.col("sentiment").replace("", None))


def ads(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    ids = _ids(rng, start, n)
    impressions = np.round(rng.lognormal(9.0, 1.0, n)).astype(np.int64)
    reach = np.round(impressions / (1 + rng.gamma(2.0, 0.3, n))).astype(np.int64)
    clicks = rng.binomial(impressions, 0.012)
    conversions = rng.binomial(clicks, 0.04)
    spend = np.round(impressions * rng.lognormal(-2.5, 0.4, n), 2)
    revenue = np.round(conversions * rng.lognormal(6.3, 0.5, n), 2)
    day = YEAR_START + rng.integers(0, 365, n) * 86400
    return pl.DataFrame({
        "ad_id": _prefixed("A", ids),
        "campaign": _pick(rng, CAMPAIGNS, n),
        "date": _stamp(day, "%Y-%m-%d"),
        "platform": pl.Series(np.asarray(PLATFORMS)[ids % 4]),
        "spend": _holes(rng, pl.Series("spend", spend)),
        "impressions": _holes(rng, pl.Series("impressions", impressions)),
        "reach": _holes(rng, pl.Series("reach", reach)),
        "clicks": _holes(rng, pl.Series("clicks", clicks)),
        "conversions": _holes(rng, pl.Series("conversions", conversions)),
        "revenue": _holes(rng, pl.Series("revenue", revenue)),
    })


def sessions(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    count = rng.poisson(40, n) + 1
    bounces = rng.binomial(count, 0.42)
    duration = np.round(count * rng.gamma(2.0, 60.0, n), 1)
    pageviews = count + rng.poisson(count * 1.5)
    day = YEAR_START + rng.integers(0, 365, n) * 86400
    return pl.DataFrame({
        "date": _stamp(day, "%Y-%m-%d"),
        "sessions": pl.Series(count).cast(pl.String),
        "bounces": _holes(rng, pl.Series("bounces", bounces)),
        "duration_seconds": _holes(rng, pl.Series("duration_seconds", duration)),
        "pageviews": _holes(rng, pl.Series("pageviews", pageviews)),
    })


def tickets(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    ids = _ids(rng, start, n)
    created = YEAR_START + rng.integers(0, YEAR_SECONDS - 10 * 86400, n)
    first = created + np.round(rng.exponential(40 * 60, n)).astype(np.int64)
    resolved = created + np.round(rng.exponential(86400, n)).astype(np.int64)
    is_resolved = rng.random(n) < 0.8
    status = np.where(is_resolved, np.where(rng.random(n) < 0.5, "solved", "closed"),
                      np.where(rng.random(n) < 0.5, "open", "pending"))
    csat_num = rng.choice(5, n, p=[0.05, 0.07, 0.13, 0.35, 0.4]) + 1
    u = rng.random(n)
    csat = np.where(u < 0.55, csat_num.astype(str), np.where(u < 0.57, "good", np.where(u < 0.58, "bad", "")))
    fmt = "%Y-%m-%d %H:%M:%S"  # naive: read in the configured timezone (Asia/Bangkok)
    return pl.DataFrame({
        "ticket_id": _prefixed("T", ids),
        "created_at": _stamp(created, fmt),
        "first_response_at": _holes(rng, _stamp(first, fmt).alias("first_response_at"), 0.05),
        "resolved_at": pl.Series("resolved_at", _stamp(resolved, fmt)).zip_with(
            pl.Series(is_resolved), pl.Series([None], dtype=pl.String)),
        "status": pl.Series(status),
        "channel": _pick(rng, CHANNELS, n),
        "contacts": _holes(rng, pl.Series("contacts", rng.geometric(0.6, n))),
        "escalated": _holes(rng, pl.Series("escalated", np.where(rng.random(n) < 0.1, "true", "false")), 0.05),
        "csat": pl.Series(csat).replace("", None),
        "handling_minutes": _holes(rng, pl.Series("handling_minutes", np.round(rng.gamma(2.0, 6.0, n), 1))),
        "assignee": _pick(rng, ASSIGNEES, n),
    })


def kb(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    views = np.round(rng.lognormal(6.0, 1.3, n)).astype(np.int64)
    return pl.DataFrame({
        "article_id": _prefixed("KB", np.arange(n)),
        "title": pl.Series([f"วิธีใช้งาน {i} / How to {i}" for i in range(n)]),
        "date": _stamp(YEAR_START + rng.integers(0, 365, n) * 86400, "%Y-%m-%d"),
        "views": _holes(rng, pl.Series("views", views)),
        "likes": _holes(rng, pl.Series("likes", rng.binomial(views, 0.05))),
    })


def followers(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    days = np.arange(365)
    frames = []
    for i, p in enumerate(PLATFORMS):
        level = np.round(10_000 * (i + 1) + np.cumsum(rng.normal(30, 20, 365))).astype(np.int64)
        frames.append(pl.DataFrame({"date": _stamp(YEAR_START + days * 86400, "%Y-%m-%d"),
                                    "platform": [p] * 365, "followers": pl.Series(level).cast(pl.String)}))
    return pl.concat(frames)


MAKERS = {"posts": posts, "comments": comments, "ads": ads, "sessions": sessions, "tickets": tickets,
          "kb": kb, "followers": followers}
FIXED = {"kb": 2000, "followers": 365 * len(PLATFORMS)}


def rows_of(kind: str, n_posts: int) -> int:
    return FIXED.get(kind) or max(1, int(n_posts * SIZES[kind]))


SHAPES = ("simple", "realistic")


def files_of(shape: str) -> list[tuple[str, str]]:
    """(file name, kind) of every file of a shape, in the order they are written."""
    if shape == "simple":
        return [(f"{kind}.csv", kind) for kind in KINDS]
    import realistic

    return [(name, kind) for name, kind, *_ in realistic.FILES]


def _plan(shape: str, n_posts: int):
    """(file name, total rows, maker, rng for chunk c, UTF-8 BOM) of every file of a shape."""
    if shape == "simple":
        return [(f"{k}.csv", rows_of(k, n_posts), MAKERS[k], lambda c, k=k: _rng(k, c), False) for k in KINDS]
    import realistic

    return [(name, size if isinstance(size, int) else max(1, int(n_posts * size)), maker,
             lambda c, i=i: realistic.rng_of(i, c), bom)
            for i, (name, _, maker, size, bom) in enumerate(realistic.FILES)]


def folder_of(n_posts: int, shape: str = "simple") -> Path:
    return DATA / shape / str(n_posts)


def generate(n_posts: int, out: Path | None = None, quiet: bool = False, shape: str = "simple") -> Path:
    """Write the CSV files for ``n_posts`` (skipped when they already exist) and return their folder."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (choose from {', '.join(SHAPES)})")
    out = out or folder_of(n_posts, shape)
    done = out / ".complete"
    if done.exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    for name, total, maker, rng_of, bom in _plan(shape, n_posts):
        t0 = time.perf_counter()
        path = out / name
        with open(path, "wb") as fh:
            if bom:
                fh.write("\ufeff".encode())
            for c, start in enumerate(range(0, total, CHUNK)):
                n = min(CHUNK, total - start)
                maker(rng_of(c), start, n).write_csv(fh, include_header=c == 0)
        if not quiet:
            print(f"{path}: {total:,} rows, {path.stat().st_size / 1e6:,.1f} MB, {time.perf_counter() - t0:.1f}s",
                  file=sys.stderr)
    done.write_text("ok\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000, help="posts rows (10k..10M); other kinds scale from it")
    ap.add_argument("--shape", choices=SHAPES, default="simple",
                    help="simple: canonical files, plain cells; realistic: shaped like real exports")
    ap.add_argument("--out", type=Path, default=None, help="folder (default bench/data/<shape>/<rows>)")
    args = ap.parse_args()
    print(generate(args.rows, args.out, shape=args.shape))


if __name__ == "__main__":
    main()
