"""Formatting for people: values with units, durations, and text from data made safe to print.

Text that comes from export files (titles, platform names, content types, file names) is untrusted:
:func:`safe` makes control characters, ANSI escapes and bidirectional overrides visible as
``\\x1b``-style escapes, and callers put the result in ``rich.text.Text`` so Rich markup in data is
shown literally, never interpreted.
"""

from __future__ import annotations

import math
import re

from .units import Unit  # not .registry: fmt must not import Polars (smkpi --help)

# C0/C1 controls (ESC starts ANSI/OSC sequences), DEL, bidi marks/embeddings/overrides/isolates
# (U+061C, U+200E-F, U+202A-E, U+2066-9), zero-width and invisible characters that can hide text,
# interlinear annotations, Unicode tag characters, and lone surrogates (from non-UTF-8 file names).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f"
    # Invisible letters and marks that show as nothing (vid\u00adeo reads "video"): soft hyphen,
    # combining grapheme joiner, Hangul fillers, Khmer inherent vowels, musical-symbol format marks.
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\U0001d173-\U0001d17a]"
)
CURRENCY_SYMBOLS = {"THB": "฿", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "PHP": "₱", "INR": "₹"}


def _escape(ch: str) -> str:
    o = ord(ch)
    if o <= 0xFF:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


def safe(text: object) -> str:
    """``text`` with anything that could steer the terminal shown as an escape.

    Newlines become ``\\n`` and tabs a space, so one value stays on one line. Rich markup is not
    touched here: render it through ``rich.text.Text`` (never as a markup string) to show it literally.
    """
    s = str(text)
    s = s.replace("\n", "\\n").replace("\t", " ")
    return _UNSAFE.sub(lambda m: _escape(m.group()), s)


def duration(seconds: float) -> str:
    """Humanised duration: 45s, 12m 05s, 1h 05m, 2d 3h."""
    s = round(seconds)
    if s < 60:
        return f"{seconds:.0f}s" if seconds >= 1 or seconds == 0 else f"{seconds:.1f}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    if s < 86400:
        return f"{s // 3600}h {s % 3600 // 60:02d}m"
    return f"{s // 86400}d {s % 86400 // 3600}h"


def money(v: float, currency: str) -> str:
    sym = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{sym}{v:,.2f}" if sym else f"{v:,.2f} {safe(currency)}"


# Decimal places a ratio (in %), a multiple and a plain number may grow to so that a value is never
# shown as its target's text when it is not the target (4.97% missing ">= 5%" is not "5.0%").
_MORE_PLACES = {Unit.RATIO: 4, Unit.MULTIPLE: 4, Unit.NUMBER: 6}


def value(v: object, unit: Unit, currency: str = "THB", near: object = None) -> str:
    """A KPI value as shown on screen; "—" for no value. ``near``: a number (its target) the value
    must not read as unless it is that number: more decimals are shown until they differ."""
    text = _value(v, unit, currency)
    unit = unit if isinstance(unit, Unit) else Unit._value2member_map_.get(unit, unit)  # renderers pass "ratio"
    if (unit in _MORE_PLACES and isinstance(v, (int, float)) and isinstance(near, (int, float))
            and not isinstance(v, bool) and v != near and text == _value(near, unit, currency)):
        scale = 100 if unit == Unit.RATIO else 1
        for places in range(2 if unit != Unit.NUMBER else 3, _MORE_PLACES[unit] + 1):
            a, b = f"{v * scale:,.{places}f}", f"{near * scale:,.{places}f}"
            if a != b:
                return a + ("%" if unit == Unit.RATIO else "×" if unit == Unit.MULTIPLE else "")
    return text


def _value(v: object, unit: Unit, currency: str = "THB") -> str:
    if v is None:
        return "—"
    if unit == Unit.BREAKDOWN and isinstance(v, dict):
        items = sorted(v.items(), key=lambda kv: (-(kv[1] or 0), kv[0]))
        return " · ".join(f"{safe(k)} {n:,}" for k, n in items) or "—"
    if unit == Unit.CATEGORY:
        return safe(v)
    if not isinstance(v, (int, float)):
        return safe(v)
    if unit == Unit.COUNT:  # a sum of attributed conversions can be fractional: show it as it is
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
    if unit == Unit.RATIO:
        pct = v * 100
        # Below 1% one decimal would show a real 0.031% as "0.0%": keep two significant digits.
        places = min(4, 1 - math.floor(math.log10(abs(pct)))) if 0 < abs(pct) < 1 else 1
        return f"{pct:.{places}f}%"
    if unit == Unit.MULTIPLE:
        return f"{v:,.2f}×"
    if unit == Unit.CURRENCY:
        return money(v, currency)
    if unit == Unit.SECONDS:
        return duration(v)
    return f"{v:,.2f}"
