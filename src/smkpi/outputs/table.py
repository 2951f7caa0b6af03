"""The Rich table (smkpi.render) as a registered format, in the report's language.

smkpi.render writes the table in English and several features edit it; rather than thread a
language through every line of it, the table is printed through a console that translates what
render.py prints: titles, column headers and footers, cells and captions, by exact words (KPI labels,
family names, statuses, headers) and by the shape of the few sentences it writes (the header
line, the summary line, "why no value" captions, durations). Anything it does not know stays in
English, so a new column is never lost, only untranslated. Numbers are never touched: they were
formatted by smkpi.fmt.
"""

from __future__ import annotations

import io
import re
from functools import cached_property

from ..i18n import Lang
from .view import Context

FILE_WIDTH = 120  # a file has no terminal: a fixed width, so the file is the same on every machine
_DURATION = re.compile(r"^\d+(?:\.\d+)?[dhms](?: \d+[dhms])?$")
_HEADER = re.compile(r"^targets: (?P<targets>.*) · timezone: (?P<tz>.*?) · currency: (?P<cur>.*?)"
                     r"(?: · data: (?P<start>\d{4}-\d\d-\d\d) → (?P<end>\d{4}-\d\d-\d\d))?$")
_DAY = r"\d{4}-\d\d-\d\d"
_WINDOW = re.compile(rf"^(?:window: (?P<start>{_DAY}) → (?P<end>{_DAY}))? ?(?:vs (?P<what>.+) (?P<cstart>{_DAY}) → "
                     rf"(?P<cend>{_DAY}))?$")
_CUT = re.compile(r"^(?:by: (?P<by>.+?))?(?: · )?(?:series: per (?P<period>day|week|month|quarter|year))?$")
_SUMMARY = re.compile(r"^Summary: (?P<parts>.*?) — (?P<verdict>targets met|target missed) \(exit (?P<code>\d)\)$")
_VERDICT = re.compile(r"^(targets met|target missed) \(exit (\d)\)$")
_COUNT = re.compile(r"^(?P<n>[\d,]+) (?P<what>pass|fail|warn|no data|without target)$")
_HIDDEN = re.compile(r"^(?P<cols>.+) hidden at this width: widen the terminal or use --format json$")
_MORE_GROUPS = re.compile(r"^(\d+) more group note\(s\): see the JSON report")
_STATUS = {"pass": "pass", "fail": "fail", "warn": "warn", "no data": "no_data", "without target": "no_target"}


class Translator:
    """English table text -> the language's, by word and by sentence shape."""

    def __init__(self, lang: Lang, doc: dict | None = None) -> None:
        self.lang, self.doc = lang, doc or {}

    @cached_property
    def words(self) -> dict[str, str]:
        from ..evaluate import Status
        from ..registry import FAMILIES, all_kpis
        from ..render import STATUS_STYLE

        t = self.lang.t
        w = {k.label: self.lang.kpi(k.id, k.label) for k in all_kpis()}
        w.update({f.capitalize(): self.lang.family(f) for f in FAMILIES})
        for s in Status:
            label = STATUS_STYLE[s][0]
            w[label] = f"{label.split(' ', 1)[0]} {self.lang.status(s.value)}"
        for key in ("kpi", "id", "value", "target", "status", "change", "file", "kind", "rows", "used", "rejected",
                    "duplicates", "blank", "format", "platform", "reason", "note", "period", "trend", "all"):
            w[catalogue_en(f"col.{key}")] = t(f"col.{key}")
        w.update({"Inputs": t("inputs"), "(not read)": t("inputs.not_read"), "(unreadable)": t("inputs.unreadable"),
                  catalogue_en("inputs.caption"): t("inputs.caption"), catalogue_en("notes.all"): t("notes.all"),
                  catalogue_en("groups.legend"): t("groups.legend")})
        return w

    @cached_property
    def _groups(self) -> dict[str, str]:
        """The report's group names, as render.py joins them in a group note -> as this language
        shows them (Lang.group: smkpi's own words, a content type only in its dimension)."""
        from .. import fmt

        out = {}
        for k in self.doc.get("kpis", []):
            for g in k.get("groups") or []:
                by = g.get("by") or {}
                shown = " · ".join(fmt.safe(x) for x in self.lang.group(by).values())
                out.setdefault(" · ".join(fmt.safe(x) for x in by.values()), shown)
        return {en: th for en, th in out.items() if en != th}

    def line(self, s: str) -> str:
        if s in self.words:
            return self.words[s]
        lang = self.lang
        if _DURATION.match(s):
            return lang.duration_words(s)
        if s.endswith(" (warn)"):
            return lang.t("target.warn", target=self.line(s[: -len(" (warn)")]))
        if re.match(r"^change (>=|>|<=|<) \S", s):  # a change target
            return lang.t("target.change", target=s[len("change "):])
        if m := _HEADER.match(s):
            t = lang.t
            targets = t("head.builtin") if m["targets"] == "built-in defaults" else m["targets"]
            out = f"{t('head.targets')}: {targets} · {t('head.timezone')}: {m['tz']} · {t('head.currency')}: {m['cur']}"
            return out + (f" · {t('head.data')}: {lang.period(m['start'], m['end'])}" if m["start"] else "")
        if s and (m := _WINDOW.match(s)) and (m["start"] or m["cstart"]):  # render_header's second line
            t = lang.t
            parts = [f"{t('head.window')}: {lang.period(m['start'], m['end'])}"] if m["start"] else []
            if m["cstart"]:
                what = {"previous": t("head.previous"), "a year earlier": t("head.year_before")}.get(m["what"], m["what"])
                parts.append(f"{t('head.compare')} {what}: {lang.period(m['cstart'], m['cend'])}")
            return " · ".join(parts)
        if s and (m := _CUT.match(s)) and (m["by"] or m["period"]):  # and its third
            t = lang.t
            words = self.lang._c.get("words", {})
            parts = [f"{t('head.by')}: {', '.join(lang.dimension(d) for d in m['by'].split(', '))}"] if m["by"] else []
            if m["period"]:
                parts.append(f"{t('head.series')}: {t('head.per', period=words.get(m['period'], m['period']))}")
            return " · ".join(parts)
        if m := _VERDICT.match(s):
            return f"{lang.t(f'verdict.{m[2]}')} ({lang.t('verdict.exit', code=m[2])})"
        if m := _SUMMARY.match(s):
            parts = []
            for p in m["parts"].split(" · "):
                c = _COUNT.match(p)
                parts.append(lang.t(f"summary.{_STATUS[c['what']]}", n=c["n"]) if c else p)
            code = int(m["code"])
            return (f"{lang.t('summary')}: " + " · ".join(parts) + f" — {lang.t(f'verdict.{code}')} "
                    f"({lang.t('verdict.exit', code=code)})")
        for lead in ("— ", "* "):  # why KPIs have no value ("— Label, Label: note"), remarks ("* Label: note")
            if s.startswith(lead):
                rest = s[len(lead):]
                head, sep, note = rest.partition(": ")
                labels = head.split(", ")
                if sep and all(x in self.words for x in labels):
                    return f"{lead}{', '.join(self.words[x] for x in labels)}: {lang.note(note)}"
                # A group note: "Label (youtube, x +2): note". Labels and group names may hold
                # parentheses themselves ("Engagement rate (by reach) (text, (none))"): the label is
                # the longest known one the line starts with.
                kpi = max((w for w in self.words if head.startswith(w + " (")), key=len, default=None)
                if sep and lead == "— " and kpi is not None and head.endswith(")"):
                    names, more = re.match(r"^(.*?)( \+\d+)?\)$", head[len(kpi) + 2:]).groups()
                    names = ", ".join(self._groups.get(n, n) for n in names.split(", "))
                    return f"{lead}{self.words[kpi]} ({names}{more or ''}): {lang.note(note)}"
                if m := _MORE_GROUPS.match(rest):
                    return lead + lang.t("notes.more_groups", n=m[1])
                return lead + (lang.note(rest) or rest)
        if m := _HIDDEN.match(s):
            return lang.t("hidden", cols=", ".join(self.words.get(c, c) for c in m["cols"].split(", ")))
        if s.startswith("Inputs in "):
            return lang.t("inputs.in", base=s[len("Inputs in "):])
        if m := re.match(r"^([\d,]+) file\(s\)$", s):
            return lang.t("inputs.files", n=m[1])
        return s

    def text(self, s: str) -> str:
        return "\n".join(self.line(x) for x in s.split("\n"))

    def renderable(self, r: object) -> object:
        from rich.text import Text

        if isinstance(r, (str, Text)) and self.lang.code == "th":  # lines break between Thai words
            from .thaiwrap import thai_text

            return thai_text(self._translated(r))
        return self._translated(r)

    def _translated(self, r: object) -> object:
        from rich.table import Table
        from rich.text import Text

        from ..render import Names, Shown

        if isinstance(r, Names):  # group names: by their dimension, never by the words they happen to be
            shown = Names(self.lang.group(r.by), r.prefix)
            return Text(shown.plain, style=r.style, justify=r.justify, no_wrap=r.no_wrap, overflow=r.overflow)
        if isinstance(r, Shown):
            return Text(self.lang.value(r.value, r.unit, r.currency, r.near) + r.suffix, style=r.style,
                        justify=r.justify, no_wrap=r.no_wrap, overflow=r.overflow)
        if isinstance(r, str):
            return self.text(r)
        if isinstance(r, Text):
            new = self.text(r.plain)
            if new == r.plain:
                return r
            out = Text(new, style=r.style, justify=r.justify, no_wrap=r.no_wrap, overflow=r.overflow)
            for span in r.spans:  # a styled tail (the summary's coloured verdict) keeps its style
                if span.end == len(r.plain):
                    tail = self.line(r.plain[span.start:])
                    if new.endswith(tail):
                        out.stylize(span.style, len(new) - len(tail), len(new))
            return out
        if isinstance(r, Table):
            r.title = self.renderable(r.title) if r.title is not None else None
            r.caption = self.renderable(r.caption) if r.caption is not None else None
            for col in r.columns:
                col.header = self.renderable(col.header)
                col.footer = self.renderable(col.footer)
                col._cells = [self.renderable(c) for c in col._cells]  # Rich keeps a column's cells here
            return r
        return r


def catalogue_en(key: str) -> str:
    return Lang("en").t(key)


class _Console:
    """A console that translates what it prints; everything else is the wrapped console's."""

    def __init__(self, console, translator: Translator) -> None:
        self._console, self._tr = console, translator

    def print(self, *objects, **kw) -> None:
        self._console.print(*(self._tr.renderable(o) for o in objects), **kw)

    def __getattr__(self, name: str):
        return getattr(self._console, name)


def show(ctx: Context, console) -> None:
    """Print the table on ``console`` (the terminal, with its width and colours), in ``ctx.lang``."""
    from ..render import render_report

    lang = ctx.lang
    if lang.code != "en" or lang.calendar != "gregorian":
        console = _Console(console, Translator(lang, ctx.doc))
    render_report(ctx.report, console, ctx.exit_code)


def render(ctx: Context) -> bytes:
    from rich.console import Console

    buf = io.StringIO()
    show(ctx, Console(file=buf, color_system=None, width=FILE_WIDTH, soft_wrap=False))
    return buf.getvalue().encode("utf-8")
