"""Terminal safety: text from data is printed literally and can never steer the terminal.

Rich markup in data (``[bold red]``, ``[link=...]``) is shown as typed; ANSI/OSC escape sequences,
other control characters and bidirectional overrides are shown as ``\\x1b``/``\\u202e`` escapes.
JSON output keeps the raw value (valid and lossless).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from conftest import write_csv
from smkpi import fmt
from smkpi.config import load_settings
from smkpi.render import render_notes, render_report
from smkpi.report import build_report

MARKUP = "[bold red]BOOM[/bold red]"
LINK = "[link=http://evil.example]click[/link]"
OSC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal title when printed raw
ANSI_CLEAR = "\x1b[2J"  # clears the screen when printed raw
BIDI = "\u202egnp.exe"  # right-to-left override: shows as "exe.png"
HIDDEN = "a\u200bb\U000e0041"  # zero-width space and a Unicode tag character

# Characters that must never reach a terminal from data.
RAW_CONTROLS = ["\x1b", "\x07", "\u202e", "\u200b", "\U000e0041", "\x9b"]


def _payload_dir(tmp: Path) -> tuple[Path, list[str]]:
    types = [MARKUP, LINK, "vid" + OSC_TITLE, "img" + ANSI_CLEAR, BIDI, HIDDEN, "csi\x9b31m"]
    rows = [{"post_id": f"p{i}", "platform": "[blink]fb[/blink]\x1b[5m", "content_type": t,
             "influencer": None, "likes": 10 + i, "comments": 1, "shares": 1, "views": 100 - i}
            for i, t in enumerate(types)]
    # One rejected row whose bad cell (shown as the example) is an escape sequence.
    rows.append({"post_id": "bad", "platform": "x", "content_type": "v", "likes": "\x1b[2J9", "comments": 1,
                 "shares": 1, "views": 1})
    d = tmp / "data"
    write_csv(d / "posts_[bold]x_\x1b[31m.csv", rows)
    write_csv(d / "influencer_posts.csv", [{"post_id": "i1", "influencer": "[i]@eve[/i]\x1b[8m\u202e",
                                           "likes": 5, "comments": 1, "shares": 1, "reach": 50}])
    return d, types


def _no_raw_controls(text: str) -> None:
    for ch in RAW_CONTROLS:
        assert ch not in text, f"raw {ch!r} reached the terminal"


def test_safe_escapes_controls_bidi_and_invisibles():
    assert fmt.safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert fmt.safe(OSC_TITLE) == "\\x1b]0;pwned\\x07"
    assert fmt.safe(BIDI) == "\\u202egnp.exe"
    assert fmt.safe(HIDDEN) == "a\\u200bb\\U000e0041"
    assert fmt.safe("csi\x9b31m") == "csi\\x9b31m"
    assert fmt.safe("line1\nline2\r") == "line1\\nline2\\x0d"
    assert fmt.safe("tab\there") == "tab here"
    assert fmt.safe("\udcff") == "\\udcff"  # a byte of a non-UTF-8 file name
    # Markup is left as typed (Text() shows it literally); ordinary text, Thai included, is untouched.
    assert fmt.safe(MARKUP) == MARKUP
    assert fmt.safe("โพสต์ วิดีโอ ✓ café") == "โพสต์ วิดีโอ ✓ café"


def test_table_output_shows_data_literally(cli, tmp_path):
    d, _ = _payload_dir(tmp_path)
    r = cli(["report", d, "--family", "content", "--family", "influencer", "--family", "engagement"])
    assert r.exit_code in (0, 1), r.stderr
    _no_raw_controls(r.stdout)
    _no_raw_controls(r.stderr)
    # Escaped, visible forms of what the data held.
    assert "\\x1b[2J" in r.stdout and "\\x1b]0;pwned\\x07" in r.stdout and "\\u202egnp.exe" in r.stdout
    # The rejected row's example and the file name in the notes, escaped, on one line.
    note = next(ln for ln in r.stderr.splitlines() if "rejected" in ln)
    assert note == (f"note: {d}/posts_[bold]x_\\x1b[31m.csv: 1 row(s) rejected: likes is not a number "
                    f"(e.g. '\\x1b[2J9'); row 9")


def test_rich_console_renders_markup_as_text_and_emits_no_data_escapes(tmp_path):
    d, types = _payload_dir(tmp_path)
    rep = build_report([d], load_settings(None), ["content", "influencer"])
    buf = io.StringIO()
    console = Console(file=buf, record=True, width=400, force_terminal=True, color_system="truecolor")
    render_report(rep, console, rep.exit_code())
    render_notes(rep, console)
    text = console.export_text()
    raw = buf.getvalue()
    # The markup in the data is visible as typed, not applied.
    assert MARKUP in text and LINK in text
    assert "posts_[bold]x_\\x1b[31m.csv" in text  # the file name, in the Inputs table and the notes
    # Rich's own styling uses SGR codes; data must add none: no hyperlink (OSC 8), no title, no clear.
    assert "\x1b]8;" not in raw and "\x1b]0;" not in raw and "\x1b[2J" not in raw and "\x1b[5m" not in raw
    for ch in ("\x07", "\u202e", "\u200b", "\x9b"):
        assert ch not in raw
    # The breakdown holds one entry per type; the category (best type) is one of them, escaped.
    views = next(r for r in rep.results if r.value.kpi.id == "content.views_by_type")
    assert set(views.value.value) == set(types)


def test_json_output_is_valid_and_lossless(cli, tmp_path):
    d, types = _payload_dir(tmp_path)
    r = cli(["report", d, "--family", "content", "--format", "json"])
    doc = json.loads(r.stdout)  # control characters are \u-escaped by json, so the document is valid
    views = next(k for k in doc["kpis"] if k["id"] == "content.views_by_type")
    assert set(views["value"]) == set(types)  # raw values, byte for byte
    assert views["value"][MARKUP] == 100
    paths = {Path(i["path"]).name for i in doc["inputs"]}
    assert "posts_[bold]x_\x1b[31m.csv" in paths
    (prob,) = next(i for i in doc["inputs"] if i["rejected"])["problems"]
    assert prob["example"] == "\x1b[2J9"
    assert "\x1b" not in r.stdout  # the raw ESC travels as the JSON escape \u001b


def test_cli_error_line_escapes_the_file_name(cli, tmp_path):
    p = tmp_path / "posts_\x1b]0;pwned\x07_\u202e.csv"
    p.write_bytes(b"\x00\x01binary")
    r = cli(["report", p])
    assert r.exit_code == 2
    _no_raw_controls(r.stderr)
    assert r.stderr == f"smkpi: error: {tmp_path}/posts_\\x1b]0;pwned\\x07_\\u202e.csv: looks like a binary file, " \
                       f"not CSV/JSON text; export it again as CSV\n"


def test_cli_error_line_escapes_a_targets_key(cli, tmp_path):
    t = tmp_path / "targets.yaml"
    t.write_text('targets:\n  "engagement.\u202erate": ">= 3%"\n', encoding="utf-8")
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1"}])
    r = cli(["report", tmp_path / "posts.csv", "--targets", t])
    assert r.exit_code == 2
    _no_raw_controls(r.stderr)
    assert "targets.engagement.\\u202erate: unknown KPI id" in r.stderr


def test_skipped_file_name_is_escaped(cli, tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 1}])
    (tmp_path / "read\x1b[2Jme.md").write_text("x")
    r = cli(["report", tmp_path, "--family", "engagement"])
    _no_raw_controls(r.stderr)
    assert f"skipped: {tmp_path}/read\\x1b[2Jme.md: not a data file (.md)" in r.stderr


@pytest.mark.parametrize("unit_value", [("breakdown", {"[b]x[/b]\x1b[1m": 3}), ("category", "[i]y\u202e")])
def test_fmt_value_escapes_breakdown_keys_and_categories(unit_value):
    from smkpi.registry import Unit

    unit, v = unit_value
    out = fmt.value(v, Unit(unit))
    _no_raw_controls(out)
    assert "[b]x[/b]\\x1b[1m 3" == out or "[i]y\\u202e" == out
