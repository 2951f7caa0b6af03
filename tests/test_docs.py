"""The reference docs stay in step with the code.

The generated tables (families, columns, catalogue) must match what scripts/gen_docs.py writes now,
and every registry KPI must be in the docs and in `smkpi kpis --format json`. The docs file is
gen_docs.DOC (one constant: point it at README.md when the reference moves there).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from smkpi.kinds import KINDS
from smkpi.registry import all_kpis

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
gen_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_docs)
DOC: Path = gen_docs.DOC


@pytest.fixture(scope="module")
def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_doc_has_every_generated_region(doc_text):
    assert sorted(gen_docs.regions(doc_text)) == sorted(gen_docs.GENERATORS)


def test_generated_tables_are_up_to_date(doc_text):
    assert gen_docs.rewrite(doc_text) == doc_text, (
        f"{DOC.relative_to(ROOT)} is out of date with the registry; run: python scripts/gen_docs.py")


def test_rewrite_replaces_a_stale_region():
    stale = "intro\n<!-- BEGIN GENERATED catalogue -->\n| old |\n<!-- END GENERATED catalogue -->\noutro\n"
    new = gen_docs.rewrite(stale)
    assert "| old |" not in new and "`engagement.rate`" in new
    assert new.startswith("intro\n<!-- BEGIN GENERATED catalogue -->\n| id |")
    assert new.endswith("<!-- END GENERATED catalogue -->\noutro\n")
    assert gen_docs.rewrite(new) == new


def test_check_mode_reports_a_stale_file(tmp_path, capsys):
    p = tmp_path / "doc.md"
    p.write_text("".join(f"<!-- BEGIN GENERATED {n} -->\nx\n<!-- END GENERATED {n} -->\n" for n in gen_docs.GENERATORS),
                 encoding="utf-8")
    assert gen_docs.main([str(p), "--check"]) == 1
    assert gen_docs.main([str(p)]) == 0
    assert gen_docs.main([str(p), "--check"]) == 0


def _catalogue_region(text: str) -> str:
    return text.split("<!-- BEGIN GENERATED catalogue -->")[1].split("<!-- END GENERATED catalogue -->")[0]


def test_every_kpi_is_in_the_docs_catalogue(doc_text):
    region = _catalogue_region(doc_text)
    rows = [line for line in region.splitlines() if line.startswith("| `")]
    ids = [line.split("`")[1] for line in rows]
    assert ids == [k.id for k in all_kpis()]
    for k in all_kpis():
        row = rows[ids.index(k.id)]
        assert f"| {k.unit.value} | {k.direction.value} |" in row, k.id


def test_every_kind_and_column_is_in_the_docs(doc_text):
    region = doc_text.split("<!-- BEGIN GENERATED columns -->")[1].split("<!-- END GENERATED columns -->")[0]
    for kind in KINDS.values():
        assert f"| **{kind.name}** |" in region
        for c in kind.columns:
            assert f"`{c.name}`" + ("\\*" if c.required else "") in region, f"{kind.name}.{c.name}"


def test_every_kpi_is_in_smkpi_kpis_json(cli):
    r = cli(["kpis", "--format", "json"])
    assert r.exit_code == 0
    listed = {row["id"]: row for row in json.loads(r.stdout)}
    assert list(listed) == [k.id for k in all_kpis()]
    for k in all_kpis():
        assert (listed[k.id]["unit"], listed[k.id]["formula"]) == (k.unit.value, k.formula)


def test_docs_name_every_status_and_exit_code(doc_text):
    for status in ("pass", "fail", "warn", "no_target", "no_data"):
        assert f"| `{status}` |" in doc_text
    for code in ("0", "1", "2"):
        assert f"| `{code}` |" in doc_text


def _documented_json_fields(text: str) -> set[str]:
    """Field names in the first column of the "JSON output" field table, with `.x` shorthands expanded."""
    section = text.split("## JSON output")[1].split("\n## ")[0]  # up to the next section
    names: set[str] = set()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        base = ""
        for name in re.findall(r"`([^`]+)`", line.split(" | ")[0]):
            full = base.rsplit(".", 1)[0] + name if name.startswith(".") else name
            base = full
            parts = full.replace("[]", "").split(".")
            names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return names


def test_docs_json_fields_match_the_tested_shape(doc_text):
    # Every key the JSON contract test checks is explained in the docs' field table, and vice versa.
    import test_json as tj

    expected = set(tj.TOP)
    for group, shape in (("settings", tj.SETTINGS), ("settings.business_hours", tj.BUSINESS_HOURS), ("period", tj.PERIOD),
                         ("inputs", tj.INPUT), ("inputs.problems", tj.PROBLEM), ("skipped", tj.SKIPPED), ("errors", tj.SKIPPED),
                         ("kpis", tj.KPI), ("kpis.target", tj.TARGET), ("segments", tj.SEGMENTS),
                         ("kpis.groups", tj.GROUP), ("kpis.series", tj.POINT), ("kpis.previous", tj.PREVIOUS),
                         ("kpis.change", tj.CHANGE)):
        expected |= {f"{group}.{k}" for k in shape}
    documented = _documented_json_fields(doc_text)
    assert expected - documented == set(), "in the JSON but not in the docs"
    assert documented - expected == set(), "in the docs but not in the JSON contract test"
