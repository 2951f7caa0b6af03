"""Shared helpers: tiny fixture writers and a CLI runner (csvkit-style small fixtures)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from smkpi.cli import app

FIXTURES = Path(__file__).parent / "fixtures"

# Hypothesis profiles: a quick default for the edit-test loop, the full count in CI.
# SMKPI_HYPOTHESIS=ci (set by .ci/run; the default where CI is set) runs at least 1,000 examples per property.
PROFILES = {"dev": 100, "ci": 1000}
for _name, _n in PROFILES.items():
    settings.register_profile(_name, max_examples=_n, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("SMKPI_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "dev")
if PROFILE not in PROFILES:
    raise pytest.UsageError(f"SMKPI_HYPOTHESIS={PROFILE!r}: choose one of {', '.join(PROFILES)}")
settings.load_profile(PROFILE)


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None) -> Path:
    """Write ``rows`` as CSV (empty cells for None). ``header`` fixes the column order."""
    header = header or list(dict.fromkeys(k for r in rows for k in r))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r.get(h) for h in header])
    return path


def write_json(path: Path, doc: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def cli():
    """Run the CLI in-process: cli(["report", path]) -> Result with exit_code, stdout, stderr."""
    runner = CliRunner()

    def run(args: list[str], **kw):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kw)

    return run


@pytest.fixture(autouse=True)
def _no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
