"""The container readers (smkpi.readers): legacy spreadsheet containers, serial dates, Excel errors,
line ends, encodings deep in a file, look-alike headers; values worked out by hand on the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from smkpi.errors import InputError, one_line
from smkpi.fmt import safe
from smkpi.kinds import normalize_header
from smkpi.readers import container, read_raw
from smkpi.readers.base import header_hints
from smkpi.readers.sheets import EPOCH_1904, serial_text
from test_exports import EXPORTS, run

FB_XLS = EXPORTS / "facebook_insights_legacy_xls"
LINKEDIN_2020 = EXPORTS / "linkedin_2020"


# --- issue 9 item 5: legacy .xls files ------------------------------------------------------------------------
def test_facebook_insights_xml_spreadsheet_reads_like_its_csv():
    v, files, _ = run(FB_XLS)
    [f] = files.values()
    assert (f.format, f.sheet, f.export, f.platform) == ("xml-spreadsheet", "Key Metrics", "facebook_insights_legacy",
                                                         "facebook")
    # The description row under the header is dropped; like 60 + 90, comment 5 + 15, share 4 + 6.
    assert (f.rows, f.used, f.rejected) == (2, 2, 0)
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (150, 20, 10)
    assert v["engagement.rate"] == pytest.approx(180 / 2000)  # reach 800 + 1200
    assert any("others: Lifetime Talking About This..." in n for n in f.notes)
    csv_values, _, _ = run(EXPORTS / "facebook_insights_legacy")
    assert {k: v[k] for k in csv_values} == csv_values  # the same export, the same numbers


def test_linkedin_2020_biff_xls_with_serial_dates():
    v, files, _ = run(LINKEDIN_2020)
    [f] = files.values()
    assert (f.format, f.sheet, f.header_row, f.export, f.platform) == (
        "xls", "Update Engagement", 2, "linkedin_updates_2020", "linkedin")
    assert (f.rows, f.used, f.rejected) == (2, 2, 0)
    # Likes 30 + 50, Comments 5 + 10, Shares 3 + 7 over Impressions 1500 + 2500.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (80, 15, 10)
    assert v["engagement.rate_by_impressions"] == pytest.approx(105 / 4000)
    assert any("2 Excel serial day number(s)" in n for n in f.notes)
    raw = read_raw(next(LINKEDIN_2020.iterdir()))
    dates = raw.frame.collect().get_column("Created date").to_list()
    assert dates == ["2020-06-26 00:00:00", "2020-06-30 00:00:00"]  # 44008 and 44012


def test_inspect_prints_the_real_container(cli):
    r = cli(["inspect", FB_XLS, LINKEDIN_2020])
    assert r.exit_code == 0
    assert "xml-spreadsheet, sheet 'Key Metrics'" in r.stdout and "xls, sheet 'Update Engagement'" in r.stdout
    assert "xlsx" not in r.stdout


def test_container_comes_from_the_bytes_for_spreadsheets(tmp_path):
    assert container(next(FB_XLS.iterdir())) == "xml-spreadsheet"
    assert container(next(LINKEDIN_2020.iterdir())) == "xls"
    renamed = tmp_path / "posts.xls"
    renamed.write_bytes((EXPORTS / "linkedin" / "brandth_content_1782000000000.xlsx").read_bytes())
    assert container(renamed) == "xlsx" and read_raw(renamed).format == "xlsx"


def test_serial_days():
    assert serial_text(44008) == "2020-06-26 00:00:00"
    assert serial_text(46174.375) == "2026-06-01 09:00:00"
    assert serial_text(0, EPOCH_1904) == "1904-01-01 00:00:00"
    assert serial_text(-5) is None and serial_text(3_000_000) is None


def test_xml_spreadsheet_index_and_types(tmp_path):
    p = tmp_path / "posts.xls"
    p.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
                 '<Row><Cell><Data ss:Type="String">post_id</Data></Cell><Cell><Data ss:Type="String">platform'
                 '</Data></Cell><Cell><Data ss:Type="String">likes</Data></Cell>'
                 '<Cell><Data ss:Type="String">published_at</Data></Cell></Row>'
                 '<Row ss:Index="3"><Cell><Data ss:Type="String">p<B xmlns="http://www.w3.org/TR/REC-html40">1'
                 '</B></Data></Cell><Cell ss:Index="3"><Data ss:Type="Number">7</Data></Cell>'
                 '<Cell><Data ss:Type="DateTime">2026-06-01T09:00:00.000</Data></Cell></Row>'
                 '<Row><Cell><Data ss:Type="String">p2</Data></Cell><Cell><Data ss:Type="String">x</Data></Cell>'
                 '<Cell><Data ss:Type="Error">#N/A</Data></Cell></Row></Table></Worksheet></Workbook>')
    raw = read_raw(p)
    rows = raw.frame.collect()
    assert rows.get_column("__smkpi_src_row").to_list() == [2, 3, 4]  # row 2 has no cell: an empty row
    assert rows.row(1)[:4] == ("p1", None, "7", "2026-06-01 09:00:00")
    assert rows.row(2)[2] == "#N/A"


# --- issue 14 items 3-4 ---------------------------------------------------------------------------------
def test_cr_only_line_ends_are_line_breaks(tmp_path):
    p = tmp_path / "posts.csv"
    p.write_bytes(b"post_id,platform,likes\rp1,facebook,5\rp2,facebook,6\r")
    raw = read_raw(p)
    assert raw.frame.collect().get_column("likes").to_list() == ["5", "6"]
    assert "line ends are bare CR (classic Mac): read as line breaks" in raw.notes


def test_cr_only_utf16(tmp_path):
    p = tmp_path / "posts.csv"
    p.write_bytes("post_id\tplatform\tlikes\rp1\tfacebook\t5\r".encode("utf-16"))
    assert read_raw(p).frame.collect().get_column("likes").to_list() == ["5"]


def test_duplicate_header_named_as_written(cli, tmp_path):
    (tmp_path / "posts.csv").write_text("post_id,platform,likes,likes\np1,facebook,1,2\n")
    r = cli(["report", tmp_path / "posts.csv"])
    assert r.exit_code == 2 and "column 'likes' appears twice in the header" in r.stderr
    assert "duplicated" not in r.stderr


# --- issue 15 item 7: encodings deep in a file ---------------------------------------------------------
def _big(tail: bytes) -> bytes:
    return ("post_id,platform,likes\n" + "".join(f"p{i},facebook,1\n" for i in range(9000))).encode() + tail


def test_invalid_utf8_deep_in_a_file_names_the_line(tmp_path):
    p = tmp_path / "posts.csv"
    data = _big(b"p9,facebook,\xff\n")
    p.write_bytes(data)
    at = data.index(b"\xff")
    with pytest.raises(InputError, match=rf"posts.csv:9002: not UTF-8 text \(byte {at:,}\)"):
        read_raw(p)


def test_cp874_after_64KiB_is_read_as_cp874(tmp_path):
    p = tmp_path / "posts.csv"
    p.write_bytes(_big("p9,facebook,1,ขอบคุณ\n".encode("cp874")).replace(b"likes\n", b"likes,title\n", 1))
    raw = read_raw(p)
    assert raw.encoding == "cp874" and raw.frame.collect().height == 9001


# --- issue 15 item 9: look-alike headers, invisible characters -----------------------------------------------
@pytest.mark.parametrize("header, key", [("likes\u200b", "likes"), ("ｌｉｋｅｓ", "likes"),
                                         ("ﬁrst_response_at", "first_response_at"), ("vid\u00adeo", "video"),
                                         ("\u3164likes", "likes"), ("\ufeffPost ID", "post_id")])
def test_lookalike_headers_normalise(header, key):
    assert normalize_header(header) == key


def test_thai_sara_am_in_two_code_points_matches():
    assert normalize_header("จ\u0e4d\u0e32นวน") == normalize_header("จำนวน")


def test_one_edit_hint():
    assert header_hints(["post_id", "likse"]) == [
        "header 'likse' is one edit from the known column 'likes'; rename it, or map it under sources: rename"]
    assert header_hints(["post_id", "likes", "my_notes"]) == []


def test_invisible_characters_are_escaped():
    assert safe("vid\u00adeo") == "vid\\xadeo"
    assert safe("a\u3164b\u115fc\uffa0") == "a\\u3164b\\u115fc\\uffa0"


# --- issue 15 item 10: one line, capped -----------------------------------------------------------------
def test_error_lines_escape_cr_as_notes_do():
    assert one_line("bad\rname.csv: x") == "bad\\x0dname.csv: x" == safe("bad\rname.csv: x").replace("\\n", "")
    assert len(one_line("h" * 10_000)) < 2100


def test_serial_number_outside_a_date_column_stays_a_number(tmp_path):
    from hostile import workbooks as wb

    cells = (wb.text("A1", "post_id") + wb.text("B1", "likes") + wb.text("C1", "published_at")
             + "</row><row r=\"2\">" + wb.text("A2", "p1") + wb.num("B2", 44008) + wb.num("C2", 44008))
    p = wb.write(tmp_path / "posts.xlsx", wb.sheet(f'<row r="1">{cells}</row>'))
    row = read_raw(p).frame.collect().row(0)
    assert row[:3] == ("p1", "44008", "2020-06-26 00:00:00")


@pytest.mark.parametrize("path", [EXPORTS / "linkedin" / "brandth_content_1782000000000.xlsx",
                                  EXPORTS / "freshdesk" / "Tickets_2026-06-30_more.xlsx"])
def test_xlsx_fast_path_gives_the_exact_readers_cells(path, monkeypatch):
    from smkpi.readers import xlsx_fast

    fast = read_raw(path)
    assert fast.frame.collect().height > 0
    monkeypatch.setattr(xlsx_fast, "scan", lambda *a: None)  # every sheet through the expat reader
    exact = read_raw(path)
    assert (fast.columns, fast.header_row, fast.sheet, fast.notes) == (exact.columns, exact.header_row, exact.sheet,
                                                                       exact.notes)
    assert fast.frame.collect().equals(exact.frame.collect())


def test_xlsx_fast_path_is_refused_where_calamine_would_be_wrong(tmp_path):
    from hostile import workbooks as wb
    from smkpi.readers import xlsx_fast

    def shape(rows: str, dates: set[int] = {1}):
        wb.write(tmp_path / "s.xlsx", wb.sheet(rows))
        import zipfile
        with zipfile.ZipFile(tmp_path / "s.xlsx") as z:
            return xlsx_fast.scan([z.read("xl/worksheets/sheet1.xml")], dates)

    ok = f'<row r="2">{wb.text("B2", "a")}{wb.num("C2", 5)}</row>'
    assert shape(ok) == xlsx_fast.Shape(2, 1, 1, 2)
    assert shape(f'<row r="2">{wb.error("B2", "#N/A")}</row>') is None  # calamine: empty
    assert shape(f'<row r="2">{wb.num("B2", -5, 1)}</row>') is None  # a date no date has
    assert shape(f'<row r="2">{wb.num("B2", 44008, 1)}</row>') == xlsx_fast.Shape(2, 1, 1, 1)
    assert shape('<row r="2"><c><v>1</v></c></row>') is None  # no reference
    assert shape(f'<row r="1">{wb.num("A1", 1)}</row><row r="1048576">{wb.num("XFD1048576", 1)}</row>') is None
