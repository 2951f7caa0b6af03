"""Hostile and unlucky folders and outputs (issue 15 items 2, 4 and 5; item 3's many files: see below), through the same runner.

The unit-level tests of these rules live beside their code's tests (test_output_safety.py,
test_discover.py, test_loading_hostile.py); here each case runs the real CLI in a subprocess under
the runner's memory and time limits, with its input files checked unchanged. (Item 10's hostile
folder name for ``smkpi init`` is tested in a real process in test_cli.py: init writes a file,
which this runner's unchanged-inputs check forbids.)
"""

from __future__ import annotations

import os
from pathlib import Path

from .runner import case

JSON = ["--format", "json"]
SECRET = "root:$6$hostile-secret-hash:20228:0:99999:7:::"


def _posts(d: Path, rows: int = 2, likes: int = 5) -> Path:
    data = d / "d"
    data.mkdir(exist_ok=True)
    body = "".join(f"p{i},facebook,{likes}\n" for i in range(rows))
    (data / "posts.csv").write_text("post_id,platform,likes\n" + body, encoding="utf-8")
    return data


def _kpi(doc: dict, kpi_id: str) -> dict:
    return next(k for k in doc["kpis"] if k["id"] == kpi_id)


# --- 2. -o never destroys an input ---------------------------------------------------------------
@case("output_over_an_input_file", message="is an input")
def _(d: Path) -> list[str]:
    data = _posts(d)
    return ["report", data, *JSON, "-o", data / "posts.csv"]


@case("output_over_the_targets_file", message="t.yaml")  # the exact command: refused, file unchanged
def _(d: Path) -> list[str]:
    data = _posts(d)
    (d / "t.yaml").write_text('targets:\n  engagement.likes: ">= 1"\n', encoding="utf-8")
    return ["report", data, "--targets", d / "t.yaml", "-o", d / "t.yaml"]


@case("output_over_the_targets_file_as_json", message="targets")
def _(d: Path) -> list[str]:
    data = _posts(d)
    (d / "t.yaml").write_text('targets:\n  engagement.likes: ">= 1"\n', encoding="utf-8")
    return ["report", data, "--targets", d / "t.yaml", "--format", "json", "-o", d / "t.yaml"]


# --- 3. many small files: tests/test_loading_hostile.py runs 2,000 of them in a subprocess and checks
# its peak memory stays under 1 GiB (a stricter bound than this runner's address-space limit).


# --- 4. symlinks and special files ------------------------------------------------------------------
@case("symlink_to_a_secret_outside_the_folder", exit=(0, 1), secret=SECRET,
      check=lambda doc: any("link" in s["reason"] for s in doc["skipped"]))
def _(d: Path) -> list[str]:
    data = _posts(d)
    (d / "shadow").write_text(SECRET + "\n", encoding="utf-8")
    (data / "tickets.csv").symlink_to(d / "shadow")
    return ["report", data, *JSON]


@case("symlink_to_a_secret_followed_on_request", exit=(0, 1, 2), secret=SECRET)
def _(d: Path) -> list[str]:
    # Asked to follow the link, smkpi reads the file as tickets: it may refuse it, never quote it.
    data = _posts(d)
    (d / "shadow").write_text(SECRET + "\n" + SECRET + "\n", encoding="utf-8")
    (data / "tickets.csv").symlink_to(d / "shadow")
    return ["report", data, "--follow-links"]


@case("fifo_named_as_the_path", message="FIFO")
def _(d: Path) -> list[str]:
    os.mkfifo(d / "pipe.csv")
    return ["report", d / "pipe.csv"]


# --- 5. overflow ------------------------------------------------------------------------------------------
def _no_wrap(doc: dict) -> None:
    likes = _kpi(doc, "engagement.likes")
    assert likes["value"] is None and "too large to sum exactly" in likes["note"]


@case("likes_2_pow_53_minus_1_on_1100_rows", exit=(0, 1), check=_no_wrap)
def _(d: Path) -> list[str]:
    return ["report", _posts(d, rows=1100, likes=2**53 - 1), *JSON, "--family", "engagement"]


@case("likes_2_pow_53_plus_1_is_rejected", exit=(0, 1),
      check=lambda doc: doc["inputs"][0]["rejected"] == 1 and _kpi(doc, "engagement.likes")["value"] == 5)
def _(d: Path) -> list[str]:
    data = _posts(d, rows=1)
    with open(data / "posts.csv", "a", encoding="utf-8") as fh:
        fh.write(f"big,facebook,{2**53 + 1}\n")
    return ["report", data, *JSON, "--family", "engagement"]
