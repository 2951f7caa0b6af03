"""Malformed inputs: every case in tests/malformed/ is either a file problem or a row problem.

- File problem: one line on stderr naming the file (and the line, where there is one), exit 2.
- Row problem: exit 0/1, the bad rows rejected with a reason and their row numbers; exit 2 under
  --strict-input.

The crash-free test at the bottom runs the CLI over every data case in the corpus, so a new file
dropped into tests/malformed/ must also be listed here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import write_csv
from smkpi.config import load_settings
from smkpi.errors import InputError, SmkpiError
from smkpi.load import load

MALFORMED = Path(__file__).parent / "malformed"
TARGETS = MALFORMED / "targets"

# name -> stderr must contain this after "smkpi: error: <path>" (file problems, exit 2)
FILE_PROBLEMS: dict[str, str] = {
    "empty_posts.csv": ": the file is empty",
    "binary_junk_posts.csv": ": looks like a binary file",
    "unbalanced_quote_posts.csv": ":3: a quoted field never closes",
    "stray_quote_posts.csv": ":3: a quote inside an unquoted value; quote the whole value and double the quote",
    "text_after_quote_posts.csv": ":3: text after a closing quote; quote the whole value",
    "duplicate_header_posts.csv": ": column 'Likes' appears twice in the header",
    "json_object_not_array_posts.json": ': a JSON object must hold its rows in an array under "data"',
    "json_array_of_numbers_posts.json": ": JSON record 1 is a number, not an object",
    "json_scalar_posts.json": ": JSON must be an array of objects (found a string)",
    "json_truncated_posts.json": ":3: not valid JSON",
    "dir_without_data_files": ": no CSV, JSON or Excel files to read in this folder (skipped README.md: not a data "
                              "file (.md);",
    # A name is a hint: with neither the id nor a tickets metric, the file is not read as tickets.
    "missing_required_column_tickets.csv": ": not read as tickets: the name says tickets ('tickets') but the file "
                                           "has none of the columns that make one (ticket_id, created_at,",
}

# name -> (rows, used, {reason: row numbers}) for row problems (exit 0/1, rows rejected)
ROW_PROBLEMS: dict[str, tuple[int, int, dict[str, list[int]]]] = {
    "header_only_posts.csv": (0, 0, {}),
    "truncated_final_line_posts.csv": (3, 2, {"row has 3 fields, header has 6": [4]}),
    "ragged_too_few_fields_posts.csv": (3, 2, {"row has 3 fields, header has 6": [3]}),
    # Too many fields: the same rule (issue 9 item 13), whichever columns the run reads.
    "ragged_too_many_fields_posts.csv": (3, 2, {"row has 8 fields, header has 6": [3]}),
    "mixed_types_posts.csv": (4, 1, {"likes is not a number": [3, 5], "likes is not a whole number": [4]}),
    "nan_inf_huge_posts.csv": (6, 1, {"likes is not a finite number": [3, 4, 5],
                                      "likes is implausibly large": [6, 7]}),
    "negative_counts_posts.csv": (3, 1, {"likes is negative": [3], "comments is negative": [4]}),
    "bad_timestamps_posts.csv": (4, 1, {"published_at is not a date/time": [3, 4, 5]}),
    "future_dates_posts.csv": (2, 1, {"published_at is in the future": [3]}),
    "jsonl_bad_lines_posts.jsonl": (3, 1, {"line is not a JSON object": [2], "line is not valid JSON": [3]}),
    "blank_lines_sessions.csv": (4, 2, {}),  # 2 blank rows: not data, counted as blank
    "bad_words_tickets.csv": (4, 1, {"escalated is not true/false": [3], "csat is not a 1-5 score or good/bad": [4],
                                     "ticket_id is empty": [5]}),
}


def data_cases() -> list[str]:
    return sorted(p.name for p in MALFORMED.iterdir() if p.name != "targets" and not p.name.startswith("."))


def test_every_corpus_file_has_an_expectation():
    # A case added to the corpus without a declared outcome would be tested by nothing.
    assert set(data_cases()) == set(FILE_PROBLEMS) | set(ROW_PROBLEMS)


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("smkpi: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("name", sorted(FILE_PROBLEMS))
def test_file_problem_is_one_line_naming_the_file_and_exit_2(cli, name):
    path = MALFORMED / name
    r = cli(["report", path])
    assert r.exit_code == 2
    line = _one_error_line(r.stderr)
    assert line.startswith("smkpi: error: ") and f"{path}{FILE_PROBLEMS[name]}" in line
    assert r.stdout == ""


@pytest.mark.parametrize("name", sorted(ROW_PROBLEMS))
def test_row_problem_rejects_rows_with_reason_and_row_numbers(cli, name):
    rows, used, problems = ROW_PROBLEMS[name]
    r = cli(["report", MALFORMED / name, "--format", "json"])
    assert r.exit_code in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    doc = json.loads(r.stdout)
    (inp,) = doc["inputs"]
    assert (inp["rows"], inp["used"], inp["rejected"], inp["duplicates"]) == (
        rows, used, sum(len(v) for v in problems.values()), 0)
    assert {p["reason"]: p["rows"] for p in inp["problems"]} == problems
    # The table run says the same on stderr, one note per reason naming the file and the rows.
    t = cli(["report", MALFORMED / name])
    assert t.exit_code == r.exit_code
    for reason, row_numbers in problems.items():
        note = next(ln for ln in t.stderr.splitlines() if reason in ln)
        assert note.startswith(f"note: {MALFORMED / name}: {len(row_numbers)} row(s) rejected: {reason}")
        assert note.endswith(("row " if len(row_numbers) == 1 else "rows ") + ", ".join(map(str, row_numbers)))


@pytest.mark.parametrize("name", sorted(n for n, (_, _, p) in ROW_PROBLEMS.items() if p))
def test_strict_input_turns_rejected_rows_into_exit_2(cli, name):
    r = cli(["report", MALFORMED / name, "--strict-input", "--format", "json", "-q"])
    assert r.exit_code == 2
    line = _one_error_line(r.stderr)
    assert f"{MALFORMED / name}: " in line and "row(s) rejected (--strict-input)" in line
    assert json.loads(r.stdout)["exit_code"] == 2  # the report is still written, and says it


def test_strict_input_turns_a_skipped_file_into_exit_2(cli, tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 3}])
    (tmp_path / "notes.md").write_text("not data\n")
    ok = cli(["report", tmp_path, "--format", "json"])
    assert ok.exit_code in (0, 1)
    assert [s["path"] for s in json.loads(ok.stdout)["skipped"]] == [str(tmp_path / "notes.md")]
    r = cli(["report", tmp_path, "--strict-input", "-q"])  # -q: notes silenced, never the error line
    assert r.exit_code == 2
    assert _one_error_line(r.stderr) == (f"smkpi: error: {tmp_path / 'notes.md'}: skipped (--strict-input): "
                                         f"not a data file (.md)")


def test_strict_input_passes_clean_input(cli, tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 30, "comments": 60, "shares": 40}])
    (tmp_path / "t.yaml").write_text('targets:\n  engagement.likes_per_post: ">= 20"\n')
    r = cli(["report", tmp_path / "posts.csv", "--strict-input", "--targets", tmp_path / "t.yaml"])
    assert r.exit_code == 0, r.stderr


def test_rows_with_too_few_fields_keep_quoted_multiline_cells(tmp_path):
    # A quoted cell spanning lines is one record (no false "too few fields"); a short row after it is caught.
    p = tmp_path / "posts.csv"
    p.write_text('post_id,title,likes\np1,"two\nlines, and a comma",3\np2,"he said ""hi""",4\np3\np4,x,5\n')
    loaded = load([p], load_settings(None))
    (f,) = loaded.inputs
    assert (f.rows, f.used, f.rejected) == (4, 3, 1)
    assert [(x.reason, x.rows) for x in f.problems] == [("row has 1 fields, header has 3", [4])]


def test_semicolon_file_with_too_few_fields(tmp_path):
    p = tmp_path / "posts.csv"
    p.write_text("post_id;likes;comments\np1;3;1\np2;4\n")
    (f,) = load([p], load_settings(None)).inputs
    assert [(x.reason, x.rows) for x in f.problems] == [("row has 2 fields, header has 3", [3])]


def test_trailing_empty_cell_is_not_a_short_row(tmp_path):
    p = tmp_path / "posts.csv"
    p.write_text("post_id,likes,campaign\np1,3,\np2,4,spring\n")
    (f,) = load([p], load_settings(None)).inputs
    assert (f.rows, f.used, f.rejected) == (2, 2, 0)


def test_path_that_does_not_exist(cli, tmp_path):
    missing = tmp_path / "nope" / "posts.csv"
    r = cli(["report", missing])
    assert r.exit_code == 2
    assert _one_error_line(r.stderr) == f"smkpi: error: {missing}: no such file or directory"


def _running_as_root_can_read(path: Path) -> bool:
    try:
        path.read_bytes()
        return True
    except PermissionError:
        return False


def test_unreadable_file_permissions(cli, tmp_path):
    p = write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 3}])
    p.chmod(0)
    try:
        if _running_as_root_can_read(p):
            pytest.skip("running as root: chmod 000 does not stop reads (see the simulated test below)")
        r = cli(["report", p])
    finally:
        p.chmod(0o644)
    assert r.exit_code == 2
    assert _one_error_line(r.stderr) == f"smkpi: error: {p}: permission denied; make the file readable"


def test_unreadable_file_simulated(cli, tmp_path, monkeypatch):
    # Root (as in CI) reads anything, so the PermissionError the OS would raise is raised for it.
    p = write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 3}])
    real_open = open

    def guarded_open(file, *a, **kw):
        if Path(str(file)) == p:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr("builtins.open", guarded_open)
    r = cli(["report", p])
    assert r.exit_code == 2
    assert _one_error_line(r.stderr) == f"smkpi: error: {p}: permission denied; make the file readable"


def test_file_name_that_is_not_utf8(cli, tmp_path):
    if os.name != "posix":
        pytest.skip("byte file names are a POSIX thing")
    d = tmp_path / "d"
    d.mkdir()
    try:
        (d / os.fsdecode(b"posts_\xff.csv")).write_text("post_id,likes\np1,3\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses non-UTF-8 names")
    r = cli(["report", d])
    assert r.exit_code == 2
    line = _one_error_line(r.stderr)
    # Skipped, never the end of the run (issue 14): here it was the only file, so nothing is left to read.
    assert line.endswith("(skipped posts_\\udcff.csv: the file name is not valid UTF-8; rename the file to read it)")


def test_lone_surrogate_in_json_does_not_crash_outputs(cli, tmp_path):
    p = tmp_path / "posts.json"
    p.write_text('[{"post_id": "p1", "content_type": "\\ud800video", "views": 5}]')
    for fmt_ in ("table", "json"):
        r = cli(["report", p, "--family", "content", "--format", fmt_])
        assert r.exit_code in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    views = next(k for k in doc["kpis"] if k["id"] == "content.views_by_type")
    assert views["value"] == {"\ufffdvideo": 5}


# --- crash-free CLI over the whole corpus ---------------------------------------------------------
@pytest.mark.parametrize("name", data_cases())
@pytest.mark.parametrize("fmt_", ["table", "json"])
def test_cli_is_crash_free_over_the_corpus(cli, name, fmt_):
    r = cli(["report", MALFORMED / name, "--format", fmt_])
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    if name in FILE_PROBLEMS:
        assert r.exit_code == 2
        assert str(MALFORMED / name) in _one_error_line(r.stderr)
        assert r.stdout == ""
    else:
        assert r.exit_code in (0, 1)
        if fmt_ == "json":
            json.loads(r.stdout)
        strict = cli(["report", MALFORMED / name, "--format", fmt_, "--strict-input"])
        assert strict.exit_code == (2 if ROW_PROBLEMS[name][2] else r.exit_code)


def test_the_whole_corpus_directory_at_once_reports_every_readable_file(cli, tmp_path):
    # Issue 9 item 6: an unreadable file never hides the others. Every readable file is reported,
    # each unreadable one is listed with its one-line reason, and the exit code is 2.
    d = tmp_path / "mix"
    shutil.copytree(MALFORMED, d, ignore=shutil.ignore_patterns("targets", "dir_without_data_files"))
    unreadable = sorted(n for n in FILE_PROBLEMS if n != "dir_without_data_files")
    r = cli(["report", d, "--format", "json"])
    assert r.exit_code == 2, r.stderr
    doc = json.loads(r.stdout)
    assert doc["exit_code"] == 2
    # Each file problem is listed: under errors (cannot be read), or under skipped where discovery
    # already tells the file is no data (empty, binary, no column of its kind).
    errored = sorted(Path(e["path"]).name for e in doc["errors"])
    skipped = {Path(x["path"]).name for x in doc["skipped"]}
    assert sorted(set(errored) | (skipped & set(unreadable))) == unreadable and len(errored) >= 5
    unreadable = errored
    for e in doc["errors"]:
        assert _without_location(FILE_PROBLEMS[Path(e["path"]).name]).lstrip(": ") in e["reason"], e
    readable = {Path(i["path"]).name for i in doc["inputs"]}
    assert readable == set(ROW_PROBLEMS)
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == len(unreadable)
    t = cli(["report", d, "--quiet"])
    assert t.exit_code == 2
    assert "Inputs" in t.stdout and "(unreadable)" in t.stdout and "not everything could be judged" in t.stdout
    assert len([ln for ln in t.stderr.splitlines() if ln.startswith("error: ")]) == len(unreadable)


def test_one_unreadable_file_beside_a_good_one(cli, tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 30, "comments": 6, "shares": 4}])
    (tmp_path / "tickets.csv").write_text('ticket_id,created_at\nT1,"2025-01-01\n', encoding="utf-8")
    r = cli(["report", tmp_path, "--format", "json"])
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert doc["errors"] == [{"path": str(tmp_path / "tickets.csv"),
                              "reason": "line 2: a quoted field never closes (check the quotes on this line)"}]
    assert [(i["path"], i["rows"], i["used"]) for i in doc["inputs"]] == [(str(tmp_path / "posts.csv"), 1, 1)]
    likes = next(k for k in doc["kpis"] if k["id"] == "engagement.likes_per_post")
    assert likes["value"] == 30.0
    assert f"error: {tmp_path / 'tickets.csv'}: line 2: a quoted field never closes" in r.stderr
    # Alone, the unreadable file is still one line and exit 2, with nothing on stdout.
    alone = cli(["report", tmp_path / "tickets.csv", "--format", "json"])
    assert alone.exit_code == 2 and alone.stdout == ""
    assert _one_error_line(alone.stderr) == (f"smkpi: error: {tmp_path / 'tickets.csv'}:2: a quoted field never "
                                             f"closes (check the quotes on this line)")



def test_every_file_unreadable_gets_a_line_each(cli, tmp_path):
    # README: "one line per file that cannot be read". With no readable file there is no report,
    # but the second file's problem must not wait for the first to be fixed.
    (tmp_path / "posts.csv").write_text('post_id,likes\np1,"3\n', encoding="utf-8")
    (tmp_path / "tickets.csv").write_text('ticket_id,created_at\nT1,2025-01-01\nT2,"2025\n', encoding="utf-8")
    for fmt in ("table", "json"):
        r = cli(["report", tmp_path, "--format", fmt])
        assert r.exit_code == 2 and r.stdout == ""
        assert r.stderr.splitlines() == [
            f"smkpi: error: {tmp_path / 'posts.csv'}:2: a quoted field never closes (check the quotes on this line)",
            f"smkpi: error: {tmp_path / 'tickets.csv'}:3: a quoted field never closes (check the quotes on this line)",
        ]
    with pytest.raises(InputError) as e:  # the library: one exception, every file's message
        load([tmp_path], load_settings(None))
    assert str(e.value).startswith(f"{tmp_path / 'posts.csv'}:2: ") and len(e.value.lines) == 2

# --- targets file ---------------------------------------------------------------------------
TARGET_PROBLEMS = {
    "syntax_unquoted_operator.yaml": ":3:31: YAML syntax error: ",
    "syntax_bad_indent.yaml": ":3:4: YAML syntax error: ",
    "duplicate_key.yaml": ":3: duplicate key 'engagement.likes_per_post' (first on line 2)",
    "duplicate_top_key.yaml": ":2: duplicate key 'timezone' (first on line 1)",
    "not_a_mapping_list.yaml": ": must be a mapping with keys such as timezone, targets (found a list)",
    "not_a_mapping_scalar.yaml": ": must be a mapping with keys such as timezone, targets (found a str)",
    "unknown_top_key.yaml": ":2: colour: unknown key",
    "unknown_business_hours_key.yaml": ":3: business_hours.lunch: unknown key",
    "unknown_long_form_key.yaml": ":2: targets.engagement.likes_per_post: owner: unknown key",
    "unknown_sources_key.yaml": ":4: sources.0.colour: unknown key",
    "unknown_kpi_id.yaml": ":2: targets.engagement.likes_per_pots: unknown KPI id; did you mean "
                           "'engagement.likes_per_post'?",
    "wrong_type_timezone.yaml": ":1: timezone: Input should be a valid string",
    "wrong_type_targets_list.yaml": ":1: targets: Input should be a valid dictionary",
    "wrong_type_days.yaml": ":2: business_hours.days: Input should be a valid list",
    "wrong_type_bare_number.yaml": ":2: targets.engagement.likes_per_post: '20' needs an operator and quotes",
    "wrong_severity.yaml": ":2: targets.engagement.likes_per_post: severity: Input should be 'error' or 'warn'",
    "billion_laughs.yaml": ":2: YAML aliases (*name) are not allowed in a targets file",
    "python_tag.yaml": ":1:10: YAML syntax error: could not determine a constructor",
    "control_character.yaml": ":2: character U+0007 is not allowed in YAML; remove it",
}


def test_every_targets_case_has_an_expectation():
    assert {p.name for p in TARGETS.glob("*.yaml")} == set(TARGET_PROBLEMS)


@pytest.mark.parametrize("name", sorted(TARGET_PROBLEMS))
def test_targets_problem_is_one_line_with_file_and_line_exit_2(cli, name):
    t = TARGETS / name
    r = cli(["report", MALFORMED / "header_only_posts.csv", "--targets", t])
    assert r.exit_code == 2
    line = _one_error_line(r.stderr)
    assert line.startswith(f"smkpi: error: {t}{TARGET_PROBLEMS[name]}"), line


def test_unquoted_operator_hint(cli):
    r = cli(["report", MALFORMED / "header_only_posts.csv", "--targets", TARGETS / "syntax_unquoted_operator.yaml"])
    assert '(quote targets that start with > or <, e.g. ">= 20")' in r.stderr


def test_billion_laughs_is_refused_quickly():
    import time

    t0 = time.perf_counter()
    with pytest.raises(SmkpiError, match="aliases"):
        load_settings(TARGETS / "billion_laughs.yaml")
    # Generous: expanding the bomb would take minutes and gigabytes; refusing it takes milliseconds.
    assert time.perf_counter() - t0 < 5


def test_a_single_harmless_alias_is_refused_too(tmp_path):
    p = tmp_path / "targets.yaml"
    p.write_text('base: &t ">= 20"\ntargets:\n  engagement.likes_per_post: *t\n')
    with pytest.raises(SmkpiError, match=r"targets.yaml:3: YAML aliases"):
        load_settings(p)


def test_very_large_targets_file_is_refused_before_parsing(cli, tmp_path):
    p = tmp_path / "targets.yaml"
    with open(p, "w") as fh:
        fh.write("targets:\n")
        for i in range(60_000):
            fh.write(f"  # filler comment line {i:08d} to make the file large\n")
    assert p.stat().st_size > 1 << 20
    r = cli(["report", MALFORMED / "header_only_posts.csv", "--targets", p])
    assert r.exit_code == 2
    assert re.fullmatch(rf"smkpi: error: {re.escape(str(p))}: [\d,]+ bytes is too large for a targets file "
                        r"\(limit 1,048,576\)", _one_error_line(r.stderr))


def test_deeply_nested_targets_file(tmp_path):
    p = tmp_path / "targets.yaml"
    p.write_text("targets: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(SmkpiError, match=r"targets.yaml: nested too deeply to be a targets file"):
        load_settings(p)


def test_targets_file_not_utf8_or_missing_or_directory(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"currency: \xa3\n")
    with pytest.raises(SmkpiError, match=r"latin1.yaml: not UTF-8 text \(byte 10\)"):
        load_settings(bad)
    with pytest.raises(SmkpiError, match="targets file not found; create one with 'smkpi init'"):
        load_settings(tmp_path / "missing.yaml")
    with pytest.raises(SmkpiError, match="is a directory"):
        load_settings(tmp_path)


def test_empty_targets_file_means_defaults(tmp_path):
    p = tmp_path / "targets.yaml"
    p.write_text("# nothing yet\n")
    s = load_settings(p)
    assert "engagement.likes_per_post" in s.targets


def test_input_error_type_for_file_problems():
    with pytest.raises(InputError):
        load([MALFORMED / "binary_junk_posts.csv"], load_settings(None))


# --- the documented promises match these tests ------------------------------------------------
GUARANTEES = Path(__file__).parent.parent / "docs" / "guarantees.md"


def _doc_text() -> str:
    for candidate in (GUARANTEES, GUARANTEES.parent.parent / "README.md"):
        if candidate.is_file() and "What smkpi guarantees about bad input" in candidate.read_text(encoding="utf-8"):
            return candidate.read_text(encoding="utf-8")
    pytest.skip("the guarantees section is not in this checkout")


def _without_location(fragment: str) -> str:
    return re.sub(r"^:(\d+:){0,2} ?", "", fragment)


def test_documented_guarantees_match_the_tests():
    doc = _doc_text()
    for fragment in [*FILE_PROBLEMS.values(), *TARGET_PROBLEMS.values()]:
        assert _without_location(fragment) in doc, fragment
    for _, _, problems in ROW_PROBLEMS.values():
        for reason in problems:
            assert f"`{reason}`" in doc, reason
    for code in ("| 0 |", "| 1 |", "| 2 |", "--strict-input", "rows read = rows used + rows rejected + duplicates"):
        assert code in doc


@pytest.mark.parametrize("column", ["_i", "_fields", "_l", "_pre_reason", "_reason", "_bad", "_row", "_src_row", "_file"])
def test_columns_named_like_internal_ones_are_just_columns(tmp_path, column):
    p = tmp_path / "posts.csv"
    p.write_text(f"post_id,likes,{column}\np1,3,x\np2\n")
    (f,) = load([p], load_settings(None)).inputs
    assert (f.rows, f.used, f.rejected) == (2, 1, 1)
    assert [(x.reason, x.rows) for x in f.problems] == [("row has 1 fields, header has 3", [3])]


def test_field_check_reads_bytes_and_skips_a_preamble():
    # For readers that re-encode a file or skip preamble lines: the check must scan the same text.
    import polars as pl

    from smkpi.readers.csvcheck import with_field_check

    data = b"Report: January\n\npost_id,likes,views\np1,3,4\np2,5\n"
    lf = pl.scan_csv(data, skip_lines=2, infer_schema=False)
    out = with_field_check(lf, data, ",", ["post_id", "likes", "views"], "why", header_line=3).collect()
    assert out["why"].to_list() == [None, "row has 2 fields, header has 3"]


def test_a_folder_mixing_every_fixture_class_reports_the_readable_and_lists_the_rest(cli, tmp_path):
    # Every export fixture beside every malformed case: one full report, one `error:` line per file
    # that cannot be read (the file-problem cases that are files of a known kind), exit 2.
    import shutil

    shutil.copytree(Path(__file__).parent / "fixtures" / "exports", tmp_path / "exports")
    shutil.copytree(MALFORMED, tmp_path / "malformed", ignore=shutil.ignore_patterns("targets"))
    r = cli(["report", tmp_path])
    assert r.exit_code == 2
    assert "Traceback" not in r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error: ")]
    unreadable = {n for n in FILE_PROBLEMS if n not in ("empty_posts.csv", "dir_without_data_files",
                                                        "missing_required_column_tickets.csv")}  # skipped, not errors
    assert sorted(ln.split(": ", 2)[1].rsplit("/", 1)[-1] for ln in errors) == sorted(unreadable)
    for family in ("Engagement", "Advertising", "Communication", "Audience"):
        assert family in r.stdout  # the readable files' report is printed in full
