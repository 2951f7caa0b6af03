"""Words for people: Thai and English catalogues, and the language-aware formatting layer.

The catalogues are data (``en.json``, ``th.json`` beside this file): family names, KPI labels
(English labels live in the registry; ``kpis`` in ``en.json`` stays empty), statuses, the notes
compute writes, column headers and summary lines. Numbers are formatted by :mod:`smkpi.fmt` only,
in every language (Western digits, the same separators); this layer translates the words around
them (duration units, month names) and dates, optionally in the Buddhist era (CE + 543).

JSON never goes through here: its ids and keys are the same in every language.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import lru_cache
from importlib.resources import files

LANGS = ("en", "th")
CALENDARS = ("gregorian", "buddhist")
BUDDHIST_OFFSET = 543


def default_lang(environ: dict | None = None) -> str:
    """``th`` when the locale (``LC_ALL``, else ``LANG``) starts with ``th``, else ``en``."""
    env = os.environ if environ is None else environ
    loc = env.get("LC_ALL") or env.get("LANG") or ""
    return "th" if loc.lower().startswith("th") else "en"


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r} in a translation catalogue")
        out[k] = v
    return out


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict:
    """The catalogue of ``lang`` as loaded from its JSON file (cached)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    text = files("smkpi.i18n").joinpath(f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text, object_pairs_hook=_no_duplicates)


@lru_cache(maxsize=None)
def _template_regex(template: str) -> re.Pattern:
    """A regex for the texts ``template`` (str.format syntax) makes: ``{name}`` is any text, the same
    text where the name comes back; ``{{`` and ``}}`` are literal braces."""
    out, seen = [], set()
    for tok in re.split(r"(\{\{|\}\}|\{\w+\})", template):
        if tok in ("{{", "}}"):
            out.append(re.escape(tok[0]))
        elif tok.startswith("{") and tok.endswith("}") and len(tok) > 2:
            name = tok[1:-1]
            out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
        else:
            out.append(re.escape(tok))
    return re.compile("^" + "".join(out) + "$")


_DURATION_TOKEN = re.compile(r"(\d+(?:\.\d+)?)([dhms])\b")


class Lang:
    """Everything a renderer says in one language and calendar."""

    def __init__(self, code: str = "en", calendar: str = "gregorian") -> None:
        if code not in LANGS:
            raise ValueError(f"unknown language {code!r}; choose from {', '.join(LANGS)}")
        if calendar not in CALENDARS:
            raise ValueError(f"unknown calendar {calendar!r}; choose from {', '.join(CALENDARS)}")
        self.code, self.calendar = code, calendar
        self._c, self._en = catalogue(code), catalogue("en")

    def _pick(self, section: str, key: str, default: str | None = None) -> str:
        for c in (self._c, self._en):
            v = c.get(section, {}).get(key)
            if v:
                return v
        return default if default is not None else key

    # --- words -----------------------------------------------------------------------------
    def t(self, key: str, **kw: object) -> str:
        """A message or header; ``{name}`` placeholders filled from ``kw``."""
        text = self._pick("text", key)
        return text.format(**kw) if kw else text

    def family(self, family: str) -> str:
        return self._pick("families", family, family.capitalize())

    def kpi(self, kpi_id: str, label: str) -> str:
        """The KPI's label: the catalogue's in this language, else the registry's English one."""
        return self._pick("kpis", kpi_id, label) if self.code != "en" else label

    def category(self, name: object) -> object:
        """A content type or group name as shown: smkpi's own words in this language.

        Only the words smkpi writes are translated: the canonical content types (smkpi.vocabulary:
        ``image`` → ``รูปภาพ``) and the group of empty values, ``(none)``. A name the files spelled
        their own way (``Shorts``, a campaign) is shown as written. JSON keeps the English word.
        """
        if self.code == "en" or not isinstance(name, str):
            return name
        return self._c.get("categories", {}).get(name, name)

    def group(self, by: dict) -> dict:
        """A group's dimension -> name, its names as shown (see :meth:`category`): a content type
        only in the content_type dimension (a campaign called "video" is the user's word)."""
        days = self._c.get("weekdays", {}) if self.code != "en" else {}
        return {d: days.get(v, v) if d == "weekday" else self.category(v) if d == "content_type" or v == "(none)"
                else v for d, v in by.items()}

    def dimension(self, name: str) -> str:
        """A ``--by`` dimension's name as shown (``platform`` → ``แพลตฟอร์ม``); JSON keeps the English."""
        return self._c.get("dimensions", {}).get(name, name) if self.code != "en" else name

    def status(self, status: str) -> str:
        return self._pick("statuses", status, status.replace("_", " "))

    def severity(self, severity: str) -> str:
        return self._pick("severities", severity, severity)

    def note(self, text: str | None) -> str | None:
        """A note from compute in this language (matched against the English templates); else as is.

        Two notes joined by "; " (a value's note, then "<n> of the labels inferred ...") are
        translated part by part: a template's ``{name}`` matches any text, so the whole would
        otherwise be taken as one note with the first note inside a placeholder.
        """
        if not text or self.code == "en":
            return text
        parts = []  # each "; " (last first): the two sides' translations, None where unknown
        at = text.rfind("; ")
        while at > 0 and len(parts) < 8:  # notes join two or three parts; a long text costs no more
            left, right = self._template_note(text[:at]), self._template_note(text[at + 2:])
            if left is not None and right is not None:
                return f"{left}; {right}"
            parts.append((at, left, right))
            at = text.rfind("; ", 0, at)
        whole = self._template_note(text)
        if whole is not None:
            return whole
        for at, left, right in parts:  # one side known: it is translated, the other kept as written
            if left is not None or right is not None:
                return f"{left if left is not None else text[:at]}; {right if right is not None else text[at + 2:]}"
        return text

    def _template_note(self, text: str) -> str | None:
        words = self._c.get("words", {})
        for template, translated in self._c.get("notes", {}).items():
            m = _template_regex(template).match(text)
            if m:
                return translated.format(**{k: self._placeholder(k, v, words) for k, v in m.groupdict().items()})
        return None

    def _placeholder(self, name: str, value: str, words: dict) -> str:
        """A placeholder's text in a translated note, by what the placeholder holds."""
        if name == "note":  # a {note} inside a note is a note itself ("no change: {note}")
            return self.note(value)
        if name == "dims":
            return self._dims(value)
        if name == "month":
            return self.period_label(value)
        return self._words(name, value, words)

    def _dims(self, text: str) -> str:
        """``weekday or hour`` (``--by`` dimensions) in this language, "or" too."""
        word = self._c.get("words", {}).get("or", "or")
        return f" {word} ".join(self.dimension(d) for d in text.split(" or "))

    @staticmethod
    def _words(name: str, value: str, words: dict) -> str:
        """A placeholder's text: a known word; in ``{columns}``, column names whose " or " is said in
        this language ("needs contacts or first_contact_resolution"). Other text (a file's name) is
        never edited."""
        if value in words:
            return words[value]
        return value.replace(" or ", f" {words['or']} ") if name == "columns" and "or" in words else value

    # --- numbers and dates -----------------------------------------------------------------
    def value(self, v: object, unit: object, currency: str = "THB", near: object = None) -> str:
        """:func:`smkpi.fmt.value`, with duration units in this language."""
        from .. import fmt

        kind = getattr(unit, "value", unit)
        if kind == "breakdown" and isinstance(v, dict):  # content types: smkpi's words, in this language
            # A file's own value may already be a translation ("(ไม่ระบุ)" beside the (none) group):
            # that key is kept in English rather than one entry hiding the other.
            v = {(t if (t := self.category(k)) == k or t not in v else k): n for k, n in v.items()}
        elif kind == "category":
            v = self.category(v)
        text = fmt.value(v, unit, currency, near)
        if kind == "seconds" and v is not None and self.code != "en":
            text = self.duration_words(text)
        return text

    def duration_words(self, text: str) -> str:
        """``1h 05m`` → ``1 ชม. 05 นาที``: fmt's duration with the units of this language."""
        d = self._c["durations"]
        return _DURATION_TOKEN.sub(lambda m: f"{m.group(1)}{d['sep']}{d[m.group(2)]}", text)

    def date(self, d: dt.date | str | None) -> str:
        """``2026-10-31`` in English (CE); ``31 ต.ค. 2026`` in Thai; ``31 ต.ค. 2569`` / ``31 Oct 2569 BE``
        with the Buddhist calendar."""
        if d is None:
            return "—"
        if isinstance(d, str):
            try:
                d = dt.date.fromisoformat(d[:10])
            except ValueError:
                return d
        if self.code == "en" and self.calendar == "gregorian":
            return d.isoformat()
        year = d.year + (BUDDHIST_OFFSET if self.calendar == "buddhist" else 0)
        month = self._c["months"][d.month - 1]
        return f"{d.day} {month} {year}{self._c['era'][self.calendar]}"

    def period_label(self, label: str) -> str:
        """A series period as shown (``2026-10``, ``2026-Q4``, ``2026-10-05``): in the Buddhist
        calendar its year is the BE year (``2569-10``); the JSON keeps the CE label."""
        if self.calendar != "buddhist" or not re.match(r"^\d{4}(\D|$)", label):
            return label
        return f"{int(label[:4]) + BUDDHIST_OFFSET}{label[4:]}"

    def period(self, start: object, end: object) -> str:
        return f"{self.date(start)} → {self.date(end)}"
