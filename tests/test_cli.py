"""The command line: each command, each exit code, where output goes.

Data are tiny and worked by hand: two own posts with 10 and 30 likes -> likes per post = 20.
"""

from __future__ import annotations

import json
import re

import pytest

from smkpi import __version__
from smkpi.cli import app
from smkpi.registry import FAMILIES, all_kpis

from conftest import write_csv

ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    write_csv(d / "posts.csv", [
        {"post_id": "p1", "likes": 10, "comments": 50, "shares": 30, "reach": 100},
        {"post_id": "p2", "likes": 30, "comments": 50, "shares": 30, "reach": 100},
    ])
    write_csv(d / "tickets.csv", [
        {"ticket_id": "t1", "created_at": "2026-11-02T10:00:00", "first_response_at": "2026-11-02T10:30:00"},
        {"ticket_id": "t2", "created_at": "2026-11-02T11:00:00", "first_response_at": "2026-11-02T12:30:00"},
    ])  # mean first response = (30m + 90m) / 2 = 1h
    return d


def targets(tmp_path, body: str, name: str = "t.yaml"):
    p = tmp_path / name
    p.write_text("targets:\n" + body, encoding="utf-8")
    return p


# --- exit codes ----------------------------------------------------------------------------
def test_exit_0_when_every_target_is_met(cli, data, tmp_path):
    t = targets(tmp_path, '  engagement.likes_per_post: ">= 20"\n  communication.avg_response_time: "<= 1h"\n')
    r = cli(["report", data, "--targets", t])
    assert r.exit_code == 0, r.stderr
    assert "✓ pass" in r.stdout and "✗ fail" not in r.stdout
    assert "Summary: 2 pass · 0 fail · 0 warn · 0 no data" in r.stdout
    assert "targets met (exit 0)" in r.stdout


def test_exit_1_when_an_error_target_is_missed(cli, data, tmp_path):
    t = targets(tmp_path, '  engagement.likes_per_post: "> 20"\n')
    r = cli(["report", data, "--targets", t])
    assert r.exit_code == 1
    assert "✗ fail" in r.stdout
    assert "target missed (exit 1)" in r.stdout


def test_default_targets_judge_when_no_file(cli, data, tmp_path, monkeypatch):
    # Built-in defaults: likes >= 20 (20: pass), comments >= 50 (50: pass), shares >= 30 (30: pass),
    # sentiment targets without comments: no_data on error targets -> exit 1.
    monkeypatch.chdir(tmp_path)
    r = cli(["report", data, "--format", "json"])
    doc = json.loads(r.stdout)
    status = {k["id"]: k["status"] for k in doc["kpis"]}
    assert status["engagement.likes_per_post"] == "pass"
    assert status["sentiment.positive_share"] == "no_data"
    assert doc["settings"]["targets_file"] is None
    assert r.exit_code == doc["exit_code"] == 1


def test_warn_does_not_fail_unless_fail_on_warn(cli, data, tmp_path):
    t = targets(tmp_path, '  communication.avg_response_time: {target: "< 1h", severity: warn}\n')
    r = cli(["report", data, "--targets", t])
    assert r.exit_code == 0
    assert "! warn" in r.stdout and "< 1h (warn)" in r.stdout
    r = cli(["report", data, "--targets", t, "--fail-on", "warn"])
    assert r.exit_code == 1


def test_no_data_on_an_error_target_fails(cli, data, tmp_path):
    t = targets(tmp_path, '  advertising.cpc: "<= 10"\n')  # no ads file
    r = cli(["report", data, "--targets", t, "--format", "json"])
    assert r.exit_code == 1
    kpi = next(k for k in json.loads(r.stdout)["kpis"] if k["id"] == "advertising.cpc")
    assert (kpi["value"], kpi["status"]) == (None, "no_data")


def test_no_data_on_a_warn_target_fails_only_with_fail_on_warn(cli, data, tmp_path):
    t = targets(tmp_path, '  advertising.cpc: {target: "<= 10", severity: warn}\n')
    assert cli(["report", data, "--targets", t]).exit_code == 0
    assert cli(["report", data, "--targets", t, "--fail-on", "warn"]).exit_code == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["report", "{tmp}/missing"], "smkpi: error: {tmp}/missing: no such file or directory\n"),
        (["report", "{data}", "--family", "bogus"],
         "smkpi: error: unknown family 'bogus'; choose from " + ", ".join(FAMILIES) + "\n"),
        (["report", "{data}", "--targets", "{tmp}/none.yaml"],
         "smkpi: error: {tmp}/none.yaml: targets file not found; create one with 'smkpi init'\n"),
        (["report", "{data}", "--targets", "{bad}"],
         "smkpi: error: {bad}:2: targets.engagement.like_per_post: unknown KPI id; "
         "did you mean 'engagement.likes_per_post'?\n"),
        (["report", "{data}", "--output", "{tmp}/no/such/dir/out.txt"],
         "smkpi: error: {tmp}/no/such/dir/out.txt: No such file or directory; check the path and its permissions\n"),
        (["kpis", "--family", "bogus"],
         "smkpi: error: unknown family 'bogus'; choose from " + ", ".join(FAMILIES) + "\n"),
        (["report", "{data}", "--family", "engagment"],
         "smkpi: error: unknown family 'engagment'; did you mean 'engagement'? choose from "
         + ", ".join(FAMILIES) + "\n"),
    ],
)
def test_exit_2_with_one_line_on_stderr(cli, data, tmp_path, args, message):
    bad = targets(tmp_path, '  engagement.like_per_post: ">= 20"\n', "bad.yaml")
    subst = {"tmp": str(tmp_path), "data": str(data), "bad": str(bad)}
    r = cli([a.format(**subst) for a in args])
    assert r.exit_code == 2
    assert r.stderr.endswith(message.format(**subst))
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


def test_exit_2_on_usage_errors(cli, data):
    r = cli(["report", data, "--format", "pdf"])
    assert r.exit_code == 2 and "'pdf' is not one of 'table', 'json', 'html'" in r.stderr
    r = cli(["report"])
    assert r.exit_code == 2 and "Missing argument" in r.stderr


def test_strict_input_turns_rejected_rows_into_exit_2(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": "abc"}, {"post_id": "p2", "likes": 5}])
    assert cli(["report", d]).exit_code == 1  # without --strict-input the row is only noted
    r = cli(["report", d, "--strict-input"])
    assert r.exit_code == 2
    # The report is still printed (a CI job keeps it); the reason for exit 2 is the last stderr line.
    assert r.stderr.splitlines()[-1] == (f"smkpi: error: {d / 'posts.csv'}: 1 row(s) rejected (--strict-input), "
                                         f"first: likes is not a number at row 2")
    assert "Engagement" in r.stdout


# --- options -------------------------------------------------------------------------------
def test_family_limits_output(cli, data, tmp_path):
    t = targets(tmp_path, '  engagement.likes_per_post: ">= 20"\n')
    r = cli(["report", data, "--targets", t, "--family", "engagement", "--format", "json"])
    doc = json.loads(r.stdout)
    assert {k["family"] for k in doc["kpis"]} == {"engagement"}
    assert doc["settings"]["families"] == ["engagement"]
    r = cli(["report", data, "--targets", t, "--family", "Reach", "--family", "engagement"])
    assert "Engagement" in r.stdout and "Reach" in r.stdout and "Sentiment" not in r.stdout


def test_family_limits_judging_too(cli, data, tmp_path):
    # The missed reach target is outside the selected family, so it cannot fail the run.
    t = targets(tmp_path, '  engagement.likes_per_post: ">= 20"\n  reach.reach: ">= 1,000,000"\n')
    assert cli(["report", data, "--targets", t]).exit_code == 1
    assert cli(["report", data, "--targets", t, "--family", "engagement"]).exit_code == 0


def test_output_file_table(cli, data, tmp_path):
    out = tmp_path / "report.txt"
    t = targets(tmp_path, '  engagement.likes_per_post: "> 20"\n')
    r = cli(["report", data, "--targets", t, "--output", out])
    assert r.exit_code == 1
    assert r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "Likes per post" in text and "✗ fail" in text and not ANSI.search(text)


def test_output_file_json(cli, data, tmp_path):
    out = tmp_path / "report.json"
    r = cli(["report", data, "--format", "json", "--output", out, "--family", "engagement"])
    assert r.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["exit_code"] == r.exit_code == 0


def test_targets_default_to_targets_yaml_in_cwd(cli, data, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "targets.yaml").write_text('targets:\n  engagement.likes_per_post: "> 20"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    r = cli(["report", data, "--format", "json"])
    doc = json.loads(r.stdout)
    assert doc["settings"]["targets_file"] == "targets.yaml"
    judged = {k["id"]: k["status"] for k in doc["kpis"] if k["target"]}
    assert judged == {"engagement.likes_per_post": "fail"}
    assert r.exit_code == 1
    # an explicit --targets wins over ./targets.yaml
    t = targets(tmp_path, '  engagement.likes_per_post: ">= 20"\n')
    assert cli(["report", data, "--targets", t]).exit_code == 0


def test_no_color_has_no_ansi_even_on_a_forced_terminal(cli, data):
    colored = cli(["report", data, "--family", "engagement"], env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert ANSI.search(colored.stdout)  # the check below can fail
    plain = cli(["report", data, "--family", "engagement"], env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not ANSI.search(plain.stdout) and not ANSI.search(plain.stderr)
    assert "✓ pass" in plain.stdout  # status survives without colour


def test_narrow_terminal_drops_the_id_column(cli, data):
    wide = cli(["report", data, "--family", "engagement"])
    assert "engagement.likes_per_post" in wide.stdout
    narrow = cli(["report", data, "--family", "engagement"], env={"COLUMNS": "70"})
    assert "engagement.likes_per_post" not in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 70


def test_stderr_has_notes_and_stdout_has_results(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": "abc"}, {"post_id": "p2", "likes": 5},
                                {"post_id": "p2", "likes": 5}])
    write_csv(d / "misc.csv", [{"foo": 1}])
    r = cli(["report", d, "--family", "engagement"])
    posts, misc = d / "posts.csv", d / "misc.csv"
    assert r.stderr.splitlines() == [
        f"note: {posts}: 1 row(s) rejected: likes is not a number (e.g. 'abc'); row 2",
        f"note: {posts}: 1 duplicate row(s) dropped (same id seen again)",
        f"skipped: {misc}: no known kind: the name has no kind word (posts (post, content), comments (comment, "
        "mentions, mention), ads (ad, campaigns, campaign), sessions (session, web, analytics), tickets (ticket, "
        "inquiries, inquiry, support), kb (knowledge, articles, article), followers (follower, audience), "
        "influencer / influencers) and the columns match none; rename the file or set kind: under sources: in "
        "targets.yaml",
    ]
    assert "note:" not in r.stdout and "skipped:" not in r.stdout
    assert "Likes per post" in r.stdout
    quiet = cli(["report", d, "--family", "engagement", "--quiet"])
    assert quiet.stderr == "" and quiet.stdout == r.stdout


def test_json_stdout_is_one_document_and_nothing_else(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": "abc"}, {"post_id": "p2", "likes": 5}])
    write_csv(d / "misc.csv", [{"foo": 1}])
    r = cli(["report", d, "--format", "json"])
    doc = json.loads(r.stdout)  # raises on anything but exactly one JSON document
    assert isinstance(doc, dict) and r.stdout.endswith("}\n")
    assert "note:" in r.stderr and "skipped:" in r.stderr


# --- kpis ----------------------------------------------------------------------------------
def test_kpis_json_lists_the_registry(cli):
    r = cli(["kpis", "--format", "json"])
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [row["id"] for row in rows] == [k.id for k in all_kpis()]
    row = next(x for x in rows if x["id"] == "sentiment.positive_share")
    assert row["unit"] == "ratio" and row["direction"] == "higher" and row["default_target"] == "> 80%"
    row = next(x for x in rows if x["id"] == "communication.avg_response_time")
    assert row["default_target"] == "<= 1h"


def test_kpis_table_and_family(cli):
    r = cli(["kpis", "--family", "advertising"])
    assert r.exit_code == 0
    assert "advertising.cpc" in r.stdout and "engagement.rate" not in r.stdout
    assert "6 KPIs" in r.stdout


# --- init ----------------------------------------------------------------------------------
def test_init_writes_a_loadable_starter_and_refuses_to_overwrite(cli, tmp_path):
    from smkpi.config import load_settings

    r = cli(["init", tmp_path])
    dest = tmp_path / "targets.yaml"
    assert r.exit_code == 0 and r.stderr == f"wrote {dest}\n" and r.stdout == ""
    settings = load_settings(dest)
    assert "engagement.likes_per_post" in settings.targets
    dest.write_text("# mine\n", encoding="utf-8")
    r = cli(["init", tmp_path])
    assert r.exit_code == 2
    assert r.stderr == f"smkpi: error: {dest}: already exists; use --force to overwrite it\n"
    assert dest.read_text(encoding="utf-8") == "# mine\n"
    r = cli(["init", tmp_path, "--force"])
    assert r.exit_code == 0 and dest.read_text(encoding="utf-8") != "# mine\n"


def test_init_default_dir_is_cwd_and_creates_missing_dirs(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli(["init"]).exit_code == 0 and (tmp_path / "targets.yaml").is_file()
    assert cli(["init", "new/dir"]).exit_code == 0 and (tmp_path / "new/dir/targets.yaml").is_file()


def test_init_on_a_file_is_exit_2(cli, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x", encoding="utf-8")
    r = cli(["init", f])
    assert r.exit_code == 2 and r.stderr == f"smkpi: error: {f}: not a directory\n"


# --- version and help ----------------------------------------------------------------------
def test_version(cli):
    r = cli(["--version"])
    assert r.exit_code == 0 and r.stdout == f"smkpi {__version__}\n"


def _commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_every_command_is_tested_here():
    # A new command must be added here *and* get tests: inspect's live in tests/test_exports.py,
    # sentiment's in tests/test_sentiment.py.
    assert sorted(_commands()) == ["init", "inspect", "kpis", "report", "sentiment"]


@pytest.mark.parametrize("args", [[], *[[c] for c in _commands()]])
def test_help_on_every_command_has_text_and_an_example(cli, args):
    r = cli([*args, "--help"])
    assert r.exit_code == 0
    body = r.stdout.split("Options:")[0]
    summary = [line for line in body.splitlines()[1:] if line.strip()]
    assert summary, f"{args}: no help text"
    assert re.search(r"(Examples?|Start here):\s+smkpi ", r.stdout), f"{args}: help has no example"


def test_report_help_teaches_targets_and_points_to_init_and_kpis(cli):
    out = cli(["report", "--help"]).stdout
    assert "<list[Path]>" not in out and "<int range>" not in out  # readable metavars
    assert "PATH  Export files" in out and "--year YEAR" in out and "--family NAMES" in out
    assert 'engagement.comments_per_post: ">= 50"' in out and 'sentiment.positive_share: "> 80%"' in out
    assert "'smkpi init'" in out and "'smkpi kpis'" in out
    top = cli(["--help"]).stdout
    assert "smkpi init" in top and "smkpi kpis" in top and "--install-completion" in top


def test_family_takes_comma_lists_and_repeats(cli, data):
    def families(*args) -> list[str]:
        r = cli(["report", data, "--format", "json", "--quiet", *args])
        return sorted({k["family"] for k in json.loads(r.stdout)["kpis"]})

    assert families("--family", "engagement,sentiment") == ["engagement", "sentiment"]
    assert families("--family", "engagement", "--family", " Sentiment ,") == ["engagement", "sentiment"]
    r = cli(["kpis", "--family", "audience,knowledge", "--format", "json"])
    assert sorted({k["family"] for k in json.loads(r.stdout)}) == ["audience", "knowledge"]
    bad = cli(["report", data, "--family", "engagement,sentment"])
    assert bad.exit_code == 2 and "unknown family 'sentment'; did you mean 'sentiment'?" in bad.stderr


def test_year_accepts_only_years_the_reader_reads(cli, data):
    import datetime as dt

    from smkpi.cli import EARLIEST_YEAR
    from smkpi.load import EARLIEST

    assert EARLIEST_YEAR == EARLIEST.year  # one limit, stated twice: keep them equal
    for bad in ("1900", "1970", str(dt.date.today().year + 2)):
        r = cli(["report", data, "--year", bad])
        assert r.exit_code == 2 and "is not a year smkpi reads dates in; give 1971 to" in r.stderr, bad
    assert cli(["report", data, "--year", "2026", "--quiet"]).exit_code in (0, 1)


def test_catalogue_shows_the_built_in_severity(cli):
    rows = {r["id"]: r for r in json.loads(cli(["kpis", "--format", "json"]).stdout)}
    assert rows["communication.avg_response_time"]["default_severity"] == "warn"
    assert rows["engagement.likes_per_post"]["default_severity"] == "error"
    assert rows["engagement.posts"]["default_severity"] is None
    table = cli(["kpis", "--family", "communication"], terminal_width=120).stdout
    assert "<= 1h (warn)" in table


def test_init_escapes_a_hostile_folder_name(tmp_path):
    import subprocess
    import sys

    d = tmp_path / "evil\x1b]0;pwned\x07\x1b[2J"
    r = subprocess.run([sys.executable, "-m", "smkpi", "init", str(d)], capture_output=True, text=True)
    assert r.returncode == 0 and (d / "targets.yaml").is_file()
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert r.stderr == f"wrote {tmp_path}/evil\\x1b]0;pwned\\x07\\x1b[2J/targets.yaml\n"


def test_every_option_has_help(cli):
    import typing

    for cmd in app.registered_commands:
        hints = typing.get_type_hints(cmd.callback, include_extras=True)
        hints.pop("return", None)
        assert hints, cmd.callback.__name__
        for name, hint in hints.items():
            info = next((m for m in getattr(hint, "__metadata__", ())), None)
            assert info is not None and info.help, f"{cmd.callback.__name__} --{name} has no help"


def test_no_arguments_prints_help(cli):
    r = cli([])
    assert "Usage:" in r.stdout + r.stderr and "report" in r.stdout + r.stderr


def test_real_process_json_stdout_is_pure(tmp_path):
    """Outside CliRunner: a real `python -m smkpi` process, so stray prints (library warnings, Rich)
    on the real stdout would show up here."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import smkpi

    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": "abc"}, {"post_id": "p2", "likes": 5}])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(smkpi.__file__).parent.parent),
                                                        os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, "-m", "smkpi", "report", str(d), "--format", "json"], cwd=tmp_path,
                       capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    doc = json.loads(p.stdout)
    assert p.returncode == doc["exit_code"] == 1  # likes per post 5 < 20
    assert p.stderr.startswith(f"note: {d / 'posts.csv'}: 1 row(s) rejected")
    bad = subprocess.run([sys.executable, "-m", "smkpi", "report", str(tmp_path / "missing")], cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == f"smkpi: error: {tmp_path / 'missing'}: no such file or directory\n"


def test_error_lines_escape_terminal_control_characters(cli, data, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  "\\e[31mred\\u202e": ">= 1"\n', encoding="utf-8")  # YAML escapes: ESC and RLO
    r = cli(["report", data, "--targets", t])
    assert r.exit_code == 2
    assert r.stderr == f"smkpi: error: {t}:2: targets.\\x1b[31mred\\u202e: unknown KPI id; run 'smkpi kpis' for the list\n"


@pytest.mark.parametrize("width", ["80", "160"])
def test_kpis_table_never_breaks_an_id(cli, width):
    r = cli(["kpis"], env={"COLUMNS": width})
    assert r.exit_code == 0
    for k in all_kpis():
        assert f" {k.id} " in r.stdout, k.id
    assert ("┃ Label" in r.stdout) == (width == "160")  # labels when there is room


def test_a_broken_targets_yaml_in_cwd_is_exit_2(cli, data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "targets.yaml").write_text("targets:\n  engagement.rate: >= 3%\n", encoding="utf-8")
    r = cli(["report", data])
    assert r.exit_code == 2
    assert r.stderr.startswith("smkpi: error: targets.yaml:2:21: YAML syntax error:")
    assert r.stderr.endswith('(quote targets that start with > or <, e.g. ">= 20")\n')


def test_nothing_readable_is_exit_2_not_a_miss(cli, tmp_path):
    # Every file skipped means nothing could be judged: exit 2, not exit 1 with every target no_data.
    write_csv(tmp_path / "notes.csv", [{"a": 1, "b": 2}])
    r = cli(["report", tmp_path / "notes.csv"])
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith("smkpi: error: no data file of a known kind among the inputs")
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--bogus"], "smkpi: error: No such option: --bogus (see 'smkpi report --help')\n"),
    (["report", ".", "-f", "pdf"],
     "smkpi: error: Invalid value for '--format' / '-f': 'pdf' is not one of 'table', 'json', 'html', 'xlsx', "
     "'markdown', 'junit'. "
     "(see 'smkpi report --help')\n"),
    (["report"], "smkpi: error: Missing argument 'PATH'. (see 'smkpi report --help')\n"),
])
def test_real_process_usage_errors_are_one_line(tmp_path, args, message):
    # The parser's own errors follow the same rule as smkpi's: one line on stderr, exit 2.
    import os
    import subprocess
    import sys
    from pathlib import Path

    import smkpi

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(smkpi.__file__).parent.parent),
                                                        os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, "-m", "smkpi", *args], cwd=tmp_path, capture_output=True, text=True,
                       encoding="utf-8", env=env, timeout=120)
    assert (p.returncode, p.stdout, p.stderr) == (2, "", message)


def test_kpis_table_says_which_columns_a_narrow_terminal_hides(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = cli(["kpis", "--family", "audience"])
    shown = " ".join(r.stdout.split())  # the caption may wrap at 80 columns
    assert "Label, Formula, Needs hidden at this width: widen the terminal or use --format json" in shown
    monkeypatch.setenv("COLUMNS", "160")
    assert "hidden at this width" not in cli(["kpis", "--family", "audience"]).stdout


def test_dash_as_an_output_says_stdout_needs_no_o(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from pathlib import Path

    r = cli(["report", Path(__file__).parent.parent / "examples" / "data", "-o", "-"])
    assert r.exit_code == 2 and not (tmp_path / "-").exists()
    assert r.stderr == ("smkpi: error: -o -: the report goes to stdout without -o; choose its format with --format "
                        "(json, markdown, html, junit, github)\n")
