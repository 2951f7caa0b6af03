"""Judge KPI values against targets, and map the outcome to an exit code.

Statuses: ``pass``, ``fail`` (missed, severity error), ``warn`` (missed, severity warn),
``no_target``, ``no_data`` (a target exists but the value is null). A missing value is never a
pass: ``no_data`` counts as a miss at its target's severity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from .compute import Value
from .thresholds import Target


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Result:
    value: Value
    target: Target | None
    status: Status
    groups: tuple[Result, ...] | None = None  # with --by: each group judged (its own target, else the KPI's)

    @property
    def missed(self) -> bool:
        return self.status in (Status.FAIL, Status.WARN, Status.NO_DATA)

    def judged(self) -> list[Result]:
        """This result and its groups': every judged (KPI, group)."""
        return [self, *(self.groups or ())]


def judged_number(value: Value, target: Target) -> object:
    """What ``target`` is checked against: the value, or its change vs the comparison window."""
    if target.on == "value":
        return value.value
    ch = value.change
    if ch is None:
        return None
    return ch.relative if target.on == "relative_change" else ch.absolute


def judge(value: Value, target: Target | None) -> Status:
    if target is None:
        return Status.NO_TARGET
    v = judged_number(value, target)
    if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
        return Status.NO_DATA  # a change target without --compare too: never a pass
    if target.met(float(v)):
        return Status.PASS
    return Status.WARN if target.severity == "warn" else Status.FAIL


def group_target(group: Value, targets: dict[str, Target],
                 segments: dict[str, dict[object, dict[str, Target]]]) -> Target | None:
    """A group's own target (``segments:``, first dimension that sets one), else the KPI's."""
    for dim, name in (group.by or {}).items():
        t = segments.get(dim, {}).get(name, {}).get(group.kpi.id)
        if t is not None:
            return t
    return targets.get(group.kpi.id)


CHANGE_NOTE = "a change target needs a comparison: add --compare previous, year or an earlier report's JSON"


def _noted(value: Value, target: Target | None) -> Value:
    """``value`` with a note when a change target cannot be judged for want of --compare."""
    if target is not None and target.on != "value" and value.previous is None and value.note is None:
        return replace(value, note=CHANGE_NOTE)
    return value


def evaluate(values: list[Value], targets: dict[str, Target],
             segments: dict[str, dict[object, dict[str, Target]]] | None = None) -> list[Result]:
    out = []
    for v in values:
        t = targets.get(v.kpi.id)
        groups = None
        if v.groups is not None:
            groups = tuple(Result(_noted(g, gt), gt, judge(g, gt)) for g in v.groups
                           for gt in (group_target(g, targets, segments or {}),))
        out.append(Result(_noted(v, t), t, judge(v, t), groups))
    return out


def summarize(results: list[Result]) -> dict[str, int]:
    """Statuses counted over every judged (KPI, group): each KPI's own, plus each of its groups'."""
    counts = {s.value: 0 for s in Status}
    for r in results:
        for x in r.judged():
            counts[x.status.value] += 1
    return counts


# Exit codes: the CLI's contract with CI.
EXIT_OK, EXIT_MISSED, EXIT_ERROR = 0, 1, 2


def exit_code(results: list[Result], fail_on: str = "error") -> int:
    """0 when no target was missed; 1 when one was.

    A miss is a ``fail``, or a ``no_data`` on an error-severity target. With ``fail_on="warn"``,
    ``warn`` and warn-severity ``no_data`` count too. (2, "could not judge", is raised by errors.)
    """
    for r in (x for res in results for x in res.judged()):
        if r.status == Status.FAIL:
            return EXIT_MISSED
        if r.status == Status.NO_DATA and (r.target.severity == "error" or fail_on == "warn"):
            return EXIT_MISSED
        if r.status == Status.WARN and fail_on == "warn":
            return EXIT_MISSED
    return EXIT_OK
