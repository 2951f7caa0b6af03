"""Values as people see them: units, small percentages, currencies, durations."""

from __future__ import annotations

import pytest

from smkpi.fmt import duration, value
from smkpi.registry import Unit


@pytest.mark.parametrize(("v", "unit", "shown"), [
    (None, Unit.RATIO, "—"),
    (1234567, Unit.COUNT, "1,234,567"),
    (20.0, Unit.NUMBER, "20.00"),
    (0.8, Unit.RATIO, "80.0%"),
    (0.123456, Unit.RATIO, "12.3%"),
    (0.00031, Unit.RATIO, "0.031%"),  # not "0.0%": a real, small rate next to a ">= 0.5%" target
    (0.005, Unit.RATIO, "0.50%"),
    (0.0, Unit.RATIO, "0.0%"),
    (3.2, Unit.MULTIPLE, "3.20×"),
    (1234.5, Unit.CURRENCY, "฿1,234.50"),
    (3725, Unit.SECONDS, "1h 02m"),
    ({"video": 10, "image": 300}, Unit.BREAKDOWN, "image 300 · video 10"),
    ("reel", Unit.CATEGORY, "reel"),
])
def test_value(v, unit, shown):
    assert value(v, unit, "THB") == shown


def test_unknown_currency_is_a_suffix():
    assert value(10, Unit.CURRENCY, "MYR") == "10.00 MYR"


@pytest.mark.parametrize(("s", "shown"), [(0, "0s"), (0.4, "0.4s"), (45, "45s"), (725, "12m 05s"),
                                          (3600, "1h 00m"), (93600, "1d 2h")])
def test_duration(s, shown):
    assert duration(s) == shown
