"""Report formats: HTML, xlsx, Markdown, JUnit, GitHub Actions, over one computed report.

Goldens (tests/golden/report_small.md, report_small.th.md, report_small.junit.xml) are `smkpi report small`
from tests/fixtures with SOURCE_DATE_EPOCH pinned; regenerate with SMKPI_UPDATE_GOLDEN=1 and review the diff.
The small fixture (hand-worked in test_json.py): likes, comments and shares per post 20, 50 and 30 meet the
defaults (>= 20, >= 50, >= 30); the positive share, 4 of 5 = 80.0%, misses "> 80%"; the mean first response,
1h 00m, meets "<= 1h" (warn).
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, write_csv
from smkpi.config import load_settings
from smkpi.i18n import Lang
from smkpi.outputs import emit, github, html, junit, markdown, registry, xlsx
from smkpi.report import build_report

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = Path(__file__).parent / "schemas" / "junit.xsd"
EPOCH = "1764201600"  # 2025-11-27T00:00:00Z
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def small(cli, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return lambda *args: cli(["report", "small", *args])


def context(path=None, lang="en", calendar="gregorian", monkeypatch=None):
    rep = build_report([path or FIXTURES / "small"], load_settings(None))
    return emit.context(rep, rep.exit_code(), Lang(lang, calendar))


def segmented(ctx):
    """The report with groups, series and a comparison on one KPI, in the shape of JSON schema 2."""
    ctx = copy.copy(ctx)
    ctx.doc = copy.deepcopy(ctx.doc)
    k = next(k for k in ctx.doc["kpis"] if k["id"] == "engagement.likes_per_post")
    t = k["target"]
    k["series"] = [{"period": "2026-08", "start": "2026-08-01", "end": "2026-08-31", "value": 14.0},
                   {"period": "2026-09", "start": "2026-09-01", "end": "2026-09-30", "value": 18.0},
                   {"period": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "value": 20.0}]
    k["groups"] = [
        {"by": {"platform": "tiktok"}, "value": 12.0, "target": t, "status": "fail",
         "series": [{"period": "2026-09", "start": "2026-09-01", "end": "2026-09-30", "value": 10.0},
                    {"period": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "value": 12.0}]},
        {"by": {"platform": "<b>facebook</b>"}, "value": 30.0, "target": t, "status": "pass",
         "change": {"absolute": -1.5, "relative": -0.05},
         "series": [{"period": "2026-09", "start": "2026-09-01", "end": "2026-09-30", "value": 26.0},
                    {"period": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "value": 30.0}]},
    ]
    k["previous"] = {"start": "2026-09-01", "end": "2026-09-30", "value": 18.0}
    k["change"] = {"absolute": 2.0, "relative": 2.0 / 18.0}
    return ctx


def _golden(name: str, actual: str) -> None:
    import os

    path = GOLDEN / name
    if os.environ.get("SMKPI_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with SMKPI_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden; regenerate if intended"


# --- registry and the command line ---------------------------------------------------------
def test_formats_are_inferred_from_extensions_and_format_wins():
    plan = registry.plan(None, [Path("a.html"), Path("b.XLSX"), Path("c.md"), Path("d.xml"), Path("e.json"),
                                Path("f.txt")])
    assert [f.name for f, _ in plan] == ["html", "xlsx", "markdown", "junit", "json", "table"]
    assert [f.name for f, _ in registry.plan("json", [Path("out.txt")])] == ["json"]
    assert registry.plan(None, []) == [(registry.FORMATS["table"], None)]
    with pytest.raises(Exception, match=r"cannot tell the format from the extension '\.pdf'"):
        registry.plan(None, [Path("report.pdf")])


def test_one_run_writes_all_four_formats_in_thai(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    r = cli(["report", ROOT / "examples" / "data", "--targets", ROOT / "targets.yaml", "-o", "report.html",
             "-o", "report.xlsx", "-o", "report.md", "-o", "junit.xml", "-o", "r.json", "--lang", "th", "-q"])
    assert r.exit_code == 1, r.stderr  # the example month misses targets on purpose
    assert r.stdout == ""
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "การมีส่วนร่วม" in page and "ไม่ผ่าน" in page and '<html lang="th">' in page
    assert (tmp_path / "report.html").stat().st_size < 1_000_000
    assert "### การมีส่วนร่วม" in (tmp_path / "report.md").read_text(encoding="utf-8")
    suites = ET.parse(tmp_path / "junit.xml").getroot()
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))  # the same run's JSON
    missed = [k for k in doc["kpis"] if k["status"] == "fail" or (k["status"] == "no_data" and
                                                                    k["target"]["severity"] == "error")]
    assert int(suites.get("failures")) == len(missed) > 0 and len(suites) == 12
    assert zipfile.ZipFile(tmp_path / "report.xlsx").testzip() is None


def test_json_is_the_same_in_every_language(small):
    assert small("--format", "json", "--lang", "th", "--calendar", "buddhist").stdout == small("--format", "json").stdout


def test_unknown_format_is_a_usage_error(cli, tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 1}])
    r = cli(["report", tmp_path, "--format", "pdf"])
    assert r.exit_code == 2 and "'pdf' is not one of 'table', 'json', 'html', 'xlsx', 'markdown', 'junit'" in r.stderr
    r = cli(["report", tmp_path, "-o", tmp_path / "out.pdf"])
    assert r.exit_code == 2 and "cannot tell the format" in r.stderr


def test_heavy_libraries_load_only_for_their_format(tmp_path):
    code = ("import sys; from smkpi.cli import main; sys.argv = ['smkpi', 'report', sys.argv[1], '-q'];\n"
            "try: main()\nexcept SystemExit: pass\nprint('\\nxlsxwriter' in sys.modules, 'smkpi.outputs.html' in sys.modules)")
    code = code.replace("'\\nxlsxwriter'", "'xlsxwriter'")
    r = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "small")], capture_output=True, text=True,
                       encoding="utf-8", timeout=120)
    assert r.stdout.strip().splitlines()[-1] == "False False", r.stdout[-300:] + r.stderr[-500:]


# --- markdown ------------------------------------------------------------------------------
def test_golden_markdown(small, tmp_path):
    r = small("--format", "markdown")
    assert r.exit_code == 1
    _golden("report_small.md", r.stdout.replace("smkpi report " + _version(), "smkpi report <version>"))
    r = small("--format", "markdown", "--lang", "th", "--calendar", "buddhist")
    _golden("report_small.th.md", r.stdout.replace("smkpi report " + _version(), "smkpi report <version>"))


def test_golden_thai_table(small, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    r = small("--lang", "th", "--calendar", "buddhist")
    assert r.exit_code == 1 and "สรุป: ผ่าน 5 · ไม่ผ่าน 1" in r.stdout
    _golden("report_small.th.txt", r.stdout)
    assert small("--lang", "en").stdout == small().stdout  # English stays the table of before (report_small.txt)
    monkeypatch.setenv("COLUMNS", "40")
    narrow = small("--lang", "th", "-q").stdout
    assert "ซ่อนคอลัมน์ ประเภท, ปฏิเสธ, ซ้ำ, ว่าง เพราะหน้าจอแคบ" in " ".join(narrow.split())  # wrapped at 40 columns


def _version() -> str:
    from smkpi import __version__

    return __version__


def test_markdown_statuses_and_escaping():
    assert markdown.esc("a|b *x* [l](u) <img> $x$") == r"a\|b \*x\* \[l\](u) \<img> \$x\$"
    assert markdown.esc("line\nbreak\x1b[31m") == r"line\\nbreak\\x1b\[31m"
    lang = Lang("en")
    assert markdown.status_cell("pass", "error", lang) == "✅ pass"
    assert markdown.status_cell("fail", "error", lang) == "❌ fail"
    assert markdown.status_cell("warn", "warn", lang) == "⚠️ warn"
    assert markdown.status_cell("no_data", "error", lang) == "❌ no data"
    assert markdown.status_cell("no_data", "warn", lang) == "⚠️ no data"
    text = markdown.render(segmented(context())).decode()
    assert "| Likes per post | 20.00 | >= 20 | ✅ pass | +2.00 (+11.1%) |" in text
    assert r"| ↳ platform=\<b>facebook\</b> | 30.00 | >= 20 | ✅ pass | −1.50 (−5.0%) |" in text


# --- junit ---------------------------------------------------------------------------------
def test_golden_junit_is_schema_valid(small):
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (a test dependency) validates the JUnit XML")
    r = small("--format", "junit")
    assert r.exit_code == 1
    xmlschema.XMLSchema(SCHEMA).validate(io.StringIO(r.stdout))
    _golden("report_small.junit.xml", r.stdout.replace("smkpi report " + _version(), "smkpi report <version>"))


def test_junit_cases_failures_and_groups():
    root = ET.fromstring(junit.render(segmented(context())))
    eng = root.find("testsuite[@name='engagement']")
    cases = {c.get("name"): c for c in eng.iter("testcase")}
    assert cases["engagement.likes_per_post"].find("failure") is None
    assert cases["engagement.comments_per_post"].find("failure") is None
    sentiment = {c.get("name"): c for c in root.find("testsuite[@name='sentiment']").iter("testcase")}
    assert sentiment["sentiment.positive_share"].find("failure").get("message") == \
        "Positive share = 80.0%, target > 80%"
    assert sentiment["sentiment.mentions"].find("system-out").text == "Mentions with a sentiment = 5"
    assert cases["engagement.likes_per_post[platform=tiktok]"].find("failure") is not None
    assert cases["engagement.likes_per_post[platform=<b>facebook</b>]"].find("failure") is None
    assert eng.get("tests") == str(len(cases)) == "11" and eng.get("failures") == "1"
    assert root.get("failures") == "2"
    # a warn-level miss passes, the miss in system-out; with --fail-on warn it fails, as it fails the run
    ctx = context()
    rt = next(k for k in ctx.doc["kpis"] if k["id"] == "communication.avg_response_time")
    rt.update(value=7200.0, status="warn")
    case = next(c for c in ET.fromstring(junit.render(ctx)).iter("testcase")
                if c.get("name") == "communication.avg_response_time")
    assert case.find("failure") is None and case.find("system-out").text == \
        "Average first response time = 2h 00m, target <= 1h (warn)"
    ctx.fail_on = "warn"
    case = next(c for c in ET.fromstring(junit.render(ctx)).iter("testcase")
                if c.get("name") == "communication.avg_response_time")
    assert case.find("failure").get("message") == "Average first response time = 2h 00m, target <= 1h (warn)"


def test_junit_stays_well_formed_with_hostile_text():
    ctx = segmented(context())
    k = next(k for k in ctx.doc["kpis"] if k["id"] == "engagement.likes_per_post")
    k["groups"][0]["by"] = {"platform": "\x00<&>\"]]>\uffff\x1b[2J"}
    root = ET.fromstring(junit.render(ctx))
    names = [c.get("name") for c in root.iter("testcase")]
    assert 'engagement.likes_per_post[platform=\\x00<&>"]]>\\uffff\\x1b[2J]' in names


def test_junit_no_data_on_an_error_target_fails(tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 10}])  # no comments column
    root = ET.fromstring(junit.render(context(tmp_path)))
    case = next(c for c in root.iter("testcase") if c.get("name") == "engagement.comments_per_post")
    assert case.find("failure").get("message") == "Comments per post: no data, target >= 50"


# --- html ----------------------------------------------------------------------------------
class Refs(HTMLParser):
    """Every element and every attribute that could load something."""

    def __init__(self):
        super().__init__()
        self.tags, self.urls, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "srcset", "action", "poster", "data", "xlink:href") or k.startswith("on"):
                self.urls.append((tag, k, v))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escapes_injected_text(tmp_path):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [
        {"post_id": "p1", "likes": 10, "comments": 1, "shares": 1, "reach": 100, "content_type": evil, "views": 50},
        {"post_id": "p2", "likes": 30, "comments": 1, "shares": 1, "reach": 100, "content_type": "video", "views": 10},
    ])
    (d / f"notes {evil.replace('/', '_')}.bin").write_text("x")  # skipped file: its name is shown
    page = html.render(segmented(context(d))).decode("utf-8")
    p = Refs()
    p.feed(page)
    assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags and "iframe" not in p.tags
    assert p.urls == [], p.urls
    assert not re.search(r"url\((?!#)|@import|https?://", page), "nothing may load from the network"
    assert "default-src 'none'" in page  # and the browser is told so
    text = "".join(p.text)
    assert evil in text  # shown as text, literally
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "platform=&lt;b&gt;facebook&lt;/b&gt;" in page


def test_html_draws_groups_as_bars_and_series_as_lines():
    page = html.render(segmented(context())).decode("utf-8")
    assert page.count("<polyline") == 3  # the KPI over time, and each platform's line
    assert "Likes per post by platform" in page and "Likes per post over time" in page
    assert 'fill="url(#p-fail)"' in page and 'fill="url(#p-pass)"' in page  # status patterns read in greyscale
    assert "+2.00 (+11.1%)" in page  # the change column
    from smkpi.outputs.view import change_text

    assert change_text({"absolute": -0.0023, "relative": -0.053}, "ratio", Lang("en"), "THB") == "−0.23 pp (−5.3%)"
    ctx = segmented(context())
    ctx.doc["segments"] = {"window": {"start": "2026-10-01", "end": "2026-10-31"},
                           "compare": {"mode": "previous", "start": "2026-09-01", "end": "2026-09-30"}}
    page = html.render(ctx).decode("utf-8")
    assert "window: 2026-10-01 → 2026-10-31" in page and "compared with: 2026-09-01 → 2026-09-30" in page
    plain = html.render(context()).decode("utf-8")
    assert "<polyline" not in plain and "Value as a share of its target" in plain
    assert "break-before: page" in plain and "size: A4" in plain


def test_html_thai_labels_and_fonts():
    page = html.render(context(lang="th", calendar="buddhist")).decode("utf-8")
    assert '<html lang="th">' in page and "ยอดถูกใจต่อโพสต์" in page and "ผ่าน" in page
    assert '"Noto Sans Thai"' in page and '"Loma"' in page and "Tahoma" in page
    assert not re.search("[๐-๙]", page)


# --- xlsx ----------------------------------------------------------------------------------
def _xlsx_cells(data: bytes, sheet: int = 1) -> dict[str, tuple[str | None, str | None, int]]:
    """{cell ref: (type attribute, formula, style index)} of one sheet, read from the XML."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(io.BytesIO(data))
    root = ET.fromstring(z.read(f"xl/worksheets/sheet{sheet}.xml"))
    out = {}
    for c in root.iter(f"{{{ns['m']}}}c"):
        f = c.find("m:f", ns)
        out[c.get("r")] = (c.get("t"), f.text if f is not None else None, int(c.get("s", 0)))
    return out


def _number_formats(data: bytes) -> list[str]:
    """Number format code of each cell style (cellXfs), by style index."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml"))
    codes = {int(n.get("numFmtId")): n.get("formatCode") for n in root.iter(f"{{{ns['m']}}}numFmt")}
    builtin = {0: "General", 3: "#,##0", 4: "#,##0.00", 10: "0.00%"}
    return [codes.get(int(x.get("numFmtId", 0)), builtin.get(int(x.get("numFmtId", 0)), "?"))
            for x in root.find("m:cellXfs", ns)]


def test_xlsx_round_trip_values_formats_and_charts(tmp_path):
    fastexcel = pytest.importorskip("fastexcel")
    ctx = segmented(context())
    data = xlsx.render(ctx)
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    book = fastexcel.read_excel(path)
    assert book.sheet_names == ["Summary", "Engagement", "Reach", "Conversion", "Sentiment", "Influencer",
                                "Content", "Advertising", "Analytics", "Communication", "Process", "Knowledge",
                                "Audience", "Inputs"]
    summary = book.load_sheet_by_name("Summary", n_rows=len(ctx.doc["kpis"])).to_polars()
    by_id = {r["ID"]: r for r in summary.iter_rows(named=True)}
    assert set(by_id) == {k["id"] for k in ctx.doc["kpis"]}
    for k in ctx.doc["kpis"]:  # numbers as numbers, the same as the JSON
        row = by_id[k["id"]]
        if isinstance(k["value"], (int, float)):
            assert row["Value"] == pytest.approx(k["value"]), k["id"]
        assert row["Status"] == k["status"].replace("_", " ")
    assert by_id["engagement.likes_per_post"]["Value"] == 20.0 and by_id["engagement.likes_per_post"]["Shown as"] == "20.00"
    assert by_id["communication.avg_response_time"]["Value"] == 3600.0
    assert by_id["communication.avg_response_time"]["Target value"] == 3600.0
    assert summary.schema["Value"].is_numeric() and summary.schema["Target value"].is_numeric()
    # formats: each Value cell carries its unit's number format
    cells, formats = _xlsx_cells(data), _number_formats(data)
    col = {k["id"]: i + 2 for i, k in enumerate(ctx.doc["kpis"])}  # row of each KPI (header on row 1)
    fmt_of = lambda kpi: formats[cells[f"D{col[kpi]}"][2]]  # noqa: E731
    assert fmt_of("engagement.likes") == "#,##0"
    assert fmt_of("engagement.rate") == "0.0%"
    assert fmt_of("sentiment.positive_share") == "0.0%"
    assert fmt_of("engagement.likes_per_post") == "#,##0.00"
    assert fmt_of("communication.avg_response_time") == '#,##0" s"'
    z = zipfile.ZipFile(io.BytesIO(data))
    sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<conditionalFormatting sqref="I2:I56">' in sheet1 and '<formula>"fail"</formula>' in sheet1
    charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("<c:lineChart>" in c for c in charts) and any("<c:barChart>" in c for c in charts)
    assert "smkpi-report" in z.read("docProps/core.xml").decode()
    inputs = book.load_sheet_by_name("Inputs").to_polars()
    total = inputs.filter(inputs["File"] == "Total").row(0, named=True)
    assert total["Rows"] == sum(f["rows"] for f in ctx.doc["inputs"])
    series = book.load_sheet_by_name("Engagement", header_row=None).to_polars()
    assert "2026-09" in series.to_series(0).to_list()
    content = book.load_sheet_by_name("Content", header_row=None, dtypes="string").to_polars()
    assert ["video", "500"] in [list(r) for r in content.select(content.columns[:2]).iter_rows()]  # the breakdown


def test_xlsx_writes_formula_like_text_as_text(tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 10, "content_type": '=HYPERLINK("http://x","y")',
                                 "views": 5}])
    data = xlsx.render(context(d, lang="th"))
    z = zipfile.ZipFile(io.BytesIO(data))
    for name in z.namelist():
        if name.startswith("xl/worksheets/"):
            body = z.read(name).decode()
            assert "HYPERLINK" not in "".join(re.findall(r"<f>(.*?)</f>", body))
    assert "HYPERLINK" in z.read("xl/sharedStrings.xml").decode()  # still there, as a string
    assert "สรุป" in z.read("xl/workbook.xml").decode()  # sheet names in Thai


def test_xlsx_sheet_names_are_valid_and_unique():
    book = xlsx.Book(context())
    names = [book.sheet(n).name for n in ("a/b:c*d?[e]", "x" * 40, "x" * 40, "Summary", "summary")]
    book.close()
    assert names[0] == "a b c d  e" and len(names[1]) == 31 and names[2].endswith("(2)")
    assert names[4] == "summary (2)"


# --- GitHub Actions --------------------------------------------------------------------------
def test_github_summary_and_annotations(small, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = small()
    assert r.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n") and "### Engagement" in text and "❌ fail" in text
    errors = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert errors == ["::error title=smkpi sentiment.positive_share::Positive share = 80.0%25, target > 80%25"]
    # a machine format on stdout stays pure: the commands go to stderr
    r = small("--format", "json")
    json.loads(r.stdout)
    assert "::error" not in r.stdout and "::error title=smkpi sentiment.positive_share" in r.stderr
    r = small("--format", "junit")
    assert "::error" not in r.stdout and "::error" in r.stderr
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    r = small("-q")
    assert r.exit_code == 1 and "smkpi: warning: cannot write $GITHUB_STEP_SUMMARY" in r.stderr
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    # --no-github: nothing
    before = summary.read_text(encoding="utf-8")
    r = small("--no-github")
    assert "::error" not in r.stdout + r.stderr and summary.read_text(encoding="utf-8") == before


def test_github_annotations_at_most_ten_each_worst_first():
    ctx = context()
    base = next(k for k in ctx.doc["kpis"] if k["id"] == "engagement.likes_per_post")
    ctx.doc["kpis"] = [dict(base, id=f"engagement.k{i:02d}", label=f"K{i}", value=float(i), status="fail")
                       for i in range(15)]
    lines = github.annotations(ctx)
    errors = [x for x in lines if x.startswith("::error")]
    assert len(errors) == 10 and "K0 = 0.00" in errors[0] and "K9 = 9.00" in errors[-1]
    assert lines[-1].startswith("::notice title=smkpi::5 more missed target(s)")


def test_github_annotations_name_missed_groups_too():
    lines = github.annotations(segmented(context()))
    assert "::error title=smkpi engagement.likes_per_post[platform=tiktok]::Likes per post [platform=tiktok] = 12.00, " \
           "target >= 20" in lines


def test_github_command_escaping_and_summary_limit(tmp_path):
    assert github._data("50%\nx\r") == "50%25%0Ax%0D" and github._prop("a:b,c") == "a%3Ab%2Cc"
    assert github.fit("a\n" * 10, 100, "cut") == "a\n" * 10
    cut = github.fit("ab\n" * 1000, 200, "cut")
    assert len(cut.encode()) <= 200 and cut.endswith("> cut\n") and cut.startswith("ab\nab\n")
    big = tmp_path / "s.md"
    big.write_bytes(b"x" * (github.SUMMARY_LIMIT - 500))
    github.step_summary(context(), {"GITHUB_STEP_SUMMARY": str(big)})
    assert big.stat().st_size <= github.SUMMARY_LIMIT


@pytest.mark.skipif(__import__("shutil").which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the workbook is checked with fastexcel only")
def test_libreoffice_opens_the_workbook(tmp_path):
    import csv

    src = tmp_path / "r.xlsx"
    src.write_bytes(xlsx.render(segmented(context(lang="th"))))
    r = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                        "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        "--outdir", str(tmp_path / "out"), str(src)], capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-1000:]
    with open(tmp_path / "out" / "r-สรุป.csv", encoding="utf-8") as fh:
        rows = {row[2]: row for row in csv.reader(fh) if len(row) > 7}
    assert rows["engagement.likes_per_post"][3:5] == ["20", "20.00"] and rows["engagement.likes_per_post"][8] == "ผ่าน"
    assert rows["sentiment.positive_share"][8] == "ไม่ผ่าน"
    assert len(list((tmp_path / "out").glob("r-*.csv"))) == 14


def test_unreadable_inputs_and_strict_input_show_in_every_file_format(cli, tmp_path, monkeypatch):
    # The run exits 2 for these: a JUnit reader must not show green, and every report says why.
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "platform": "facebook", "likes": 5}])
    (d / "tickets.csv").write_text('ticket_id,created_at\n"t1,2026-10-01\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = cli(["report", d, "-q", "--strict-input", "-o", out / "r.md", "-o", out / "j.xml", "-o", out / "r.html"])
    assert r.exit_code == 2
    reason = "line 2: a quoted field never closes"
    md = (out / "r.md").read_text(encoding="utf-8")
    assert "Unreadable inputs (the run exits 2)" in md and reason in md and "--strict-input" in md
    assert reason in (out / "r.html").read_text(encoding="utf-8")
    root = ET.parse(out / "j.xml").getroot()
    assert root.get("errors") == "2"  # the unreadable file, and the --strict-input failure
    errors = root.findall("./testsuite[@name='inputs']/testcase/error")
    assert [e.get("type") for e in errors] == ["unreadable_input"] * 2 and reason in errors[0].get("message")
    assert any(line.startswith("::error title=smkpi input::") and "tickets.csv" in line
               for line in r.stdout.splitlines())
    assert reason in summary.read_text(encoding="utf-8")


def test_change_targets_are_never_drawn_or_written_as_values(cli, tmp_path):
    fastexcel = pytest.importorskip("fastexcel")
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  engagement.likes: {change: ">= +10%"}\n  engagement.rate: {change: ">= +2pp"}\n'
                 '  engagement.likes_per_post: ">= 20"\n', encoding="utf-8")
    args = ["report", Path(__file__).parent.parent / "examples" / "data", "-t", t, "--family", "engagement",
            "--compare", "previous", "--by", "platform", "-q"]
    cli([*args, "-o", tmp_path / "r.xlsx", "-o", tmp_path / "r.html"])
    data = (tmp_path / "r.xlsx").read_bytes()
    summary = fastexcel.read_excel(tmp_path / "r.xlsx").load_sheet_by_name("Summary", n_rows=9).to_polars()
    rows = {r["ID"]: (i + 2, r) for i, r in enumerate(summary.iter_rows(named=True))}
    cells, formats = _xlsx_cells(data), _number_formats(data)
    line, likes = rows["engagement.likes"]
    assert likes["Target value"] == pytest.approx(0.1) and formats[cells[f"G{line}"][2]] == "+0.0%;-0.0%;0.0%"
    line, rate = rows["engagement.rate"]
    assert rate["Target value"] == pytest.approx(2.0) and formats[cells[f"G{line}"][2]] == '+0.0" pp";-0.0" pp";0.0" pp"'
    line, per_post = rows["engagement.likes_per_post"]
    assert per_post["Target value"] == 20 and formats[cells[f"G{line}"][2]] == "#,##0.00"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "/ change &gt;=" not in page and "/ &gt;= 20" in page  # only a level target is a share of itself
    from smkpi.outputs import view

    assert view.level_target({"op": ">=", "value": 20, "on": "value"}) == 20.0  # the line is drawn at 20
    assert view.level_target({"op": ">=", "value": 0.1, "on": "relative_change"}) is None


def test_markdown_with_a_period_gives_each_kpi_its_trend(cli):
    md = cli(["report", Path(__file__).parent.parent / "examples" / "data", "--period", "month", "--format",
              "markdown", "-q", "--family", "engagement"]).stdout
    assert "| KPI | Value | Target | Status | Trend |" in md
    assert "| Likes | 28,420 |  | no target | ▁█ 2026-09 12,676 → 2026-10 15,744 |" in md
