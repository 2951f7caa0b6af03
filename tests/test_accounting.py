"""Row accounting: for every input file, rows read = rows used + rows rejected + duplicates dropped.

Checked over every data file under tests/ (tests/fixtures and tests/malformed), one file at a time
and all together, and shown in the table footer and the JSON ``inputs``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import write_csv
from smkpi.config import load_settings
from smkpi.errors import SmkpiError
from smkpi.load import load
from smkpi.readers import DATA_SUFFIXES

TESTS = Path(__file__).parent
MALFORMED = TESTS / "malformed"
ROOTS = [TESTS / "fixtures", MALFORMED]


def data_files() -> list[Path]:
    out = []
    for root in ROOTS:
        if root.is_dir():
            out += [p for p in sorted(root.rglob("*"))
                    if p.is_file() and p.suffix.lower() in DATA_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return out


def _physical_records(path: Path) -> int | None:
    """Data records of a CSV by the csv module (an independent count), None for other formats."""
    if path.suffix.lower() != ".csv":
        return None
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)


FILES = data_files()


def test_the_corpus_is_not_empty():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TESTS)))
def test_rows_read_equal_used_plus_rejected_plus_duplicates(path):
    try:
        loaded = load([path], load_settings(None))
    except SmkpiError:
        pytest.skip("a file-level error: the whole file is refused (tested in test_malformed)")
    for f in loaded.inputs:
        assert f.rows == f.used + f.rejected + f.duplicates + f.blank, f
        assert min(f.rows, f.used, f.rejected, f.duplicates) >= 0
        assert f.rejected == sum(p.count for p in f.problems)
        assert all(p.rows and len(p.rows) <= p.count and p.reason for p in f.problems)
    # The rows used are exactly the rows in the datasets.
    assert sum(d.frame.height for d in loaded.datasets.values()) == sum(f.used for f in loaded.inputs)
    # The independent record count is checked on the malformed corpus (plain UTF-8 CSV, header on line 1);
    # other fixtures may carry preambles or other encodings that the csv module would count differently.
    expected = _physical_records(path) if MALFORMED in path.parents else None
    if expected is not None and loaded.inputs:
        # Nothing vanishes between the file and the count: every record is a row (blank lines included,
        # which Polars reads as empty rows and the loader rejects as "row is empty").
        with open(path, encoding="utf-8-sig", newline="") as fh:
            blank_tail = fh.read().endswith("\n\n")
        if not blank_tail:
            assert loaded.inputs[0].rows == expected


def test_identity_holds_for_every_readable_file_together():
    readable = []
    for p in FILES:
        try:
            if load([p], load_settings(None)).inputs:  # skipped files (no known kind) are not inputs
                readable.append(p)
        except SmkpiError:
            pass
    loaded = load(readable, load_settings(None))
    assert len(loaded.inputs) == len(readable)
    for f in loaded.inputs:
        assert f.rows == f.used + f.rejected + f.duplicates + f.blank, f
    assert sum(d.frame.height for d in loaded.datasets.values()) == sum(f.used for f in loaded.inputs)


def test_duplicates_across_files_counted_in_the_earlier_file(tmp_path):
    a = write_csv(tmp_path / "a_posts.csv", [{"post_id": "p1", "likes": 1}, {"post_id": "p2", "likes": 2},
                                            {"post_id": "p2", "likes": 3}])
    b = write_csv(tmp_path / "b_posts.csv", [{"post_id": "p1", "likes": 10}, {"post_id": "bad", "likes": "x"}])
    loaded = load([tmp_path], load_settings(None))
    got = {Path(f.path).name: (f.rows, f.used, f.rejected, f.duplicates) for f in loaded.inputs}
    # a: p1 superseded by b's copy, the first p2 by the second: 3 rows = 1 used + 0 rejected + 2 duplicates
    assert got == {a.name: (3, 1, 0, 2), b.name: (2, 1, 1, 0)}
    assert sorted(loaded.datasets["posts"].frame["likes"].to_list()) == [3, 10]


def test_footer_and_json_show_the_accounting(cli, tmp_path):
    write_csv(tmp_path / "a_posts.csv", [{"post_id": "p1", "likes": 1}, {"post_id": "p1", "likes": 2},
                                        {"post_id": "p3", "likes": -1}])
    write_csv(tmp_path / "b_posts.csv", [{"post_id": "p4", "likes": 4}])
    r = cli(["report", tmp_path, "--family", "engagement", "--format", "json"])
    doc = json.loads(r.stdout)
    got = [(Path(i["path"]).name, i["rows"], i["used"], i["rejected"], i["duplicates"]) for i in doc["inputs"]]
    assert got == [("a_posts.csv", 3, 1, 1, 1), ("b_posts.csv", 1, 1, 0, 0)]
    t = cli(["report", tmp_path, "--family", "engagement"])
    lines = t.stdout.splitlines()
    footer = next(ln for ln in lines if "2 file(s)" in ln)
    # Totals: rows 4 = used 2 + rejected 1 + duplicates 1
    assert [c.strip() for c in footer.strip("│ ").split("│")][2:] == ["4", "2", "1", "1", "0"]  # blank 0
    assert any("rows read = used + rejected + duplicates dropped + blank" in ln for ln in lines)


@pytest.mark.parametrize("clash", [False, True], ids=["hashes", "every-hash-clashes"])
def test_duplicates_are_found_by_key_even_when_hashes_clash(tmp_path, monkeypatch, clash):
    # Rows are grouped by a hash of their key first; a clash must never merge two different keys.
    import polars as pl

    from smkpi import dedup

    if clash:
        monkeypatch.setattr(dedup, "key_hash", lambda key: pl.col(key[0]).hash() * 0 + 7)
    rows = [{"post_id": "P1", "platform": "facebook", "likes": 1}, {"post_id": "P2", "platform": "facebook", "likes": 2},
            {"post_id": "P1", "platform": "instagram", "likes": 3}, {"post_id": "P1", "platform": "facebook", "likes": 4},
            {"post_id": "P3", "platform": None, "likes": 5}, {"post_id": "P3", "platform": None, "likes": 6}]
    write_csv(tmp_path / "posts.csv", rows)
    loaded = load([tmp_path], load_settings(None))
    frame = loaded.datasets["posts"].frame.sort("likes")
    assert frame.get_column("likes").to_list() == [2, 3, 4, 6]
    assert loaded.inputs[0].duplicates == 2


def test_blank_rows_are_counted_as_blank_and_rows_with_only_unread_text_are_not(tmp_path):
    # Blank rows are found after the read (only rows with no value in any column read are checked
    # again, cell by cell): a row whose only value sits in a column no KPI reads is not blank.
    (tmp_path / "comments.csv").write_text(
        "comment_id,created_at,platform,text,sentiment,note\n"
        "C1,2026-10-01T10:00:00Z,facebook,hello,positive,\n"
        ",,,only text,,\n"          # row 3: kept (its text is a value)
        ",,,,,\n"                   # row 4: empty
        " , ,\t, ,  ,\u00a0\n"      # row 5: white space only
        ",,,,,unmapped\n"           # row 6: a value in an unmapped column: not blank
        "\n"                        # row 7: a blank line
        "C2,2026-10-02T10:00:00Z,x,,negative,\n", encoding="utf-8")
    (tmp_path / "posts.csv").write_text("post_id,likes\nP1,3\n,\n , \n", encoding="utf-8")
    loaded = load([tmp_path], load_settings(None))
    comments, posts = sorted(loaded.inputs, key=lambda i: i.path)
    # Rows 4, 5, 7 are not data (issue 9 item 8): blank, not rejected.
    assert comments.problems == []
    assert (comments.rows, comments.used, comments.rejected, comments.blank) == (7, 4, 0, 3)
    # posts: a blank row is blank, not "post_id is empty"
    assert (posts.problems, posts.rows, posts.used, posts.blank) == ([], 3, 1, 2)
