"""The JSON document: documented shape, every catalogue id, never NaN/Infinity, and golden files.

Goldens: tests/golden/report_small.json and report_small.txt are `smkpi report small` run from
tests/fixtures/ (so paths are relative), with SOURCE_DATE_EPOCH pinning generated_at, NO_COLOR and
COLUMNS=160. After a deliberate output change, regenerate them and review the diff:

    SMKPI_UPDATE_GOLDEN=1 python -m pytest tests/test_json.py
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, write_csv
from smkpi import __version__
from smkpi.jsonout import SCHEMA_VERSION, dumps
from smkpi.registry import FAMILIES, all_kpis

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SMKPI_UPDATE_GOLDEN") == "1"
EPOCH = "1764201600"  # 2025-11-27T00:00:00Z

# The documented shape (README "JSON output"): key -> type. Adding a field means
# documenting it there and here; removing or renaming one means bumping schema_version.
TOP = {"schema_version": int, "smkpi_version": str, "generated_at": str, "settings": dict, "period": (dict, type(None)),
       "segments": (dict, type(None)), "inputs": list,
       "skipped": list, "errors": list, "kpis": list, "summary": dict, "exit_code": int}
SEGMENTS = {"window": (dict, type(None)), "period": (str, type(None)), "by": list, "compare": (dict, type(None)),
            "notes": list}
SETTINGS = {"targets_file": (str, type(None)), "timezone": str, "currency": str, "fx": dict, "business_hours": dict,
            "families": list}
BUSINESS_HOURS = {"days": list, "start": str, "end": str, "holidays": list}
PERIOD = {"start": str, "end": str}
INPUT = {"path": str, "kind": str, "format": str, "platform": (str, type(None)), "currency": (str, type(None)),
         "period": (dict, type(None)), "rows": int, "used": int,
         "rejected": int, "duplicates": int, "blank": int, "problems": list, "unmapped": list, "notes": list,
         "inferred": (int, type(None))}
PROBLEM = {"reason": str, "count": int, "rows": list, "example": (str, type(None))}
SKIPPED = {"path": str, "reason": str}
KPI = {"id": str, "family": str, "label": str, "unit": str, "direction": str,
       "value": (int, float, str, dict, type(None)), "target": (dict, type(None)), "status": str,
       "note": (str, type(None)), "currency": (str, type(None)), "groups": (list, type(None)), "series": (list, type(None)),
       "previous": (dict, type(None)), "change": (dict, type(None)), "segment_note": (str, type(None))}
GROUP = {"by": dict, "value": KPI["value"], "target": (dict, type(None)), "status": str, "note": (str, type(None)),
         "currency": (str, type(None)), "series": (list, type(None)), "previous": (dict, type(None)),
         "change": (dict, type(None))}
POINT = {"period": str, "start": str, "end": str, "value": KPI["value"], "currency": (str, type(None))}
PREVIOUS = {"start": (str, type(None)), "end": (str, type(None)), "value": KPI["value"], "note": (str, type(None)),
            "currency": (str, type(None))}
CHANGE = {"absolute": (int, float), "relative": (int, float, type(None))}
TARGET = {"op": str, "value": (int, float), "text": str, "severity": str, "on": str}
STATUSES = ("pass", "fail", "warn", "no_target", "no_data")


def strict_loads(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity (Python's json accepts them by default)."""

    def refuse(name):
        raise ValueError(f"non-finite number {name} in JSON")

    return json.loads(text, parse_constant=refuse)


def check(obj: dict, shape: dict, where: str) -> None:
    assert set(obj) == set(shape), f"{where}: keys {sorted(set(obj) ^ set(shape))} differ from the documented shape"
    for k, t in shape.items():
        assert isinstance(obj[k], t), f"{where}.{k}: {type(obj[k]).__name__}"
        assert not isinstance(obj[k], bool) or t is bool, f"{where}.{k} is a bool"


def check_document(doc: dict) -> None:
    check(doc, TOP, "document")
    assert doc["schema_version"] == SCHEMA_VERSION == 2
    assert doc["smkpi_version"] == __version__
    check(doc["settings"], SETTINGS, "settings")
    check(doc["settings"]["business_hours"], BUSINESS_HOURS, "settings.business_hours")
    if doc["period"] is not None:
        check(doc["period"], PERIOD, "period")
    for f in doc["inputs"]:
        check(f, INPUT, "inputs[]")
        assert f["rows"] == f["used"] + f["rejected"] + f["duplicates"] + f["blank"]
        assert f["rejected"] == sum(p["count"] for p in f["problems"])
        for p in f["problems"]:
            check(p, PROBLEM, "inputs[].problems[]")
    for s in [*doc["skipped"], *doc["errors"]]:
        check(s, SKIPPED, "skipped[] / errors[]")
    for k in doc["kpis"]:
        check(k, KPI, f"kpis[{k.get('id')}]")
        assert k["status"] in STATUSES
        if k["target"] is None:
            assert k["status"] == "no_target"
        else:
            check(k["target"], TARGET, f"kpis[{k['id']}].target")
            assert k["target"]["op"] in (">=", ">", "<=", "<")
            assert k["target"]["severity"] in ("error", "warn")
        if k["value"] is None and k["target"] is not None:
            assert k["status"] == "no_data"
        for g in k["groups"] or []:
            check(g, GROUP, f"kpis[{k['id']}].groups[]")
            assert g["status"] in STATUSES
            if g["target"] is not None:
                check(g["target"], TARGET, f"kpis[{k['id']}].groups[].target")
            for p in g["series"] or []:
                check(p, POINT, f"kpis[{k['id']}].groups[].series[]")
        for p in k["series"] or []:
            check(p, POINT, f"kpis[{k['id']}].series[]")
        if k["previous"] is not None:
            check(k["previous"], PREVIOUS, f"kpis[{k['id']}].previous")
        if k["change"] is not None:
            check(k["change"], CHANGE, f"kpis[{k['id']}].change")
    if doc["segments"] is not None:
        check(doc["segments"], SEGMENTS, "segments")
    # Every judged (KPI, group) is counted: each KPI's own status and each of its groups'.
    judged = [k["status"] for k in doc["kpis"]] + [g["status"] for k in doc["kpis"] for g in k["groups"] or []]
    assert set(doc["summary"]) == set(STATUSES)
    assert sum(doc["summary"].values()) == len(judged)
    for s in STATUSES:
        assert doc["summary"][s] == judged.count(s)
    assert doc["exit_code"] in (0, 1)


@pytest.fixture
def small(cli, monkeypatch):
    """Run `smkpi report small ...` from tests/fixtures with a pinned clock."""
    monkeypatch.chdir(FIXTURES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for var in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM"):  # CI runners set these
        monkeypatch.delenv(var, raising=False)
    return lambda *args: cli(["report", "small", *args])


def test_document_shape_and_hand_worked_values(small):
    r = small("--format", "json")
    doc = strict_loads(r.stdout)
    check_document(doc)
    assert doc["generated_at"] == "2025-11-27T00:00:00Z"
    assert doc["settings"]["targets_file"] is None  # no targets.yaml in tests/fixtures: built-in defaults
    assert [k["id"] for k in doc["kpis"]] == [k.id for k in all_kpis()]
    posts = next(f for f in doc["inputs"] if f["path"] == "small/posts.csv")
    # 5 rows: p1, p2, p3 (likes "abc": rejected), p2 again (duplicate), i1 (influencer)
    assert (posts["rows"], posts["used"], posts["rejected"], posts["duplicates"]) == (5, 3, 1, 1)
    assert posts["problems"] == [{"reason": "likes is not a number", "count": 1, "rows": [4], "example": "abc"}]
    assert doc["skipped"] == [{"path": "small/notes.csv", "reason": doc["skipped"][0]["reason"]}]
    kpi = {k["id"]: k for k in doc["kpis"]}
    # own posts p1, p2: likes 30+10, comments 60+40, shares 40+20 -> per post 20, 50, 30: each exactly at target
    assert (kpi["engagement.likes_per_post"]["value"], kpi["engagement.likes_per_post"]["status"]) == (20.0, "pass")
    assert kpi["engagement.comments_per_post"]["value"] == 50.0
    assert kpi["engagement.shares_per_post"]["value"] == 30.0
    # (40+100+60) / (1000+500)
    assert kpi["engagement.rate"]["value"] == pytest.approx(200 / 1500)
    # comments: 4 positive of 5 -> 0.8, which does not meet "> 80%": the run fails
    assert kpi["sentiment.positive_share"]["value"] == pytest.approx(0.8)
    assert kpi["sentiment.positive_share"]["status"] == "fail"
    assert kpi["sentiment.positive_share"]["target"] == {"op": ">", "value": 0.8, "text": "> 80%", "severity": "error",
                                                         "on": "value"}
    # first responses 30m and 90m -> mean 3600 s, exactly the warn target "<= 1h"
    assert kpi["communication.avg_response_time"]["value"] == 3600
    assert kpi["communication.avg_response_time"]["status"] == "pass"
    assert kpi["advertising.cpc"]["value"] is None and kpi["advertising.cpc"]["status"] == "no_target"
    assert doc["summary"] == {"pass": 5, "fail": 1, "warn": 0, "no_target": 49, "no_data": 0}
    assert doc["exit_code"] == r.exit_code == 1


@pytest.mark.parametrize("families", [["analytics"], ["audience", "engagement"], list(FAMILIES)])
def test_every_catalogue_id_of_the_selected_families_appears(small, families):
    args = [a for f in families for a in ("--family", f)]
    doc = strict_loads(small("--format", "json", *args).stdout)
    check_document(doc)
    assert [k["id"] for k in doc["kpis"]] == [k.id for k in all_kpis() if k.family in families]
    assert doc["settings"]["families"] == [f for f in FAMILIES if f in families]


def test_zero_denominators_are_null_never_nan(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "ads.csv", [{"ad_id": "a1", "spend": 0, "impressions": 0, "clicks": 0, "conversions": 0,
                               "revenue": 0}])
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 0, "comments": 0, "shares": 0, "reach": 0,
                                 "impressions": 0, "views": 0}])
    r = cli(["report", d, "--format", "json"])
    doc = strict_loads(r.stdout)
    check_document(doc)
    kpi = {k["id"]: k["value"] for k in doc["kpis"]}
    for i in ("advertising.cpc", "advertising.cpm", "advertising.ctr", "advertising.cpa", "advertising.roas",
              "engagement.rate", "reach.frequency", "reach.view_through_rate", "conversion.roas"):
        assert kpi[i] is None, i
    assert kpi["advertising.spend"] == 0 and kpi["engagement.likes"] == 0


def test_empty_files_give_a_valid_document(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [], header=["post_id", "likes"])
    r = cli(["report", d, "--format", "json"])
    doc = strict_loads(r.stdout)
    check_document(doc)
    assert doc["inputs"][0]["rows"] == 0


def test_dumps_turns_non_finite_into_null():
    assert strict_loads(dumps({"a": math.nan, "b": [math.inf, -math.inf], "c": {"d": 1.5}})) == {
        "a": None, "b": [None, None], "c": {"d": 1.5}}


def test_strict_loads_can_fail():
    with pytest.raises(ValueError):
        strict_loads('{"a": NaN}')


# --- goldens -------------------------------------------------------------------------------
def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with SMKPI_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden; if intended, regenerate with SMKPI_UPDATE_GOLDEN=1"


def test_golden_json(small):
    r = small("--format", "json")
    doc = strict_loads(r.stdout)
    doc["smkpi_version"] = "<version>"  # a release bump is not an output change
    _golden("report_small.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def test_golden_table(small, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    r = small()
    assert "\x1b[" not in r.stdout
    _golden("report_small.txt", r.stdout)
