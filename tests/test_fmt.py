"""Values as people see them: units, small percentages, currencies, durations."""

from __future__ import annotations

import re

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


@pytest.mark.parametrize(("v", "unit", "target", "shown"), [
    (0.0497, Unit.RATIO, 0.05, "4.97%"),  # misses ">= 5%": never shown as "5.0%"
    (0.05, Unit.RATIO, 0.05, "5.0%"),  # at the target: as usual
    (0.0497, Unit.RATIO, 0.06, "5.0%"),  # reads apart from its target already
    (0.049999, Unit.RATIO, 0.05, "4.9999%"),
    (2.999, Unit.MULTIPLE, 3, "2.999×"),
    (19.996, Unit.NUMBER, 20, "19.996"),
    (19999, Unit.COUNT, 20000, "19,999"),
    (0.0497, "ratio", 0.05, "4.97%"),  # the renderers pass units as in the JSON
])
def test_a_value_never_reads_as_its_target_when_it_is_not(v, unit, target, shown):
    assert value(v, unit, "THB", near=target) == shown


def test_the_example_months_show_a_missed_like_rate_apart_from_its_target(cli):
    from conftest import FIXTURES

    out = cli(["report", FIXTURES.parent.parent / "examples" / "data", "--family", "knowledge"], env={"COLUMNS": "160"}).stdout
    assert re.search(r"Article like rate\s+│\s+knowledge\.like_rate\s+│\s+4\.97%\s+│\s+>= 5% \(warn\)", out), out


def test_unknown_currency_is_a_suffix():
    assert value(10, Unit.CURRENCY, "MYR") == "10.00 MYR"


@pytest.mark.parametrize(("s", "shown"), [(0, "0s"), (0.4, "0.4s"), (45, "45s"), (725, "12m 05s"),
                                          (3600, "1h 00m"), (93600, "1d 2h")])
def test_duration(s, shown):
    assert duration(s) == shown
