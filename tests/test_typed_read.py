"""The CSV reader types plain numeric columns itself (load.read_types); the result never differs
from reading every cell as text.

- Every data file under tests/ and examples/ reports the same with typed reads as with text only.
- A cell past the head/tail samples that is not a plain number ("N/A", "1,234") makes the typed
  read fail, and the file is read again as text: the cell is read or rejected exactly as in text.
- Random numeric-looking cells give the same rows, values and reasons both ways (hypothesis).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polars as pl

from smkpi import load as load_mod
from smkpi import typed as typed_mod
from smkpi.config import load_settings
from smkpi.errors import SmkpiError
from smkpi.jsonout import dumps, report_document
from smkpi.report import build_report

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SETTINGS = load_settings(None)


def _report(paths: list[Path]) -> dict:
    rep = build_report(paths, SETTINGS)
    doc = json.loads(dumps(report_document(rep, rep.exit_code())))
    doc.pop("generated_at", None)
    return doc


def _text_only(monkeypatch) -> None:
    monkeypatch.setattr(typed_mod, "read_types", lambda *a, **k: {})


def _spy_types(monkeypatch) -> list[dict]:
    seen: list[dict] = []
    real = typed_mod.read_types

    def spy(*a, **k):
        out = real(*a, **k)
        seen.append(out)
        return out

    monkeypatch.setattr(typed_mod, "read_types", spy)
    return seen


def _dirs() -> list[Path]:
    out = [ROOT / "examples" / "data"]
    out += sorted(p for p in (TESTS / "fixtures" / "exports").iterdir() if p.is_dir())
    return out


@pytest.mark.parametrize("folder", _dirs(), ids=lambda p: p.name)
def test_typed_reads_report_exactly_what_text_reads_report(folder, monkeypatch):
    seen = _spy_types(monkeypatch)
    typed = _report([folder])
    monkeypatch.undo()
    _text_only(monkeypatch)
    assert _report([folder]) == typed
    if folder.name in ("data", "meta_ads"):
        assert any(seen), "these files have plain numbers: the typed read must be taken"


def _malformed() -> list[Path]:
    return sorted(p for p in (TESTS / "malformed").rglob("*.csv") if p.is_file())


@pytest.mark.parametrize("path", _malformed(), ids=lambda p: p.name)
def test_typed_reads_of_malformed_files_match_text_reads(path, monkeypatch):
    try:
        typed = _report([path])
    except SmkpiError as e:
        typed = f"error: {e}"
    _text_only(monkeypatch)
    try:
        text = _report([path])
    except SmkpiError as e:
        text = f"error: {e}"
    assert text == typed


def _posts(path: Path, likes: dict[int, str], n: int = 6000) -> Path:
    lines = ["post_id,published_at,platform,likes,comments,reach,revenue"]
    for i in range(n):
        cell = likes.get(i, str(i % 50))
        lines.append(f"P{i},2026-10-0{1 + i % 9}T10:00:00+07:00,facebook,{cell},{i % 7},{100 + i},{i * 1.5}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bad_cell_past_the_samples_falls_back_to_text(tmp_path, monkeypatch):
    # 6,000 rows are ~330 KB: rows 3000-3002 are outside the 64 KiB head and tail samples.
    f = _posts(tmp_path / "posts.csv", {3000: "N/A", 3001: '"1,234"', 3002: "-5", 3003: "abc"})
    seen = _spy_types(monkeypatch)
    calls: list[int] = []
    real = pl.collect_all
    monkeypatch.setattr(load_mod.pl, "collect_all", lambda *a, **k: calls.append(1) or real(*a, **k))
    loaded = load_mod.load([f], SETTINGS)
    assert seen[0] == {"likes": pl.Float64, "comments": pl.Float64, "reach": pl.Float64, "revenue": pl.Float64}
    assert len(calls) == 2, "the typed read fails, then the text read runs"
    info = loaded.inputs[0]
    assert (info.rows, info.used, info.rejected) == (6000, 5998, 2)
    assert sorted((p.reason, p.rows, p.example) for p in info.problems) == [
        ("likes is negative", [3004], "-5"), ("likes is not a number", [3005], "abc")]
    likes = loaded.datasets["posts"].frame.get_column("likes")
    assert likes.null_count() == 1  # N/A
    assert likes.sum() == sum(i % 50 for i in range(6000) if i not in (3000, 3001, 3002, 3003)) + 1234


def test_a_rejected_typed_number_shows_the_cell_as_written(tmp_path, monkeypatch):
    # In the samples: the typed read is taken, and "-5" / "2.5" come back as written, not "-5.0".
    f = _posts(tmp_path / "posts.csv", {1: "-5", 2: "2.5"}, n=20)
    seen = _spy_types(monkeypatch)
    info = load_mod.load([f], SETTINGS).inputs[0]
    assert seen[0]
    assert sorted((p.reason, p.rows, p.example) for p in info.problems) == [
        ("likes is negative", [3], "-5"), ("likes is not a whole number", [4], "2.5")]


def test_a_null_token_in_the_samples_is_read_as_null_by_the_typed_read(tmp_path, monkeypatch):
    # "N/A" among plain numbers (likes is the fourth column): the reader reads that spelling as
    # null, one collect, and the report equals the text read's.
    f = _posts(tmp_path / "posts.csv", {i: "N/A" for i in range(0, 6000, 97)})
    seen = _spy_types(monkeypatch)
    calls: list[int] = []
    real = pl.collect_all
    monkeypatch.setattr(load_mod.pl, "collect_all", lambda q, **k: calls.append(len(q)) or real(q, **k))
    loaded = load_mod.load([f], SETTINGS)
    assert "likes" in seen[0] and calls == [1, 0], "typed, and never read again as text"
    assert loaded.datasets["posts"].frame.get_column("likes").null_count() == len(range(0, 6000, 97))
    typed = _report([f])
    monkeypatch.undo()
    _text_only(monkeypatch)
    assert _report([f]) == typed


def test_another_spelling_of_the_token_past_the_samples_falls_back_to_text(tmp_path, monkeypatch):
    cells = {i: "N/A" for i in range(0, 300, 7)} | {3000: "n/a", 3001: " N/A"}
    f = _posts(tmp_path / "posts.csv", cells)
    calls: list[int] = []
    real = pl.collect_all
    monkeypatch.setattr(load_mod.pl, "collect_all", lambda *a, **k: calls.append(1) or real(*a, **k))
    loaded = load_mod.load([f], SETTINGS)
    assert len(calls) == 2, "the typed read fails on 'n/a', then the text read runs"
    info = loaded.inputs[0]
    assert (info.rows, info.used, info.rejected) == (6000, 6000, 0)
    assert loaded.datasets["posts"].frame.get_column("likes").null_count() == len(cells)


def test_the_last_column_gets_no_null_token(tmp_path, monkeypatch):
    # Its emptiness is how the field check sees a row cut short: "N/A" read as null there would
    # make the typed read judge a row (a stray quote, no final newline) the text read keeps.
    (tmp_path / "posts.csv").write_text(
        'post_id,platform,note,likes,comments\np1,facebook,x,1,N/A\np2,facebook,x,2,3\np3,facebook,5" screen,4,N/A')
    typed = _report([tmp_path])
    (f,) = typed["inputs"]
    assert (f["rows"], f["used"], f["rejected"]) == (3, 3, 0)
    _text_only(monkeypatch)
    assert _report([tmp_path]) == typed


def test_text_in_the_samples_reads_the_column_as_text(tmp_path, monkeypatch):
    f = _posts(tmp_path / "posts.csv", {1: '"1,234"'}, n=20)
    seen = _spy_types(monkeypatch)
    load_mod.load([f], SETTINGS)
    assert "likes" not in seen[0] and "comments" in seen[0]


# Cells the typed and text reads could disagree on: plain, signed, exponent, special and junk.
NUMBERISH = st.one_of(
    st.integers(-10**6, 10**18).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " 7", "7 ", " ", "+3", ".5", "5.", "1e3", "1E-2", "-0", "inf", "-Infinity", "NaN",
                     "1,234", '"1,234"', "N/A", "-", "1_000", "0x1F", "฿100", "12%", "1.5e", "00012",
                     '"N/A"', '"7"', '5" screen', '"', '"3', 'x"y']),  # quoted cells and stray quotes
)


@settings(max_examples=max(50, settings().max_examples * 3 // 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(NUMBERISH, min_size=1, max_size=12))
def test_random_cells_read_the_same_typed_or_as_text(cells):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "posts.csv"
        # likes is the fourth column and not the last: a "no value" token there may be read as
        # null by the reader (not in the first three columns, nor in the last).
        body = "".join(f"P{i},facebook,x,{c},1\n" for i, c in enumerate(cells))
        f.write_text("post_id,platform,note,likes,shares\n" + body, encoding="utf-8")

        def run(types_on: bool):
            real = typed_mod.read_types  # fileread calls it through the module
            typed_mod.read_types = real if types_on else (lambda *a, **k: {})
            try:
                loaded = load_mod.load([f], SETTINGS)
            except SmkpiError as e:
                return str(e)
            finally:
                typed_mod.read_types = real
            info = loaded.inputs[0]
            return (info.rows, info.used, info.rejected, [p.as_json() for p in info.problems],
                    loaded.datasets["posts"].frame.get_column("likes").to_list())

        assert run(True) == run(False)


@pytest.mark.parametrize("name, text", [
    # A derived check on a typed column ("bounces is larger than sessions") shows no cell.
    ("sessions.csv", "date,sessions,bounces,duration_seconds,pageviews\n2025-08-28,44,13,13300.9,128\n"
                     "2025-08-29,10,50,100.0,20\n2025-08-30,44,13,13300.9,128\n"),
    # A required typed column left empty ("followers is empty") shows no cell either.
    ("followers.csv", 'date,platform,followers\n2025-01-01,facebook,100\n2025-01-02,facebook,""\n'
                      "2025-01-03,facebook,120\n"),
    # A rejected typed number shows the cell as written.
    ("posts.csv", "post_id,likes,reach\nP1,1e400,5\nP2,-0005,5\nP3,2.50,5\n"),
])
def test_examples_of_other_checks_on_typed_columns_match_text_reads(tmp_path, monkeypatch, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    seen = _spy_types(monkeypatch)
    typed = _report([tmp_path])
    assert any(seen), "the typed read must be taken"
    monkeypatch.undo()
    _text_only(monkeypatch)
    assert _report([tmp_path]) == typed
    assert typed["inputs"][0]["problems"], "each file has a rejected row"


def test_a_failed_typed_read_reads_only_its_own_file_again(tmp_path, monkeypatch):
    # posts.csv fails its typed read past the samples; comments.csv (read as text: a cell in its
    # samples is not a plain number) is collected once, with the text stacks, never twice.
    _posts(tmp_path / "posts.csv", {3001: '"1,234"'})
    (tmp_path / "comments.csv").write_text(
        "comment_id,post_id,created_at,platform,likes\n"
        "C1,P1,2026-10-01T10:00:00+07:00,facebook,N/A\nC2,P1,2026-10-01T11:00:00+07:00,facebook,2\n",
        encoding="utf-8")
    queries: list[int] = []
    real = pl.collect_all
    monkeypatch.setattr(load_mod.pl, "collect_all", lambda qs, **k: queries.append(len(qs)) or real(qs, **k))
    loaded = load_mod.load([tmp_path], SETTINGS)
    assert queries == [1, 2], "posts typed alone (fails), then posts as text with comments: one read of comments"
    assert {i.path.rsplit("/", 1)[1]: (i.rows, i.used, i.rejected) for i in loaded.inputs} == {
        "comments.csv": (2, 2, 0), "posts.csv": (6000, 6000, 0)}
    assert loaded.datasets["posts"].frame.get_column("likes").sum() == sum(
        i % 50 for i in range(6000) if i != 3001) + 1234
