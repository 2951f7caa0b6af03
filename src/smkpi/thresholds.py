"""The target grammar: ``">= 20"``, ``"> 80%"``, ``"<= 1h30m"``, ``"< 250"``.

* Operators: ``>=  >  <=  <`` only; any other (``=>``, ``=<``, ``==``, ``≥``) is an error suggesting the spelling.
* Ratio KPIs take percentages (``80%``); a bare fraction ≤ 1 is accepted, a bare number > 1 is an
  error that suggests ``%``.
* Duration KPIs need a unit: ``90s``, ``30m``, ``2h``, ``1h30m``, ``1d``.
* Everything else takes a plain number (``1,000`` and ``1_000`` allowed; ``3x`` for multiples).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import ConfigError
from .registry import Unit

OPS = (">=", "<=", ">", "<")
_EXPR = re.compile(r"^\s*(>=|<=|>|<)?(?![=>!<])\s*(.*?)\s*$")
# Operators people write that smkpi does not read: each is an error that suggests the spelling.
_BAD_OP = re.compile(r"^\s*(=>|=<|==|=|!=|<>|≥|≤|>>|<<|>=?=|<=?=|=?>|=?<)\s*(.*?)\s*$")
_SUGGEST = {"=>": ">=", "=<": "<=", "≥": ">=", "≤": "<=", ">>": ">", "<<": "<", ">==": ">=", "<==": "<="}
_DURATION = re.compile(
    r"^(?:(?P<d>\d+(?:\.\d+)?)\s*d)?\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in)?)?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?$",
    re.IGNORECASE,
)
_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
# Values this close count as equal, so 0.1 + 0.2 meets ">= 30%".
_REL_TOL = 1e-9


@dataclass(frozen=True)
class Target:
    op: str
    value: float
    text: str  # as shown to users, e.g. "> 80%"
    severity: str = "error"  # error | warn
    on: str = "value"  # value | relative_change | change (absolute), vs the comparison window

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the target (a value within 1e-9 relative counts as equal)."""
        equal = math.isclose(value, self.value, rel_tol=_REL_TOL, abs_tol=1e-12)
        if self.op == ">=":
            return value > self.value or equal
        if self.op == "<=":
            return value < self.value or equal
        if self.op == ">":
            return value > self.value and not equal
        return value < self.value and not equal

    def as_json(self) -> dict:
        return {"op": self.op, "value": self.value, "text": self.text, "severity": self.severity, "on": self.on}


# What a money target may say its currency with: a symbol, a code before or after the amount.
_SYMBOL = {"฿": "THB", "บาท": "THB", "€": "EUR", "£": "GBP", "us$": "USD", "$": "$", "¥": "¥"}
_SAME_SIGN = {"$": ("USD", "SGD", "AUD", "CAD", "HKD", "NZD", "TWD"), "¥": ("JPY", "CNY")}  # one sign, many currencies
_MARK = re.compile(r"(?i)^\s*(us\$|[฿€£$¥]|บาท|[a-z]{3}(?![a-z]))?\s*[-+\d.,_\s]*?\s*(us\$|[฿€£$¥]|บาท|(?<![a-z])[a-z]{3})?\s*$")


def written_currency(text: str) -> str | None:
    """The currency a target's amount is written in ("฿300", "300 THB", "$5": "$"), or None."""
    m = _MARK.match(text)
    if not m or not (mark := m.group(1) or m.group(2)):
        return None
    return _SYMBOL.get(mark.lower(), mark.upper())


_SIGNS = r"(?i)us\$|[฿€£$¥]|บาท"
_CODE = r"(?i)^\s*[a-z]{3}(?![a-z])|(?<![a-z])[a-z]{3}\s*$"


def _amount(text: str, where: str, currency: str | None) -> str:
    """A money target's amount without its currency mark. A target in another currency than the
    report's is an error, never read as the report's: "<= 600 USD" is not 600 THB."""
    mark = written_currency(text)
    if mark is not None and currency is not None and mark != currency and currency not in _SAME_SIGN.get(mark, ()):
        shown = {"$": "dollars ($)", "¥": "yen or yuan (¥)"}.get(mark, mark)
        raise ConfigError(f"{where}: '{text}' is in {shown}, but amounts are reported in {currency} (currency: in "
                          f"targets.yaml); write the target in {currency}, or set currency: and fx: rates")
    return re.sub(_CODE, "", re.sub(_SIGNS, "", text))


def _number(text: str) -> float | None:
    try:
        v = float(re.sub(r"[\s,_]", "", text))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def parse_value(text: str, unit: Unit, where: str, currency: str | None = None) -> float:
    """The threshold value of ``text`` for a KPI of ``unit``; ConfigError naming ``where`` otherwise.
    With ``currency`` (the report's), an amount written in another currency is an error."""
    if unit == Unit.SECONDS:
        m = _DURATION.match(text)
        if not text or not m or not any(m.groupdict().values()):
            hint = f" — did you mean '{text}m' or '{text}s'?" if _number(text) is not None else ""
            raise ConfigError(f"{where}: '{text}' is not a duration; use a unit: 90s, 30m, 2h, 1h30m, 1d{hint}")
        return sum(float(v) * _SECONDS[k] for k, v in m.groupdict().items() if v)
    if text.endswith("%"):
        if unit != Unit.RATIO:
            raise ConfigError(f"{where}: a percentage only fits a ratio KPI; this one is a {unit.value}, "
                              f"write a plain number")
        v = _number(text[:-1])
        if v is None:
            raise ConfigError(f"{where}: '{text}' is not a percentage like 80%")
        return v / 100
    if unit == Unit.MULTIPLE:
        text = re.sub(r"\s*[x×]$", "", text, flags=re.IGNORECASE)
    if unit == Unit.CURRENCY:
        text = _amount(text, where, currency)
    elif re.search(_SIGNS, text):
        raise ConfigError(f"{where}: '{text}' names a currency, but this KPI is a {unit.value}; write a plain number")
    v = _number(text)
    if v is None:
        raise ConfigError(f"{where}: '{text}' is not a number")
    if unit == Unit.RATIO and abs(v) > 1:
        raise ConfigError(f"{where}: {text} is above 1 on a ratio KPI; write '{text}%' for a percentage")
    return v


def _bad_operator(spec: str, op: str, rest: str, where: str) -> str:
    fix = _SUGGEST.get(op)
    if fix:
        return f"{where}: '{spec.strip()}' has an unknown operator '{op}'; write \"{fix} {rest}\" (operators: >=, >, <=, <)"
    return (f"{where}: '{spec.strip()}' has an unknown operator '{op}'; a target is a bound, not an equality: "
            f"write \">= {rest}\" or \"<= {rest}\" (operators: >=, >, <=, <)")


def parse_target(spec: str, unit: Unit, where: str, severity: str = "error", currency: str | None = None) -> Target:
    """Parse ``">= 20"``-style text into a :class:`Target` for a KPI of ``unit``."""
    if not unit.judgeable:
        raise ConfigError(f"{where}: a {unit.value} KPI cannot have a target; remove this key")
    if not spec.strip():
        raise ConfigError(f"{where}: the target is empty; write one such as \">= 20\"")
    m = _EXPR.match(spec)
    op = m.group(1) if m else None
    if not op:
        bad = _BAD_OP.match(spec)
        if bad:
            raise ConfigError(_bad_operator(spec, bad.group(1), bad.group(2), where))
        raise ConfigError(f"{where}: '{spec}' needs an operator: one of >=, >, <=, < (e.g. \">= {spec.strip()}\")")
    raw = m.group(2)
    if not raw:
        raise ConfigError(f"{where}: '{spec.strip()}' needs a value after the operator, e.g. \"{op} 20\"")
    value = parse_value(raw, unit, where, currency)
    return Target(op=op, value=value, text=f"{op} {raw}", severity=severity)


def parse_change_target(spec: str, unit: Unit, where: str, severity: str = "error",
                        currency: str | None = None) -> Target:
    """Parse a ``{change: ...}`` target: ``">= +5%"`` on the relative change vs the comparison window,
    ``"<= -30s"`` or ``">= +2pp"`` (ratio KPIs: percentage points) on the absolute change."""
    if not unit.judgeable:
        raise ConfigError(f"{where}: a change target needs a numeric KPI; this one is a {unit.value}")
    m = _EXPR.match(spec or "")
    if not (m and m.group(1)) and (spec or "").strip() and not _BAD_OP.match(spec):
        # Said with the text as written: the sign is part of it ("+2pp", not " 2").
        raise ConfigError(f"{where}: '{spec.strip()}' needs an operator: one of >=, >, <=, < "
                          f"(e.g. \">= {spec.strip()}\")")
    raw = m.group(2) if m else ""
    sign = -1.0 if raw[:1] in ("-", "\u2212") else 1.0
    body = raw.lstrip("+-\u2212").strip()
    head = spec[: len(spec) - len(spec.lstrip())] + (m.group(1) or "") if m else spec
    if body.endswith("%"):
        base, on, scale = parse_target(f"{head} {body[:-1]}", Unit.NUMBER, where, severity), "relative_change", 0.01
    elif unit == Unit.RATIO and body.lower().endswith("pp"):
        base, on, scale = parse_target(f"{head} {body[:-2]}", Unit.NUMBER, where, severity), "change", 0.01
    else:
        base, on, scale = parse_target(f"{head} {body}", unit, where, severity, currency), "change", 1.0
    return Target(op=base.op, value=sign * base.value * scale, text=f"change {base.op} {raw}", severity=severity,
                  on=on)
