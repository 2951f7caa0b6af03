"""Thai helpdesk and social exports as Thai users write them: Thai header synonyms, Buddhist-era
dates day-first, a trimmed Meta Facebook posts export, and the hint for unknown slash dates.
Every expected value is worked out by hand from the rows written here (arithmetic in comments)."""

from __future__ import annotations

import polars as pl
import pytest

from smkpi.config import SourceRule, load_settings
from smkpi.formats.specs import detect_spec
from smkpi.report import build_report
from smkpi.values import Stager, date_traits, parse_datetime

HINT = ("published_at is not a date/time; for day/month/year or month/day/year dates set date_format "
        "under sources: in targets.yaml")


def run(path, sources=None):
    s = load_settings(None).model_copy(update={"sources": sources or []})
    rep = build_report([path], s)
    values = {r.value.kpi.id: r.value.value for r in rep.results}
    return values, {f.path.rsplit("/", 1)[-1]: f for f in rep.loaded.inputs}


def write(path, text: str, bom: bool = False) -> None:
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")


# --- 1. Thai headers --------------------------------------------------------------------------
def test_thai_helpdesk_headers(tmp_path):
    write(tmp_path / "helpdesk.csv",
          "รหัสตั๋ว,วันที่สร้าง,ตอบกลับครั้งแรก,วันที่ปิด,สถานะ,ช่องทางติดต่อ,ผู้ดูแล,ยกระดับ,คะแนนความพึงพอใจ\n"
          "T1,01/10/2569 08:00,01/10/2569 08:30,01/10/2569 10:00,ปิด,LINE,สมชาย,ไม่,5\n"
          "T2,02/10/2569 09:00,02/10/2569 10:00,03/10/2569 09:00,ปิด,อีเมล,สมหญิง,ใช่,2\n")
    v, files = run(tmp_path)
    f = files["helpdesk.csv"]
    assert f.mapping == {"รหัสตั๋ว": "ticket_id", "วันที่สร้าง": "created_at", "ตอบกลับครั้งแรก": "first_response_at",
                         "วันที่ปิด": "resolved_at", "สถานะ": "status", "ช่องทางติดต่อ": "channel",
                         "ผู้ดูแล": "assignee", "ยกระดับ": "escalated", "คะแนนความพึงพอใจ": "csat"}
    assert (f.kind, f.rows, f.used, f.rejected, f.unmapped) == ("tickets", 2, 2, 0, [])
    # First response 30 min and 60 min -> mean 45 min = 2700 s.
    assert v["communication.avg_response_time"] == pytest.approx(2700)
    # Resolved 2 h and 24 h -> mean 13 h = 46800 s (2569 = 2026, 1 and 2 October day-first).
    assert v["knowledge.avg_time_to_resolve"] == pytest.approx(46800)
    assert v["process.escalation_rate"] == pytest.approx(0.5)  # ใช่ on 1 of 2
    assert v["communication.csat"] == pytest.approx(0.5)  # 5 is satisfied, 2 is not
    assert v["communication.avg_csat"] == pytest.approx(3.5)


@pytest.mark.parametrize("ticket_id", ["รหัสตั๋ว", "เลขที่ตั๋ว", "หมายเลขตั๋ว", "หมายเลขทิกเก็ต"])
def test_thai_ticket_id_synonyms(tmp_path, ticket_id):
    write(tmp_path / "tickets.csv", f"{ticket_id},วันที่สร้าง,วันที่ตอบกลับครั้งแรก,เวลาปิด,ส่งต่อ\n"
                                    "T1,2026-06-01 09:00,2026-06-01 09:20,2026-06-01 11:00,ใช่\n")
    _, files = run(tmp_path)
    f = files["tickets.csv"]
    assert f.mapping == {ticket_id: "ticket_id", "วันที่สร้าง": "created_at",
                         "วันที่ตอบกลับครั้งแรก": "first_response_at", "เวลาปิด": "resolved_at", "ส่งต่อ": "escalated"}
    assert (f.kind, f.used) == ("tickets", 1)


def test_thai_social_count_headers(tmp_path):
    write(tmp_path / "posts.csv", "รหัสโพสต์,วันที่โพสต์,ยอดวิว,ยอดถูกใจ,ยอดคอมเมนต์,ยอดแชร์,การเข้าถึง\n"
                                  "p1,2026-06-01 10:00,1000,40,8,2,400\n"
                                  "p2,2026-06-02 10:00,3000,60,12,8,600\n")
    write(tmp_path / "followers.csv", "วันที่,แพลตฟอร์ม,จำนวนผู้ติดตาม\n2026-06-01,facebook,3000\n2026-06-30,facebook,3300\n")
    v, files = run(tmp_path)
    assert set(files["posts.csv"].mapping.values()) == {"post_id", "published_at", "views", "likes", "comments",
                                                        "shares", "reach"}
    assert files["followers.csv"].mapping["จำนวนผู้ติดตาม"] == "followers"
    # Likes 40 + 60, comments 8 + 12, shares 2 + 8 = 130 over reach 400 + 600.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (100, 20, 10)
    assert v["engagement.rate"] == pytest.approx(130 / 1000)
    assert (v["audience.followers"], v["audience.follower_growth"]) == (3300, 300)


# --- 2. Buddhist-era dates, day-first ---------------------------------------------------------
CELLS = ["01/10/2569 08:00", "1/10/2569", "01/10/2569", "01-10-2569 08:00:05", "29/02/2567 10:00",
         "2569-10-01 10:00", "01/10/2026 08:00", "13/13/2569", None]
# Bangkok wall clock, or None when unread. 29/02/2567 is 29 Feb 2024 (a leap year; BE 2567 read as
# a Gregorian year is not one). The CE "01/10/2026" is never read day-first, even next to BE cells.
WALL = ["2026-10-01 08:00:00", "2026-10-01 00:00:00", "2026-10-01 00:00:00", "2026-10-01 08:00:05",
        "2024-02-29 10:00:00", "2026-10-01 10:00:00", None, None, None]
REASONS = [None] * 6 + ["d is not a date/time"] * 2 + [None]


@pytest.mark.parametrize("staged", [False, True])
def test_buddhist_dates_day_first_inline_and_staged(staged):
    df = pl.DataFrame({"d": CELLS}, schema={"d": pl.String})
    if staged:
        st = Stager()
        value, reason = parse_datetime(pl.col("d"), "d", "Asia/Bangkok", None, st.for_column("d"), buddhist=True)
        lf = st.apply(df.lazy())
    else:
        value, reason = parse_datetime(pl.col("d"), "d", "Asia/Bangkok", buddhist=True)
        lf = df.lazy()
    out = lf.select(v=value.dt.convert_time_zone("Asia/Bangkok").dt.strftime("%Y-%m-%d %H:%M:%S"), r=reason).collect()
    assert out["v"].to_list() == WALL
    assert out["r"].to_list() == REASONS


def test_ce_slash_dates_are_never_read_day_first():
    df = pl.DataFrame({"d": ["01/10/2026 08:00", "13/10/2026"]})
    value, reason = parse_datetime(pl.col("d"), "d", "UTC")
    assert df.select(value).to_series().to_list() == [None, None]
    assert df.select(reason).to_series().to_list() == ["d is not a date/time"] * 2


# --- 3. A trimmed Meta Facebook posts export ----------------------------------------------------
TRIMMED = ("Post id,Publish time,Post type,Reach,Impressions,Reactions,Comments,Shares\n"
           "1001_1,10/05/2026 09:00,Photos,1000,1500,50,10,5\n"
           "1001_2,10/06/2026 18:30,Videos,3000,4000,120,30,20\n"
           "Total,,,4000,5500,170,40,25\n")


def test_trimmed_meta_facebook_posts(tmp_path):
    write(tmp_path / "posts.csv", TRIMMED, bom=True)
    v, files = run(tmp_path)
    f = files["posts.csv"]
    assert (f.export, f.platform, f.encoding, f.used, f.rejected) == ("meta_facebook_posts", "facebook",
                                                                      "utf-8-sig", 2, 0)
    assert f.mapping["Reactions"] == "likes" and f.mapping["Post type"] == "content_type"
    # Reactions 50 + 120, comments 10 + 30, shares 5 + 20 = 235 over reach 1000 + 3000 (Total row dropped).
    assert (v["engagement.posts"], v["engagement.likes"]) == (2, 170)
    assert v["engagement.rate"] == pytest.approx(235 / 4000)
    assert v["reach.impressions"] == 5500


def test_post_type_does_not_pull_instagram_into_facebook():
    ig = ["Post ID", "Account ID", "Account username", "Publish time", "Post type", "Reach", "Likes"]
    assert detect_spec(ig).name == "meta_instagram_posts"
    assert detect_spec(["Post id", "Publish time", "Post type", "Reach"]).name == "meta_facebook_posts"
    assert detect_spec(["Post ID", "Publish time", "Reach"]) is None  # too little to say which export


# --- 4. The hint for slash dates of an unknown export --------------------------------------------
def test_unknown_slash_dates_get_the_date_format_hint(tmp_path):
    write(tmp_path / "posts.csv", "post_id,published_at,likes\np1,13/05/2026 09:00,5\np2,14/05/2026 10:00,7\n"
                                  "p3,2026-05-15 10:00,9\n")
    _, files = run(tmp_path)
    f = files["posts.csv"]
    assert (f.used, f.rejected) == (1, 2)
    assert [(p.reason, p.count, p.rows) for p in f.problems] == [(HINT, 2, [2, 3])]


def test_named_date_format_reads_them_and_drops_the_hint(tmp_path):
    write(tmp_path / "posts.csv", "post_id,published_at,likes\np1,13/05/2026 09:00,5\np2,31/02/2026 10:00,7\n")
    rule = SourceRule(match="posts.csv", date_format="%d/%m/%Y %H:%M")
    _, files = run(tmp_path, [rule])
    f = files["posts.csv"]
    # 31 February does not exist: rejected, but without telling the user to do what they did.
    assert (f.used, f.rejected) == (1, 1)
    assert [p.reason for p in f.problems] == ["published_at is not a date/time"]


def test_slashed_trait_needs_most_cells():
    assert date_traits(["13/05/2026 09:00", "1-5-2026", None, ""])["slashed"] is True
    assert date_traits(["13/05/2026", "2026-05-14", "2026-05-15"])["slashed"] is False
    assert date_traits(["13/05/2569"])["slashed"] is False  # BE dates are read day-first: no hint
    assert date_traits([])["slashed"] is False
