"""Screenshot an HTML report in headless Chromium (to check charts and Thai labels by eye).

    python scripts/screenshot.py                      # report of examples/data in Thai -> /tmp/smkpi-report.png
    python scripts/screenshot.py report.html out.png  # an existing report
    python scripts/screenshot.py --pdf report.html out.pdf   # print it as Chromium would (A4)

Needs a Chromium (Debian: apt-get install chromium fonts-thai-tlwg). The picture is not
committed: run this script instead. tests/test_browser.py uses :func:`chromium` and :func:`shoot`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage")


def chromium() -> str | None:
    """Path of a Chromium-family browser, or None."""
    return next((p for p in map(shutil.which, NAMES) if p), None)


def shoot(html: Path, out: Path, *, width: int = 900, height: int = 6000, pdf: bool = False,
          timeout: float = 90) -> subprocess.CompletedProcess:
    """Run headless Chromium on ``html``, writing a PNG (or a PDF with ``pdf``) to ``out``."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH")
    with tempfile.TemporaryDirectory() as profile:
        what = [f"--print-to-pdf={out}", "--no-pdf-header-footer"] if pdf else \
            [f"--screenshot={out}", f"--window-size={width},{height}"]
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *what, html.resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def main(argv: list[str]) -> int:
    pdf = "--pdf" in argv
    argv = [a for a in argv if a != "--pdf"]
    if argv:
        html = Path(argv[0])
        out = Path(argv[1]) if len(argv) > 1 else html.with_suffix(".pdf" if pdf else ".png")
    else:
        tmp = Path(tempfile.mkdtemp())
        html, out = tmp / "report.html", Path("/tmp/smkpi-report.pdf" if pdf else "/tmp/smkpi-report.png")
        subprocess.run([sys.executable, "-m", "smkpi", "report", str(ROOT / "examples" / "data"), "--targets",
                        str(ROOT / "targets.yaml"), "-o", str(html), "--lang", "th", "--calendar", "buddhist", "-q"],
                       check=False)
    if chromium() is None:
        print("no chromium found; install it (Debian: apt-get install chromium fonts-thai-tlwg)", file=sys.stderr)
        return 2
    r = shoot(html, out, pdf=pdf)
    if r.returncode != 0 or not out.exists():
        print(r.stderr[-2000:], file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
