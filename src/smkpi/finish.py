"""The last step of every computed value: what a number may claim, and in which currency.

Applied to each :class:`~smkpi.compute.Value` after computing (and reusable per group: each rule
is a pure function of one value):

* **shares never above 1** (:func:`bound`) — a KPI with ``limit="share"`` (view-through rate,
  CTR, bounce rate, like rate, conversion rates) whose numerator sum exceeds its denominator sum
  gives no value, with a note naming both sums (YouTube counts Shorts views that no impression
  led to: views / impressions = 4.06 is not a rate). A ``limit="rate"`` KPI (engagement per
  person reached) keeps a value above 1 with a note naming both sums.
* **one currency** (:func:`money`) — a KPI reading ``spend`` or ``revenue`` over rows of
  different currencies gives no value, with a note naming them (never added together); over
  rows of one foreign currency the value is in that currency (shown with its symbol), and
  has no value when it has a target in the configured currency. ``fx:`` rates in targets.yaml
  convert inputs at load (see :mod:`smkpi.currency`), so converted inputs count as the
  configured currency. Where the inputs mix currencies, each value, group, period and comparison
  window is judged by its own rows' currencies (``Value.currencies``); a comparison window in
  another currency than the value has no value (so no change), with a note.
"""

from __future__ import annotations

import dataclasses

from .compute import SOURCE_KINDS, Value
from .config import Settings
from .currency import MONEY_COLUMNS, effective_currencies
from .registry import KPI, Unit


def _num(x: float) -> str:
    if isinstance(x, float) and abs(x) >= 2**53:
        # Past a float's exact integers the last digits depend on the order the rows were summed
        # in, which parallel reading does not fix: to 12 significant digits ("≈") the note reads
        # the same unless two orders round on either side of the 12th digit.
        return f"≈{float(f'{x:.12g}'):,.0f}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def bound(kpi: KPI, value: object, num: float | None, den: float | None) -> tuple[object, str | None]:
    """(value, note) for a ratio KPI with a ``limit``, given its numerator and denominator sums."""
    if kpi.limit is None or not isinstance(value, (int, float)) or value <= 1 or num is None or den is None:
        return value, None
    n, d = _num(num), _num(den)
    if kpi.limit == "share":
        return None, (f"not a share: the numerator ({n}) exceeds the denominator ({d}); "
                      f"check that both columns count the same things")
    return value, f"above 100 %: the numerator ({n}) exceeds the denominator ({d}); check the denominator column"


def money(kpi: KPI, value: object, currencies: set[str], settings: Settings,
          targeted: bool | None = None) -> tuple[object, str | None, str | None]:
    """(value, note, currency) for a KPI over inputs in ``currencies`` (effective, after fx).

    ``targeted``: whether the value is judged against a target in ``settings.currency`` (default:
    the KPI has a global target; a group may have its own under ``segments:``)."""
    if not (MONEY_COLUMNS & set(kpi.inputs)) or not currencies or value is None:
        return value, None, None
    if len(currencies) > 1:
        return None, (f"inputs are in {', '.join(sorted(currencies))}: amounts in different currencies are never "
                      f"added; give rates under fx: in targets.yaml (into currency: {settings.currency})"), None
    [cur] = currencies
    if cur == settings.currency:
        return value, None, None
    if kpi.unit != Unit.CURRENCY:  # a ratio of two amounts in one currency (ROAS) has no currency
        return value, None, None
    if (kpi.id in settings.targets) if targeted is None else targeted:
        return None, (f"in {cur} while the target is in {settings.currency}: set fx: {{{cur}: rate}} in targets.yaml "
                      f"({settings.currency} per {cur}) or currency: {cur}"), None
    return value, None, cur  # shown with its own symbol (JSON: kpis[].currency)


def finish_values(values: list[Value], loaded, settings: Settings, *, previous_from_file: bool = False) -> list[Value]:
    """Every value through the rules above (``loaded``: a :class:`smkpi.load.Loaded`), and with it
    every group, series point and comparison value of a segmented report.

    :func:`bound` runs where the value is computed (:func:`smkpi.runs.finish_value`: the
    numerator and denominator come from the same query, per segment); :func:`money` here.
    ``previous_from_file``: the comparison values were read from an earlier report, already
    finished there (:func:`smkpi.compare_file.check_currency` compares their currency).
    """
    out = []
    for v in values:
        k = v.kpi
        kinds = SOURCE_KINDS[k.source][0].split("|")
        used = MONEY_COLUMNS & set(k.inputs)
        files = [f for f in loaded.inputs if ("posts" if f.kind == "influencer" else f.kind) in kinds
                 and used & set(f.mapping.values())]
        out.append(_money_all(v, effective_currencies(files, settings), settings, file_previous=previous_from_file))
    return out


WINDOW_CURRENCY = "the comparison window is in {was}, this value in {now}: amounts in different currencies are never compared"


def _money_all(v: Value, currencies: set[str], settings: Settings, targeted: bool | None = None, *,
               file_previous: bool = False) -> Value:
    """:func:`money` on ``v`` and its groups, series and previous. ``currencies`` are the input
    files' (after fx); a value computed over inputs in several currencies carries its own rows'
    (``v.currencies``), which decide for it instead."""
    from .evaluate import group_target  # a group is judged against its own target, if segments: sets one

    value, extra, c = money(v.kpi, v.value, v.currencies if v.currencies is not None else currencies, settings,
                            targeted)
    cur = c or v.currency
    kw = {}
    if v.groups is not None:
        kw["groups"] = tuple(_money_all(g, currencies, settings,
                                        group_target(g, settings.targets, settings.segments) is not None,
                                        file_previous=file_previous)
                             for g in v.groups)
    if v.series is not None:
        kw["series"] = tuple(_money_all(x, currencies, settings, targeted) for x in v.series)
    if v.previous is not None and not file_previous:
        prev = _money_all(v.previous, currencies, settings, targeted)
        was, now = prev.currency or settings.currency, cur or settings.currency
        if v.kpi.unit == Unit.CURRENCY and value is not None and prev.value is not None and was != now:
            prev = dataclasses.replace(prev, value=None, note=WINDOW_CURRENCY.format(was=was, now=now))
        kw["previous"] = prev
    return dataclasses.replace(v, value=value, note=extra or v.note, currency=cur, **kw)
