"""Every KPI of the registry against a value worked out by hand on a tiny fixture.

The fixture (``month`` below) is small enough to check with a pencil; each expected value carries
its arithmetic. ``EXPECTED`` is keyed by KPI id and a test fails when a registry id has no entry,
so a KPI cannot be added without a hand-worked test.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from conftest import write_csv, write_json

from smkpi.compute import Value, compute
from smkpi.config import BusinessHours, load_settings
from smkpi.evaluate import Status, evaluate, exit_code, judge
from smkpi.load import load
from smkpi.registry import all_kpis, get
from smkpi.report import build_report
from smkpi.thresholds import parse_target

REPO_TARGETS = Path(__file__).resolve().parents[1] / "targets.yaml"
KPI_IDS = [k.id for k in all_kpis()]

# --- the hand-worked fixture ---------------------------------------------------------------
POSTS_HEADER = ["post_id", "platform", "content_type", "likes", "comments", "shares", "reach", "impressions",
                "views", "clicks", "conversions", "revenue", "influencer", "campaign"]
POSTS = [
    # own posts (influencer empty)
    dict(post_id="p1", platform="facebook", content_type="video", likes=30, comments=10, shares=5, reach=1000,
         impressions=1500, views=300, clicks=20, conversions=2, revenue=500, campaign="launch"),
    dict(post_id="p2", platform="instagram", content_type="image", likes=60, comments=40, shares=20, reach=500,
         impressions=800, clicks=10, conversions=1, revenue=200),
    # p3 lacks shares and reach: out of every ratio that needs them
    dict(post_id="p3", platform="tiktok", content_type="video", likes=40, comments=20, impressions=700, views=400),
    dict(post_id="p4", platform="x", content_type="text", likes=2, comments=0, shares=1, reach=200, impressions=300,
         views=60),
    # influencer posts
    dict(post_id="i1", platform="instagram", content_type="reel", likes=100, comments=30, shares=20, reach=5000,
         impressions=6000, views=2000, conversions=5, revenue=1500, influencer="มายด์ รีวิว"),
    dict(post_id="i2", platform="tiktok", content_type="video", likes=50, comments=10, shares=0, conversions=3,
         influencer="Bow"),
]
ADS = [
    dict(ad_id="a1", platform="meta", spend=1000, impressions=20000, reach=15000, clicks=200, conversions=10,
         revenue=4000),
    dict(ad_id="a2", platform="google", spend=500, impressions=10000, clicks=100, conversions=5),  # no reach/revenue
    dict(ad_id="a3", platform="tiktok", spend=0, impressions=0, reach=0, clicks=0, conversions=0, revenue=0),
]
COMMENTS = [
    dict(comment_id="c1", platform="facebook", post_id="p1", text="อร่อยมาก", sentiment="positive"),
    dict(comment_id="c2", platform="facebook", post_id="p1", text="love it", sentiment="Positive"),
    dict(comment_id="c3", platform="instagram", post_id="p2", text="ส่งช้า", sentiment="negative"),
    dict(comment_id="c4", platform="instagram", post_id="p2", text="ราคาเท่าไหร่", sentiment="neutral"),
    dict(comment_id="c5", platform="x", post_id="p4", text="no label"),  # no sentiment: not a mention
    dict(comment_id="c6", platform="tiktok", post_id="p3", text="ชอบ", sentiment="บวก"),  # Thai "positive"
]
SESSIONS = [
    dict(date="2026-10-01", sessions=100, engaged_sessions=60, duration_seconds=12000, pageviews=250),
    dict(date="2026-10-02", sessions=50, engaged_sessions=20, duration_seconds=3000),  # no pageviews
    dict(date="2026-10-03", sessions=0, engaged_sessions=0, duration_seconds=0, pageviews=0),
]
TICKETS_HEADER = ["ticket_id", "created_at", "first_response_at", "first_response_minutes", "resolved_at", "status",
                  "contacts", "first_contact_resolution", "escalated", "csat", "handling_minutes"]
TICKETS = [
    # Mon 10:00 Bangkok (naive = configured zone): in hours
    dict(ticket_id="t1", created_at="2026-10-05 10:00", first_response_at="2026-10-05 10:30",
         resolved_at="2026-10-05 12:00", status="solved", contacts=1, escalated="false", csat=5, handling_minutes=20),
    # 12:00 UTC = Mon 19:00 Bangkok: after hours; response given in minutes; resolved by status only
    dict(ticket_id="t2", created_at="2026-10-05T12:00:00+00:00", first_response_minutes=90, status="closed",
         contacts=3, escalated="yes", csat="good", handling_minutes=40),
    # Saturday: after hours; open, so not resolved; csat offered but not rated
    dict(ticket_id="t3", created_at="2026-10-10 11:00", first_response_at="2026-10-10 13:00", status="open",
         contacts=1, escalated="no", csat="offered"),
    # Tue 09:00 sharp: in hours (start is inclusive); FCR from the flag
    dict(ticket_id="t4", created_at="2026-10-06 09:00", resolved_at="2026-10-07 09:00", status="resolved",
         first_contact_resolution="true", csat=2, handling_minutes=10),
    # 02:30Z = Tue 09:30 Bangkok: in hours (naive 02:30 would be after hours)
    dict(ticket_id="t5", created_at="2026-10-06T02:30:00Z", first_response_at="2026-10-06T03:00:00Z",
         status="Solved", contacts=2, escalated="0", csat="bad", handling_minutes=30),
]
KB = [
    dict(article_id="k1", title="วิธีสั่งกาแฟออนไลน์", views=400, likes=20),
    dict(article_id="k2", title="นโยบายการคืนสินค้า", views=100),  # no likes: out of the like rate
    dict(article_id="k3", title="เวลาเปิดร้าน", views=0, likes=0),
]
FOLLOWERS = [
    dict(date="2026-10-01", platform="facebook", followers=1000),
    dict(date="2026-10-15", platform="facebook", followers=1040),
    dict(date="2026-10-31", platform="facebook", followers=1100),
    dict(date="2026-10-31", platform="instagram", followers=2300),  # out of date order on purpose
    dict(date="2026-10-01", platform="instagram", followers=2000),
    dict(date="2026-10-10", platform="tiktok", followers=500),  # one row: latest = earliest
]


def write_month(d: Path) -> Path:
    write_csv(d / "posts.csv", POSTS, POSTS_HEADER)
    write_csv(d / "ads.csv", ADS)
    write_csv(d / "comments.csv", COMMENTS)
    write_csv(d / "sessions.csv", SESSIONS)
    write_csv(d / "tickets.csv", TICKETS, TICKETS_HEADER)
    write_csv(d / "kb.csv", KB)
    write_csv(d / "followers.csv", FOLLOWERS)
    return d


# Own posts p1 p2 p3 p4; influencer posts i1 i2; ads a1 a2 a3.
EXPECTED: dict[str, object] = {
    # --- engagement (own posts p1..p4) ---
    "engagement.posts": 4,
    "engagement.likes": 132,  # 30+60+40+2
    "engagement.comments": 70,  # 10+40+20+0
    "engagement.shares": 26,  # 5+20+1 (p3 has none)
    "engagement.likes_per_post": 33.0,  # 132 / 4
    "engagement.comments_per_post": 17.5,  # 70 / 4
    "engagement.shares_per_post": 26 / 3,  # 26 / 3 posts with shares
    "engagement.rate": 168 / 1700,  # p1,p2,p4: (45+120+3) / (1000+500+200)
    "engagement.rate_by_impressions": 168 / 2600,  # p1,p2,p4: 168 / (1500+800+300)
    # --- reach ---
    "reach.reach": 1700,  # 1000+500+200
    "reach.impressions": 3300,  # 1500+800+700+300
    "reach.view_through_rate": 760 / 2500,  # p1,p3,p4: (300+400+60) / (1500+700+300)
    "reach.frequency": 2600 / 1700,  # p1,p2,p4: (1500+800+300) / (1000+500+200)
    # --- conversion (every post + every ad) ---
    "conversion.conversions": 26.0,  # posts 2+1+5+3 + ads 10+5+0 (a decimal column: issue 9)
    "conversion.rate_by_reach": 18 / 21500,  # p1,p2,i1,a1,a3: (2+1+5+10+0) / (1000+500+5000+15000+0)
    "conversion.rate_by_impressions": 23 / 38300,  # p1,p2,i1,a1,a2,a3: (2+1+5+10+5+0)/(1500+800+6000+20000+10000+0)
    # revenue (500+200+1500 posts + 4000 ads) / spend of the rows with revenue (1000+0; a2 has none)
    "conversion.roas": 6200 / 1000,
    # --- sentiment (c5 has no label) ---
    "sentiment.mentions": 5,
    "sentiment.positive_share": 3 / 5,  # c1, c2, c6 ("บวก")
    "sentiment.negative_share": 1 / 5,
    "sentiment.neutral_share": 1 / 5,
    # --- influencer (i1, i2) ---
    "influencer.posts": 2,
    "influencer.reach": 5000,  # i2 has no reach
    "influencer.engagement": 210,  # (100+30+20) + (50+10+0)
    "influencer.engagement_rate": 150 / 5000,  # only i1 carries reach
    "influencer.conversions": 8.0,  # 5+3
    # --- content (own posts) ---
    "content.views_by_type": {"text": 60, "video": 700},  # video 300+400; p2 (image) has no views
    "content.avg_engagement_per_post": 56.0,  # p1,p2,p4: 168 / 3
    "content.top_type": "image",  # image 120, video 45 (p3 lacks shares), text 3
    # --- advertising (a1..a3) ---
    "advertising.spend": 1500.0,  # 1000+500+0
    "advertising.cpc": 5.0,  # 1500 / (200+100+0)
    "advertising.cpm": 50.0,  # 1000 * 1500 / (20000+10000+0)
    "advertising.ctr": 0.01,  # 300 / 30000
    "advertising.cpa": 100.0,  # 1500 / (10+5+0)
    "advertising.roas": 4.0,  # a1,a3 carry revenue: (4000+0) / (1000+0); a2 left out
    # --- analytics (daily rows) ---
    "analytics.sessions": 150,  # 100+50+0
    "analytics.bounce_rate": 70 / 150,  # (100-60)+(50-20)+(0-0) / 150
    "analytics.avg_session_duration": 100.0,  # (12000+3000+0) / 150
    "analytics.pages_per_session": 2.5,  # rows with pageviews: (250+0) / (100+0)
    # --- communication (t1..t5) ---
    "communication.inquiries": 5,
    "communication.avg_response_time": 4050.0,  # (1800 + 5400 + 7200 + 1800) / 4; t4 has no response
    "communication.first_contact_resolution": 0.5,  # resolved t1(1 contact) t2(3) t4(flag) t5(2): 2/4
    "communication.csat": 0.5,  # rated t1 5, t2 good, t4 2, t5 bad: 2/4 (t3 only offered)
    "communication.avg_csat": 3.5,  # (5+2) / 2; good/bad carry no score
    # --- process ---
    "process.avg_handling_time": 1500.0,  # (20+40+10+30)/4 = 25 min
    "process.after_hours_requests": 2,  # t2 Mon 19:00, t3 Saturday
    "process.after_hours_share": 0.4,  # 2 / 5
    "process.escalation_rate": 0.25,  # t2 of t1,t2,t3,t5 (t4 has no flag)
    # --- knowledge ---
    "knowledge.accesses": 500,  # 400+100+0
    "knowledge.article_likes": 20,  # 20+0
    "knowledge.like_rate": 0.05,  # k1,k3: 20 / (400+0)
    "knowledge.avg_time_to_resolve": 46800.0,  # t1 2h, t4 24h: (7200+86400)/2; t2,t5 resolved w/o time
    # --- audience ---
    "audience.followers": 3900,  # latest: fb 1100 + ig 2300 + tiktok 500
    "audience.follower_growth": 400,  # (1100-1000) + (2300-2000) + (500-500)
    "audience.follower_growth_rate": 400 / 3500,  # 400 / (1000+2000+500)
}


def values_of(paths, settings=None) -> dict[str, object]:
    settings = settings or load_settings(None)
    loaded = load([str(p) for p in paths], settings)
    return {v.kpi.id: v.value for v in compute(all_kpis(), loaded.datasets)}


def notes_of(paths, settings=None) -> dict[str, str | None]:
    settings = settings or load_settings(None)
    loaded = load([str(p) for p in paths], settings)
    return {v.kpi.id: v.note for v in compute(all_kpis(), loaded.datasets)}


def assert_value(got, want, kpi_id=""):
    if isinstance(want, float):
        assert isinstance(got, (int, float)), f"{kpi_id}: {got!r}"
        assert math.isclose(got, want, rel_tol=1e-12), f"{kpi_id}: got {got!r}, want {want!r}"
    else:
        assert got == want, f"{kpi_id}: got {got!r}, want {want!r}"
        assert type(got) is type(want), f"{kpi_id}: got {type(got).__name__}, want {type(want).__name__}"


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> Path:
    return write_month(tmp_path_factory.mktemp("month"))


@pytest.fixture(scope="module")
def month_values(month) -> dict[str, object]:
    return values_of([month])


# --- completeness ----------------------------------------------------------------------------
def test_registry_has_55_kpis():
    assert len(KPI_IDS) == 55
    assert len(set(KPI_IDS)) == 55


def test_every_registry_kpi_has_a_hand_worked_value():
    missing = [i for i in KPI_IDS if i not in EXPECTED]
    assert not missing, f"KPIs without a hand-worked expected value: {missing}"


def test_no_expected_value_for_an_unknown_kpi():
    assert not set(EXPECTED) - set(KPI_IDS)


@pytest.mark.parametrize("kpi_id", KPI_IDS)
def test_kpi_value(kpi_id, month_values):
    assert kpi_id in EXPECTED, f"{kpi_id} has no hand-worked value in EXPECTED"
    assert_value(month_values[kpi_id], EXPECTED[kpi_id], kpi_id)


def test_same_month_as_json_and_jsonl_gives_the_same_values(tmp_path):
    """JSON numbers, booleans and nulls type like their CSV text."""
    import json

    def native(rows):
        out = []
        for r in rows:
            r = dict(r)
            if r.get("escalated") is not None:
                r["escalated"] = r["escalated"] in ("yes", "true", "1")
            out.append(r)
        return out

    write_json(tmp_path / "posts.json", {"data": POSTS})
    write_json(tmp_path / "ads.json", ADS)
    (tmp_path / "comments.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in COMMENTS),
                                             encoding="utf-8")
    write_json(tmp_path / "sessions.json", SESSIONS)
    (tmp_path / "tickets.jsonl").write_text("".join(json.dumps(r) + "\n" for r in native(TICKETS)), encoding="utf-8")
    write_json(tmp_path / "kb.json", {"data": KB})
    write_json(tmp_path / "followers.json", FOLLOWERS)
    got = values_of([tmp_path])
    for kpi_id, want in EXPECTED.items():
        assert_value(got[kpi_id], want, kpi_id)


def test_build_report_gives_the_same_values(month):
    # infer=False: c5's text would get a label from the model (tests/test_sentiment.py covers that)
    report = build_report([month], load_settings(None), infer=False)
    got = {r.value.kpi.id: r.value.value for r in report.results}
    for kpi_id, want in EXPECTED.items():
        assert_value(got[kpi_id], want, kpi_id)
    assert all(f.rejected == 0 and f.duplicates == 0 for f in report.loaded.inputs)


# --- empty input: header-only files ------------------------------------------------------------
def write_headers_only(d: Path) -> Path:
    write_csv(d / "posts.csv", [], POSTS_HEADER)
    write_csv(d / "ads.csv", [], list(ADS[0]))
    write_csv(d / "comments.csv", [], list(COMMENTS[0]))
    write_csv(d / "sessions.csv", [], list(SESSIONS[0]))
    write_csv(d / "tickets.csv", [], TICKETS_HEADER)
    write_csv(d / "kb.csv", [], list(KB[0]))
    write_csv(d / "followers.csv", [], list(FOLLOWERS[0]))
    return d


# Counting rows over no rows is 0; a sum, mean, ratio, breakdown or category over no rows is null.
EMPTY_COUNTS = {"engagement.posts", "influencer.posts", "sentiment.mentions", "communication.inquiries",
                "process.after_hours_requests"}


def test_empty_input_counts_zero_and_everything_else_null(tmp_path):
    got = values_of([write_headers_only(tmp_path)])
    notes = notes_of([tmp_path])
    for kpi_id in KPI_IDS:
        if kpi_id in EMPTY_COUNTS:
            assert_value(got[kpi_id], 0, kpi_id)
        else:
            assert got[kpi_id] is None, f"{kpi_id}: {got[kpi_id]!r} on header-only input"
            assert notes[kpi_id], f"{kpi_id}: a null value needs a note"


def test_empty_input_report_is_no_data_where_a_target_exists(tmp_path):
    report = build_report([write_headers_only(tmp_path)], load_settings(REPO_TARGETS))
    for r in report.results:
        if r.target is not None and r.value.value is None:
            assert r.status == Status.NO_DATA, r.value.kpi.id
    assert report.exit_code() == 1
    assert all(f.rows == 0 and f.used == 0 and f.rejected == 0 for f in report.loaded.inputs)


# --- zero denominators ---------------------------------------------------------------------------
def write_zeros(d: Path) -> Path:
    write_csv(d / "posts.csv", [
        dict(post_id="z1", content_type="video", likes=0, comments=0, shares=0, reach=0, impressions=0, views=0,
             conversions=0, revenue=0),
        dict(post_id="z2", content_type="video", likes=0, comments=0, shares=0, reach=0, impressions=0, views=0,
             conversions=0, revenue=0, influencer="Bow"),
    ], POSTS_HEADER)
    write_csv(d / "ads.csv", [dict(ad_id="a0", spend=0, impressions=0, reach=0, clicks=0, conversions=0, revenue=0)])
    write_csv(d / "comments.csv", [dict(comment_id="c0", text="no label", sentiment="")])
    write_csv(d / "sessions.csv", [dict(date="2026-10-01", sessions=0, engaged_sessions=0, duration_seconds=0,
                                        pageviews=0)])
    # open, unrated, no response, no flags: every ticket mean has no rows
    write_csv(d / "tickets.csv", [dict(ticket_id="t0", created_at="2026-10-05 10:00", status="open", contacts=1,
                                       csat="offered")], TICKETS_HEADER)
    write_csv(d / "kb.csv", [dict(article_id="k0", title="ว่าง", views=0, likes=0)])
    write_csv(d / "followers.csv", [dict(date="2026-10-01", platform="x", followers=0),
                                    dict(date="2026-10-31", platform="x", followers=10)])
    return d


ZERO = {
    "engagement.posts": 1, "engagement.likes": 0, "engagement.comments": 0, "engagement.shares": 0,
    "engagement.likes_per_post": 0.0,  # 0 / 1 post: the denominator is posts, not likes
    "engagement.comments_per_post": 0.0, "engagement.shares_per_post": 0.0,
    "engagement.rate": None,  # 0 / 0 reach
    "engagement.rate_by_impressions": None,  # 0 / 0 impressions
    "reach.reach": 0, "reach.impressions": 0, "reach.view_through_rate": None, "reach.frequency": None,
    "conversion.conversions": 0.0, "conversion.rate_by_reach": None, "conversion.rate_by_impressions": None,
    "conversion.roas": None,  # 0 / 0 spend
    "sentiment.mentions": 0, "sentiment.positive_share": None, "sentiment.negative_share": None,
    "sentiment.neutral_share": None,
    "influencer.posts": 1, "influencer.reach": 0, "influencer.engagement": 0, "influencer.engagement_rate": None,
    "influencer.conversions": 0.0,
    "content.views_by_type": {"video": 0}, "content.avg_engagement_per_post": 0.0,
    "content.top_type": "video",  # the only type, with mean 0
    "advertising.spend": 0.0, "advertising.cpc": None, "advertising.cpm": None, "advertising.ctr": None,
    "advertising.cpa": None, "advertising.roas": None,
    "analytics.sessions": 0, "analytics.bounce_rate": None, "analytics.avg_session_duration": None,
    "analytics.pages_per_session": None,
    "communication.inquiries": 1, "communication.avg_response_time": None,
    "communication.first_contact_resolution": None,  # no resolved ticket
    "communication.csat": None,  # "offered" is not a rating
    "communication.avg_csat": None,
    "process.avg_handling_time": None, "process.after_hours_requests": 0, "process.after_hours_share": 0.0,
    "process.escalation_rate": None,  # no ticket carries the flag
    "knowledge.accesses": 0, "knowledge.article_likes": 0, "knowledge.like_rate": None,
    "knowledge.avg_time_to_resolve": None,
    "audience.followers": 10, "audience.follower_growth": 10,
    "audience.follower_growth_rate": None,  # 10 / 0 earliest
}


def test_every_registry_kpi_has_a_zero_denominator_case():
    assert sorted(ZERO) == sorted(KPI_IDS)


@pytest.mark.parametrize("kpi_id", KPI_IDS)
def test_zero_denominator_gives_null_never_nan(kpi_id, tmp_path):
    got = values_of([write_zeros(tmp_path)])[kpi_id]
    want = ZERO[kpi_id]
    if want is None:
        assert got is None, f"{kpi_id}: {got!r} on a zero denominator"
    else:
        assert_value(got, want, kpi_id)


def test_zero_denominators_never_reach_json_as_nan(tmp_path, cli):
    import json

    res = cli(["report", write_zeros(tmp_path), "--format", "json", "--targets", REPO_TARGETS])
    assert "NaN" not in res.stdout and "Infinity" not in res.stdout
    doc = json.loads(res.stdout)
    by_id = {k["id"]: k for k in doc["kpis"]}
    assert by_id["engagement.rate"]["value"] is None
    assert by_id["engagement.rate"]["status"] == "no_data"
    assert res.exit_code == 1


# --- missing input columns ----------------------------------------------------------------------
def write_bare(d: Path) -> Path:
    """Each kind with only its id / required columns: every KPI that needs more has no data."""
    write_csv(d / "posts.csv", [dict(post_id="p1"), dict(post_id="p2")])
    write_csv(d / "influencer.csv", [dict(post_id="i1", influencer="Bow")])
    write_csv(d / "ads.csv", [dict(ad_id="a1")])
    write_csv(d / "comments.csv", [dict(comment_id="c1", text="สวัสดี")])
    write_csv(d / "sessions.csv", [dict(date="2026-10-01"), dict(date="2026-10-02")])
    write_csv(d / "tickets.csv", [dict(ticket_id="t1", created_at="2026-10-05 10:00")])
    write_csv(d / "kb.csv", [dict(article_id="k1", title="คู่มือ")])
    write_csv(d / "followers.csv", [dict(date="2026-10-01", followers=100)])
    return d


BARE_NON_NULL = {
    "engagement.posts": 2, "influencer.posts": 1, "communication.inquiries": 1,
    "analytics.sessions": 2,  # no sessions column: each row is one session
    "process.after_hours_requests": 0, "process.after_hours_share": 0.0,  # Mon 10:00 is in hours
    "audience.followers": 100, "audience.follower_growth": 0, "audience.follower_growth_rate": 0.0,
}


@pytest.mark.parametrize("kpi_id", KPI_IDS)
def test_missing_input_column_gives_null_with_a_note(kpi_id, tmp_path):
    write_bare(tmp_path)
    got, notes = values_of([tmp_path]), notes_of([tmp_path])
    if kpi_id in BARE_NON_NULL:
        assert_value(got[kpi_id], BARE_NON_NULL[kpi_id], kpi_id)
        return
    assert got[kpi_id] is None, f"{kpi_id}: {got[kpi_id]!r} without its input columns"
    assert notes[kpi_id] and "needs" in notes[kpi_id], f"{kpi_id}: note {notes[kpi_id]!r}"


def test_missing_column_note_names_what_to_export(tmp_path):
    notes = notes_of([write_bare(tmp_path)])
    assert notes["engagement.likes"] == "needs likes: no input file has it"
    assert "first_response_at or first_response_minutes" in notes["communication.avg_response_time"]
    assert "bounces, bounced or engaged_sessions" in notes["analytics.bounce_rate"]


def test_missing_columns_are_no_data_where_a_target_exists(tmp_path):
    report = build_report([write_bare(tmp_path)], load_settings(REPO_TARGETS))
    targeted_null = [r for r in report.results if r.target is not None and r.value.value is None]
    assert len(targeted_null) >= 15
    assert all(r.status == Status.NO_DATA for r in targeted_null)
    assert report.exit_code() == 1


def test_missing_kind_note_names_the_file_kind(tmp_path):
    write_csv(tmp_path / "comments.csv", COMMENTS)
    notes = notes_of([tmp_path])
    assert notes["engagement.posts"] == "no posts file among the inputs"
    assert notes["conversion.roas"] == "no posts or ads file among the inputs"
    assert notes["process.escalation_rate"] == "no tickets file among the inputs"
    assert notes["sentiment.mentions"] is None


# --- ratio-of-sums: a row lacking one input is left out of numerator AND denominator ----------------
def test_row_missing_one_input_is_excluded_from_both_sums(tmp_path):
    write_csv(tmp_path / "ads.csv", [
        dict(ad_id="a1", spend=100, clicks=10, impressions=1000),
        dict(ad_id="a2", spend=300, impressions=2000),  # no clicks: out of CPC and CTR, in CPM
    ])
    got = values_of([tmp_path])
    assert_value(got["advertising.cpc"], 10.0)  # 100 / 10, not (100+300) / 10
    assert_value(got["advertising.ctr"], 0.01)  # 10 / 1000, not 10 / 3000
    assert_value(got["advertising.cpm"], 1000 * 400 / 3000)  # both rows carry spend and impressions
    assert_value(got["advertising.spend"], 400.0)


# --- influencer vs own posts ------------------------------------------------------------------
def test_influencer_file_and_influencer_column_split_own_from_influencer(tmp_path):
    write_csv(tmp_path / "posts.csv", [
        dict(post_id="p1", likes=10, comments=0, shares=0, reach=100),
        dict(post_id="p2", likes=20, comments=5, shares=5, reach=200, influencer="น้องแพร"),  # influencer in posts
    ], ["post_id", "likes", "comments", "shares", "reach", "influencer"])
    write_csv(tmp_path / "influencers_oct.csv", [
        dict(post_id="i1", likes=70, comments=20, shares=10, reach=1000, influencer="Bow"),
    ])
    got = values_of([tmp_path])
    assert got["engagement.posts"] == 1 and got["influencer.posts"] == 2
    assert got["engagement.likes"] == 10  # p1 only
    assert got["influencer.engagement"] == 130  # (20+5+5) + (70+20+10)
    assert_value(got["influencer.engagement_rate"], 130 / 1200)  # / (200+1000)
    assert_value(got["engagement.rate"], 10 / 100)


def test_influencer_file_row_without_influencer_is_rejected(tmp_path):
    write_csv(tmp_path / "influencer.csv", [dict(post_id="i1", likes=5, influencer="Bow"),
                                            dict(post_id="i2", likes=7, influencer="")])
    report = build_report([tmp_path], load_settings(None))
    f = report.loaded.inputs[0]
    assert (f.kind, f.rows, f.used, f.rejected) == ("influencer", 2, 1, 1)
    assert f.problems[0].reason == "influencer is empty in an influencer file"
    got = {r.value.kpi.id: r.value.value for r in report.results}
    assert got["influencer.posts"] == 1 and got["engagement.posts"] == 0


# --- posts + ads: blended conversion and ROAS ---------------------------------------------------
def test_conversion_blends_posts_of_any_author_and_ads(tmp_path):
    write_csv(tmp_path / "posts.csv", [
        dict(post_id="p1", reach=1000, impressions=2000, conversions=4, revenue=800),
        dict(post_id="p2", reach=500, impressions=1000, conversions=1, revenue=200, influencer="Bow"),
    ], ["post_id", "reach", "impressions", "conversions", "revenue", "influencer"])
    write_csv(tmp_path / "ads.csv", [dict(ad_id="a1", spend=250, reach=3500, impressions=7000, conversions=5,
                                          revenue=1000)])
    got = values_of([tmp_path])
    assert got["conversion.conversions"] == 10  # 4+1+5
    assert_value(got["conversion.rate_by_reach"], 10 / 5000)  # / (1000+500+3500)
    assert_value(got["conversion.rate_by_impressions"], 10 / 10000)  # / (2000+1000+7000)
    assert_value(got["conversion.roas"], 2000 / 250)  # (800+200+1000) / 250: blended
    assert_value(got["advertising.roas"], 1000 / 250)  # ads alone


def test_blended_roas_without_ads_has_no_data(tmp_path):
    write_csv(tmp_path / "posts.csv", [dict(post_id="p1", revenue=800, conversions=2, reach=100)])
    got, notes = values_of([tmp_path]), notes_of([tmp_path])
    assert got["conversion.roas"] is None and "spend" in notes["conversion.roas"]
    assert_value(got["conversion.rate_by_reach"], 0.02)  # posts alone still convert: 2 / 100


# --- de-duplication ---------------------------------------------------------------------------
def test_same_post_twice_counts_once_last_copy_wins(tmp_path):
    write_csv(tmp_path / "posts.csv", [
        dict(post_id="p1", platform="facebook", likes=10),
        dict(post_id="p2", platform="facebook", likes=5),
        dict(post_id="p1", platform="facebook", likes=25),  # a later export of p1: this one counts
        dict(post_id="p1", platform="instagram", likes=7),  # same id on another platform: another post
    ])
    report = build_report([tmp_path], load_settings(None))
    f = report.loaded.inputs[0]
    assert (f.rows, f.used, f.rejected, f.duplicates) == (4, 3, 0, 1)
    got = {r.value.kpi.id: r.value.value for r in report.results}
    assert got["engagement.posts"] == 3
    assert got["engagement.likes"] == 37  # 25 + 5 + 7


def test_duplicates_across_files_later_file_wins(tmp_path):
    write_csv(tmp_path / "posts_2026_10_01.csv", [dict(post_id="p1", likes=10), dict(post_id="p2", likes=1)])
    write_csv(tmp_path / "posts_2026_10_31.csv", [dict(post_id="p1", likes=40)])
    report = build_report([tmp_path], load_settings(None))
    dups = {Path(f.path).name: f.duplicates for f in report.loaded.inputs}
    assert dups == {"posts_2026_10_01.csv": 1, "posts_2026_10_31.csv": 0}
    got = {r.value.kpi.id: r.value.value for r in report.results}
    assert got["engagement.likes"] == 41  # 40 + 1
    assert got["engagement.posts"] == 2


def test_duplicate_tickets_count_once_in_json(tmp_path, cli):
    import json

    write_csv(tmp_path / "tickets.csv", [
        dict(ticket_id="t1", created_at="2026-10-05 10:00", first_response_minutes=30),
        dict(ticket_id="t1", created_at="2026-10-05 10:00", first_response_minutes=10),
    ])
    doc = json.loads(cli(["report", tmp_path, "--format", "json", "--family", "communication"]).stdout)
    assert doc["inputs"][0]["duplicates"] == 1
    by_id = {k["id"]: k["value"] for k in doc["kpis"]}
    assert by_id["communication.inquiries"] == 1
    assert by_id["communication.avg_response_time"] == 600.0  # the last copy: 10 min


# --- tickets: derived columns ---------------------------------------------------------------------
def tickets_values(tmp_path, rows, header=None, settings=None):
    write_csv(tmp_path / "tickets.csv", rows, header)
    return values_of([tmp_path], settings)


def test_first_response_from_timestamp_or_minutes(tmp_path):
    got = tickets_values(tmp_path, [
        dict(ticket_id="t1", created_at="2026-10-05 10:00", first_response_at="2026-10-05 10:45"),  # 2700 s
        dict(ticket_id="t2", created_at="2026-10-05 10:00", first_response_minutes=15),  # 900 s
        # both given: the timestamps win
        dict(ticket_id="t3", created_at="2026-10-05 10:00", first_response_at="2026-10-05 11:00",
             first_response_minutes=5),  # 3600 s
    ], ["ticket_id", "created_at", "first_response_at", "first_response_minutes"])
    assert_value(got["communication.avg_response_time"], 2400.0)  # (2700+900+3600) / 3


def test_first_response_minutes_alone(tmp_path):
    got = tickets_values(tmp_path, [dict(ticket_id="t1", created_at="2026-10-05 10:00", first_response_minutes=2.5),
                                    dict(ticket_id="t2", created_at="2026-10-05 10:00", first_response_minutes="")])
    assert_value(got["communication.avg_response_time"], 150.0)  # 2.5 min; t2 has none


def test_response_across_offsets_is_measured_in_real_time(tmp_path):
    # created 10:00 Bangkok (naive), answered 03:30Z = 10:30 Bangkok: 30 minutes
    got = tickets_values(tmp_path, [dict(ticket_id="t1", created_at="2026-10-05 10:00",
                                         first_response_at="2026-10-05T03:30:00+00:00")])
    assert_value(got["communication.avg_response_time"], 1800.0)


def test_resolved_by_resolved_at_minutes_or_status(tmp_path):
    got = tickets_values(tmp_path, [
        dict(ticket_id="t1", created_at="2026-10-05 10:00", resolved_at="2026-10-05 11:00", contacts=1),
        dict(ticket_id="t2", created_at="2026-10-05 10:00", resolution_minutes=120, contacts=2),
        dict(ticket_id="t3", created_at="2026-10-05 10:00", status="CLOSED", contacts=1),
        dict(ticket_id="t4", created_at="2026-10-05 10:00", status="pending", contacts=1),  # not resolved
    ], ["ticket_id", "created_at", "resolved_at", "resolution_minutes", "status", "contacts"])
    # resolved t1 (1 contact), t2 (2), t3 (1): 2/3; t4 is open, so out
    assert_value(got["communication.first_contact_resolution"], 2 / 3)
    # time to resolve over resolved tickets with a time: (3600 + 7200) / 2; t3 has no time
    assert_value(got["knowledge.avg_time_to_resolve"], 5400.0)


def test_fcr_from_flag_when_no_contacts(tmp_path):
    got = tickets_values(tmp_path, [
        dict(ticket_id="t1", created_at="2026-10-05 10:00", status="solved", first_contact_resolution="yes"),
        dict(ticket_id="t2", created_at="2026-10-05 10:00", status="solved", first_contact_resolution="no"),
        dict(ticket_id="t3", created_at="2026-10-05 10:00", status="solved", first_contact_resolution="1"),
        dict(ticket_id="t4", created_at="2026-10-05 10:00", status="solved"),  # neither: out
    ], ["ticket_id", "created_at", "status", "first_contact_resolution"])
    assert_value(got["communication.first_contact_resolution"], 2 / 3)


def test_csat_scores_good_bad_and_offered(tmp_path):
    got = tickets_values(tmp_path, [
        dict(ticket_id="t1", created_at="2026-10-05 10:00", csat=4),  # good, score 4
        dict(ticket_id="t2", created_at="2026-10-05 10:00", csat=3),  # not good, score 3
        dict(ticket_id="t3", created_at="2026-10-05 10:00", csat="Good"),  # good, no score
        dict(ticket_id="t4", created_at="2026-10-05 10:00", csat="ไม่พอใจ"),  # bad (Thai), no score
        dict(ticket_id="t5", created_at="2026-10-05 10:00", csat="offered"),  # not rated
        dict(ticket_id="t6", created_at="2026-10-05 10:00", csat=""),  # not rated
        dict(ticket_id="t7", created_at="2026-10-05 10:00", csat=1),
    ])
    assert_value(got["communication.csat"], 2 / 5)  # good t1 t3 of rated t1 t2 t3 t4 t7
    assert_value(got["communication.avg_csat"], 8 / 3)  # (4+3+1) / 3


def test_csat_out_of_range_rejects_the_row(tmp_path):
    write_csv(tmp_path / "tickets.csv", [dict(ticket_id="t1", created_at="2026-10-05 10:00", csat=5),
                                         dict(ticket_id="t2", created_at="2026-10-05 10:00", csat=7)])
    report = build_report([tmp_path], load_settings(None))
    f = report.loaded.inputs[0]
    assert (f.used, f.rejected) == (1, 1)
    assert f.problems[0].reason == "csat is not a 1-5 score or good/bad" and f.problems[0].rows == [3]


AFTER_HOURS = [
    dict(ticket_id="t1", created_at="2026-10-05 08:59"),  # Mon before 09:00: after hours
    dict(ticket_id="t2", created_at="2026-10-05 09:00"),  # Mon 09:00: in
    dict(ticket_id="t3", created_at="2026-10-05 17:59"),  # in
    dict(ticket_id="t4", created_at="2026-10-05 18:00"),  # end is exclusive: after hours
    dict(ticket_id="t5", created_at="2026-10-05T03:00:00+00:00"),  # 10:00 Bangkok: in
    dict(ticket_id="t6", created_at="2026-10-05T03:00:00"),  # naive 03:00 Bangkok: after hours
    dict(ticket_id="t7", created_at="2026-10-11 12:00"),  # Sunday: after hours
    dict(ticket_id="t8", created_at="2026-10-13 11:00"),  # Tue: in (a holiday in the next test)
]


def test_after_hours_in_bangkok_business_hours(tmp_path):
    got = tickets_values(tmp_path, AFTER_HOURS)
    assert got["process.after_hours_requests"] == 4  # t1 t4 t6 t7
    assert_value(got["process.after_hours_share"], 4 / 8)


def test_after_hours_counts_holidays(tmp_path):
    base = load_settings(None)
    settings = base.model_copy(update={"business_hours": BusinessHours(holidays=[dt.date(2026, 10, 13)])})
    got = tickets_values(tmp_path, AFTER_HOURS, settings=settings)
    assert got["process.after_hours_requests"] == 5  # t1 t4 t6 t7 + t8 on the holiday
    assert_value(got["process.after_hours_share"], 5 / 8)


def test_after_hours_follows_the_configured_timezone(tmp_path):
    # In UTC, 03:00Z is 03:00: after hours; and naive 03:00 is then UTC too.
    settings = load_settings(None).model_copy(update={"timezone": "UTC"})
    got = tickets_values(tmp_path, AFTER_HOURS, settings=settings)
    # t1 08:59 t4 18:00 t5 03:00Z t6 03:00 t7 Sunday -> 5
    assert got["process.after_hours_requests"] == 5


def test_escalation_and_handling(tmp_path):
    got = tickets_values(tmp_path, [
        dict(ticket_id="t1", created_at="2026-10-05 10:00", escalated="true", handling_minutes=12),
        dict(ticket_id="t2", created_at="2026-10-05 10:00", escalated="false", handling_minutes=18),
        dict(ticket_id="t3", created_at="2026-10-05 10:00", escalated="false"),
        dict(ticket_id="t4", created_at="2026-10-05 10:00", escalated=""),  # no flag: out
    ])
    assert_value(got["process.escalation_rate"], 1 / 3)
    assert_value(got["process.avg_handling_time"], 900.0)  # (12+18)/2 min = 15 min


# --- sessions ---------------------------------------------------------------------------------
def test_sessions_without_sessions_column_count_one_per_row_with_bounced_flag(tmp_path):
    write_csv(tmp_path / "web_sessions.csv", [
        dict(date="2026-10-01", bounced="true", duration_seconds=5, pageviews=1),
        dict(date="2026-10-01", bounced="false", duration_seconds=115, pageviews=4),
        dict(date="2026-10-02", bounced="no", duration_seconds=60, pageviews=3),
        dict(date="2026-10-02", bounced="", duration_seconds=20, pageviews=2),  # unknown: out of bounce rate
    ])
    got = values_of([tmp_path])
    assert got["analytics.sessions"] == 4
    assert_value(got["analytics.bounce_rate"], 1 / 3)
    assert_value(got["analytics.avg_session_duration"], 50.0)  # (5+115+60+20) / 4
    assert_value(got["analytics.pages_per_session"], 2.5)  # (1+4+3+2) / 4


def test_bounces_column_wins_over_engaged_sessions(tmp_path):
    write_csv(tmp_path / "analytics.csv", [dict(date="2026-10-01", sessions=200, bounces=50, engaged_sessions=10)])
    assert_value(values_of([tmp_path])["analytics.bounce_rate"], 0.25)  # 50 / 200, not (200-10)/200


def test_engaged_sessions_larger_than_sessions_rejects_the_row(tmp_path):
    write_csv(tmp_path / "sessions.csv", [dict(date="2026-10-01", sessions=10, engaged_sessions=4),
                                          dict(date="2026-10-02", sessions=10, engaged_sessions=11)])
    report = build_report([tmp_path], load_settings(None))
    f = report.loaded.inputs[0]
    assert (f.used, f.rejected) == (1, 1)
    got = {r.value.kpi.id: r.value.value for r in report.results}
    assert_value(got["analytics.bounce_rate"], 0.6)  # (10-4) / 10


# --- audience ---------------------------------------------------------------------------------
def test_audience_latest_and_earliest_per_platform(tmp_path):
    write_csv(tmp_path / "followers.csv", [
        dict(date="2026-10-31", platform="tiktok", followers=900),
        dict(date="2026-10-01", platform="tiktok", followers=1000),  # lost 100
        dict(date="2026-10-15", platform="x", followers=300),
        dict(date="2026-10-01", platform="x", followers=200),
        dict(date="2026-10-08", platform="x", followers=250),
    ])
    got = values_of([tmp_path])
    assert got["audience.followers"] == 1200  # 900 + 300
    assert got["audience.follower_growth"] == 0  # -100 + 100
    assert_value(got["audience.follower_growth_rate"], 0.0)  # 0 / (1000+200)


def test_audience_platform_from_file_name(tmp_path):
    write_csv(tmp_path / "facebook_followers.csv", [dict(date="2026-10-01", followers=100),
                                                    dict(date="2026-10-31", followers=150)])
    write_csv(tmp_path / "instagram_followers.csv", [dict(date="2026-10-01", followers=400),
                                                     dict(date="2026-10-31", followers=410)])
    got = values_of([tmp_path])
    assert got["audience.followers"] == 560  # 150 + 410
    assert got["audience.follower_growth"] == 60  # 50 + 10
    assert_value(got["audience.follower_growth_rate"], 60 / 500)


# --- judging: below / at / above ---------------------------------------------------------------
def _value(kpi_id: str, v) -> Value:
    return Value(get(kpi_id), v)


def _target(kpi_id: str, spec: str, severity: str = "error"):
    return parse_target(spec, get(kpi_id).unit, kpi_id, severity)


JUDGED = [
    # (kpi id, target, value below, at, above, expected statuses below/at/above)
    ("engagement.posts", ">= 10", 9, 10, 11, ("fail", "pass", "pass")),  # count
    ("communication.inquiries", "< 100", 99, 100, 101, ("pass", "fail", "fail")),  # count, strict
    ("sentiment.positive_share", "> 80%", 0.79, 0.8, 0.81, ("fail", "fail", "pass")),  # ratio, %
    ("sentiment.negative_share", "< 5%", 0.049, 0.05, 0.051, ("pass", "fail", "fail")),
    ("analytics.bounce_rate", "<= 0.55", 0.54, 0.55, 0.56, ("pass", "pass", "fail")),  # bare fraction
    ("communication.avg_response_time", "<= 1h", 3599.0, 3600.0, 3601.0, ("pass", "pass", "fail")),  # seconds
    ("analytics.avg_session_duration", ">= 1m30s", 89.0, 90.0, 91.0, ("fail", "pass", "pass")),
    ("knowledge.avg_time_to_resolve", "< 1d", 86399.0, 86400.0, 86401.0, ("pass", "fail", "fail")),
    ("advertising.roas", ">= 3x", 2.99, 3.0, 3.01, ("fail", "pass", "pass")),  # multiple
    ("conversion.roas", "> 2.5", 2.4, 2.5, 2.6, ("fail", "fail", "pass")),
    ("advertising.cpc", "<= 10", 9.99, 10.0, 10.01, ("pass", "pass", "fail")),  # currency
    ("advertising.cpa", "< ฿300", 299.0, 300.0, 301.0, ("pass", "fail", "fail")),
    ("engagement.likes_per_post", ">= 20", 19.99, 20.0, 20.01, ("fail", "pass", "pass")),  # number
]


@pytest.mark.parametrize("kpi_id,spec,below,at,above,want", JUDGED, ids=[j[0] + " " + j[1] for j in JUDGED])
def test_judge_below_at_above(kpi_id, spec, below, at, above, want):
    t = _target(kpi_id, spec)
    got = tuple(judge(_value(kpi_id, v), t).value for v in (below, at, above))
    assert got == want
    assert [t.met(v) for v in (below, at, above)] == [s == "pass" for s in want]


def test_at_boundary_survives_float_rounding():
    # 0.1 + 0.2 = 0.30000000000000004: still "at" 30%
    assert _target("engagement.rate", ">= 30%").met(0.1 + 0.2)
    assert not _target("engagement.rate", "> 30%").met(0.1 + 0.2)
    assert _target("engagement.rate", "<= 30%").met(0.1 + 0.2)


def test_judge_statuses_for_warn_null_and_no_target():
    warn = _target("communication.avg_response_time", "<= 1h", "warn")
    assert judge(_value("communication.avg_response_time", 7200.0), warn) == Status.WARN
    assert judge(_value("communication.avg_response_time", 60.0), warn) == Status.PASS
    assert judge(_value("communication.avg_response_time", None), warn) == Status.NO_DATA
    assert judge(_value("engagement.rate", None), _target("engagement.rate", ">= 3%")) == Status.NO_DATA
    assert judge(_value("engagement.rate", 0.5), None) == Status.NO_TARGET
    assert judge(_value("engagement.posts", 0), _target("engagement.posts", ">= 0")) == Status.PASS  # 0 is data


def _results(*pairs):
    """(kpi id, value, target spec or None, severity) -> judged results."""
    values = [_value(k, v) for k, v, _, _ in pairs]
    targets = {k: _target(k, spec, sev) for k, _, spec, sev in pairs if spec}
    return evaluate(values, targets)


@pytest.mark.parametrize("case,fail_on,want", [
    ("all pass", "error", 0), ("all pass", "warn", 0),
    ("error fail", "error", 1), ("error fail", "warn", 1),
    ("warn miss", "error", 0), ("warn miss", "warn", 1),
    ("no_data error", "error", 1), ("no_data error", "warn", 1),
    ("no_data warn", "error", 0), ("no_data warn", "warn", 1),
    ("no target null", "error", 0), ("no target null", "warn", 0),
])
def test_exit_code(case, fail_on, want):
    rows = {
        "all pass": [("engagement.posts", 5, ">= 1", "error"), ("engagement.rate", 0.1, ">= 3%", "warn")],
        "error fail": [("engagement.posts", 5, ">= 1", "error"), ("engagement.rate", 0.01, ">= 3%", "error")],
        "warn miss": [("engagement.posts", 5, ">= 1", "error"), ("engagement.rate", 0.01, ">= 3%", "warn")],
        "no_data error": [("engagement.rate", None, ">= 3%", "error")],
        "no_data warn": [("engagement.rate", None, ">= 3%", "warn")],
        "no target null": [("engagement.rate", None, None, "error"), ("engagement.posts", 0, None, "error")],
    }[case]
    assert exit_code(_results(*rows), fail_on) == want


def test_report_exit_codes_on_the_fixture(month, tmp_path, cli):
    # Brief defaults on the hand-worked month: likes/post 33 >= 20 passes, comments/post 17.5 < 50 fails.
    report = build_report([month], load_settings(None))
    status = {r.value.kpi.id: r.status for r in report.results}
    assert status["engagement.likes_per_post"] == Status.PASS
    assert status["engagement.comments_per_post"] == Status.FAIL
    assert status["sentiment.positive_share"] == Status.FAIL  # 60% is not > 80%
    assert status["communication.avg_response_time"] == Status.WARN  # 4050 s > 1h, severity warn
    assert report.exit_code("error") == 1
    # Only the warn target: exit 0 unless --fail-on warn.
    t = tmp_path / "targets.yaml"
    t.write_text('targets:\n  communication.avg_response_time: {target: "<= 1h", severity: warn}\n'
                 '  engagement.likes_per_post: ">= 33"\n', encoding="utf-8")
    assert cli(["report", month, "--targets", t]).exit_code == 0
    assert cli(["report", month, "--targets", t, "--fail-on", "warn"]).exit_code == 1
    t.write_text('targets:\n  engagement.likes_per_post: "> 33"\n', encoding="utf-8")  # at 33: a miss
    assert cli(["report", month, "--targets", t]).exit_code == 1
    t.write_text('targets:\n  engagement.likes_per_post: ">= 33"\n  knowledge.like_rate: ">= 5%"\n', encoding="utf-8")
    assert cli(["report", month, "--targets", t]).exit_code == 0  # both exactly at target


def test_no_data_fails_with_error_severity_and_warns_with_warn(tmp_path, cli):
    write_csv(tmp_path / "posts.csv", [dict(post_id="p1", likes=5)])
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  engagement.rate: {target: ">= 3%", severity: warn}\n', encoding="utf-8")
    data = tmp_path / "posts.csv"
    assert cli(["report", data, "--targets", t]).exit_code == 0
    assert cli(["report", data, "--targets", t, "--fail-on", "warn"]).exit_code == 1
    t.write_text('targets:\n  engagement.rate: ">= 3%"\n', encoding="utf-8")
    assert cli(["report", data, "--targets", t]).exit_code == 1


def test_ads_with_one_row_per_ad_per_day_keep_every_day(tmp_path):
    # Ads Manager daily exports repeat the ad id once per day: (platform, ad_id, date) is the row key.
    write_csv(tmp_path / "ads.csv", [
        dict(ad_id="a1", date="2026-10-01", platform="facebook", spend=100, clicks=10),
        dict(ad_id="a1", date="2026-10-02", platform="facebook", spend=200, clicks=10),
        dict(ad_id="a1", date="2026-10-02", platform="facebook", spend=250, clicks=25),  # re-export of day 2: wins
        dict(ad_id="a1", date="2026-10-02", platform="tiktok", spend=50, clicks=5),  # another platform's a1
    ])
    loaded = load([str(tmp_path)], load_settings(None))
    assert loaded.inputs[0].duplicates == 1
    got = {v.kpi.id: v.value for v in compute(all_kpis(), loaded.datasets)}
    assert got["advertising.spend"] == 400.0  # 100 + 250 + 50
    assert_value(got["advertising.cpc"], 10.0)  # 400 / (10 + 25 + 5)


def test_daily_ads_keep_every_day_through_build_report(tmp_path):
    # build_report keeps only the columns KPIs read: the row key (date for ads) must survive that.
    write_csv(tmp_path / "ads.csv", [
        dict(ad_id="a1", date="2026-10-01", platform="facebook", spend=100, clicks=10),
        dict(ad_id="a1", date="2026-10-02", platform="facebook", spend=200, clicks=10),
    ])
    rep = build_report([tmp_path], load_settings(None), ["advertising"])
    got = {r.value.kpi.id: r.value.value for r in rep.results}
    assert got["advertising.spend"] == 300.0  # 100 + 200: two days, not one ad twice
    assert rep.loaded.inputs[0].duplicates == 0
