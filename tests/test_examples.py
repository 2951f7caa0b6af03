"""The committed example month: a full report against the repository's targets, and reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smkpi.registry import FAMILIES, all_kpis

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = EXAMPLES / "data"
TARGETS = ROOT / "targets.yaml"


@pytest.fixture(scope="module")
def doc() -> dict:
    from typer.testing import CliRunner

    from smkpi.cli import app

    res = CliRunner().invoke(app, ["report", str(DATA), "--targets", str(TARGETS), "--format", "json"],
                             catch_exceptions=False)
    assert res.exit_code == 1, res.stderr
    return json.loads(res.stdout)


def test_all_twelve_families_present(doc):
    assert len(FAMILIES) == 12
    assert doc["settings"]["families"] == list(FAMILIES)
    assert {k["family"] for k in doc["kpis"]} == set(FAMILIES)


def test_every_kpi_present_and_non_null(doc):
    by_id = {k["id"]: k for k in doc["kpis"]}
    assert sorted(by_id) == sorted(k.id for k in all_kpis())
    nulls = [i for i, k in by_id.items() if k["value"] is None]
    assert not nulls, f"example data leaves these KPIs without a value: {nulls}"
    assert set(by_id["content.views_by_type"]["value"]) >= {"video", "reel"}


def test_mix_of_passes_and_misses_exit_1(doc):
    statuses = [k["status"] for k in doc["kpis"]]
    assert doc["exit_code"] == 1
    assert statuses.count("pass") >= 5 and statuses.count("fail") >= 3
    assert "no_data" not in statuses
    failed_families = {k["family"] for k in doc["kpis"] if k["status"] == "fail"}
    clean_families = {k["family"] for k in doc["kpis"] if k["target"]} - failed_families
    assert len(failed_families) >= 3 and len(clean_families) >= 3


def test_every_kind_and_format_is_read_with_the_planted_problems(doc):
    inputs = {Path(i["path"]).name: i for i in doc["inputs"]}
    kinds = {i["kind"] for i in inputs.values()}
    assert kinds == {"posts", "influencer", "comments", "ads", "sessions", "tickets", "kb", "followers"}
    assert {i["format"] for i in inputs.values()} == {"csv", "json", "jsonl"}
    assert doc["skipped"] == []
    # exactly one unreadable cell, and a duplicated post and ticket
    assert sum(i["rejected"] for i in inputs.values()) == 1
    assert inputs["posts.csv"]["problems"][0]["reason"] == "likes is not a number"
    assert inputs["posts.csv"]["duplicates"] == 1 and inputs["support_tickets.csv"]["duplicates"] == 1
    for i in inputs.values():
        assert i["rows"] == i["used"] + i["rejected"] + i["duplicates"]


def test_regenerating_gives_byte_identical_files(tmp_path):
    subprocess.run([sys.executable, str(EXAMPLES / "generate.py"), str(tmp_path)], check=True,
                   capture_output=True)
    made = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in DATA.iterdir())
    assert made == committed
    for name in made:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs: rerun generate.py"


def test_table_report_prints_every_family(cli):
    res = cli(["report", DATA, "--targets", TARGETS])
    assert res.exit_code == 1
    for fam in FAMILIES:
        assert fam.capitalize() in res.stdout
    assert "likes is not a number" in res.stderr
