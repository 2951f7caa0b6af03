"""Judge KPI values against targets, and map the outcome to an exit code.

Statuses: ``pass``, ``fail`` (missed, severity error), ``warn`` (missed, severity warn),
``no_target``, ``no_data`` (a target exists but the value is null). A missing value is never a
pass: ``no_data`` counts as a miss at its target's severity.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    @property
    def missed(self) -> bool:
        return self.status in (Status.FAIL, Status.WARN, Status.NO_DATA)


def judge(value: Value, target: Target | None) -> Status:
    if target is None:
        return Status.NO_TARGET
    v = value.value
    if v is None or not isinstance(v, (int, float)):
        return Status.NO_DATA
    if target.met(float(v)):
        return Status.PASS
    return Status.WARN if target.severity == "warn" else Status.FAIL


def evaluate(values: list[Value], targets: dict[str, Target]) -> list[Result]:
    return [Result(v, targets.get(v.kpi.id), judge(v, targets.get(v.kpi.id))) for v in values]


def summarize(results: list[Result]) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for r in results:
        counts[r.status.value] += 1
    return counts


# Exit codes: the CLI's contract with CI.
EXIT_OK, EXIT_MISSED, EXIT_ERROR = 0, 1, 2


def exit_code(results: list[Result], fail_on: str = "error") -> int:
    """0 when no target was missed; 1 when one was.

    A miss is a ``fail``, or a ``no_data`` on an error-severity target. With ``fail_on="warn"``,
    ``warn`` and warn-severity ``no_data`` count too. (2, "could not judge", is raised by errors.)
    """
    for r in results:
        if r.status == Status.FAIL:
            return EXIT_MISSED
        if r.status == Status.NO_DATA and (r.target.severity == "error" or fail_on == "warn"):
            return EXIT_MISSED
        if r.status == Status.WARN and fail_on == "warn":
            return EXIT_MISSED
    return EXIT_OK
