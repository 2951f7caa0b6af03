"""The load loop under hostile and unlucky input (issue 9 items 6, 8, 13; issue 15 items 3, 5).

Each case has a builder (a function writing the files into a folder) and a test with values worked
out by hand. The many-files case runs the CLI in a subprocess and checks its peak memory and a
generous time-out (a hang guard, not a speed assertion: speed is measured by bench/).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polars as pl

from smkpi.config import load_settings
from smkpi.errors import InputError
from smkpi.load import load

SRC = Path(__file__).resolve().parent.parent / "src"


# --- builders ---------------------------------------------------------------------------------
def build_many_small_files(d: Path, n: int = 2000) -> None:
    """``n`` tiny posts exports of three rows each (likes j, comments 1, shares 2 on row j = 0, 1, 2)."""
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rows = "".join(f"p{i}_{j},2025-01-0{j + 1}T10:00:00Z,{j},1,2\n" for j in range(3))
        (d / f"posts_{i:04d}.csv").write_text("post_id,published_at,likes,comments,shares\n" + rows, encoding="utf-8")


def build_overflowing_likes(d: Path, likes: int, n: int = 1100) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    p = d / "posts.csv"
    p.write_text("post_id,likes,comments,shares\n" + "".join(f"p{i},{likes},1,0\n" for i in range(n)), encoding="utf-8")
    return p


def build_ragged(d: Path) -> Path:
    """Row 3 has 8 fields for a 6-field header; row 5 has 2; a quoted caption holds commas and a line break."""
    d.mkdir(parents=True, exist_ok=True)
    p = d / "posts.csv"
    p.write_text("post_id,platform,likes,comments,shares,caption\n"
                 "p1,facebook,10,2,1,plain\n"
                 "p2,facebook,20,4,2,x,999,extra\n"
                 'p3,facebook,30,6,3,"a, b, c"\n'
                 "p4,facebook\n"
                 'p5,facebook,50,10,5,"two\nlines, and commas"\n', encoding="utf-8")
    return p


def build_ads_manager_notices(d: Path) -> None:
    """An Ads Manager export of an empty range ("No data available.") and one re-saved by Excel (,,,,)."""
    d.mkdir(parents=True, exist_ok=True)
    header = '"Reporting starts","Reporting ends","Campaign name","Amount spent (THB)","Impressions","Link clicks"\n'
    (d / "ads_august.csv").write_text(header + '"No data available.",,,,,\n', encoding="utf-8")
    (d / "ads_september.csv").write_text(
        header + "2025-09-01,2025-09-30,Sale,100.50,1000,10\n,,,,,\n,,,,,\n2025-09-01,2025-09-30,Brand,200.25,3000,20\n"
        ",,,,,\n", encoding="utf-8")


# --- one unreadable file never hides the others (issue 9 item 6) -----------------------------------
def test_an_unreadable_file_among_many_is_listed_and_the_rest_reported(tmp_path):
    build_many_small_files(tmp_path, 40)
    (tmp_path / "posts_0007.csv").write_text('post_id,likes\np1,"3\n', encoding="utf-8")  # never closes
    (tmp_path / "posts_0020.csv").write_text('post_id,likes\n"p1"x,3\n', encoding="utf-8")
    loaded = load([tmp_path], load_settings(None))
    assert [(Path(e.path).name, e.reason) for e in loaded.errors] == [
        ("posts_0007.csv", "line 2: a quoted field never closes (check the quotes on this line)"),
        ("posts_0020.csv", "line 2: text after a closing quote; quote the whole value")]
    assert len(loaded.inputs) == 38
    assert loaded.datasets["posts"].frame.get_column("likes").sum() == 38 * (0 + 1 + 2)


# --- files of different shapes keep their order (last copy wins) ---------------------------------
def test_stacked_files_keep_file_order_for_duplicates(tmp_path):
    # a and c are read alike (one stacked query), b has its columns the other way round: b's copy of
    # p1 comes after a's in file order, so b's likes (5) win and a's copy is a duplicate of a.
    (tmp_path / "posts_a.csv").write_text("post_id,likes\np1,1\n", encoding="utf-8")
    (tmp_path / "posts_b.csv").write_text("likes,post_id\n5,p1\n", encoding="utf-8")
    (tmp_path / "posts_c.csv").write_text("post_id,likes\np2,7\n", encoding="utf-8")
    loaded = load([tmp_path], load_settings(None))
    got = [(Path(i.path).name, i.rows, i.used, i.duplicates) for i in loaded.inputs]
    assert got == [("posts_a.csv", 1, 0, 1), ("posts_b.csv", 1, 1, 0), ("posts_c.csv", 1, 1, 0)]
    frame = loaded.datasets["posts"].frame.sort("post_id")
    assert frame.get_column("likes").to_list() == [5, 7]


# --- rows that are not data (issue 9 item 8) -----------------------------------------------------
def test_no_data_notice_and_bare_separator_rows_are_blank(tmp_path, cli):
    build_ads_manager_notices(tmp_path)
    r = cli(["report", tmp_path, "--family", "advertising", "--format", "json", "--strict-input"])
    assert r.exit_code in (0, 1), r.stderr  # --strict-input passes blank rows
    doc = json.loads(r.stdout)
    got = {Path(i["path"]).name: (i["rows"], i["used"], i["rejected"], i["duplicates"], i["blank"])
           for i in doc["inputs"]}
    assert got == {"ads_august.csv": (1, 0, 0, 0, 1), "ads_september.csv": (5, 2, 0, 0, 3)}
    spend = next(k for k in doc["kpis"] if k["id"] == "advertising.spend")
    assert spend["value"] == pytest.approx(300.75)  # 100.50 + 200.25
    t = cli(["report", tmp_path, "--family", "advertising"])
    assert "3 row(s) not data" in t.stderr and "Blank" in t.stdout


def test_a_row_with_a_value_and_a_notice_word_is_data(tmp_path):
    # "No data" is a notice only when it is the row's only cell: a post called "No data" is a post.
    (tmp_path / "posts.csv").write_text("post_id,caption,likes\np1,No data,3\nNo data available.,,\n",
                                        encoding="utf-8")
    (info,) = load([tmp_path], load_settings(None)).inputs
    assert (info.rows, info.used, info.rejected, info.blank) == (2, 1, 0, 1)


# --- ragged rows: one rule whatever --family reads (issue 9 item 13) -------------------------------
@pytest.mark.parametrize("family", [None, "engagement", "reach"])
def test_ragged_rows_are_rejected_the_same_with_and_without_family(tmp_path, cli, family):
    p = build_ragged(tmp_path)
    args = ["report", p, "--format", "json"] + (["--family", family] if family else [])
    r = cli(args)
    assert r.exit_code in (0, 1), r.stderr
    (inp,) = json.loads(r.stdout)["inputs"]
    assert (inp["rows"], inp["used"], inp["rejected"]) == (5, 3, 2)
    assert sorted((p["reason"], p["rows"]) for p in inp["problems"]) == [
        ("row has 2 fields, header has 6", [5]), ("row has 8 fields, header has 6", [3])]
    likes = next((k for k in json.loads(r.stdout)["kpis"] if k["id"] == "engagement.likes"), None)
    if likes is not None:
        assert likes["value"] == 10 + 30 + 50


def test_quoted_separators_alone_never_make_a_row_ragged(tmp_path):
    (tmp_path / "comments.csv").write_text(
        'comment_id,created_at,text\nc1,2025-01-01T00:00:00Z,"a, b, c, d"\nc2,2025-01-02T00:00:00Z,"x ""y"", z"\n',
        encoding="utf-8")
    (info,) = load([tmp_path], load_settings(None)).inputs
    assert (info.rows, info.used, info.rejected) == (2, 2, 0)


# --- overflow (issue 15 item 5) -------------------------------------------------------------------
def test_counts_a_float_cannot_hold_are_rejected(tmp_path):
    build_overflowing_likes(tmp_path, 2**53 + 1, n=3)
    (info,) = load([tmp_path], load_settings(None)).inputs
    assert [(p.reason, p.count, p.example) for p in info.problems] == [
        ("likes is implausibly large", 3, str(2**53 + 1))]


def test_a_total_past_64_bits_gives_no_value_never_a_negative_sum(tmp_path, cli):
    # 1,100 rows of 2**53 - 1 likes (each a count smkpi holds exactly) sum to about 9.9e18 > 2**63.
    build_overflowing_likes(tmp_path, 2**53 - 1)
    r = cli(["report", tmp_path, "--family", "engagement", "--format", "json"])
    doc = json.loads(r.stdout)
    kpis = {k["id"]: k for k in doc["kpis"]}
    assert doc["inputs"][0]["used"] == 1100
    for kid in ("engagement.likes", "engagement.likes_per_post"):
        assert kpis[kid]["value"] is None
        assert "the total of likes" in kpis[kid]["note"] and "too large to sum exactly" in kpis[kid]["note"]
    assert kpis["engagement.comments"]["value"] == 1100  # other counts are unaffected
    assert all(not isinstance(k["value"], (int, float)) or k["value"] >= 0 for k in doc["kpis"])


# --- many files: seconds and a few hundred MiB, not minutes and gigabytes (issue 15 item 3) -----------
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc (Linux)")
def test_two_thousand_small_files_in_bounded_memory(tmp_path):
    build_many_small_files(tmp_path / "d")
    peak_file = tmp_path / "peak_kib"
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1", "PEAK_FILE": str(peak_file)}
    # The child's own high-water mark (VmHWM), read as it exits: its rusage peak also holds the
    # pytest worker's memory at the fork (often above 1 GiB late in the suite), not only smkpi's.
    wrapper = ("import atexit, os, runpy, sys\n"
               "def peak():\n"
               "    with open('/proc/self/status') as f:\n"
               "        kib = next(line.split()[1] for line in f if line.startswith('VmHWM'))\n"
               "    open(os.environ['PEAK_FILE'], 'w').write(kib)\n"
               "atexit.register(peak)\n"
               "sys.argv = ['smkpi', *sys.argv[1:]]\n"
               "runpy.run_module('smkpi', run_name='__main__', alter_sys=True)\n")
    out = subprocess.run([sys.executable, "-c", wrapper, "report", str(tmp_path / "d"), "--family", "engagement",
                          "--format", "json", "--quiet"], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode in (0, 1), out.stderr[-500:]
    peak_mib = int(peak_file.read_text()) / 1024
    doc = json.loads(out.stdout)
    assert len(doc["inputs"]) == 2000 and doc["errors"] == []
    assert sum(i["rows"] for i in doc["inputs"]) == sum(i["used"] for i in doc["inputs"]) == 6000
    kpis = {k["id"]: k["value"] for k in doc["kpis"]}
    assert (kpis["engagement.likes"], kpis["engagement.comments"], kpis["engagement.shares"]) == (6000, 6000, 12000)
    assert peak_mib < 1024, f"peak {peak_mib:.0f} MiB"


def test_inspect_lists_an_unreadable_file_beside_the_others(tmp_path, cli):
    (tmp_path / "posts.csv").write_text("post_id,likes\np1,3\n", encoding="utf-8")
    (tmp_path / "tickets.csv").write_text('ticket_id,created_at\nT1,"2025-01-01\n', encoding="utf-8")
    r = cli(["inspect", tmp_path, "--format", "json"])
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert [(Path(f["path"]).name, f["rows"], f["blank"]) for f in doc["files"]] == [("posts.csv", 1, 0)]
    assert doc["errors"] == [{"path": str(tmp_path / "tickets.csv"),
                              "reason": "line 2: a quoted field never closes (check the quotes on this line)"}]


@pytest.mark.parametrize("body, fields", [
    ('1,"x,y",3\n', None), ('1,"x ""q"", y",3\n', None), (",,\n1,2,3\n", None),  # quoted commas, bare separators
    ("1,2,3,4\n", 4), ('1,"x,y",3,4\n', 4), ("1,2\n", 2),  # too many, too many beside quotes, too few
    ('1,"x,y"\n', 2),  # too few, though the line has enough separators (one is quoted)
    ('1,"x\ny,z,w",3\n', None), ('1,"x\ny,z,w"\n', 2),  # a record over two lines
])
def test_the_record_count_is_the_same_in_python_and_polars(body, fields):
    from smkpi.readers import csvcheck

    def bad(text: str) -> list[tuple[int, int]]:
        return csvcheck.ragged_records(text.encode(), ",", 3, 1).rows()

    records = body.count("\n") - body.count("\ny")  # a record over two lines is one record
    small = "a,b,c\n" + body
    big = "a,b,c\n" + body * 20000  # past 64 KiB: the Polars form
    assert len(big) > csvcheck.SMALL_FILE > len(small)
    assert bad(small) == ([] if fields is None else [(records - 1, fields)])
    assert bad(big) == ([] if fields is None else [(k * records + records - 1, fields) for k in range(20000)])
    late = "a,b,c\n" + "1,2,3\n" * 12000 + body  # the record past the first 64 KiB
    assert late.find(body, len("a,b,c\n")) > csvcheck.SMALL_FILE
    assert bad(late) == ([] if fields is None else [(12000 + records - 1, fields)])


def test_a_short_row_whose_quoted_field_holds_the_separator_is_rejected(cli, tmp_path):
    # 'p2,"facebook,x"' has two separators like a full row, but two fields: Polars pads it silently.
    (tmp_path / "posts.csv").write_text('post_id,platform,likes\np1,facebook,3\np2,"facebook,x"\np3,x,4\n')
    doc = json.loads(cli(["inspect", tmp_path, "--format", "json"]).stdout)
    (f,) = doc["files"]
    assert (f["rows"], f["used"], f["rejected"]) == (3, 2, 1)
    assert [(p["reason"], p["rows"]) for p in f["problems"]] == [("row has 2 fields, header has 3", [3])]


# Records the field count must get right: full, short, long, quoted separators, quoted line breaks,
# doubled quotes, blank and bare lines (a preamble line may sit above the header).
_RECORDS = ["1,2,3", "1,2", "1,2,3,4", '"a,b",2,3', '"a,b",2', '"x\ny",2,3', '"x\ny,z"', '1,"q ""x"", y",3', ",,", "",
            "  ", '"",,', "1,,", '"a\n\nb",2,3,4']


@settings(max_examples=max(20, settings().max_examples // 5), deadline=None)
@given(body=st.lists(st.sampled_from(_RECORDS), min_size=1, max_size=40), preamble=st.booleans())
def test_the_field_count_agrees_with_the_csv_module(body, preamble):
    # The oracle: Python's csv module reads the records; a record of nothing but separators and
    # white space (no quote) is blank, not ragged. Big (Polars pass, lines left out) and small
    # (Python) forms must both agree with it.
    import csv as csvmod
    import io

    from smkpi.readers import csvcheck

    head = ("Report: January\n" if preamble else "") + "a,b,c\n"
    header_line = 2 if preamble else 1

    def oracle(n_copies: int) -> list[tuple[int, int]]:
        out, k = [], 0
        for _ in range(n_copies):
            for rec in body:
                fields = next(csvmod.reader(io.StringIO(rec + "\n"))) if rec else []
                if ('"' in rec or any(f.strip() for f in fields)) and len(fields) != 3:
                    out.append((k, len(fields)))
                k += 1
        return out

    text = "".join(r + "\n" for r in body)
    copies = csvcheck.SMALL_FILE // max(len(text), 1) + 1
    assert csvcheck.ragged_records((head + text).encode(), ",", 3, header_line).rows() == oracle(1)
    big = (head + text * copies).encode()
    assert len(big) > csvcheck.SMALL_FILE
    assert csvcheck.ragged_records(big, ",", 3, header_line).rows() == oracle(copies)


# Fields as hand-edited exports hold them: plain, empty, quoted (with a separator, a line break or a
# doubled quote inside), a quote inside an unquoted field before a line break ('5" screen'), an
# unquoted line break, a quoted field cut short.
_FIELDS = st.one_of(
    st.sampled_from(["", "1", "a b", "ก", '"x,y"', '"l\nm"', '"q ""z"""', '5" screen', '"a,\n']),
    st.builds(lambda a, q, b: a + q + b, st.text("aก1 ", max_size=2), st.sampled_from(['"', '"\n', '\n', '\n"']),
              st.text("aก1 ,", max_size=3)))
_BODIES = st.lists(st.lists(_FIELDS, min_size=1, max_size=4).map(",".join), min_size=1, max_size=5)


@settings(max_examples=max(300, settings().max_examples), deadline=None)
@given(records=st.lists(st.one_of(st.sampled_from(_RECORDS + ["1,2,3,4,5", "1", '"a,b",2,3,"c\nd"']),
                                  st.text(alphabet='ab ก,"\n\r', max_size=12)), max_size=8),
       end=st.sampled_from(["", "\n", "\r\n", "\n\n", ","]))
def test_the_quick_field_check_never_passes_a_file_the_exact_count_rejects(records, end):
    # The quick check (Polars' own reader, counting units between record ends) only says "every
    # record is whole"; where it says so, the exact count finds no ragged record and no quote left
    # open, or (quotes Polars reads otherwise, see _all_records_whole) Polars cannot read the file.
    from smkpi.readers import csvcheck

    text = "a,b,c\n" + "\n".join(records) + end
    if csvcheck._all_records_whole(text.encode(), ",", 3) and csvcheck._records_of(text, ",", 3, 1) != ([], False):
        with pytest.raises(pl.exceptions.ComputeError):
            pl.read_csv(text.encode(), infer_schema=False, raise_if_empty=False)


def _load_both_ways(path: Path, monkeypatch) -> tuple:
    """What load() reports for ``path``, with the quick field check and with the exact count alone."""
    from smkpi.readers import csvcheck

    def outcome():
        try:
            ld = load([path], load_settings(None))
        except InputError as e:
            return ("error", e.message)
        return ([(e.path, e.reason) for e in ld.errors],
                [(f.rows, f.used, f.rejected, f.blank, [(p.reason, p.count, p.rows) for p in f.problems]) for f in ld.inputs],
                {k: d.frame.sort(d.frame.columns).rows() for k, d in ld.datasets.items()})

    quick = outcome()
    with monkeypatch.context() as mp:
        mp.setattr(csvcheck, "_all_records_whole", lambda *a: False)
        exact = outcome()
    return quick, exact


_CLEAN = "post_id,platform,likes\n" + "".join(f"p{i},x,{i % 9}\n" for i in range(5000))  # past 64 KiB


@settings(max_examples=max(40, settings().max_examples // 5), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # monkeypatch.context() per example
@given(body=_BODIES, end=st.sampled_from(["", "\n"]))
def test_the_quick_field_check_never_changes_what_the_load_reports(body, end, monkeypatch, tmp_path_factory):
    # The contract that matters: rows, rejections, blank rows, errors and values are the same with
    # the quick check as with the exact count alone, on big files with hand-edited records at the end.
    path = tmp_path_factory.mktemp("quick") / "posts.csv"
    path.write_bytes((_CLEAN + "\n".join(body) + end).encode())
    quick, exact = _load_both_ways(path, monkeypatch)
    assert quick == exact


@pytest.mark.parametrize("body", [
    # Found by a review: the quick check shows them whole where the exact count finds two ragged
    # records; Polars cannot read them, so the file is unreadable either way, with one message.
    'x\ny,z"\nw",v', 'p"q\nr"s,x\n,6', '5" ก\r\n6",9\r\n,8\r\n',
])
def test_quotes_polars_reads_otherwise_leave_the_load_as_the_exact_count_has_it(body, monkeypatch, tmp_path):
    from smkpi.readers import csvcheck

    path = tmp_path / "posts.csv"
    path.write_bytes((_CLEAN + body).encode())
    quick, exact = _load_both_ways(path, monkeypatch)
    assert quick == exact and quick[0] == "error"
    head = "post_id,platform,likes\n"
    assert csvcheck._records_of(head + body, ",", 3, 1)[0], "the exact count finds ragged records"


@pytest.mark.parametrize("where", ["first field", "quoted field over two lines", "last field", "header"])
def test_a_bad_byte_anywhere_in_a_big_file_is_found_by_the_quick_check_too(where, tmp_path):
    from smkpi.readers import csvcheck

    rows = [b"p%d,x,%d" % (i, i % 9) for i in range(9000)]
    bad = {"first field": b"p\xff1,x,1", "quoted field over two lines": b'p1,"x\n\xe0\xb8",1',
           "last field": b"p1,x,\xfe"}
    head = b"post_id,platform,likes" if where != "header" else b"post_id,platf\xffrm,likes"
    data = b"\n".join([head, *rows[:3000], *([bad[where]] if where in bad else []), *rows[3000:]]) + b"\n"
    assert csvcheck._all_records_whole(data.replace(b"\xff", b"f").replace(b"\xfe", b"f").replace(b"\xe0\xb8", b"xx"),
                                       ",", 3), "the file is whole once the byte is fixed"
    assert not csvcheck._all_records_whole(data, ",", 3)
    with pytest.raises(pl.exceptions.ComputeError):
        csvcheck.record_check(data, ",", 3)


@pytest.mark.parametrize("body, whole", [
    ('1,"x,y",3\r\n2,"q ""z"", w","l\nm"\n', True),  # quoted separators, doubled quotes, a line break
    ("1,2,3", True),  # no line break at the end
    ("1,2,3\n1,2\n", False), ("1,2,3,\n", False),  # short, long (a trailing separator)
    ("1,2,3\n\n1,2,3\n", False), (",2,3\n", False),  # a blank line, an empty first field: not seen, so not shown
    ('1,2,"3\n', False), ("1,2,3\n1,2,", False),  # a quote left open; an empty field at the very end
    ("1,2,3,4,5\n1,2,3\n", False), ("1,2\n1,2,3,4\n1,2,3\n", False),  # long and short rows that even out
    ("1,2,3\n1,2,3,4", False), ("1,2,3\n1,2", False),  # the last record, without a line break
])
def test_the_quick_field_check_shows_clean_files_and_leaves_the_rest_to_the_exact_count(body, whole):
    from smkpi.readers import csvcheck

    data = ("a,b,c\n" + "1,2,3\n" * 12000 + body).encode()  # past 64 KiB: a file the quick check is for
    assert len(data) > csvcheck.SMALL_FILE
    assert csvcheck._all_records_whole(data, ",", 3) is whole


def test_files_detected_in_threads_keep_their_order_and_their_errors(tmp_path):
    # More files than the detect window holds, an unreadable one and a stray one in the middle:
    # inputs, skipped files and errors come out in file order, as a one-file-at-a-time load gives.
    for i in range(9):
        (tmp_path / f"posts_{i}.csv").write_text(f"post_id,platform,likes\np{i},x,{i}\n", encoding="utf-8")
    (tmp_path / "posts_4.csv").write_text('post_id,platform,likes\np4,x,"4\n', encoding="utf-8")
    (tmp_path / "posts_6.csv").write_text("", encoding="utf-8")
    loaded = load([tmp_path], load_settings(None))
    assert [Path(f.path).name for f in loaded.inputs] == [f"posts_{i}.csv" for i in (0, 1, 2, 3, 5, 7, 8)]
    assert [(Path(e.path).name, e.reason) for e in loaded.errors] == [
        ("posts_4.csv", "line 2: a quoted field never closes (check the quotes on this line)")]
    assert [Path(s.path).name for s in loaded.skipped] == ["posts_6.csv"]
    assert loaded.datasets["posts"].frame.get_column("likes").to_list() == [0, 1, 2, 3, 5, 7, 8]


def test_stacked_files_keep_one_chunking_so_polars_never_copies_the_stack_to_line_it_up():
    # A big file's frame comes in many chunks, a column its query filled with a constant in one; a
    # column cut in other places than the rest makes Polars copy the whole stack (smkpi.load._concat).
    import polars as pl
    from smkpi.load import BAD, FILE, REASON, ROW, _concat

    def chunked(n: int, pieces: int, start: int) -> pl.DataFrame:
        return pl.concat([pl.DataFrame({ROW: pl.int_range(start + k * n, start + (k + 1) * n, eager=True).cast(pl.UInt32),
                                        "likes": pl.int_range(n, eager=True), REASON: pl.repeat(None, n, dtype=pl.String,
                                                                                               eager=True)})
                          for k in range(pieces)], rechunk=False)

    big = chunked(1000, 7, 2).with_columns(pl.lit(None, dtype=pl.Float64).alias("revenue"))  # one chunk: a constant
    small = chunked(100, 3, 2).with_columns(pl.lit("x").alias("campaign"), pl.lit(None, dtype=pl.String).alias(BAD))
    small = small.with_columns(pl.lit(1.5).alias("revenue"))
    got = _concat([big, small])
    assert len({s.n_chunks() for s in got.get_columns()}) == 1
    want = pl.concat([big, small], how="diagonal_relaxed").drop(REASON, BAD)
    assert got.select(want.columns).equals(want) and FILE not in got.columns
