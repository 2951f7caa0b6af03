"""The HTML report in a real browser: headless Chromium renders and prints it (skipped without one).

The screenshot is for people to look at (scripts/screenshot.py); here the browser must load the page
from disk with networking off, draw it (a PNG of real size with more than a blank page in it) and
print it to an A4 PDF of several pages (one family per page).
"""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts" / "screenshot.py")
screenshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshot)

pytestmark = pytest.mark.skipif(screenshot.chromium() is None,
                                reason="no headless Chromium on PATH (Debian: apt-get install chromium fonts-thai-tlwg)")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from typer.testing import CliRunner

    from smkpi.cli import app

    out = tmp_path_factory.mktemp("browser") / "report.html"
    r = CliRunner().invoke(app, ["report", str(ROOT / "examples" / "data"), "--targets", str(ROOT / "targets.yaml"),
                                 "-o", str(out), "--lang", "th", "--calendar", "buddhist", "-q", "--no-github"])
    assert r.exit_code == 1, r.stderr
    return out


def test_chromium_draws_the_thai_report(page):
    png = page.with_suffix(".png")
    r = screenshot.shoot(page, png, height=2400)
    assert r.returncode == 0 and png.exists(), r.stderr[-1000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (900, 2400)
    assert len(data) > 60_000  # text, tables and charts; a blank page compresses to a few KB


def test_chromium_prints_one_family_per_a4_page(page):
    pdf = page.with_suffix(".pdf")
    r = screenshot.shoot(page, pdf, pdf=True)
    assert r.returncode == 0 and pdf.exists(), r.stderr[-1000:]
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 13  # header + 12 families + inputs, each family from a new page
    boxes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", data)}
    assert boxes == {(595, 842)}  # A4 in points
