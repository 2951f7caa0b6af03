"""``segments:`` of a targets file: targets inside groups (dimension -> group -> KPI id -> target).

Checked as strictly as ``targets:``: an unknown dimension gets the nearest name, weekdays are
``mon``..``sun``, hours 0-23, and each group's targets go through :func:`smkpi.config.resolve_targets`.
"""

from __future__ import annotations

import difflib
from typing import Any

from .config import resolve_targets
from .errors import ConfigError
from .thresholds import Target
from .vocabulary import LABELS


def resolve_segments(raw: dict[Any, Any], name: str, lines: dict[tuple, int],
                     extra_dims: tuple[str, ...] = (), currency: str | None = None) -> dict[str, dict[object, dict[str, Target]]]:
    """``segments:`` of a targets file: dimension -> group -> targets; names checked strictly."""
    from .segment import DIMENSIONS, WEEKDAY_NAMES

    dims = DIMENSIONS + tuple(extra_dims)
    out: dict[str, dict[object, dict[str, Target]]] = {}

    def where(*path: object) -> str:
        p = ("segments", *map(str, path))
        line = next((lines[p[:i]] for i in range(len(p), 0, -1) if p[:i] in lines), None)
        return f"{name}:{line}: {'.'.join(p)}" if line else f"{name}: {'.'.join(p)}"

    for dim, groups in raw.items():
        if dim not in dims:
            close = difflib.get_close_matches(str(dim), dims, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(dims)}"
            raise ConfigError(f"{where(dim)}: unknown dimension; {hint}")
        if not isinstance(groups, dict) or not groups:
            raise ConfigError(f"{where(dim)}: must map group names to targets, e.g. tiktok: {{engagement.rate: \">= 5%\"}}")
        out[dim] = {}
        named: dict[object, object] = {}  # label -> the group name it was read from
        for group, targets in groups.items():
            label: object = group
            if dim == "weekday":
                label = str(group).strip().lower()[:3]
                if label not in WEEKDAY_NAMES:
                    close = difflib.get_close_matches(str(group).lower(), WEEKDAY_NAMES, n=1, cutoff=0.3)
                    hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(WEEKDAY_NAMES)}"
                    raise ConfigError(f"{where(dim, group)}: unknown weekday; {hint}")
            elif dim == "hour":
                if isinstance(group, bool) or not isinstance(group, int) or not 0 <= group <= 23:
                    raise ConfigError(f"{where(dim, group)}: an hour group is a whole number 0 to 23 (local time)")
            elif group is None or isinstance(group, (bool, dict, list)) or not str(group).strip():
                raise ConfigError(f"{where(dim, group)}: a group name is text as it appears in the data")
            else:
                label = LABELS[dim](str(group)) if dim in LABELS else str(group)  # "Reels" is the rows' "reel"
                if dim in LABELS and label in named:  # the later of two names is the one to remove
                    raise ConfigError(f"{where(dim, group)}: '{group}' and '{named[label]}' are one {dim} ({label}); "
                                      f"keep one of them")
                named[label] = group
            out[dim][label] = resolve_targets(targets if targets is not None else {}, name, lines,
                                              ("segments", str(dim), str(group)), currency)
    return out
