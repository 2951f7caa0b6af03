"""Hostile bytes for the container readers (issue 15 items 1, 3, 6-10; issue 14 items 3-4).

Each builder reproduces the case the issue describes, byte for byte where it gives the bytes.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from . import workbooks as wb
from .runner import case

HEADER = wb.text("A1", "post_id") + wb.text("B1", "platform") + wb.text("C1", "likes")
JSON = ["--format", "json"]


def _posts(d: Path, name: str = "posts.xlsx") -> Path:
    (d / "d").mkdir(exist_ok=True)
    return d / "d" / name


def _only(doc: dict) -> dict:
    (f,) = doc["inputs"]
    return f


# --- 1. spreadsheet bombs ----------------------------------------------------------------------------------
@case("xlsx_cells_A1_and_XFD1048576", message="reads at most 50,000,000 cells per sheet")
def _(d: Path) -> list[str]:
    # 1.6 KB: calamine allocated 549,755,813,888 bytes for the range and aborted (exit 134).
    rows = f'<row r="1">{HEADER}</row><row r="1048576">{wb.num("XFD1048576", 1)}</row>'
    return ["report", wb.write(_posts(d), wb.sheet(rows))]


@case("xlsx_cells_A1_and_XFD40000", message="reads at most 50,000,000 cells per sheet")
def _(d: Path) -> list[str]:
    rows = f'<row r="1">{HEADER}</row><row r="40000">{wb.num("XFD40000", 1)}</row>'
    return ["report", wb.write(_posts(d), wb.sheet(rows))]


@case("xlsx_column_past_XFD", message="has a cell at ZZZZZZZZZZ2, past Excel's last cell XFD1048576")
def _(d: Path) -> list[str]:
    rows = f'<row r="1">{HEADER}</row><row r="2">{wb.num("ZZZZZZZZZZ2", 1)}</row>'
    return ["report", wb.write(_posts(d), wb.sheet(rows))]


@case("xlsx_row_number_twenty_digits_twice", message="has a cell at A99999999999999999999")
def _(d: Path) -> list[str]:
    cell = wb.num("A99999999999999999999", 1)
    return ["report", wb.write(_posts(d), wb.sheet(f'<row r="1">{HEADER}</row><row>{cell}{cell}</row>'))]


@case("xlsx_row_past_1048576", message="past Excel's last")
def _(d: Path) -> list[str]:
    rows = f'<row r="1">{HEADER}</row><row r="1048577">{wb.num("A1048577", 1)}</row>'
    return ["report", wb.write(_posts(d), wb.sheet(rows))]


@case("xlsx_dimension_past_XFD", message="declares its range as A1:XFE2")
def _(d: Path) -> list[str]:
    return ["report", wb.write(_posts(d), wb.sheet(f'<row r="1">{HEADER}</row>', dimension="A1:XFE2"))]


@case("xlsx_zip_bomb_ratio", message="(a zip bomb?)")
def _(d: Path) -> list[str]:
    # The 4.4 MB zip unpacked to 1.5 GB; the same ratio at 60 MB: refused before unpacking.
    row = "".join(f'<row>{wb.num("A1", 1)}</row>' for _ in range(1000))
    big = wb.sheet(f'<row r="1">{HEADER}</row>' + row * 2000)
    return ["report", wb.write(_posts(d), big)]


@case("xlsx_billion_laughs_dtd", message="declares a DTD or entities")
def _(d: Path) -> list[str]:
    dtd = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    rows = f'<row r="1">{HEADER}</row><row r="2">{wb.text("A2", "&lol3;")}</row>'
    return ["report", wb.write(_posts(d), wb.sheet(rows, prolog=dtd))]


@case("xlsx_external_entity", message="declares a DTD or entities", secret="root:")
def _(d: Path) -> list[str]:
    dtd = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rows = f'<row r="1">{HEADER}</row><row r="2">{wb.text("A2", "&xxe;")}</row>'
    return ["report", wb.write(_posts(d), wb.sheet(rows, prolog=dtd))]


@case("xlsx_not_a_zip", message="not a valid Excel workbook")
def _(d: Path) -> list[str]:
    p = _posts(d)
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 1600)
    return ["report", p]


@case("xls_named_html", message="not an Excel workbook")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.xls")
    p.write_text("<html><body><table><tr><td>post_id</td></tr></table></body></html>")
    return ["report", p]


@case("xml_spreadsheet_row_index_past_limit", message="past Excel's last cell XFD1048576")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.xls")
    p.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Key Metrics"><Table>'
                 '<Row><Cell><Data ss:Type="String">post_id</Data></Cell></Row>'
                 '<Row ss:Index="99999999999"><Cell><Data ss:Type="Number">1</Data></Cell></Row>'
                 '</Table></Worksheet></Workbook>')
    return ["report", p]


@case("xml_spreadsheet_dtd", message="declares a DTD or entities")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.xls")
    p.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Workbook '
                 'xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>')
    return ["report", p]


# --- 6. Excel error cells and dates that cannot convert ----------------------------------------------------
def _error_cells(doc: dict) -> None:
    f = _only(doc)
    assert (f["rows"], f["used"], f["rejected"]) == (5, 1, 4), f
    by = {p["reason"]: p for p in f["problems"]}
    assert by["likes is not a number"]["count"] == 3 and by["likes is not a number"]["rows"] == [2, 3, 4]
    assert by["likes is not a number"]["example"] == "#DIV/0!"
    assert by["published_at is not a date/time"]["rows"] == [5]


@case("xlsx_error_cells_and_bad_date", exit=(0, 1), check=_error_cells)
def _(d: Path) -> list[str]:
    head = HEADER + wb.text("D1", "published_at")
    rows = [f'<row r="1">{head}</row>']
    for r, code in ((2, "#DIV/0!"), (3, "#REF!"), (4, "#N/A")):
        rows.append(f'<row r="{r}">{wb.text(f"A{r}", f"p{r}")}{wb.text(f"B{r}", "facebook")}{wb.error(f"C{r}", code)}'
                    f'{wb.num(f"D{r}", 46174, 1)}</row>')
    rows.append(f'<row r="5">{wb.text("A5", "p5")}{wb.text("B5", "facebook")}{wb.num("C5", 3)}'
                f'{wb.num("D5", -5, 1)}</row>')  # a date cell no date has
    rows.append(f'<row r="6">{wb.text("A6", "p6")}{wb.text("B6", "facebook")}{wb.num("C6", 4)}'
                f'{wb.num("D6", 46174.375, 1)}</row>')
    return ["report", wb.write(_posts(d), wb.sheet("".join(rows))), *JSON]


# --- 3. size limits ------------------------------------------------------------------------------------
@case("csv_200MB_header", message="the header line is longer than 1 MiB")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    with open(p, "wb") as fh:
        fh.write(b"post_id,likes,")
        for _ in range(200):
            fh.write(b"x" * (1 << 20))
        fh.write(b"\np1,1,a\n")
    return ["report", p]


@case("csv_2M_empty_columns", message="is longer than 1 MiB")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_bytes(b"post_id" + b"," * 2_000_000 + b"\np1" + b"," * 2_000_000 + b"\n")
    return ["report", p]


@case("csv_20k_columns", message="the header has 20,001 columns; smkpi reads at most 16,384")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("post_id," + ",".join(f"c{i}" for i in range(20_000)) + "\np1" + "," * 20_000 + "\n")
    return ["report", p]


@case("jsonl_record_with_200k_keys", message="a record has 200,003 columns")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.jsonl")
    rec = {"post_id": "p1", "platform": "x", "likes": 1, **{f"k{i}": i for i in range(200_000)}}
    p.write_text(json.dumps(rec) + "\n")
    return ["report", p]


@case("targets_dev_zero", message="too large for a targets file", timeout=30)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("post_id,platform,likes\np1,x,1\n")
    return ["report", p, "--targets", "/dev/zero"]


@case("targets_unbounded_pipe", message="too large for a targets file", stdin=b"a: 1\n" * 400_000, timeout=30)
def _(d: Path) -> list[str]:
    # `--targets <(cat big.yaml)`: a pipe has no size to check beforehand.
    p = _posts(d, "posts.csv")
    p.write_text("post_id,platform,likes\np1,x,1\n")
    return ["report", p, "--targets", "/dev/stdin"]


# --- 7. encoding errors deep in a file ---------------------------------------------------------------------
def _big_csv(tail: bytes) -> bytes:
    body = "post_id,platform,likes,title\n" + "".join(f"p{i},facebook,{i % 7},hello world\n" for i in range(5000))
    return body.encode() + tail


@case("csv_invalid_utf8_after_64KiB", message="posts.csv:5002: not UTF-8 text (byte 143,940)")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_bytes(_big_csv(b"p9999,facebook,1,bad \xff byte\n"))
    return ["report", p]


def _cp874(doc: dict) -> None:
    f = _only(doc)
    assert (f["rows"], f["used"]) == (5001, 5001) and "read as cp874" in f["notes"]


@case("csv_cp874_thai_after_64KiB", exit=(0, 1), check=_cp874)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_bytes(_big_csv("p9999,facebook,1,สวัสดีครับ\n".encode("cp874")))
    return ["report", p, *JSON]


# A file cut inside a quote, in a column the reader types (plain numbers): Polars panics on such a typed
# read, so the cut is found before it (the field count's quote parity), and the other file is reported.
def _cut_in_quote(d: Path, n: int) -> Path:
    body = "post_id,platform,note,likes,comments\n" + "".join(f"p{i},facebook,x,{i % 7},1\n" for i in range(n))
    p = d / "posts.csv"
    p.write_text(body + 'p9,facebook,x,"')
    return p


def _one_error_beside_the_good_file(doc: dict) -> None:
    assert [Path(e["path"]).name for e in doc["errors"]] == ["posts.csv"]
    assert "a quoted field never closes" in doc["errors"][0]["reason"]
    assert [Path(f["path"]).name for f in doc["inputs"]] == ["posts_more.csv"]


for n in (3, 5000):  # the Python count (under 64 KiB) and the Polars one
    @case(f"csv_cut_inside_a_quote_in_a_typed_column_{n}_rows", message="a quoted field never closes")
    def _(d: Path, n=n) -> list[str]:
        return ["report", _cut_in_quote(d, n)]

    @case(f"csv_cut_inside_a_quote_beside_a_good_file_{n}_rows", check=_one_error_beside_the_good_file, listed=True)
    def _(d: Path, n=n) -> list[str]:
        _cut_in_quote(d, n)
        (d / "posts_more.csv").write_text("post_id,platform,note,likes,comments\nq1,x,y,1,1\n")
        return ["report", d, *JSON]


# --- 8. values that passed validation and then crashed ------------------------------------------------------
def _with_targets(yaml_text: str):
    def build(d: Path) -> list[str]:
        p = _posts(d, "posts.csv")
        p.write_text("post_id,platform,likes,published_at\np1,x,1,2026-06-01 09:00\n")
        (d / "t.yaml").write_text(yaml_text)
        return ["report", p, "--targets", "t.yaml"]
    return build


for _name, _yaml, _msg in [
    ("targets_encoding_rot13", 'sources: [{match: "*.csv", encoding: rot13}]', "t.yaml:1: sources.0.encoding"),
    ("targets_encoding_zlib", 'sources: [{match: "*.csv", encoding: zlib}]', "t.yaml:1: sources.0.encoding"),
    ("targets_match_empty", 'sources:\n  - match: ""\n    kind: posts\n', "t.yaml:2: sources.0.match"),
    ("targets_timezone_right_utc", "timezone: right/UTC\n", "t.yaml:1: timezone: unknown timezone"),
    ("targets_timezone_factory", "timezone: Factory\n", "t.yaml:1: timezone: unknown timezone"),
    ("targets_business_hours_end_z", 'business_hours:\n  end: "18:00Z"\n', "t.yaml:2: business_hours.end"),
    ("targets_5000_digit_year", "sources: [{match: '*.csv', year: " + "1" * 5000 + "}]\n", "t.yaml:1: a number"),
    ("targets_5000_digit_target", "targets:\n  engagement.likes_per_post: '>= " + "1" * 5000 + "'\n",
     "t.yaml:2: targets.engagement.likes_per_post"),
    ("targets_date_format_z", 'sources: [{match: "*.csv", date_format: "%Y-%m-%d %H:%M%z"}]',
     "t.yaml:1: sources.0.date_format"),
]:
    case(_name, message=_msg)(_with_targets(_yaml))


@case("json_cell_nested_978_levels", exit=(0, 1, 2))
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.json")
    p.write_text('[{"post_id": "p1", "platform": "x", "likes": ' + "[" * 978 + "]" * 978 + "}]")
    return ["report", p]


def _deep_line(doc: dict) -> None:
    f = _only(doc)
    assert f["rejected"] == 1 and f["problems"][0]["reason"] == "line nests deeper than 64 levels"


@case("jsonl_cell_nested_100_levels", exit=(0, 1), check=_deep_line)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.jsonl")
    p.write_text('{"post_id": "p1", "platform": "x", "likes": 1}\n'
                 '{"post_id": "p2", "platform": "x", "likes": ' + "[" * 100 + "]" * 100 + "}\n")
    return ["report", p, *JSON]


def _digits(doc: dict) -> None:
    f = _only(doc)
    assert f["rejected"] == 1 and len(f["problems"][0]["example"]) <= 81


@case("csv_5000_digit_integer", exit=(0, 1), check=_digits)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("post_id,platform,likes\np1,x," + "1" * 5000 + "\np2,x,3\n")
    return ["report", p, *JSON]


@case("json_5000_digit_integer", exit=(0, 1), check=_digits)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.json")
    p.write_text('[{"post_id": "p1", "platform": "x", "likes": ' + "1" * 5000 + '}, '
                 '{"post_id": "p2", "platform": "x", "likes": 3}]')
    return ["report", p, *JSON]


@case("csv_multibyte_sep_line", message="posts.csv:1: the separator 'ไ' (sep= line) is not one byte")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("sep=ไ\npost_idไplatformไlikes\np1ไxไ1\n")
    return ["report", p]


# --- 9. look-alike headers ------------------------------------------------------------------------------------
def _lookalikes(doc: dict) -> None:
    f = _only(doc)
    assert set(f["unmapped"]) == set() and f["used"] == 1, f


@case("csv_lookalike_headers", exit=(0, 1), check=_lookalikes)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("post_id,platform,likes\u200b,ｃｏｍｍｅｎｔｓ,sha\u00adres\np1,x,1,2,3\n")
    return ["report", p, *JSON]


def _one_edit(doc: dict) -> None:
    f = _only(doc)
    assert any("'likse' is one edit from the known column 'likes'" in n for n in f["notes"]), f["notes"]


@case("csv_header_one_edit_from_known", exit=(0, 1), check=_one_edit)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("post_id,platform,likse\np1,x,1\n")
    return ["report", p, *JSON]


# --- 10 and issue 14: smaller ones ------------------------------------------------------------------------
@case("csv_cr_only_line_ends", exit=(0, 1), check=lambda doc: _check_cr(doc))
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_bytes(b"post_id,platform,likes\rp1,facebook,5\rp2,facebook,6\r")
    return ["report", p, *JSON]


def _check_cr(doc: dict) -> None:
    f = _only(doc)
    assert (f["rows"], f["used"]) == (2, 2) and any("bare CR" in n for n in f["notes"])


@case("csv_duplicate_header_named_as_written", message="column 'likes' appears twice in the header")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.csv")
    p.write_text("post_id,platform,likes,likes\np1,facebook,1,2\n")
    return ["report", p]


@case("json_duplicate_key", message="key 'likes' appears twice in one object")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.json")
    p.write_text('[{"post_id": "p1", "platform": "x", "likes": 1, "likes": 2}]')
    return ["report", p]


@case("jsonl_duplicate_key", message="posts.jsonl:2: key 'likes' appears twice in one record")
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.jsonl")
    p.write_text('{"post_id": "p1", "platform": "x", "likes": 1}\n{"post_id": "p2", "likes": 1, "likes": 2}\n')
    return ["report", p]


def _case_variants(doc: dict) -> None:
    f = _only(doc)
    assert (f["rows"], f["used"], f["rejected"]) == (2, 2, 0), f
    assert next(k for k in doc["kpis"] if k["id"] == "engagement.likes_per_post")["value"] == 1.5


@case("jsonl_likes_and_Likes_across_records", exit=(0, 1), check=_case_variants)
def _(d: Path) -> list[str]:
    p = _posts(d, "posts.jsonl")
    p.write_text('{"post_id": "p1", "platform": "x", "likes": 1}\n{"post_id": "p2", "platform": "x", "Likes": 2}\n')
    return ["report", p, *JSON]


@case("cr_in_file_name_escaped_as_in_notes", message="bad\\x0dname_posts.json")
def _(d: Path) -> list[str]:
    p = _posts(d, "bad\rname_posts.json")
    p.write_text("[1, 2")
    return ["report", p]


@case("xlsx_part_past_512MiB", message="(a zip bomb?)")
def _(d: Path) -> list[str]:
    # A sheet part past MAX_UNPACKED by its header: refused before a byte is unpacked.
    p = _posts(d)
    wb.write(p, wb.sheet(f'<row r="1">{HEADER}</row>'))
    with zipfile.ZipFile(p, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/media/huge.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                fh.write(block)
    return ["report", p]

