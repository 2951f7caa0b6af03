"""Thai and English: complete catalogues, the brief's Thai words, no Thai digits, Buddhist-era dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from importlib.resources import files

import pytest

from smkpi.compute import SOURCE_KINDS
from smkpi.evaluate import Status
from smkpi.i18n import Lang, catalogue, default_lang
from smkpi.registry import FAMILIES, all_kpis

THAI_DIGITS = re.compile("[๐-๙]")


def test_every_kpi_family_status_and_message_has_a_thai_entry():
    th, en = catalogue("th"), catalogue("en")
    assert sorted(th["kpis"]) == sorted(k.id for k in all_kpis()), "th.json kpis must list every registry KPI, no more"
    assert all(th["kpis"][k.id].strip() for k in all_kpis())
    assert set(th["families"]) == set(FAMILIES) == set(en["families"])
    assert set(th["statuses"]) == {s.value for s in Status} == set(en["statuses"])
    assert set(th["text"]) == set(en["text"]), f"messages differ: {sorted(set(th['text']) ^ set(en['text']))}"
    assert set(th["notes"]) == set(en["notes"]) and set(th["words"]) == set(en["words"])
    # Every "no <file> among the inputs" note compute can write has its words.
    assert {desc for _, desc in SOURCE_KINDS.values()} <= set(th["words"])
    assert len(th["months"]) == 12


def test_thai_family_names_are_the_briefs_words():
    lang = Lang("th")
    assert [lang.family(f) for f in FAMILIES[:11]] == [
        "การมีส่วนร่วม", "การเข้าถึง", "การแปลง", "การวิเคราะห์ความรู้สึก", "การร่วมมือกับอินฟลูเอนเซอร์",
        "ประสิทธิภาพของเนื้อหา", "การโฆษณา", "การวิเคราะห์และข้อมูลเชิงลึก", "การสื่อสาร", "ประสิทธิภาพของกระบวนการ",
        "การจัดการความรู้"]


def test_catalogues_are_strict_json_without_thai_digits():
    for lang in ("en", "th"):
        text = files("smkpi.i18n").joinpath(f"{lang}.json").read_text(encoding="utf-8")
        assert not THAI_DIGITS.search(text)
        pairs = []
        json.loads(text, object_pairs_hook=lambda p: pairs.extend(k for k, _ in p) or dict(p))
    with pytest.raises(ValueError, match="duplicate key"):
        from smkpi.i18n import _no_duplicates

        _no_duplicates([("a", 1), ("a", 2)])


def test_compute_notes_are_translated():
    lang = Lang("th")
    assert lang.note("no tickets file among the inputs") == "ไม่มีไฟล์ทิกเก็ตในข้อมูลนำเข้า"
    assert lang.note("needs csat: no input file has it") == "ต้องใช้ csat: ไม่มีไฟล์นำเข้าใดมีข้อมูลนี้"
    assert lang.note("something new") == "something new"  # unknown: English rather than nothing
    assert lang.note("above 100 %: the numerator (1,200) exceeds the denominator (1,000); check the denominator column") \
        == "เกิน 100 %: ตัวเศษ (1,200) มากกว่าตัวส่วน (1,000); ตรวจสอบคอลัมน์ตัวส่วน"
    assert lang.note("in USD while the target is in THB: set fx: {USD: rate} in targets.yaml (THB per USD) or "
                     "currency: USD") == ("เป็นสกุลเงิน USD แต่เป้าหมายเป็น THB: ตั้ง fx: {USD: อัตรา} ใน targets.yaml "
                                          "(THB ต่อ USD) หรือ currency: USD")
    assert lang.note("in USD while the target is in THB: set fx: {EUR: rate} in targets.yaml (THB per USD) or "
                     "currency: USD").startswith("in USD")  # the same name must be the same text
    assert Lang("en").note("no tickets file among the inputs") == "no tickets file among the inputs"


@pytest.mark.parametrize("env, expected", [
    ({"LANG": "th_TH.UTF-8"}, "th"), ({"LC_ALL": "th_TH.UTF-8", "LANG": "en_US.UTF-8"}, "th"),
    ({"LC_ALL": "C.UTF-8", "LANG": "th_TH.UTF-8"}, "en"), ({"LANG": "en_GB.UTF-8"}, "en"), ({}, "en"),
])
def test_default_language_from_the_locale(env, expected):
    assert default_lang(env) == expected


def test_dates_in_each_language_and_calendar():
    d = dt.date(2026, 10, 31)
    assert Lang("en").date(d) == "2026-10-31"
    assert Lang("th").date(d) == "31 ต.ค. 2026"
    assert Lang("th", "buddhist").date(d) == "31 ต.ค. 2569"
    assert Lang("en", "buddhist").date(d) == "31 Oct 2569 BE"
    assert Lang("th", "buddhist").period("2026-10-01", "2026-10-31") == "1 ต.ค. 2569 → 31 ต.ค. 2569"


def test_numbers_come_from_fmt_and_only_units_are_translated():
    th, en = Lang("th"), Lang("en")
    assert en.value(3900, "seconds") == "1h 05m" and th.value(3900, "seconds") == "1 ชม. 05 นาที"
    assert th.value(45, "seconds") == "45 วินาที" and th.value(90061, "seconds") == "1 วัน 1 ชม."
    for v, unit in ((1234.5, "count"), (0.8, "ratio"), (0.00031, "ratio"), (3.2, "multiple"), (1234.5, "currency")):
        assert th.value(v, unit) == en.value(v, unit)
    assert th.value(1234.5, "currency") == "฿1,234.50" and not THAI_DIGITS.search(th.value(1234.5, "count"))


def test_every_note_finish_writes_has_a_thai_entry():
    # The notes are made by the code that writes them (not copied here), so a reworded note fails this test.
    from smkpi.config import load_settings
    from smkpi.finish import bound, money

    th = Lang("th")
    settings = load_settings(None)
    share = next(k for k in all_kpis() if k.limit == "share")
    rate = next(k for k in all_kpis() if k.limit == "rate")
    spend = next(k for k in all_kpis() if k.id == "advertising.spend")
    cpc = next(k for k in all_kpis() if k.id == "advertising.cpc")
    notes = [bound(share, 1.2, 120, 100)[1], bound(rate, 1.2, 120, 100)[1],
             money(spend, 10.0, {"THB", "USD"}, settings)[1]]
    settings = settings.model_copy(update={"targets": {**settings.targets, cpc.id: settings.targets.get(
        "engagement.likes_per_post")}})
    notes.append(money(cpc, 1.0, {"USD"}, settings)[1])
    assert all(notes), notes
    for n in notes:
        assert th.note(n) != n and not re.search("[a-z]{4,} [a-z]{4,}", th.note(n).replace("targets.yaml", "")), n


def test_every_missing_input_note_compute_writes_has_a_thai_entry():
    from smkpi.compute import compute

    notes = {v.note for v in compute(all_kpis(), {})}
    assert len(notes) >= 8  # one per kind of file
    assert all(Lang("th").note(n) != n for n in notes), [n for n in notes if Lang("th").note(n) == n]


def test_the_inferred_labels_note_is_translated_alone_and_after_another_note():
    from smkpi.sentiment.fill import INFERRED_NOTE

    th = Lang("th")
    note = INFERRED_NOTE.format(n="1,234")
    assert th.note(note) == "ป้ายกำกับความรู้สึก 1,234 รายการอนุมานจากข้อความความคิดเห็นด้วยโมเดลของ smkpi"
    joined = th.note(f"no rows carry the inputs, or the denominator is 0; {note}")
    assert joined == "ไม่มีแถวที่มีข้อมูลครบ หรือตัวหารเป็น 0; ป้ายกำกับความรู้สึก 1,234 รายการอนุมานจากข้อความความคิดเห็นด้วยโมเดลของ smkpi"
    # A note no part of which is known stays as written, "; " and all.
    assert th.note("something new; and more") == "something new; and more"


def test_column_names_joined_by_or_are_joined_in_thai():
    assert Lang("th").note("needs contacts or first_contact_resolution: no input file has it") == (
        "ต้องใช้ contacts หรือ first_contact_resolution: ไม่มีไฟล์นำเข้าใดมีข้อมูลนี้")
    # Only between column names: a file's name is never edited.
    assert Lang("th").note("the same bytes as sep or oct.csv: one download saved twice is read once (its rows "
                           "would count twice)").startswith("ไบต์เหมือนกับ sep or oct.csv ")


def test_group_notes_for_a_named_group_without_rows_are_translated():
    th = Lang("th")
    assert th.note("no rows in this group") == "ไม่มีแถวในกลุ่มนี้"
    assert th.note("no rows in this group (no rows carry the inputs, or the denominator is 0)") == (
        "ไม่มีแถวในกลุ่มนี้ (ไม่มีแถวที่มีข้อมูลครบ หรือตัวหารเป็น 0)")
    assert th.note("no rows in this group; did you mean 'Chat'? (no rows carry the inputs, or the denominator is 0)") == (
        "ไม่มีแถวในกลุ่มนี้; หมายถึง 'Chat' หรือไม่? (ไม่มีแถวที่มีข้อมูลครบ หรือตัวหารเป็น 0)")


def test_a_change_target_is_written_in_thai_in_every_renderer(cli, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  engagement.rate: {change: ">= +2pp", severity: warn}\n', encoding="utf-8")
    args = ["report", Path(__file__).parent.parent / "examples" / "data", "-t", t, "--compare", "previous",
            "--family", "engagement", "--lang", "th", "-q"]
    table = cli(args, env={"COLUMNS": "160"}).stdout
    md = cli([*args, "--format", "markdown"]).stdout
    for out in (table, md):
        assert "การเปลี่ยนแปลง >= +2pp (เตือน)" in out and "change >=" not in out


def test_a_group_note_is_translated_when_labels_and_groups_hold_parentheses():
    # "Engagement rate (by reach)" and the "(none)" group both hold " (": the label is the known one.
    from smkpi.outputs.table import Translator

    line = Translator(Lang("th")).line("— Engagement rate (by reach) (text, (none)): no rows carry the inputs, or "
                                       "the denominator is 0")
    assert line == ("— อัตราการมีส่วนร่วม (ตามการเข้าถึง) (text, (none)): "
                    + Lang("th").note("no rows carry the inputs, or the denominator is 0"))
    assert Translator(Lang("th")).line("— every KPI above: no ads file among the inputs").startswith("— ทุก KPI ข้างบน: ")


def test_every_content_type_smkpi_writes_has_a_thai_word():
    from smkpi.segment import NONE_GROUP
    from smkpi.vocabulary import CONTENT_TYPES

    th = catalogue("th")["categories"]
    assert set(th) == set(CONTENT_TYPES) | {NONE_GROUP}
    assert all(v and not THAI_DIGITS.search(v) and v != k for k, v in th.items())
    lang = Lang("th")
    assert lang.category("image") == "รูปภาพ" and lang.category("Shorts") == "Shorts" and Lang().category("image") == "image"
    # a content type only where it is one: a campaign called "video" is the user's word
    assert lang.group({"campaign": "video", "content_type": "video"}) == {"campaign": "video", "content_type": "วิดีโอ"}
    assert lang.group({"campaign": "(none)"}) == {"campaign": "(ไม่ระบุ)"}
    assert lang.value({"video": 5, "Shorts": 3}, "breakdown") == "วิดีโอ 5 · Shorts 3"
    assert lang.value("reel", "category") == "รีล"


def test_content_types_are_shown_in_thai_in_every_renderer_and_stay_english_in_json(cli, tmp_path):
    # Before one spelling per content type, a Thai export's รูปภาพ showed as written; the canonical
    # word must not turn a Thai report English.
    data = Path(__file__).parent.parent / "examples" / "data"
    args = ["report", data, "--family", "content", "--by", "content_type", "--lang", "th", "-q"]
    rows = cli(args, env={"COLUMNS": "80"}).stdout  # narrow: a row per group
    assert "│   └ รูปภาพ " in rows and "│ วิดีโอ 189,391 · รีล 39,102 │" in rows
    wide = cli(args, env={"COLUMNS": "160"}).stdout  # wide: a column per group, with its legend
    assert re.search(r"┃ +ทั้งหมด ┃ +รูปภาพ ┃ +รีล ┃ +ข้อความ ┃ +วิดีโอ ┃", wide) and "กลุ่ม: ✓ ผ่าน · ✗ ไม่ผ่าน" in wide
    for table in (rows, wide):
        assert "— ยอดดูตามประเภทเนื้อหา (รูปภาพ, ข้อความ): " in table
        assert not re.search(r"\b(image|video|reel|All|groups)\b", table)
    md = cli([*args, "--format", "markdown"]).stdout
    assert "| ↳ ประเภทเนื้อหา=รูปภาพ | 144.55 |" in md and "| ประเภทเนื้อหาที่ดีที่สุด | วิดีโอ |" in md
    html = cli([*args, "--format", "html"]).stdout
    assert "ประเภทเนื้อหา=รูปภาพ" in html and "วิดีโอ 189,391" in html
    out = tmp_path / "r.xlsx"
    cli([*args, "--format", "xlsx", "-o", out])
    import fastexcel

    cells = {str(c) for sheet in fastexcel.read_excel(out).sheet_names
             for row in fastexcel.read_excel(out).load_sheet(sheet, header_row=None).to_polars().rows() for c in row}
    assert "ประเภทเนื้อหา=รูปภาพ" in cells and "รีล" in cells
    doc = json.loads(cli(["report", data, "--family", "content", "--by", "content_type", "--lang", "th", "-q",
                          "--format", "json"]).stdout)
    top = next(k for k in doc["kpis"] if k["id"] == "content.top_type")
    assert top["value"] == "video" and {g["by"]["content_type"] for g in top["groups"]} >= {"image", "reel"}


def _posts(tmp_path, rows):
    d = tmp_path / "d"
    d.mkdir()
    lines = ["post_id,published_at,campaign,content_type,views,likes,comments,shares"]
    lines += [f"p{i},2026-10-0{i + 1},{c},{t},{v},1,1,1" for i, (c, t, v) in enumerate(rows)]
    (d / "posts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def test_only_content_types_are_translated_not_a_campaign_that_shares_their_name(cli, tmp_path):
    d = _posts(tmp_path, [("video", "image", 60), ("All", "video", 50), ("", "[bold]x", 80)])
    wide = cli(["report", d, "--family", "content", "--by", "campaign", "--lang", "th", "-q"], env={"COLUMNS": "220"}).stdout
    head = next(ln for ln in wide.splitlines() if "ทั้งหมด" in ln)
    assert re.search(r"┃ +ทั้งหมด ┃ +All ┃ +video ┃ +\(ไม่ระบุ\) ┃", head), head  # campaigns as written
    assert "รูปภาพ 60" in wide and "[bold]x 80" in wide  # the breakdown's content types are translated
    two = cli(["report", d, "--family", "content", "--by", "campaign", "--by", "content_type", "--lang", "th", "-q"],
              env={"COLUMNS": "220"}).stdout
    assert "(ไม่ระบุ) · [bold]x" in two and "video · รูปภาพ" in two  # markup in a name: still its dimension's


def test_a_file_value_that_is_already_a_translation_does_not_hide_a_group(cli, tmp_path):
    d = _posts(tmp_path, [("c", "", 50), ("c", "(ไม่ระบุ)", 70), ("c", "video", 10)])
    out = cli(["report", d, "--family", "content", "--lang", "th", "-q"]).stdout
    assert "(ไม่ระบุ) 70 · (none) 50 · วิดีโอ 10" in out


def test_junit_names_of_groups_are_the_same_in_every_language(cli, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('segments:\n  content_type:\n    image: {content.avg_engagement_per_post: ">= 100"}\n', encoding="utf-8")
    data = Path(__file__).parent.parent / "examples" / "data"
    names = {}
    for lang in ("en", "th"):
        xml = cli(["report", data, "-t", t, "--by", "content_type", "--family", "content", "-q", "--lang", lang,
                   "--format", "junit"]).stdout
        names[lang] = sorted(re.findall(r'testcase[^>]*name="([^"]*\[[^"]*)"', xml))
    assert names["en"] == names["th"] == ["content.avg_engagement_per_post[content_type=image]"]


def test_every_dimension_and_weekday_has_a_thai_name():
    from smkpi.segment import DIMENSIONS, WEEKDAY_NAMES

    th = catalogue("th")
    assert set(th["dimensions"]) == set(DIMENSIONS) and set(th["weekdays"]) == set(WEEKDAY_NAMES)
    lang = Lang("th")
    assert lang.group({"weekday": "mon", "platform": "mon"}) == {"weekday": "จันทร์", "platform": "mon"}
    assert lang.dimension("platform") == "แพลตฟอร์ม" and Lang().dimension("platform") == "platform"


def test_series_periods_follow_the_buddhist_calendar(cli):
    lang = Lang("th", "buddhist")
    assert [lang.period_label(x) for x in ("2026-10", "2026-Q4", "2026-10-05", "2026", "")] == [
        "2569-10", "2569-Q4", "2569-10-05", "2569", ""]
    assert Lang("th").period_label("2026-10") == "2026-10"
    data = Path(__file__).parent.parent / "examples" / "data"
    args = ["report", data, "--period", "month", "--compare", "previous", "--family", "engagement", "-q", "--lang", "th"]
    md = cli([*args, "--calendar", "buddhist", "--format", "markdown"]).stdout
    assert "| โพสต์ของแบรนด์ | 91 |  | ไม่มีเป้าหมาย | +17 (+23.0%) | ▄ 2569-10 91 |" in md
    assert "เดือนล่าสุดในข้อมูล (2569-10)" in md and "2026-10" not in md
    doc = json.loads(cli([*args, "--calendar", "buddhist", "--format", "json"]).stdout)
    assert doc["kpis"][0]["series"][0]["period"] == "2026-10"  # JSON stays CE
