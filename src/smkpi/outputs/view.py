"""What every renderer shows, computed once: KPI rows in a language, ready to lay out.

Renderers read the JSON document of the report (the documented contract, :mod:`smkpi.jsonout`)
so that every format shows the same values: none recomputes a KPI. Optional keys that a report
may carry (``groups``, ``series``, ``previous``, ``change`` per KPI) are drawn when present.
Numbers become text through :class:`smkpi.i18n.Lang` (that is, :mod:`smkpi.fmt`) only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..i18n import Lang

if TYPE_CHECKING:
    from ..report import Report

MISSED = ("fail", "warn", "no_data")


@dataclass
class Context:
    """One computed report, as every renderer receives it."""

    report: "Report | None"
    doc: dict  # the JSON document (jsonout.report_document)
    exit_code: int
    lang: Lang = field(default_factory=Lang)
    fail_on: str = "error"  # --fail-on: whether warn-level misses fail the run (and JUnit, and ::error)

    @property
    def currency(self) -> str:
        return self.doc.get("settings", {}).get("currency") or "THB"


@dataclass
class Point:
    period: str
    start: str | None
    end: str | None
    value: Any
    text: str
    currency: str = "THB"  # of the value (money KPIs: a period may be in its own currency)


@dataclass
class Group:
    by: dict
    label: str  # "platform=tiktok"
    value: Any
    text: str
    target: dict | None
    status: str | None
    status_text: str
    series: list[Point]
    change_text: str | None = None
    currency: str = "THB"  # of the value (money KPIs over inputs in several currencies: the group's own)
    note: str | None = None  # why the group has no value, or a remark on it (in the language)


@dataclass
class Row:
    id: str
    family: str
    label: str
    unit: str
    direction: str
    value: Any
    text: str
    target: dict | None
    target_text: str  # "> 80%", or "> 80% (warn)"
    status: str
    status_text: str
    note: str | None
    groups: list[Group]
    series: list[Point]
    change_text: str | None
    currency: str = "THB"  # of the value: the KPI's own currency, else the report's
    previous_note: str | None = None  # why there is no change (the comparison has no value), in the language
    segment_note: str | None = None  # why it has no groups or series (its file lacks the key), in the language

    @property
    def severity(self) -> str | None:
        return self.target.get("severity") if self.target else None

    @property
    def judged(self) -> bool:
        return self.target is not None

    @property
    def numeric(self) -> bool:
        return _number(self.value)

    @property
    def chart_currency(self) -> str | None:
        """The one currency of every number a chart of this row draws (its groups, its series and
        theirs), or None when they are in several: amounts in different currencies are never drawn
        on one axis, as they are never added."""
        points = [*self.series, *(p for g in self.groups for p in g.series)]
        found = {x.currency for x in [*self.groups, *points] if _number(x.value)} or {self.currency}
        return next(iter(found)) if len(found) == 1 else None


GROUP_NOTES = 12  # lines of group notes under a family; the JSON has every one (kpis[].groups[].note)
GROUP_NAMES = 6  # groups named in one line before "+N"


def group_notes(items: list[tuple[str, str, str]], lang: Lang) -> list[str]:
    """The lines of group notes under a family: items are (KPI label, group, note) → one line per
    KPI and note, ``"Reach (youtube, x +3): not a share: ..."``, at most GROUP_NOTES, then a line
    saying how many more the JSON has."""
    by_kpi: dict[tuple[str, str], list[str]] = {}
    for label, group, note in items:
        by_kpi.setdefault((label, note), []).append(group)
    lines = [f"{label} ({', '.join(gs[:GROUP_NAMES])}{f' +{len(gs) - GROUP_NAMES}' if len(gs) > GROUP_NAMES else ''}): "
             f"{note}" for (label, note), gs in by_kpi.items()]
    more = [lang.t("notes.more_groups", n=len(lines) - GROUP_NOTES)] if len(lines) > GROUP_NOTES else []
    return lines[:GROUP_NOTES] + more


def family_notes(rows: list[Row], lang: Lang) -> list[str]:
    """The notes under a family's table, each naming its KPIs: why they have no value ("CPA, ROAS:
    needs conversions: ..."), remarks on values shown (labels inferred, a rate above 100 %), why
    they have no change (their comparison has no value), then the notes of groups that say
    something their KPI's does not ("Reach (platform=youtube): ...")."""
    none = [(r.label, r.note) for r in rows if r.note and r.value is None]
    whole = len(none) == len(rows) and len({n for _, n in none}) == 1  # one reason for the whole family: said once
    shown = [(r.label, r.note) for r in rows if r.note and r.value is not None]  # remarks on values shown
    changes = [(r.label, lang.t("notes.no_change", note=r.previous_note)) for r in rows
               if r.previous_note and r.change_text is None and r.value is not None]
    groups = [(r.label, g.label, g.note) for r in rows for g in r.groups if g.note and g.note != r.note]
    unsplit = [(r.label, r.segment_note) for r in rows if r.segment_note]  # --by/--period it could not follow
    return (([none[0][1]] if whole else labelled(none)) + labelled(shown) + labelled(changes)
            + labelled(unsplit) + group_notes(groups, lang))


def labelled(items: list[tuple[str, str]]) -> list[str]:
    """``"Label, Label: note"``, one line per note: items are (KPI label, note)."""
    by_note: dict[str, list[str]] = {}
    for label, note in items:
        by_note.setdefault(note, []).append(label)
    return [f"{', '.join(labels)}: {note}" for note, labels in by_note.items()]


def _target_value(target: object) -> object:
    return target.get("value") if isinstance(target, dict) else None


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _points(raw: list | None, lang: Lang, unit: str, currency: str) -> list[Point]:
    out = []
    for p in raw or []:
        if isinstance(p, dict):
            v, cur = p.get("value"), p.get("currency") or currency
            out.append(Point(lang.period_label(str(p.get("period") or p.get("start") or "")), p.get("start"), p.get("end"), v,
                             lang.value(v, unit, cur), cur))
    return out


def by_label(by: object, lang: Lang | None = None) -> str:
    """``platform=tiktok, content_type=video``; with ``lang``, the names as that language shows them."""
    if isinstance(by, dict):
        return ", ".join(f"{lang.dimension(k) if lang else k}={v}" for k, v in (lang.group(by) if lang else by).items())
    return str(by)


def target_text(target: dict | None, lang: Lang) -> str:
    if not target:
        return ""
    text = str(target.get("text", ""))
    if target.get("on", "value") != "value" and text.startswith("change "):  # "change >= +10%", in the language
        text = lang.t("target.change", target=text[len("change "):])
    return lang.t("target.warn", target=text) if target.get("severity") == "warn" else text


def change_text(change: dict | None, unit: str, lang: Lang, currency: str) -> str | None:
    """``+12 (+8.5%)``: the absolute change in the KPI's unit, the relative one as a percentage."""
    if not isinstance(change, dict):
        return None
    a, r = change.get("absolute"), change.get("relative")
    parts = []
    if isinstance(a, (int, float)):
        t = lang.value(abs(a), unit, currency)
        if unit == "ratio" and t.endswith("%"):  # a change of a percentage is in points
            t = t[:-1] + " pp"
        parts.append(("+" if a > 0 else "−" if a < 0 else "±") + t)
    if isinstance(r, (int, float)):
        t = lang.value(abs(r), "ratio", currency)
        parts.append("(" + ("+" if r > 0 else "−" if r < 0 else "±") + t + ")")
    return " ".join(parts) or None


def rows(ctx: Context) -> list[Row]:
    lang, cur = ctx.lang, ctx.currency
    out = []
    for k in ctx.doc.get("kpis", []):
        unit = k.get("unit", "number")
        currency = k.get("currency") or cur
        groups = []
        for g in k.get("groups") or []:
            gs = g.get("status")
            gc = g.get("currency") or currency  # a group over rows in one currency is shown in it
            groups.append(Group(g.get("by") or {}, by_label(g.get("by"), lang), g.get("value"),
                                lang.value(g.get("value"), unit, gc, _target_value(g.get("target"))), g.get("target"), gs,
                                lang.status(gs) if gs else "", _points(g.get("series"), lang, unit, gc),
                                change_text(g.get("change"), unit, lang, gc), gc, lang.note(g.get("note"))))
        out.append(Row(
            id=k["id"], family=k["family"], label=lang.kpi(k["id"], k.get("label", k["id"])), unit=unit,
            direction=k.get("direction", "none"), value=k.get("value"), text=lang.value(k.get("value"), unit, currency, _target_value(k.get("target"))),
            target=k.get("target"), target_text=target_text(k.get("target"), lang), status=k["status"],
            status_text=lang.status(k["status"]), note=lang.note(k.get("note")), groups=groups,
            segment_note=lang.note(k.get("segment_note")),
            series=_points(k.get("series"), lang, unit, currency),
            change_text=change_text(k.get("change"), unit, lang, currency),
            currency=currency,
            previous_note=lang.note(prev.get("note")) if isinstance(prev := k.get("previous"), dict) else None,
        ))
    return out


def by_family(ctx: Context) -> list[tuple[str, str, list[Row]]]:
    """[(family id, family name in the language, its rows)] in catalogue order."""
    rs = rows(ctx)
    order = ctx.doc.get("settings", {}).get("families") or []  # catalogue order, as the report lists them
    fams = [f for f in order if any(r.family == f for r in rs)]
    fams += [f for f in dict.fromkeys(r.family for r in rs) if f not in fams]
    return [(f, ctx.lang.family(f), [r for r in rs if r.family == f]) for f in fams]


def report_span(doc: dict) -> dict | None:
    """The dates a report judges, for its title: the window (``--since/--until/--last``, or the
    month ``--compare`` chose) when there is one, else the dates the data covers."""
    window = (doc.get("segments") or {}).get("window")
    if isinstance(window, dict) and window.get("start"):
        return window
    return doc.get("period")


def header_parts(ctx: Context) -> list[tuple[str, str]]:
    """[(label, value)]: targets file, timezone, currency, the dates the data covers, when generated."""
    lang, doc = ctx.lang, ctx.doc
    st = doc.get("settings", {})
    parts = [(lang.t("head.targets"), st.get("targets_file") or lang.t("head.builtin")),
             (lang.t("head.timezone"), st.get("timezone", "")), (lang.t("head.currency"), st.get("currency", ""))]
    period = doc.get("period")
    if period:
        parts.append((lang.t("head.data"), lang.period(period.get("start"), period.get("end"))))
    seg = doc.get("segments") or {}  # a segmented report (--since/--last, --compare) says which dates it judged
    for key, span in (("head.window", seg.get("window")), ("head.compare", seg.get("compare"))):
        if isinstance(span, dict) and span.get("start"):
            parts.append((lang.t(key), lang.period(span.get("start"), span.get("end"))))
    return parts


def level_target(target: dict | None) -> float | None:
    """The value a target sets for the KPI itself, or None: a change target ("change >= +10%")
    judges the change against the comparison window, which no chart of the values can draw."""
    if not target or target.get("on", "value") != "value":
        return None
    value = target.get("value")
    return float(value) if _number(value) else None


def report_notes(ctx: Context) -> list[str]:
    """The segmented report's own notes (which window was chosen, rows no window or period holds),
    in the report's language where it knows them: the terminal gives them on stderr."""
    seg = ctx.doc.get("segments") or {}
    return [ctx.lang.note(n) or n for n in seg.get("notes") or []]


def summary_parts(ctx: Context) -> list[tuple[str, str]]:
    """[(status, "12 pass")] in the order the table prints them."""
    s = ctx.doc.get("summary", {})
    return [(k, ctx.lang.t(f"summary.{k}", n=f"{s.get(k, 0):,}")) for k in ("pass", "fail", "warn", "no_data", "no_target")]


def verdict(ctx: Context) -> str:
    lang = ctx.lang
    text = lang.t(f"verdict.{ctx.exit_code}") if ctx.exit_code in (0, 1) else ""
    return f"{text} ({lang.t('verdict.exit', code=ctx.exit_code)})".strip()


def shortfall(r: Row) -> float:
    """How far a missed KPI is from its target, relative to the target (no value: infinitely far)."""
    if not r.target or not r.numeric:
        return math.inf
    t = float(r.target.get("value", 0))
    gap = abs(float(r.value) - t)
    return gap / abs(t) if t else gap


def judged_groups(r: Row, lang: Lang) -> list[Row]:
    """The KPI's judged groups as rows of their own (id ``kpi[platform=tiktok]``)."""
    # The id is the JSON's (English) group: JUnit test names and annotations must not change with --lang.
    return [replace(r, id=f"{r.id}[{by_label(g.by)}]", label=f"{r.label} [{g.label}]", value=g.value, text=g.text,
                    target=g.target, target_text=target_text(g.target, lang), status=g.status,
                    status_text=g.status_text, groups=[], series=g.series, change_text=g.change_text)
            for g in r.groups if g.target and g.status]


def misses(rs: list[Row], fail_on: str = "error", lang: Lang | None = None) -> tuple[list[Row], list[Row]]:
    """(errors, warnings): missed targets (of KPIs and of their groups), the worst first. Errors are
    what fails the run at ``fail_on``."""
    rs = [x for r in rs for x in (r, *judged_groups(r, lang or Lang()))]
    missed = [r for r in rs if r.status in MISSED and r.target]
    errors = [r for r in missed if r.severity == "error" or fail_on == "warn"]
    warnings = [r for r in missed if r not in errors]
    key = lambda r: (-shortfall(r), r.id)  # noqa: E731
    return sorted(errors, key=key), sorted(warnings, key=key)


def miss_message(r: Row, lang: Lang) -> str:
    if r.status == "no_data":
        return lang.t("miss.no_data", label=r.label, target=r.target_text)
    return lang.t("miss", label=r.label, value=r.text, target=r.target_text)


def inputs(ctx: Context) -> list[dict]:
    return list(ctx.doc.get("inputs", []))


def skipped(ctx: Context) -> list[dict]:
    """The files not read ({path, reason}), each reason in the report's language where it is known."""
    return [{**s, "reason": ctx.lang.note(s.get("reason")) or s.get("reason")} for s in ctx.doc.get("skipped", [])]


def input_errors(ctx: Context) -> list[tuple[str, str]]:
    """(file, reason) for every input that could not be read, and the --strict-input failure: the
    reasons the run exits 2 although a report was made. Every format shows them."""
    out = [(str(e["path"]), str(e["reason"])) for e in ctx.doc.get("errors", [])]
    strict = getattr(ctx.report, "strict_error", None)
    if strict:
        out.append(("--strict-input", strict))
    return out
