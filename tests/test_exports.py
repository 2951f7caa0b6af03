"""Real platform exports read as downloaded (issue 3). Every expected value is worked out by hand
from the fixture rows (tests/fixtures/exports/, made by make_fixtures.py); the arithmetic is in
the comments."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from conftest import write_csv
from smkpi.config import SourceRule, load_settings
from smkpi.formats import detect
from smkpi.formats.aliases import KNOWN_KEYS, header_key
from smkpi.report import build_report
from smkpi.values import (buddhist_to_ce, parse_csat, parse_datetime, parse_hours, parse_hms_seconds,
                          parse_number, parse_percent, parse_tag_flag)

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def settings(year: int | None = None, sources: list[SourceRule] | None = None):
    s = load_settings(None, year=year)
    return s.model_copy(update={"sources": sources or []})


def run(path, *, year=None, sources=None):
    rep = build_report([path], settings(year, sources))
    values = {r.value.kpi.id: r.value.value for r in rep.results}
    return values, {Path(f.path).name: f for f in rep.loaded.inputs}, rep.loaded.skipped


# --- one test per export format -------------------------------------------------------------
def test_a_hand_made_file_with_a_header_one_edit_from_a_known_one_gets_the_hint(tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "P1", "platform": "facebook", "likse": 3, "saves": 1}])
    _, files, _ = run(tmp_path)
    assert [n for n in files["posts.csv"].notes if "one edit from" in n] == [
        "header 'likse' is one edit from the known column 'likes'; rename it, or map it under sources: rename",
        "header 'saves' is one edit from the known column 'sales'; rename it, or map it under sources: rename"]


def test_meta_facebook_posts():
    v, files, _ = run(EXPORTS / "meta_facebook_posts")
    f = files["Jun-01-2026_Jun-30-2026_1001.csv"]
    assert (f.export, f.platform, f.encoding, f.rows, f.used, f.rejected) == ("meta_facebook_posts", "facebook",
                                                                              "utf-8-sig", 3, 3, 0)
    assert f.mapping["Reactions"] == "likes" and f.mapping["Total Clicks"] == "clicks"  # case differs from docs
    assert "Reactions, Comments and Shares" in f.unmapped
    # Reactions 50 + 120 + 10; Comments 10 + 30 + 0; Shares 5 + 20 + 1; Reach "1,000" + "2,000" + 500.
    assert (v["engagement.posts"], v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (3, 180, 40, 26)
    assert v["reach.reach"] == 3500
    assert v["engagement.rate"] == pytest.approx(246 / 3500)
    # Views "1,200" (Photos), "2,500" (Videos), N/A (Links: no value, not zero).
    assert v["content.views_by_type"] == {"image": 1200, "video": 2500}  # one spelling: smkpi.vocabulary
    # Mean engagement per post: Photos 65, Videos 170, Links 11.
    assert v["content.top_type"] == "video"
    assert v["reach.impressions"] is None  # this export has no impressions column


def test_meta_instagram_posts():
    v, files, _ = run(EXPORTS / "meta_instagram_posts")
    f = files["Jun-01-2026_Jun-30-2026_178400000.csv"]
    assert (f.export, f.platform) == ("meta_instagram_posts", "instagram")
    assert {"Saves", "Follows"} <= set(f.unmapped)
    # A platform's own header is no typo: "Saves" is one edit from "sales", but no rename is advised.
    assert not [n for n in f.notes if "one edit from" in n], f.notes
    # Likes 200 + 60 + 90, Comments 12 + 8 + 10, Shares 15 + 2 + 3; Reach 2500 + 700 + 900.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (350, 30, 20)
    assert v["engagement.rate"] == pytest.approx(400 / 4100)
    assert v["content.views_by_type"] == {"reel": 3000, "image": 800, "carousel": 1000}
    assert v["content.top_type"] == "reel"  # 227 vs 70 vs 103 per post


def test_content_types_are_one_spelling_across_platforms(tmp_path):
    # Facebook writes "Photos" and "Videos", Instagram "IG image" and "IG reel": read alone, a
    # report over both compared Facebook's photos with Instagram's instead of photos with reels.
    for name in ("meta_facebook_posts", "meta_instagram_posts"):
        for f in (EXPORTS / name).iterdir():
            (tmp_path / f.name).write_bytes(f.read_bytes())
    v, _, _ = run(tmp_path)
    # Views: image 1,200 (Facebook) + 800 (Instagram); Facebook's link has N/A views.
    assert v["content.views_by_type"] == {"image": 2000, "video": 2500, "reel": 3000, "carousel": 1000}
    # Mean engagement per post: image (65 + 70) / 2, video 170, reel 227, carousel 103, link 11.
    assert v["content.top_type"] == "reel"


@pytest.mark.parametrize(("written", "read"), [
    ("Photos", "image"), ("IG image", "image"), ("รูปภาพ", "image"), ("PHOTO", "image"), ("Videos", "video"),
    ("วิดีโอ", "video"), ("IG reel", "reel"), ("Reels", "reel"), ("CAROUSEL_ALBUM", "carousel"),
    ("IG carousel", "carousel"), ("Status", "text"), ("Links", "link"), ("IG story", "story"), ("Live video", "live"),
    ("video", "video"), ("Shorts", "Shorts"), ("IGTV", "IGTV"), ("[red]x[/red]", "[red]x[/red]"), ("", None),
])
def test_a_content_type_is_read_in_its_one_spelling_and_an_unknown_one_as_written(written, read, tmp_path):
    from smkpi.vocabulary import content_type_label

    write_csv(tmp_path / "posts.csv", [{"post_id": "P1", "platform": "x", "content_type": f" {written} ", "views": 5}])
    v, _, _ = run(tmp_path)
    assert v["content.views_by_type"] == {read if read is not None else "(none)": 5}
    if read is not None:
        assert content_type_label(f" {written} ") == read  # a group name in targets.yaml reads the same, trimmed


def test_meta_page_daily_utf16_sep_line_metric_line():
    v, files, skipped = run(EXPORTS / "meta_page_daily")
    fb, ig = files["Jun-01-2026_Jun-30-2026_page_1.csv"], files["Jun-01-2026_Jun-30-2026_page_2.csv"]
    assert (fb.encoding, fb.header_row, fb.kind, fb.platform) == ("utf-16-le", 3, "followers", "facebook")
    assert (ig.encoding, ig.platform) == ("utf-16-le", "instagram")  # no BOM: found by the NUL pattern
    assert fb.mapping == {"Primary": "followers", "Date": "date"}
    # Latest: facebook 1250 + instagram 600; growth (1250 − 1000) + (600 − 500) = 350 over 1500.
    assert v["audience.followers"] == 1850
    assert v["audience.follower_growth"] == 350
    assert v["audience.follower_growth_rate"] == pytest.approx(350 / 1500)
    [s] = skipped
    assert s.path.endswith("page_3.csv") and "Facebook reach" in s.reason


def test_facebook_insights_legacy_description_row():
    v, files, _ = run(EXPORTS / "facebook_insights_legacy")
    [f] = files.values()
    # The "Lifetime: ..." row under the header is not a post: 2 rows, none rejected (it has no Post ID).
    assert (f.export, f.rows, f.used, f.rejected) == ("facebook_insights_legacy", 2, 2, 0)
    # like 60 + 90, comment 5 + 15, share 4 + 6; reach 800 + 1200; impressions 1000 + 1500.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (150, 20, 10)
    assert v["engagement.rate"] == pytest.approx(180 / 2000)
    assert v["engagement.rate_by_impressions"] == pytest.approx(180 / 2500)
    assert v["reach.frequency"] == pytest.approx(1.25)


def test_x_tweet_activity_legacy():
    v, files, _ = run(EXPORTS / "x_tweet_activity_legacy")
    [f] = files.values()
    assert (f.export, f.platform, f.rejected) == ("x_tweet_activity_legacy", "x", 0)  # "1203.0" and "-" read
    # likes 40 + 17, replies 3 + 1, retweets 5 + 2; impressions 1203 + 797.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (57, 4, 7)
    assert v["reach.impressions"] == 2000
    assert v["engagement.rate_by_impressions"] == pytest.approx(68 / 2000)
    assert v["engagement.rate"] is None  # no reach in X exports


def test_x_account_new():
    v, files, _ = run(EXPORTS / "x_account_new")
    [f] = files.values()
    assert (f.export, f.platform, f.rejected) == ("x_account_new", "x", 0)  # "Sat, Jun 6, 2026" read
    assert f.mapping["Reposts"] == "shares" and "Shares" in f.unmapped
    # Likes 80 + 150, Replies 6 + 10, Reposts 9 + 20; Impressions "1,200" + "3,400".
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (230, 16, 29)
    assert v["engagement.rate_by_impressions"] == pytest.approx(275 / 4600)


def test_tiktok_dates_without_year_are_the_twelve_months_ending_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc).timestamp())))
    v, files, _ = run(EXPORTS / "tiktok")
    fh = files["FollowerHistory.csv"]
    assert fh.rejected == 0
    [note] = [n for n in fh.notes if "no year" in n]  # one note per file, saying what was done
    assert "twelve months ending today (2026-12-01)" in note and "the latest in 2026" in note
    assert v["audience.followers"] == 5600
    # Today 10 July 2026: July 31 has not come yet this year, so July 1-31 are 2025's.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 7, 10, tzinfo=dt.timezone.utc).timestamp())))
    rep = build_report([EXPORTS / "tiktok"], settings())
    assert rep.period == (dt.date(2025, 7, 1), dt.date(2025, 7, 31))


def test_tiktok_with_year():
    v, files, _ = run(EXPORTS / "tiktok", year=2026)
    assert all(f.rejected == 0 for f in files.values())
    assert any("read in 2026 (from --year)" in n for n in files["FollowerHistory.csv"].notes)
    # Followers July 1 5000 -> July 31 5600.
    assert (v["audience.followers"], v["audience.follower_growth"]) == (5600, 600)
    assert v["audience.follower_growth_rate"] == pytest.approx(0.12)
    # Content: likes 500 + 300, comments 40 + 20, shares 60 + 15.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (800, 60, 75)
    assert v["engagement.likes_per_post"] == 400


def test_tiktok_year_from_file_period(tmp_path):
    shutil.copy(EXPORTS / "tiktok" / "FollowerHistory.csv", tmp_path / "FollowerHistory_2026-07.csv")
    v, files, _ = run(tmp_path)
    [f] = files.values()
    assert f.rejected == 0 and any("from the file's period" in n for n in f.notes)
    assert v["audience.followers"] == 5600


def test_youtube_total_row_not_counted():
    v, files, _ = run(EXPORTS / "youtube_studio")
    f = files["Table data.csv"]
    assert (f.export, f.platform, f.rows, f.used) == ("youtube_studio", "youtube", 2, 2)
    assert any("summary row" in n for n in f.notes)
    # Views 10000 + 5000 (the Total row's 15000 is not added again); impressions 120000 + 80000.
    assert v["reach.view_through_rate"] == pytest.approx(15000 / 200000)
    assert v["reach.impressions"] == 200000
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (900, 150, 60)
    assert "Average view duration" in f.unmapped  # H:MM:SS, read by no KPI


def test_linkedin_xlsx_note_row_and_sheets():
    v, files, _ = run(EXPORTS / "linkedin")
    [f] = files.values()
    assert (f.export, f.sheet, f.header_row, f.platform) == ("linkedin_posts", "All posts", 2, "linkedin")
    assert any("others: Metrics" in n for n in f.notes)
    # Likes 30 + 50, Comments 5 + 10, Reposts 3 + 7; Impressions 1500 + 2500.
    assert (v["engagement.likes"], v["engagement.comments"], v["engagement.shares"]) == (80, 15, 10)
    assert v["engagement.rate_by_impressions"] == pytest.approx(105 / 4000)
    assert v["content.views_by_type"] == {"video": 900}  # the image post has no views


def test_linkedin_post_type_is_organic_or_sponsored_not_a_content_type(tmp_path):
    # An "All posts" sheet without its Content Type column: "Post type" (Organic, Sponsored) is
    # LinkedIn's word for who paid, not what the post is, so it never feeds content types.
    import sys

    sys.path.insert(0, str(EXPORTS))
    from xlsx_writer import write_xlsx

    head = ["Post title", "Post link", "Post type", "Created date", "Impressions",
            "Views (excluding off-site video views)", "Likes", "Comments", "Reposts"]
    rows = [["A", "https://www.linkedin.com/feed/update/urn:li:activity:1", "Organic", "06/04/2026", 1500, 300, 30, 5, 3],
            ["B", "https://www.linkedin.com/feed/update/urn:li:activity:2", "Sponsored", "06/18/2026", 2500, 900, 50, 10, 7]]
    write_xlsx(tmp_path / "brandth_content_1782000000000.xlsx",
               {"All posts": [["All posts shown here were created between 06/01/2026 and 06/30/2026."], head, *rows]})
    v, files, _ = run(tmp_path)
    [f] = files.values()
    assert f.export == "linkedin_posts" and "Post type" in f.unmapped and "content_type" not in f.mapping.values()
    assert v["content.views_by_type"] is None and v["content.top_type"] is None  # no content type: no value


def test_meta_ads_currency_header_and_cells():
    v, files, _ = run(EXPORTS / "meta_ads")
    [f] = files.values()
    assert f.mapping["Amount spent (USD)"] == "spend" and f.mapping["Purchases"] == "conversions"
    assert "Results" in f.unmapped  # Purchases outranks Results
    # Spend $20.00 + $80.00; clicks 500 + "1,000"; impressions "25,000" + "60,000".
    assert v["advertising.spend"] == pytest.approx(100.0)
    assert v["advertising.cpc"] == pytest.approx(100 / 1500)
    assert v["advertising.cpm"] == pytest.approx(1000 * 100 / 85000)
    assert v["advertising.ctr"] == pytest.approx(1500 / 85000)
    # Ads Manager leaves Purchases and their value blank for an ad with none: 0, not missing. So the
    # CPA is all the spend over 12 purchases, and ROAS $300.00 over all $100.00 of spend.
    assert v["advertising.cpa"] == pytest.approx(100 / 12)
    assert v["advertising.roas"] == pytest.approx(300 / 100)
    assert f.currency == "USD" and any("blank metric cells are 0" in n for n in f.notes)


def test_google_ads_preamble_and_total_rows():
    v, files, _ = run(EXPORTS / "google_ads")
    [f] = files.values()
    assert (f.export, f.header_row, f.rows, f.rejected) == ("google_ads", 3, 2, 0)
    assert any("3 summary row(s)" in n for n in f.notes)
    # Cost 500 + 500; clicks 200 + 160; Impr. "4,000" + "16,000"; conversions 10 + "--".
    assert v["advertising.spend"] == pytest.approx(1000.0)
    assert v["advertising.cpc"] == pytest.approx(1000 / 360)
    assert v["advertising.cpm"] == pytest.approx(50.0)
    assert v["advertising.ctr"] == pytest.approx(0.018)
    assert v["advertising.cpa"] == pytest.approx(500 / 10)  # the "--" row carries no conversions
    assert v["advertising.roas"] == pytest.approx(2500 / 500)


def test_ga4_comment_preamble():
    v, files, _ = run(EXPORTS / "ga4")
    [f] = files.values()
    assert (f.export, f.header_row, f.kind, f.rejected) == ("ga4", 10, "sessions", 0)
    # Sessions 100 + 200; bounces (100 − 60) + (200 − 150) = 90; views 250 + 600.
    assert v["analytics.sessions"] == 300
    assert v["analytics.bounce_rate"] == pytest.approx(90 / 300)
    # Average engagement time × sessions: 45.5·100 + 60·200 = 16550 s over 300 sessions.
    assert v["analytics.avg_session_duration"] == pytest.approx(16550 / 300)
    assert v["analytics.pages_per_session"] == pytest.approx(850 / 300)


def test_zendesk_csv():
    v, files, _ = run(EXPORTS / "zendesk_csv")
    [f] = files.values()
    assert (f.export, f.platform, f.rejected) == ("zendesk_csv", "zendesk", 0)
    assert "First reply time in minutes within business hours" in f.unmapped
    assert v["communication.inquiries"] == 4
    # First reply 30, 90, 60 minutes (103 has none): mean 60 min.
    assert v["communication.avg_response_time"] == pytest.approx(3600)
    # Resolved 101, 102, 104; one reply or fewer: 101, 104.
    assert v["communication.first_contact_resolution"] == pytest.approx(2 / 3)
    # Rated: Good (101), Bad (102); Offered / Not Offered are unrated.
    assert v["communication.csat"] == pytest.approx(0.5)
    # Tags: "escalated billing" (102), "tier2" (104).
    assert v["process.escalation_rate"] == pytest.approx(0.5)
    # 102 Saturday 20:30, 103 Wednesday 08:00 (before 09:00).
    assert v["process.after_hours_requests"] == 2
    # Solved − created: 2 h, 38 h, 1 h -> mean 41 h / 3 = 49200 s.
    assert v["knowledge.avg_time_to_resolve"] == pytest.approx(49200)


def test_zendesk_api_json():
    v, files, _ = run(EXPORTS / "zendesk_api_json")
    f = files["tickets.json"]
    assert (f.export, f.platform, f.rejected) == ("zendesk_api_json", "zendesk", 0)
    assert f.mapping["via.channel"] == "channel" and f.mapping["satisfaction_rating.score"] == "csat"
    assert v["communication.inquiries"] == 4
    assert v["communication.csat"] == pytest.approx(0.5)  # good, bad; offered/unoffered unrated
    assert v["process.escalation_rate"] == pytest.approx(0.25)  # ["escalated", "billing"]
    assert v["communication.avg_response_time"] is None  # first reply lives in ticket_metrics


def test_freshdesk_csv_and_xlsx():
    v, files, _ = run(EXPORTS / "freshdesk")
    x = files["Tickets_2026-06-30_more.xlsx"]
    assert x.export == "freshdesk" and "Group_1" in x.unmapped  # duplicate header, listed not fatal
    assert x.mapping["Created Time"] == "created_at"  # case variant
    assert v["communication.inquiries"] == 5
    # First response (in hrs) 01:30:00, 00:30:00, 01:00:00, 00:15:00 = 90, 30, 60, 15 min: mean 48.75 min.
    assert v["communication.avg_response_time"] == pytest.approx(48.75 * 60)
    # Resolved 1, 2, 4, 5; agent interactions ≤ 1: 1, 4, 5.
    assert v["communication.first_contact_resolution"] == pytest.approx(0.75)
    # Awesome, Not Good, Just Okay, Awesome -> 2 good of 4 rated.
    assert v["communication.csat"] == pytest.approx(0.5)
    assert v["process.escalation_rate"] == pytest.approx(1 / 5)
    assert v["process.after_hours_requests"] == 1  # ticket 2, Wednesday 19:00
    # 4 h + 16 h + 1 h + 0.75 h = 21.75 h over 4.
    assert v["knowledge.avg_time_to_resolve"] == pytest.approx(21.75 * 3600 / 4)


def test_thai_encodings_headers_and_buddhist_years():
    v, files, _ = run(EXPORTS / "thai")
    posts, tickets = files["thai_posts_cp874.csv"], files["thai_tickets_utf16.txt"]
    followers, ads = files["thai_followers_utf16.csv"], files["thai_ads_meta.csv"]
    assert (posts.encoding, posts.export, posts.rejected) == ("cp874", "meta_facebook_posts_th", 0)
    assert (tickets.encoding, tickets.kind, tickets.rejected) == ("utf-16-le", "tickets", 0)
    assert (followers.encoding, followers.rejected) == ("utf-16-le", 0)
    assert (ads.export, ads.mapping["จำนวนเงินที่ใช้จ่ายไป (THB)"]) == ("meta_ads", "spend")
    # Posts: ถูกใจ 40 + 60, ความคิดเห็น 8 + 12, แชร์ 2 + 8 over reach 400 + 600.
    assert v["engagement.rate"] == pytest.approx(130 / 1000)
    assert v["content.views_by_type"] == {"image": 500, "video": 900}
    # Tickets (2569 = 2026): resolved 1 h and 14 h -> 27000 s; CSAT 5 and 2 -> 1 of 2 good, mean 3.5.
    assert v["knowledge.avg_time_to_resolve"] == pytest.approx((3600 + 14 * 3600) / 2)
    assert v["communication.csat"] == pytest.approx(0.5)
    assert v["communication.avg_csat"] == pytest.approx(3.5)
    assert v["process.after_hours_requests"] == 1  # 2569-06-02 20:00 is a Tuesday evening in 2026
    # Followers line 3000 -> 3300; ads ฿1,000.00 spend, 400 clicks, ฿5,000.00 value.
    assert (v["audience.followers"], v["audience.follower_growth"]) == (3300, 300)
    assert v["advertising.cpc"] == pytest.approx(2.5)
    assert v["advertising.roas"] == pytest.approx(5.0)


def test_buddhist_year_dates_land_in_ce():
    lf = pl.DataFrame({"d": ["05/06/2569 10:30"]})
    val, reason = parse_datetime(pl.col("d"), "d", "Asia/Bangkok", ["%d/%m/%Y %H:%M"], buddhist=True)
    out = lf.select(v=val.dt.convert_time_zone("Asia/Bangkok"), r=reason).row(0)
    assert str(out[0])[:16] == "2026-06-05 10:30" and out[1] is None


def test_date_traits_sampled_from_cells():
    from smkpi.values import date_traits

    none = {"stamps": (), "offset": None}  # no canonical stamp in the sample: no fast-path branch
    assert date_traits(["2569-06-01 10:00", None]) == {"buddhist": True, "spaced_offset": False, "slashed": False,
                                                       **none}
    assert date_traits(["2020-02-10 18:00 +0000"]) == {"buddhist": False, "spaced_offset": True, "slashed": False,
                                                       **none}
    # One slash date of two is not "most cells".
    assert date_traits(["2026-06-01T10:00:00+07:00", "06/01/2026 09:30"]) == {
        "buddhist": False, "spaced_offset": False, "slashed": False, "stamps": ("wall",), "offset": "+07:00"}
    df = pl.DataFrame({"d": ["2020-02-10 18:00 +0000", "2026-06-01 09:15:00 +0700"]})
    val, reason = parse_datetime(pl.col("d"), "d", "UTC", spaced_offset=True)
    assert [str(x) for x in df.select(val).to_series()] == ["2020-02-10 18:00:00+00:00", "2026-06-01 02:15:00+00:00"]


# --- a mixed directory ----------------------------------------------------------------------
def test_mixed_directory_reports_once_without_double_counting(tmp_path):
    for d in ("meta_facebook_posts", "youtube_studio", "zendesk_csv", "zendesk_api_json", "google_ads", "ga4"):
        shutil.copytree(EXPORTS / d, tmp_path / d)
    # A canonical posts file repeating one Meta post (same platform + id) and adding one of its own.
    write_csv(tmp_path / "posts.csv", [
        {"post_id": "1001_2001", "platform": "facebook", "likes": 50, "comments": 10, "shares": 5, "reach": 1000},
        {"post_id": "c-1", "platform": "instagram", "likes": 10, "comments": 2, "shares": 1, "reach": 100},
    ])
    v, files, _ = run(tmp_path)
    # Posts: Meta 3 + YouTube 2 + c-1 = 6 (1001_2001 counted once).
    assert v["engagement.posts"] == 6
    assert v["engagement.likes"] == 180 + 900 + 10
    assert v["engagement.comments"] == 40 + 150 + 2
    assert sum(f.duplicates for f in files.values()) == 1 + 3
    # Tickets: 101-104 (CSV) and 101-103, 105 (API): 5 distinct; escalated 102, 104 -> 2 / 5.
    assert v["communication.inquiries"] == 5
    assert files["tickets.json"].duplicates == 3  # the CSV is later by path: its copies win
    assert v["process.escalation_rate"] == pytest.approx(2 / 5)
    assert v["advertising.spend"] == pytest.approx(1000.0)
    assert v["analytics.sessions"] == 300
    for f in files.values():
        assert f.rows == f.used + f.rejected + f.duplicates + f.blank


# --- inspect ----------------------------------------------------------------------------------
def test_inspect_json(cli):
    r = cli(["inspect", EXPORTS / "google_ads", EXPORTS / "meta_page_daily", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    by = {Path(f["path"]).name: f for f in doc["files"]}
    g = by["Campaign report.csv"]
    assert (g["export"], g["encoding"], g["header_row"], g["kind"], g["platform"]) == (
        "google_ads", "utf-8", 3, "ads", "google_ads")
    assert g["mapping"]["Impr."] == "impressions" and g["mapping"]["Conv. value"] == "revenue"
    assert "Interaction rate" in g["unmapped"]
    assert (g["rows"], g["used"], g["rejected"]) == (2, 2, 0)
    p = by["Jun-01-2026_Jun-30-2026_page_1.csv"]
    assert (p["encoding"], p["header_row"], p["platform"]) == ("utf-16-le", 3, "facebook")
    assert [Path(s["path"]).name for s in doc["skipped"]] == ["Jun-01-2026_Jun-30-2026_page_3.csv"]


def test_inspect_table_shows_rejections(cli, tmp_path):
    text = (EXPORTS / "tiktok" / "FollowerHistory.csv").read_text().replace("5200", "5.2k").replace("5600", "abc")
    (tmp_path / "FollowerHistory.csv").write_text(text)
    r = cli(["inspect", tmp_path / "FollowerHistory.csv", "--year", "2026"])
    assert r.exit_code == 0
    assert "FollowerHistory.csv (TikTok" in r.stdout
    assert "2 × followers is not a number" in r.stdout and "rows 3, 4" in r.stdout
    assert "Difference in followers from previous day" in r.stdout  # unmapped is listed


def test_report_cli_year_option(cli, tmp_path):
    r = cli(["report", EXPORTS / "tiktok", "--year", "2026", "--format", "json", "--targets",
             write_targets(tmp_path, "")])
    doc = json.loads(r.stdout)
    assert {k["id"]: k["value"] for k in doc["kpis"]}["audience.followers"] == 5600


# --- sources: overrides -----------------------------------------------------------------------
def write_targets(tmp_path: Path, sources_yaml: str) -> Path:
    p = tmp_path / "targets.yaml"
    p.write_text("targets: {}\n" + sources_yaml, encoding="utf-8")
    return p


def test_sources_rename_kind_platform_date_format(tmp_path, cli):
    data = tmp_path / "data"
    write_csv(data / "export_123.csv", [{"ID": "a", "When": "01.06.2026", "Likez": "5"},
                                        {"ID": "b", "When": "02.06.2026", "Likez": "7"}])
    yaml = ("sources:\n  - match: 'export_*.csv'\n    kind: posts\n    platform: line\n"
            "    date_format: '%d.%m.%Y'\n    rename: {ID: post_id, When: published_at, Likez: likes}\n")
    r = cli(["inspect", data, "--targets", write_targets(tmp_path, yaml), "--format", "json"])
    [f] = json.loads(r.stdout)["files"]
    assert (f["kind"], f["platform"], f["rejected"]) == ("posts", "line", 0)
    assert f["mapping"] == {"ID": "post_id", "When": "published_at", "Likez": "likes"}
    r = cli(["report", data, "--targets", write_targets(tmp_path, yaml), "--format", "json"])
    assert {k["id"]: k["value"] for k in json.loads(r.stdout)["kpis"]}["engagement.likes"] == 12


def test_sources_format_and_year(tmp_path):
    # A follower file with no recognisable signature, forced to TikTok's layout, year from sources.
    write_csv(tmp_path / "fans.csv", [{"Date": "July 1", "Followers": "10"}, {"Date": "July 9", "Followers": "15"}])
    rule = SourceRule(match="fans.csv", format="tiktok_followers", year=2025)
    v, files, _ = run(tmp_path, sources=[rule])
    f = files["fans.csv"]
    assert (f.export, f.platform, f.rejected) == ("tiktok_followers", "tiktok", 0)
    assert any("read in 2025" in n for n in f.notes)
    assert v["audience.follower_growth"] == 5


def test_sources_unknown_format_is_a_config_error(tmp_path, cli):
    write_csv(tmp_path / "data" / "posts.csv", [{"post_id": "1"}])
    yaml = "sources:\n  - match: '*.csv'\n    format: tiktokk\n"
    r = cli(["report", tmp_path / "data", "--targets", write_targets(tmp_path, yaml)])
    assert r.exit_code == 2 and "targets.yaml:4" in r.stderr and "did you mean 'tiktok_" in r.stderr


@pytest.mark.parametrize("line, message", [("encoding: klingon", "unknown encoding 'klingon'"),
                                           ("date_format: dd/mm/yyyy", "not a strftime layout"),
                                           ("year: 3000", "less than or equal to 2700")])
def test_sources_fields_are_validated(tmp_path, cli, line, message):
    write_csv(tmp_path / "data" / "posts.csv", [{"post_id": "1"}])
    r = cli(["report", tmp_path / "data", "--targets", write_targets(tmp_path, f"sources:\n  - match: '*.csv'\n    {line}\n")])
    assert r.exit_code == 2 and message in r.stderr and r.stderr.count("\n") == 1


def test_sources_encoding(tmp_path):
    # Latin-1 is neither UTF-8 nor Thai: refused, unless sources: says how it is encoded.
    (tmp_path / "posts.csv").write_bytes("post_id,likes,campaign\n1,5,Café\n".encode("latin-1"))
    from smkpi.errors import InputError

    with pytest.raises(InputError, match="not UTF-8"):
        run(tmp_path)
    v, files, _ = run(tmp_path, sources=[SourceRule(match="*.csv", encoding="latin-1")])
    assert files["posts.csv"].encoding == "iso8859-1" and v["engagement.likes"] == 5


def test_sources_sheet(tmp_path):
    shutil.copy(EXPORTS / "linkedin" / "brandth_content_1782000000000.xlsx", tmp_path / "page.xlsx")
    rule = SourceRule(match="page.xlsx", sheet="Metrics", kind="sessions", date_format="%m/%d/%Y",
                      rename={"Impressions (total)": "pageviews"})
    v, files, _ = run(tmp_path, sources=[rule])
    f = files["page.xlsx"]
    assert (f.sheet, f.header_row, f.kind) == ("Metrics", 2, "sessions")
    assert v["analytics.sessions"] == 2 and v["analytics.pages_per_session"] == pytest.approx(4000 / 2)


def test_sources_kind_overrides_the_format(tmp_path):
    shutil.copy(EXPORTS / "meta_instagram_posts" / "Jun-01-2026_Jun-30-2026_178400000.csv", tmp_path / "x.csv")
    v, files, _ = run(tmp_path, sources=[SourceRule(match="x.csv", kind="influencer",
                                                    rename={"Account username": "influencer"})])
    assert files["x.csv"].kind == "influencer"
    assert v["influencer.posts"] == 3 and v["engagement.posts"] == 0


# --- general rules: encoding, preamble, header, footer ----------------------------------------
@pytest.mark.parametrize("data, enc", [
    (b"\xef\xbb\xbfa,b\n", "utf-8-sig"),
    (b"\xff\xfe" + "a,b\n".encode("utf-16-le"), "utf-16-le"),
    (b"\xfe\xff" + "a,b\n".encode("utf-16-be"), "utf-16-be"),
    ("วันที่,ยอด\n".encode("utf-16-le"), "utf-16-le"),
    ("date,followers\n".encode("utf-16-be"), "utf-16-be"),
    ("a,b\n1,2\n".encode(), "utf-8"),
    ("วันที่,ยอดดู\n1,2\n".encode("utf-8"), "utf-8"),
    ("วันที่,ยอดดู\n1,2\n".encode("cp874"), "cp874"),
])
def test_detect_encoding(data, enc):
    assert detect.detect_encoding(data) == enc


def test_detect_encoding_refuses_binary_and_unknown():
    with pytest.raises(detect.EncodingError, match="binary"):
        detect.detect_encoding(b"PK\x03\x04\x00\x00\x08\x00" * 20)
    with pytest.raises(detect.EncodingError, match="not UTF-8"):
        detect.detect_encoding("post_id,campaign\n1,Café crème\n".encode("latin-1"))


def test_utf8_cut_inside_a_character_is_still_utf8():
    data = ("ก" * 100).encode("utf-8")[:-1]
    assert detect.detect_encoding(data) == "utf-8"


def _layout(text):
    return detect.layout(text, KNOWN_KEYS, header_key)


def test_layout_sep_line_sets_separator():
    lay = _layout('sep=;\n"Metric"\nDate;Followers\n2026-06-01;5\n')
    assert (lay.separator, lay.skip_lines, lay.header, lay.sep_line) == (";", 2, ["Date", "Followers"], True)


def test_layout_comment_preamble_and_title_lines():
    lay = _layout("# Report\n#\n# Start date: 20260601\nTitle line\n\nDate,Sessions,Engaged sessions\n20260601,1,1\n")
    assert lay.header == ["Date", "Sessions", "Engaged sessions"] and lay.header_row == 6
    assert detect.period_year(lay.preamble, "x.csv") == 2026


def test_layout_quoted_newlines_count_as_physical_lines():
    lay = _layout('Report "x"\n"a\nb"\npost_id,likes,comments\n1,2,3\n')
    assert lay.skip_lines == 3 and lay.header == ["post_id", "likes", "comments"]


def test_layout_unknown_columns_take_the_first_widest_row():
    lay = _layout("My export\nfoo,bar,baz\n1,2,3\n")
    assert lay.header == ["foo", "bar", "baz"] and lay.skip_lines == 1


def test_sniff_separator_ignores_commas_inside_quotes():
    assert detect.sniff_separator(['a;b;c', '"1,5";2;3', '"x, y";4;5']) == ";"
    assert detect.sniff_separator(["a\tb", "1\t2"]) == "\t"


@pytest.mark.parametrize("cell, total", [("Total", True), ("Total: Account", True), ("Grand total", True),
                                         ("รวม", True), ("total makeover tips", False), ("Totally", False)])
def test_total_row_rule(cell, total):
    import re

    assert bool(re.match(detect.TOTAL_ROW, cell)) is total


def test_footer_rows_dropped_and_row_numbers_kept(tmp_path):
    # A preamble line, a Total row in the middle and at the bottom: row numbers stay the file's.
    (tmp_path / "posts.csv").write_text("Exported 2026-06-30\npost_id,likes\n1,5\nTotal,99\n2,abc\n3,7\nTotal: all,111\n",
                                        encoding="utf-8")
    v, files, _ = run(tmp_path)
    f = files["posts.csv"]
    assert (f.header_row, f.rows, f.used, f.rejected) == (2, 3, 2, 1)
    assert f.problems[0].rows == [5]  # line 5 of the file holds "2,abc"
    assert v["engagement.likes"] == 12


def test_header_names_dedupe_like_fastexcel():
    assert detect.header_names(["Group", "Tags", "Group", None, "Group"]) == ["Group", "Tags", "Group_1", "column_4",
                                                                              "Group_2"]


def test_alias_keys_drop_currency_suffix():
    assert header_key("Amount spent (USD)") == header_key("amount spent (฿)") == "amount_spent"
    assert header_key("First response time (in hrs)") != "first_response_time"


# --- value parsers ----------------------------------------------------------------------------
def _eval(expr_pair, cells):
    val, reason = expr_pair(pl.col("c"))
    return pl.DataFrame({"c": cells}, schema={"c": pl.String}).select(v=val, r=reason).rows()


def test_money_percent_thousands_and_null_tokens():
    rows = _eval(lambda c: parse_number(c, "spend", whole=False),
                 ["$20.00", "1,000", "USD 1,000", "1,000 THB", "฿1,234.50", "--", "N/A", "-", "1,5"])
    assert [r[0] for r in rows] == [20.0, 1000.0, 1000.0, 1000.0, 1234.5, None, None, None, None]
    assert rows[-1][1] == "spend is not a number"  # "1,5" is not a thousands separator
    assert [r[0] for r in _eval(lambda c: parse_percent(c, "ctr"), ["20%", "5.00%", "--", "1.8"])] == [
        0.2, 0.05, None, pytest.approx(0.018)]
    assert _eval(lambda c: parse_percent(c, "ctr"), ["abc%"])[0][1] == "ctr is not a percentage"
    assert _eval(lambda c: parse_number(c, "likes", whole=True), ["1203.0", "1203.5"]) == [
        (1203, None), (None, "likes is not a whole number")]


def test_durations():
    assert [r[0] for r in _eval(lambda c: parse_hours(c, "frt"), ["01:30:00", "0:05", "1.5", "125:00:00", ""])] == [
        90.0, 5.0, 90.0, 7500.0, None]
    assert _eval(lambda c: parse_hours(c, "frt"), ["soon"])[0][1] == "frt is not a duration like 1:30:00"
    assert [r[0] for r in _eval(lambda c: parse_hms_seconds(c, "d"), ["0:03:17", "3:17", "75"])] == [197.0, 197.0, 75.0]


def test_csat_words():
    df = pl.DataFrame({"c": ["Good", "Bad", "Offered", "Not Offered", "Unoffered", "Awesome", "Just Okay",
                             "Extremely Happy", "Unhappy", "meh"]})
    score, good, reason = parse_csat(pl.col("c"), "csat")
    out = df.select(s=score, g=good, r=reason).rows()
    assert [g for _, g, _ in out] == [True, False, None, None, None, True, False, True, False, None]
    assert out[7][0] == 5.0 and out[8][0] == 2.0
    assert [r for _, _, r in out][:-1] == [None] * 9 and out[-1][2] is not None


def test_tags_flag():
    df = pl.DataFrame({"c": ["vip escalated", '["escalated", "billing"]', "", None, "not-escalatedx"]})
    assert df.select(v=parse_tag_flag(pl.col("c"), ("escalated",)))["v"].to_list() == [True, True, False, False, False]


def test_buddhist_to_ce_only_touches_be_years():
    df = pl.DataFrame({"c": ["15/06/2569", "2569-06-15 09:30", "2026-06-15", "25:00"]})
    assert df.select(buddhist_to_ce(pl.col("c"))).to_series().to_list() == ["15/06/2026", "2026-06-15 09:30", "2026-06-15",
                                                                     "25:00"]


def test_yearless_dates():
    df = pl.DataFrame({"c": ["July 1", "Feb 29"]})
    val, reason = parse_datetime(pl.col("c"), "date", "UTC", yearless=["%B %d", "%b %d"], year=2024)
    assert [str(x)[:10] for x in df.select(val).to_series()] == ["2024-07-01", "2024-02-29"]
    val, reason = parse_datetime(pl.col("c"), "date", "UTC", yearless=["%B %d", "%b %d"])
    assert df.select(reason).to_series().to_list() == ["date has no year; pass --year or set year: under sources:"] * 2


def test_canonical_files_unchanged(tmp_path):
    # A canonical file still reads exactly as before: no format, header on row 1, names as given.
    write_csv(tmp_path / "posts.csv", [{"post_id": "1", "platform": "x", "likes": "3", "comments": "1", "shares": "0",
                                        "reach": "10"}])
    v, files, _ = run(tmp_path)
    f = files["posts.csv"]
    assert (f.export, f.header_row, f.unmapped, f.notes) == (None, 1, [], [])
    assert v["engagement.rate"] == pytest.approx(4 / 10)


@pytest.mark.parametrize("rows", [
    [{"date": "2026-06-01", "sessions": "10", "engaged_sessions": "4"}],
    [{"ticket_id": "1", "created_at": "2026-06-01 10:00", "first_response_minutes": "5", "status": "solved"}],
    [{"ad_id": "a", "campaign": "c", "spend": "5", "clicks": "1", "impressions": "10"}],
    [{"post_id": "1", "published_at": "2026-06-01 10:00", "platform": "facebook", "content_type": "video"}],
])
def test_canonical_files_match_no_export_format(tmp_path, rows):
    write_csv(tmp_path / "data.csv", rows)
    from smkpi.formats.specs import detect_spec

    assert detect_spec(list(rows[0])) is None


def test_docs_list_every_format():
    from smkpi.formats.specs import SPECS

    doc = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert [s.name for s in SPECS if f"`{s.name}`" not in doc] == []


def test_sources_sheet_by_number(tmp_path):
    shutil.copy(EXPORTS / "linkedin" / "brandth_content_1782000000000.xlsx", tmp_path / "page.xlsx")
    _, files, _ = run(tmp_path, sources=[SourceRule(match="page.xlsx", sheet=2)])
    assert (files["page.xlsx"].sheet, files["page.xlsx"].export) == ("All posts", "linkedin_posts")


def test_inspect_unreadable_file_exits_2(cli, tmp_path):
    (tmp_path / "posts.csv").write_bytes(b"PK\x03\x04\x00\x00\x08\x00" * 50)
    r = cli(["inspect", tmp_path / "posts.csv"])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("smkpi: error:") and "binary" in r.stderr and r.stderr.count("\n") == 1


def test_footer_total_of_a_big_file_is_noted(tmp_path):
    rows = "".join(f"{i},{i % 7}\n" for i in range(20000))  # > 64 KiB, so the footer is outside the head sample
    (tmp_path / "posts.csv").write_text("post_id,likes\n" + rows + "Total,99999\n", encoding="utf-8")
    v, files, _ = run(tmp_path)
    f = files["posts.csv"]
    assert (f.rows, f.rejected) == (20000, 0)
    assert any(n.startswith("dropped 1 summary row(s) in the first and last 64 KiB") for n in f.notes)
    assert v["engagement.likes"] == sum(i % 7 for i in range(20000))


def test_ids_a_spreadsheet_shortened_are_named_beside_the_copies_they_cause(tmp_path):
    # A Meta posts export opened and saved in Excel: every Post ID became 1.221E+17.
    (tmp_path / "Oct-01-2026_Oct-31-2026_99.csv").write_text(
        "Post ID,Page ID,Page name,Publish time,Post type,Impressions,Reach,Reactions,Comments,Shares\n"
        "1.221E+17,1E+14,Baan,10/1/2026 9:30,Photos,100,80,10,1,1\n"
        "1.221E+17,1E+14,Baan,10/13/2026 18:05,Videos,1200,1000,20,2,2\n"
        "1.221E+17,1E+14,Baan,10/20/2026 08:00,Photos,300,200,5,0,0\n", encoding="utf-8")
    v, files, _ = run(tmp_path)
    f = files["Oct-01-2026_Oct-31-2026_99.csv"]
    assert (f.duplicates, v["engagement.posts"]) == (2, 1)
    assert ("3 post_id cell(s) look like numbers a spreadsheet shortened (1.221E+17): they have lost their last "
            "digits, so different rows can share one and be dropped as copies; export the file again, or format "
            "the column as text before saving it") in f.notes
    _, plain, _ = run(EXPORTS / "meta_facebook_posts")
    assert not [n for x in plain.values() for n in x.notes if "shortened" in n]
    # Written in lower case (LibreOffice), the same; a thousand digits are not an example to quote.
    f = tmp_path / "Oct-01-2026_Oct-31-2026_99.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("1.221E+17", "1.221e+17"), encoding="utf-8")
    _, files, _ = run(tmp_path)
    assert any("3 post_id cell(s) look like numbers a spreadsheet shortened (1.221e+17)" in n
               for n in files[f.name].notes)
