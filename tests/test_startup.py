"""Start-up (issue 14 item 6): the commands that read no data never import Polars.

Measured with ``python -X importtime`` in a fresh process; times are measured by bench/startup.py,
not asserted here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"


def _imported(*argv: str) -> set[str]:
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "smkpi", *argv], capture_output=True, text=True,
                       timeout=120)
    mods = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert mods, r.stderr  # importtime wrote its table: an empty set would pass every check below
    return mods


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["report", "--help"], ["kpis", "--help"],
                                  ["report", "--no-such-option"], ["report"], ["init", "{tmp}"]],
                         ids=lambda a: " ".join(a))
def test_no_polars_for_help_version_usage_errors_and_init(argv, tmp_path):
    mods = _imported(*[a.replace("{tmp}", str(tmp_path / "new")) for a in argv])
    assert "smkpi.cli" in mods
    assert not {m for m in mods if m == "polars" or m.startswith("polars.")}
    assert "yaml" not in mods  # (Typer itself imports pydantic to coerce arguments)


def test_a_report_does_import_polars():
    # The control: the same check sees Polars where it is used.
    assert "polars" in _imported("report", str(EXAMPLES), "--family", "audience", "--quiet")
