"""Periods, segments and comparisons from the command line, on a hand-worked fixture.

tests/fixtures/segments/ spans August to October 2026 (Asia/Bangkok) on four platforms:

own posts   local time         platform   likes c  s  reach campaign  -> interactions
P1  Wed 2026-08-05 10:00   facebook   10   2  1  100   summer        13
P2  Thu 2026-08-20 12:00   instagram  30   3  2  300                 35
P3  Mon 2026-08-31 23:30   tiktok     50   5  5  500   summer        60   (17:30 UTC: still August locally)
P4  Thu 2026-09-10 09:00   facebook   20   4  1  200                 25
P5  Thu 2026-10-01 03:00   x           5   1  0   50                  6   (written 2026-09-30T20:00Z)
P6  Fri 2026-10-02 18:00   instagram  40   4  4  400   autumn        48
P7  Thu 2026-10-15 19:00   tiktok     90   6  9  600   autumn       105
P8  Tue 2026-10-20 08:00   x           5   0  1   --                  6   (no reach: not in the rate)
I1  2026-09-12 instagram influencer post (not an own post).

Followers: facebook 1000 (08-01), 1100 (08-31), 1120 (09-01), 1150 (09-30), 1160 (10-01), 1300 (10-31);
tiktok 500 (08-01), 700 (10-01), 800 (10-31). Tickets T1..T4 (line, email, line, line; first response
10, 30, 20, 40 minutes). Ads A1..A4 (spend 1000, 600, 900, 300; conversions 10, 4, 6, 0).
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES

DATA = FIXTURES / "segments"
TARGETS = FIXTURES / "segments_targets.yaml"


@pytest.fixture
def run(cli):
    """``smkpi report DATA --format json ARGS`` -> (exit code, document)."""

    def go(*args, targets=TARGETS):
        r = cli(["report", DATA, "--format", "json", "-q", *(["-t", targets] if targets else []), *args])
        assert r.exit_code in (0, 1), r.stderr
        return r.exit_code, json.loads(r.stdout)

    return go


def kpi(doc: dict, kpi_id: str) -> dict:
    return next(k for k in doc["kpis"] if k["id"] == kpi_id)


def groups(doc: dict, kpi_id: str) -> dict:
    return {tuple(g["by"].values()) if len(g["by"]) > 1 else next(iter(g["by"].values())): g
            for g in kpi(doc, kpi_id)["groups"]}


def series(k: dict) -> list[tuple]:
    return [(p["period"], p["value"]) for p in k["series"]]


# --- --by -----------------------------------------------------------------------------------
def test_by_platform_values_per_group_and_additive_sums(run):
    _, doc = run("--since", "2026-08-01", "--by", "platform")
    likes = groups(doc, "engagement.likes")
    assert {g: x["value"] for g, x in likes.items()} == {"facebook": 30, "instagram": 70, "tiktok": 140, "x": 10}
    assert sum(x["value"] for x in likes.values()) == kpi(doc, "engagement.likes")["value"] == 250
    posts = groups(doc, "engagement.posts")
    assert {g: x["value"] for g, x in posts.items()} == {"facebook": 2, "instagram": 2, "tiktok": 2, "x": 2}
    rate = groups(doc, "engagement.rate")
    # ratio of sums inside each group: tiktok (60+105)/(500+600), x only P5 (P8 has no reach)
    assert rate["tiktok"]["value"] == pytest.approx(165 / 1100)
    assert rate["x"]["value"] == pytest.approx(6 / 50)
    assert kpi(doc, "engagement.rate")["value"] == pytest.approx(292 / 2150)
    assert list(likes) == ["facebook", "instagram", "tiktok", "x"]


def test_by_campaign_puts_empty_values_in_one_none_group_last(run):
    _, doc = run("--since", "2026-08-01", "--by", "campaign")
    likes = groups(doc, "engagement.likes")
    assert {g: x["value"] for g, x in likes.items()} == {"autumn": 130, "summer": 60, "(none)": 60}
    assert list(likes)[-1] == "(none)"
    # ads carry campaigns too: CPA per campaign over the ads rows
    cpa = groups(doc, "advertising.cpa")
    assert cpa["autumn"]["value"] == pytest.approx(1500 / 10)
    assert cpa["search"]["value"] is None and cpa["search"]["status"] == "no_data"  # 0 conversions


def test_by_weekday_and_hour_use_local_time(run):
    _, doc = run("--since", "2026-08-01", "--by", "weekday")
    posts = groups(doc, "engagement.posts")
    assert {g: x["value"] for g, x in posts.items()} == {"mon": 1, "tue": 1, "wed": 1, "thu": 4, "fri": 1}
    assert list(posts) == ["mon", "tue", "wed", "thu", "fri"]
    _, doc = run("--since", "2026-08-01", "--by", "hour")
    posts = groups(doc, "engagement.posts")
    assert list(posts) == [3, 8, 9, 10, 12, 18, 19, 23]  # P5 at 03:00 local, P3 at 23:30 local
    assert all(x["value"] == 1 for x in posts.values())


def test_two_dimensions(run):
    _, doc = run("--since", "2026-08-01", "--by", "platform", "--by", "campaign")
    likes = groups(doc, "engagement.likes")
    assert likes[("tiktok", "summer")]["value"] == 50 and likes[("tiktok", "autumn")]["value"] == 90
    assert likes[("facebook", "(none)")]["value"] == 20
    assert sum(x["value"] for x in likes.values()) == 250


def test_desk_dimensions_and_kpis_whose_source_lacks_one(run):
    _, doc = run("--since", "2026-08-01", "--by", "channel")
    art = groups(doc, "communication.avg_response_time")
    assert art["line"]["value"] == pytest.approx((10 + 20 + 40) / 3 * 60)
    assert art["email"]["value"] == pytest.approx(30 * 60)
    likes = kpi(doc, "engagement.likes")
    assert likes["groups"] is None and "no channel in the posts file: reported whole" in likes["segment_note"]
    assert likes["value"] == 250
    _, doc = run("--since", "2026-08-01", "--by", "assignee")
    assert {g: x["value"] for g, x in groups(doc, "communication.inquiries").items()} == {"Fah": 2, "Nok": 2}
    _, doc = run("--since", "2026-08-01", "--by", "status")
    assert {g: x["value"] for g, x in groups(doc, "communication.inquiries").items()} == {"open": 1, "solved": 3}


# --- --period -------------------------------------------------------------------------------
def test_period_month_series_in_local_time(run):
    _, doc = run("--since", "2026-08-01", "--period", "month")
    assert series(kpi(doc, "engagement.posts")) == [("2026-08", 3), ("2026-09", 1), ("2026-10", 4)]
    assert series(kpi(doc, "engagement.likes")) == [("2026-08", 90), ("2026-09", 20), ("2026-10", 140)]
    rate = [v for _, v in series(kpi(doc, "engagement.rate"))]
    assert rate == pytest.approx([108 / 900, 25 / 200, 159 / 1050])
    # audience growth inside a period is latest - earliest inside it
    assert series(kpi(doc, "audience.follower_growth")) == [("2026-08", 100), ("2026-09", 30), ("2026-10", 240)]
    assert kpi(doc, "audience.follower_growth")["value"] == 600
    p = kpi(doc, "engagement.posts")["series"][1]
    assert (p["start"], p["end"]) == ("2026-09-01", "2026-09-30")


def test_period_week_quarter_year_day_labels(run):
    _, doc = run("--since", "2026-08-01", "--period", "week")
    s = kpi(doc, "engagement.posts")["series"]
    assert len(s) == 14 and s[0]["period"] == "2026-W31" and s[-1]["period"] == "2026-W44"
    assert (s[0]["start"], s[0]["end"]) == ("2026-08-01", "2026-08-02")  # clipped to the window
    assert {p["period"]: p["value"] for p in s}["2026-W36"] == 1  # P3: Monday 31 August, local time
    assert sum(p["value"] for p in s) == 8
    _, doc = run("--since", "2026-08-01", "--period", "quarter")
    assert series(kpi(doc, "engagement.likes")) == [("2026-Q3", 110), ("2026-Q4", 140)]
    _, doc = run("--since", "2026-08-01", "--period", "year")
    assert series(kpi(doc, "engagement.likes")) == [("2026", 250)]
    _, doc = run("--since", "2026-10-01", "--until", "2026-10-03", "--period", "day")
    assert series(kpi(doc, "engagement.posts")) == [("2026-10-01", 1), ("2026-10-02", 1), ("2026-10-03", 0)]
    # a day without rows is the plain report over no rows: 0 posts, no likes
    assert series(kpi(doc, "engagement.likes"))[2] == ("2026-10-03", None)


def test_period_with_groups_gives_each_group_its_series(run):
    _, doc = run("--since", "2026-08-01", "--by", "platform", "--period", "month")
    fb = groups(doc, "engagement.likes")["facebook"]
    assert series(fb) == [("2026-08", 10), ("2026-09", 20), ("2026-10", None)]
    tt = groups(doc, "audience.follower_growth")["tiktok"]
    assert series(tt) == [("2026-08", 0), ("2026-09", None), ("2026-10", 100)]


# --- window -------------------------------------------------------------------------------------
def test_since_until_window(run):
    _, doc = run("--since", "2026-09-01", "--until", "2026-10-31")
    assert kpi(doc, "engagement.posts")["value"] == 5
    assert kpi(doc, "engagement.likes")["value"] == 160
    assert doc["segments"]["window"] == {"start": "2026-09-01", "end": "2026-10-31"}
    assert "kb rows have no date: used whole in every window" in doc["segments"]["notes"]
    assert kpi(doc, "knowledge.accesses")["value"] == 100
    # accounting is the loader's: a window changes no input row counts
    _, plain = run(targets=None)
    assert doc["inputs"] == plain["inputs"]


def test_until_alone_and_last(run):
    _, doc = run("--until", "2026-08-31")
    assert kpi(doc, "engagement.posts")["value"] == 3
    _, doc = run("--last", "30d")  # ends on the data's last date, 2026-10-31
    assert doc["segments"]["window"] == {"start": "2026-10-02", "end": "2026-10-31"}
    assert kpi(doc, "engagement.posts")["value"] == 3
    _, doc = run("--last", "1m")
    assert doc["segments"]["window"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert kpi(doc, "engagement.posts")["value"] == 4
    _, doc = run("--last", "2w", "--until", "2026-10-20")
    assert doc["segments"]["window"] == {"start": "2026-10-07", "end": "2026-10-20"}
    assert kpi(doc, "engagement.likes")["value"] == 95


def test_a_window_wholly_outside_the_data_holds_no_rows(run):
    # The fixture's posts run from 2026-08 to 2026-10: a window before or after them is empty,
    # never stretched to the data's first or last day (which counted that day's rows).
    for args, window in ((("--until", "2026-07-31"), {"start": "2026-07-31", "end": "2026-07-31"}),
                         (("--since", "2026-11-05"), {"start": "2026-11-05", "end": "2026-11-05"})):
        _, doc = run(*args)
        assert doc["segments"]["window"] == window
        assert kpi(doc, "engagement.posts")["value"] == 0
        assert kpi(doc, "engagement.likes")["value"] is None
        # ... and says so: 0 posts is the window's, not the brand's
        first, last = doc["period"]["start"], doc["period"]["end"]
        assert (f"the window {window['start']} → {window['end']} is outside the data ({first} → {last}): no dated "
                f"row falls in it; check --since/--until") in doc["segments"]["notes"]
    _, inside = run("--since", "2026-09-01")
    assert not any("outside the data" in n for n in inside["segments"]["notes"])


def test_a_buddhist_era_date_is_read_as_its_ce_date_with_a_note(run, cli):
    # A Thai user writes the year as 2569; the files' own BE dates are read the same way.
    _, ce = run("--since", "2026-09-01", "--until", "2026-10-31")
    _, be = run("--since", "2569-09-01", "--until", "2569-10-31")
    assert be["segments"]["window"] == ce["segments"]["window"] == {"start": "2026-09-01", "end": "2026-10-31"}
    assert [k["value"] for k in be["kpis"]] == [k["value"] for k in ce["kpis"]]
    assert be["segments"]["notes"][:2] == ["--since 2569-09-01: a Buddhist-era year, read as 2026-09-01",
                                           "--until 2569-10-31: a Buddhist-era year, read as 2026-10-31"]
    assert not any("Buddhist" in n for n in ce["segments"]["notes"])
    # 29 February of BE 2567 is CE 2024's leap day; BE 2569 (CE 2026) has none
    r = cli(["report", DATA, "-q", "--format", "json", "--until", "2567-02-29"])
    assert json.loads(r.stdout)["segments"]["window"]["end"] == "2024-02-29"
    r = cli(["report", DATA, "-q", "--until", "2569-02-29"])
    assert r.exit_code == 2 and "--until '2569-02-29': not a date" in r.stderr


# --- --compare ------------------------------------------------------------------------------
def test_compare_previous_month(run):
    _, doc = run("--since", "2026-10-01", "--until", "2026-10-31", "--compare", "previous")
    likes = kpi(doc, "engagement.likes")
    assert likes["previous"] == {"start": "2026-09-01", "end": "2026-09-30", "value": 20, "note": None, "currency": None}
    assert likes["change"] == {"absolute": 120, "relative": 6.0}
    cpa = kpi(doc, "advertising.cpa")
    assert cpa["previous"]["value"] == pytest.approx(150.0)
    assert cpa["change"]["relative"] == pytest.approx(200 / 150 - 1)
    # a KPI whose source has no dates is not compared with itself
    assert kpi(doc, "knowledge.accesses")["previous"]["value"] is None
    assert kpi(doc, "knowledge.accesses")["change"] is None


def test_compare_previous_days_and_default_window(run):
    _, doc = run("--since", "2026-10-01", "--until", "2026-10-10", "--compare", "previous")
    assert doc["segments"]["compare"] == {"mode": "previous", "start": "2026-09-21", "end": "2026-09-30"}
    assert kpi(doc, "engagement.posts")["previous"]["value"] == 0
    assert kpi(doc, "engagement.posts")["change"] == {"absolute": 2, "relative": None}
    # No window given: the data spans three months, so the report covers the latest one.
    _, doc = run("--compare", "previous")
    assert doc["segments"]["window"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert any("latest month" in n for n in doc["segments"]["notes"])
    assert kpi(doc, "engagement.likes")["previous"]["value"] == 20


def test_compare_year(run):
    _, doc = run("--since", "2026-10-01", "--until", "2026-10-31", "--compare", "year")
    assert doc["segments"]["compare"] == {"mode": "year", "start": "2025-10-01", "end": "2025-10-31"}
    # The data starts in 2026-08: October 2025 is a window it does not cover, not one with 0 posts.
    posts = kpi(doc, "engagement.posts")
    assert posts["previous"]["value"] is None and posts["change"] is None
    assert posts["previous"]["note"] == ("the comparison window 2025-10-01 → 2025-10-31 is outside the data "
                                         "(2026-08-01 → 2026-10-31): nothing to compare")
    assert kpi(doc, "engagement.likes")["change"] is None
    # A comparison window the data does cover keeps its zeros: September had posts, so 0 is a count.
    _, doc = run("--since", "2026-10-01", "--until", "2026-10-31", "--compare", "previous")
    assert kpi(doc, "engagement.posts")["previous"]["value"] is not None


def test_compare_with_an_earlier_json_report(run, cli, tmp_path):
    sep = tmp_path / "september.json"
    r = cli(["report", DATA, "-t", TARGETS, "--since", "2026-09-01", "--until", "2026-09-30", "--by", "platform",
             "--format", "json", "-o", sep, "-q"])
    assert r.exit_code in (0, 1)
    _, doc = run("--since", "2026-10-01", "--until", "2026-10-31", "--by", "platform", "--compare", str(sep))
    assert doc["segments"]["compare"]["mode"] == "file"
    likes = kpi(doc, "engagement.likes")
    assert likes["previous"]["value"] == 20 and likes["previous"]["start"] == "2026-09-01"
    assert likes["change"]["absolute"] == 120
    # September's own posts were all on facebook: the file has no instagram group to compare with
    g = groups(doc, "engagement.posts")
    assert g["instagram"]["previous"]["value"] is None and g["instagram"]["change"] is None
    assert g["instagram"]["previous"]["note"] == "group not in september.json"
    _, doc = run("--since", "2026-10-01", "--by", "platform", "--compare", str(sep), "--family", "audience")
    fb = groups(doc, "audience.followers")["facebook"]
    assert (fb["value"], fb["previous"]["value"], fb["change"]["absolute"]) == (1300, 1150, 150)


def test_compare_file_that_is_not_a_report(cli, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    r = cli(["report", DATA, "--compare", bad])
    assert r.exit_code == 2 and "not an smkpi JSON report" in r.stderr


# --- targets per segment and on change ------------------------------------------------------
def test_segment_target_overrides_the_global_one_and_any_failed_group_fails(run):
    code, doc = run("--since", "2026-10-01", "--by", "platform", "--family", "engagement")
    rate = groups(doc, "engagement.rate")
    assert rate["tiktok"]["target"]["text"] == ">= 16%" and rate["tiktok"]["status"] == "pass"  # 105/600
    assert rate["instagram"]["target"]["text"] == ">= 12.5%" and rate["instagram"]["status"] == "fail"  # 48/400
    assert kpi(doc, "engagement.rate")["status"] == "pass"  # 159/1050 overall
    assert code == 1
    statuses = [k["status"] for k in doc["kpis"]] + [g["status"] for k in doc["kpis"] for g in k["groups"] or []]
    assert doc["summary"]["fail"] == statuses.count("fail") and sum(doc["summary"].values()) == len(statuses)
    code, doc = run("--since", "2026-08-01", "--by", "platform", "--family", "engagement")
    assert groups(doc, "engagement.rate")["tiktok"]["status"] == "fail"  # 165/1100 = 15% < 16%


def test_segment_target_on_a_channel(run):
    _, doc = run("--since", "2026-08-01", "--by", "channel", "--family", "communication")
    art = groups(doc, "communication.avg_response_time")
    assert art["line"]["target"]["text"] == "<= 15m" and art["line"]["status"] == "fail"  # 23m 20s
    assert art["email"]["target"] is None and art["email"]["status"] == "no_target"  # no global target


def test_segment_target_for_a_group_without_rows_is_judged_no_data(run, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('targets: {}\nsegments:\n  platform:\n    youtube: {engagement.rate: ">= 1%"}\n'
                 '    Tiktok: {engagement.rate: ">= 1%"}\n', encoding="utf-8")
    code, doc = run("--since", "2026-08-01", "--by", "platform", "--family", "engagement", targets=t)
    g = groups(doc, "engagement.rate")
    assert g["youtube"]["status"] == "no_data" and g["youtube"]["note"].startswith("no rows in this group")
    assert "did you mean 'tiktok'?" in g["Tiktok"]["note"]
    assert code == 1


def test_a_misspelt_content_type_group_gets_a_suggestion_in_any_case(cli, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('segments:\n  content_type:\n    Reals: {content.avg_engagement_per_post: ">= 100"}\n', encoding="utf-8")
    args = ["report", "examples/data", "-t", t, "--by", "content_type", "--family", "content", "-q"]
    doc = json.loads(cli([*args, "--format", "json"]).stdout)
    g = groups(doc, "content.avg_engagement_per_post")
    assert g["Reals"]["status"] == "no_data"
    assert g["Reals"]["note"] == ("no rows in this group; did you mean 'reel'? (no rows carry the inputs, or the "
                                  "denominator is 0)")
    md = cli([*args, "--format", "markdown", "--lang", "th"]).stdout
    assert "ไม่มีแถวในกลุ่มนี้; หมายถึง 'reel' หรือไม่? (" in md


def test_a_content_type_group_target_is_read_in_the_rows_spelling(cli, tmp_path):
    # "Reels" in targets.yaml is the group the rows read as "reel" (Instagram writes "IG reel").
    data = FIXTURES / "exports" / "meta_instagram_posts"
    t = tmp_path / "t.yaml"
    t.write_text('targets: {}\nsegments:\n  content_type:\n    Reels: {engagement.likes: ">= 201"}\n'
                 '    Photos: {engagement.likes: ">= 60"}\n', encoding="utf-8")
    r = cli(["report", data, "--format", "json", "-q", "-t", t, "--by", "content_type", "--family", "engagement"])
    g = groups(json.loads(r.stdout), "engagement.likes")
    assert (g["reel"]["value"], g["reel"]["status"]) == (200, "fail")
    assert (g["image"]["value"], g["image"]["status"]) == (60, "pass")
    assert g["carousel"]["status"] == "no_target" and r.exit_code == 1
    t.write_text('segments:\n  content_type:\n    Reels: {engagement.likes: ">= 1"}\n'
                 '    IG reel: {engagement.likes: ">= 2"}\n', encoding="utf-8")
    r = cli(["report", data, "-t", t, "--by", "content_type"])
    assert r.exit_code == 2
    assert "segments.content_type.IG reel: 'IG reel' and 'Reels' are one content_type (reel); keep one of them" in r.stderr
    assert "t.yaml:4: " in r.stderr


def test_compare_with_a_report_written_before_content_types_had_one_spelling(cli, tmp_path):
    # A report saved earlier holds the files' own spellings (Photos, Videos): compared by today's.
    data = FIXTURES / "exports" / "meta_facebook_posts"
    args = ["report", data, "--by", "content_type", "--family", "content", "--format", "json", "-q"]
    doc = json.loads(cli(args).stdout)
    old_words = {"image": "Photos", "video": "Videos", "link": "Links"}
    for k in doc["kpis"]:
        for g in k["groups"]:
            g["by"]["content_type"] = old_words[g["by"]["content_type"]]
        if k["id"] == "content.views_by_type":
            k["value"] = {"Photos": 1200, "Videos": 2000, "IG video": 500}  # two spellings of one type: added
        if k["id"] == "content.top_type":
            k["value"] = "Videos"
    eng = kpi(doc, "content.avg_engagement_per_post")
    eng["groups"].append({**eng["groups"][0], "by": {"content_type": "IG image"}, "value": 70.0})
    old = tmp_path / "october.json"
    old.write_text(json.dumps(doc), encoding="utf-8")
    now = json.loads(cli([*args, "--compare", old]).stdout)
    assert kpi(now, "content.views_by_type")["previous"]["value"] == {"image": 1200, "video": 2500}
    assert kpi(now, "content.top_type")["previous"]["value"] == "video"
    g = groups(now, "content.avg_engagement_per_post")
    assert (g["video"]["previous"]["value"], g["link"]["previous"]["value"]) == (170.0, 11.0)
    # Photos (65) and IG image (70) are one group now: no previous value rather than either.
    assert g["image"]["previous"]["value"] is None
    assert g["image"]["previous"]["note"] == ("october.json has this group as several (IG image, Photos), spelled as "
                                              "the files spelled them: not compared")


def test_change_target(run, tmp_path):
    # Without --compare a change target is no_data, never a pass (and an error target: exit 1).
    code, doc = run("--family", "audience", "--since", "2026-10-01")
    growth = kpi(doc, "audience.follower_growth_rate")
    assert growth["target"] == {"op": ">=", "value": 0.05, "text": "change >= +5%", "severity": "error",
                                "on": "relative_change"}
    assert growth["status"] == "no_data" and code == 1
    assert growth["note"] == ("a change target needs a comparison: add --compare previous, year or an earlier "
                              "report's JSON")
    # October 240 / 1860 against September 30 / 1120: far above +5%
    code, doc = run("--family", "audience", "--since", "2026-10-01", "--compare", "previous")
    growth = kpi(doc, "audience.follower_growth_rate")
    assert growth["change"]["relative"] == pytest.approx((240 / 1860) / (30 / 1120) - 1)
    assert growth["status"] == "pass" and code == 0
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  advertising.cpa: {change: "<= +10%"}\n  advertising.spend: {change: ">= +100"}\n',
                 encoding="utf-8")
    code, doc = run("--family", "advertising", "--since", "2026-10-01", "--compare", "previous", targets=t)
    assert kpi(doc, "advertising.cpa")["status"] == "fail"  # 200 vs 150: +33%
    assert kpi(doc, "advertising.spend")["status"] == "pass"  # 1200 vs 600: +600
    assert kpi(doc, "advertising.spend")["target"]["on"] == "change"
    assert code == 1


@pytest.mark.parametrize(("body", "message"), [
    ("segments:\n  platfrom:\n    tiktok: {engagement.rate: '>= 5%'}\n",
     "T:2: segments.platfrom: unknown dimension; did you mean 'platform'?"),
    ("segments:\n  weekday:\n    mnday: {engagement.rate: '>= 5%'}\n",
     "T:3: segments.weekday.mnday: unknown weekday; did you mean 'mon'?"),
    ("segments:\n  hour:\n    25: {engagement.rate: '>= 5%'}\n",
     "T:3: segments.hour.25: an hour group is a whole number 0 to 23 (local time)"),
    ("segments:\n  platform:\n    tiktok: {engagement.rat: '>= 5%'}\n",
     "T:3: segments.platform.tiktok.engagement.rat: unknown KPI id; did you mean 'engagement.rate'?"),
    ("targets:\n  content.top_type: {change: '>= +5%'}\n",
     "T:2: targets.content.top_type: a change target needs a numeric KPI; this one is a category"),
    ("targets:\n  engagement.rate: {target: '>= 5%', change: '>= +5%'}\n",
     "T:2: targets.engagement.rate: give one of target: and change:, not both; a KPI takes one target per scope "
     "(a group under segments: can take the other)"),
    ("segments:\n  platform: tiktok\n",
     "T:2: segments.platform: must map group names to targets, e.g. tiktok: {engagement.rate: \">= 5%\"}"),
])
def test_strict_segments_schema(cli, tmp_path, monkeypatch, body, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "T").write_text(body, encoding="utf-8")
    r = cli(["report", DATA, "-t", "T"])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"smkpi: error: {message}"


@pytest.mark.parametrize(("args", "message"), [
    (["--by", "platform", "--by", "campaign", "--by", "hour"], "at most 2 dimensions"),
    (["--by", "platfrom"], "--by 'platfrom': unknown dimension; did you mean 'platform'?"),
    (["--period", "fortnight"], "--period 'fortnight': choose from day, week, month, quarter, year"),
    (["--last", "30x"], "--last '30x': write a count and a unit"),
    (["--since", "2026-13-01"], "--since '2026-13-01': not a date; write it as YYYY-MM-DD"),
    (["--since", "2026-10-05", "--until", "2026-10-01"], "is after --until"),
    (["--compare", "lastweek"], "--compare 'lastweek': use previous, year, or the path of a report"),
    (["--since", "1990-01-01", "--period", "day"], "makes more than 5,000 periods"),
])
def test_bad_segment_options_exit_2(cli, args, message):
    r = cli(["report", DATA, *args])
    assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1


# --- table ----------------------------------------------------------------------------------
def test_table_with_groups_deltas_and_sparklines_at_80_columns(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = cli(["report", DATA, "-t", TARGETS, "--by", "platform", "--compare", "previous", "--period", "week"])
    assert r.exit_code == 1
    out = r.stdout
    assert not re.search(r"\x1b\[", out)  # NO_COLOR
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Change" in out and "Trend" in out and "└ tiktok" in out
    assert "▲ +600.0%" in out  # likes: 140 in October against 20 in September
    assert re.search(r"[▁▂▃▄▅▆▇█]{3,}", out)  # weekly bars
    assert "window: 2026-10-01 → 2026-10-31 vs previous 2026-09-01 → 2026-09-30" in out


def test_delta_colour_follows_the_kpi_direction(cli, monkeypatch):
    from rich.console import Console

    from smkpi.config import load_settings
    from smkpi.render import delta
    from smkpi.report import build_report
    from smkpi.segment import Segmentation

    rep = build_report([DATA], load_settings(TARGETS), segmentation=Segmentation(compare="previous"))
    by_id = {r.value.kpi.id: r.value for r in rep.results}
    likes, cpa = delta(by_id["engagement.likes"], "THB"), delta(by_id["advertising.cpa"], "THB")
    assert (likes.plain, str(likes.style)) == ("▲ +600.0%", "green")  # more likes: better
    assert (cpa.plain, str(cpa.style)) == ("▲ +33.3%", "red")  # a dearer acquisition: worse
    Console(color_system=None).print(likes)  # renders without colour too


# --- a text column a sources: rule keeps as a dimension ------------------------------------
def test_sources_segment_column_is_a_dimension(cli, tmp_path):
    (tmp_path / "posts.csv").write_text(
        "post_id,published_at,platform,likes,Sales Region\n"
        "P1,2026-10-01T10:00:00+07:00,facebook,10,North\n"
        "P2,2026-10-02T10:00:00+07:00,facebook,20,\n"
        "P3,2026-10-03T10:00:00+07:00,tiktok,30,South\n", encoding="utf-8")
    t = tmp_path / "t.yaml"
    t.write_text('targets: {}\nsources:\n  - match: "posts*.csv"\n    segment: ["Sales Region"]\n'
                 'segments:\n  sales_region:\n    North: {engagement.likes: ">= 20"}\n', encoding="utf-8")
    r = cli(["report", tmp_path / "posts.csv", "-t", t, "--by", "sales_region", "-f", "json", "-q"])
    assert r.exit_code == 1, r.stderr  # North: 10 likes, below its own target
    doc = json.loads(r.stdout)
    g = groups(doc, "engagement.likes")
    assert {k: x["value"] for k, x in g.items()} == {"North": 10, "South": 30, "(none)": 20}
    assert g["North"]["status"] == "fail"
    assert doc["inputs"][0]["unmapped"] == []  # the column is read, not ignored
    r = cli(["report", tmp_path / "posts.csv", "-t", t, "--by", "sales_regoin"])
    assert r.exit_code == 2 and "did you mean 'sales_region'?" in r.stderr
    t.write_text('sources:\n  - match: "*.csv"\n    segment: [Platform]\n', encoding="utf-8")
    r = cli(["report", tmp_path / "posts.csv", "-t", t])
    assert r.exit_code == 2 and "'platform' is a column smkpi already reads" in r.stderr


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_segmented_table_fits_every_width(cli, monkeypatch, width):
    from test_widths import HEADER_WORDS, check_fits

    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(["report", DATA, "-t", TARGETS, "-q", "--by", "platform", "--by", "campaign", "--compare", "previous",
             "--period", "week"])
    assert r.exit_code == 1
    assert check_fits(r.stdout, width, HEADER_WORDS | {"Change", "Trend"}) == []
    assert "└ tiktok" in r.stdout
    if width >= 80:
        assert "└ tiktok · autumn" in r.stdout
        assert "Change" in r.stdout and "Trend" in r.stdout


def test_few_groups_are_columns_with_status_marks(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    r = cli(["report", DATA, "--by", "platform", "--since", "2026-08-01", "--family", "engagement",
             "--family", "analytics", "-q"])  # built-in targets: likes per post >= 20 ...
    out = r.stdout
    header = next(line for line in out.splitlines() if "All" in line and "tiktok" in line)
    assert [w for w in re.split(r"[┃\s]+", header) if w] == ["KPI", "All", "facebook", "instagram", "tiktok", "x",
                                                              "Target", "Status"]
    likes_pp = next(line for line in out.splitlines() if line.startswith("│ Likes per post"))
    # facebook (10+20)/2, instagram 70/2, tiktok 140/2, x 10/2: x misses ">= 20"
    assert re.findall(r"[\d.]+ [✓✗]", likes_pp) == ["15.00 ✗", "35.00 ✓", "70.00 ✓", "5.00 ✗"]
    assert "groups: ✓ met · ✗ missed" in out
    # many groups, or --compare: rows instead
    r = cli(["report", DATA, "--by", "hour", "--since", "2026-08-01", "--family", "engagement", "-q"])
    assert "└ 23" in r.stdout


def test_a_groups_own_note_is_shown_under_every_table_not_only_in_json(cli, tmp_path):
    # youtube's 400 views / 100 impressions is not a share: the group has no value, and says why.
    (tmp_path / "posts.csv").write_text(
        "post_id,published_at,platform,views,impressions\n"
        "Y1,2026-10-01T10:00:00+07:00,youtube,400,100\n"
        "F1,2026-10-02T10:00:00+07:00,facebook,50,200\n", encoding="utf-8")
    args = ["report", tmp_path / "posts.csv", "--by", "platform", "--family", "reach", "-q", "-t", "/dev/null"]
    why = "not a share: the numerator (400) exceeds the denominator (100)"
    table = " ".join(cli(args, env={"COLUMNS": "200"}).stdout.split())
    assert f"— View-through rate (youtube): {why}" in table
    for fmt_ in ("markdown", "html"):
        assert f"— View-through rate (platform=youtube): {why}" in cli([*args, "--format", fmt_]).stdout, fmt_


def test_group_notes_name_each_kpi_once_and_few_groups():
    from smkpi.i18n import Lang
    from smkpi.outputs import view

    items = [("Conversions", f"hour={h}", "no rows") for h in range(8)] + [("Reach", "hour=8", "no rows"),
                                                                          ("Reach", "hour=9", "other")]
    assert view.group_notes(items, Lang()) == [
        "Conversions (hour=0, hour=1, hour=2, hour=3, hour=4, hour=5 +2): no rows", "Reach (hour=8): no rows",
        "Reach (hour=9): other"]
    row = view.Row("r", "reach", "Reach", "count", "up", 1, "1", None, "", "no_target", "", None,
                   [view.Group({"p": i}, f"p={i}", None, "—", None, None, "", [], note=f"note {i}") for i in range(15)],
                   [], None)
    notes = view.family_notes([row], Lang())
    assert len(notes) == view.GROUP_NOTES + 1 and notes[0] == "Reach (p=0): note 0"
    assert notes[-1] == "3 more group note(s): see the JSON report (kpis[].groups[].note)"


def test_group_notes_under_the_terminal_table_are_capped_and_translated(cli, tmp_path):
    # 24 hours, each a YouTube post whose views exceed its impressions: 24 group notes.
    rows = "".join(f"Y{h},2026-10-01T{h:02d}:00:00+07:00,youtube,{400 + h},100\n" for h in range(24))
    (tmp_path / "posts.csv").write_text("post_id,published_at,platform,views,impressions\n" + rows, encoding="utf-8")
    args = ["report", tmp_path, "--by", "hour", "--family", "reach", "-q", "-t", "/dev/null"]
    out = cli(args, env={"COLUMNS": "200"}).stdout
    notes = [line for line in out.splitlines() if line.startswith("— View-through rate (")]
    assert len(notes) == 12 and "— 12 more group note(s): see the JSON report (kpis[].groups[].note)" in out
    th = cli([*args, "--lang", "th"], env={"COLUMNS": "200"}).stdout
    assert "— อัตราการรับชม (View-through rate) (0): ไม่ใช่สัดส่วน: ตัวเศษ (400) มากกว่าตัวส่วน (100)" in th
    assert "— หมายเหตุของกลุ่มอีก 12 รายการ" in th and "more group note" not in th


def test_share_bound_and_finishing_apply_per_group(cli, tmp_path):
    # youtube counts Shorts views no impression led to: 400 views / 100 impressions is not a share
    (tmp_path / "posts.csv").write_text(
        "post_id,published_at,platform,views,impressions\n"
        "Y1,2026-10-01T10:00:00+07:00,youtube,400,100\n"
        "F1,2026-10-02T10:00:00+07:00,facebook,50,200\n", encoding="utf-8")
    r = cli(["report", tmp_path / "posts.csv", "--by", "platform", "--period", "month", "-f", "json", "-q",
             "--family", "reach"])
    doc = json.loads(r.stdout)
    vtr = groups(doc, "reach.view_through_rate")
    assert vtr["facebook"]["value"] == pytest.approx(0.25)
    assert vtr["youtube"]["value"] is None
    assert vtr["youtube"]["note"].startswith("not a share: the numerator (400) exceeds the denominator (100)")
    whole = kpi(doc, "reach.view_through_rate")
    assert whole["value"] is None and "numerator (450) exceeds the denominator (300)" in whole["note"]
    assert vtr["youtube"]["series"][0]["value"] is None  # the month point of that group too


def test_a_group_target_in_another_currency_is_no_data_not_a_pass(cli, tmp_path):
    # A PHP account's CPC of 10 is not "<= 12" THB: the group's own target (segments:) is in THB.
    d = tmp_path / "d"
    d.mkdir()
    (d / "ads.csv").write_text("Ad ID,Reporting starts,Amount spent (PHP),Link clicks,Impressions\n"
                               "1,2026-10-01,1000,100,5000\n", encoding="utf-8")
    t = tmp_path / "t.yaml"
    t.write_text('currency: THB\ntargets: {}\nsegments:\n  platform:\n    meta: {advertising.cpc: "<= 12"}\n',
                 encoding="utf-8")
    r = cli(["report", d, "-t", t, "--by", "platform", "--family", "advertising", "--format", "json", "-q"])
    cpc = kpi(json.loads(r.stdout), "advertising.cpc")
    assert (cpc["value"], cpc["currency"]) == (10.0, "PHP")  # no global target: shown in its own currency
    (meta,) = cpc["groups"]
    assert meta["value"] is None and meta["status"] == "no_data"
    assert meta["note"].startswith("in PHP while the target is in THB")


def _two_currencies(tmp_path):
    # A PHP Meta Ads month (September 2025) beside a USD Google Ads campaign report (February 2025).
    import shutil

    d = tmp_path / "ads"
    d.mkdir()
    for name in ("meta_ads_month_php", "google_ads_fractional"):
        for f in (FIXTURES / "exports" / name).iterdir():
            shutil.copy(f, d / f.name)
    return d


def test_inputs_in_two_currencies_give_each_group_and_period_its_own(cli, tmp_path):
    # The whole spend would add PHP to USD: no value. Each platform, and September, is one currency.
    d = _two_currencies(tmp_path)
    r = cli(["report", d, "-t", "/dev/null", "--by", "platform", "--period", "month", "--family", "advertising",
             "--format", "json", "-q"])
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    spend = kpi(doc, "advertising.spend")
    assert spend["value"] is None and spend["note"].startswith("inputs are in PHP, USD: amounts in different")
    groups = {g["by"]["platform"]: (g["value"], g["currency"], g["note"]) for g in spend["groups"]}
    assert groups == {"google_ads": (pytest.approx(2034.75), "USD", None), "meta": (pytest.approx(4955.07), "PHP", None)}
    # Google Ads rows carry no date: its title line's period (February) places them. September is
    # the PHP rows alone.
    assert [(p["period"], p["value"], p["currency"]) for p in spend["series"] if p["value"] is not None] == [
        ("2025-02", pytest.approx(2034.75), "USD"), ("2025-09", pytest.approx(4955.07), "PHP")]
    cpa = {g["by"]["platform"]: g["value"] for g in kpi(doc, "advertising.cpa")["groups"]}
    assert cpa["meta"] == pytest.approx(4955.07 / 3) and cpa["google_ads"] == pytest.approx(2034.75 / 5268.35)
    assert kpi(doc, "advertising.ctr")["value"] is not None  # not money: over every row, as before
    table = cli(["report", d, "-t", "/dev/null", "--by", "platform", "--family", "advertising", "-q"],
                env={"COLUMNS": "160"}).stdout
    assert "₱4,955.07" in table and "$2,034.75" in table and "฿" not in table
    html = cli(["report", d, "-t", "/dev/null", "--by", "platform", "--family", "advertising", "-q", "--format", "html"]).stdout
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", html)
    assert "Ad spend by platform" not in captions  # PHP and USD bars on one axis would compare nothing
    assert "Return on ad spend (ROAS) by platform" in captions  # a multiple: each group's own ratio


def test_a_window_over_one_currency_of_two_has_a_value_in_it(cli, tmp_path):
    d = _two_currencies(tmp_path)
    r = cli(["report", d, "-t", "/dev/null", "--since", "2025-09-01", "--family", "advertising", "--format", "json",
             "-q"])
    spend = kpi(json.loads(r.stdout), "advertising.spend")
    assert (spend["value"], spend["currency"], spend["note"]) == (pytest.approx(4955.07), "PHP", None)


def test_a_series_over_two_currencies_gives_each_month_its_own_and_draws_no_line_across_them(cli, tmp_path):
    # September's ads in PHP, October's in USD (two Ads Manager exports): each month is one currency.
    d = _sep_php_oct_usd(tmp_path)
    args = ["report", d, "-t", "/dev/null", "--period", "month", "--family", "advertising", "-q"]
    spend = kpi(json.loads(cli([*args, "--format", "json"]).stdout), "advertising.spend")
    assert spend["value"] is None
    assert [(p["period"], p["value"], p["currency"]) for p in spend["series"]] == [("2026-09", 1000, "PHP"),
                                                                                 ("2026-10", 20, "USD")]
    row = next(line for line in cli(args, env={"COLUMNS": "200"}).stdout.splitlines() if "advertising.spend" in line)
    assert not re.search("[▁▂▃▄▅▆▇█]", row)  # no sparkline across PHP and USD
    ctr = next(line for line in cli(args, env={"COLUMNS": "200"}).stdout.splitlines() if "advertising.ctr" in line)
    assert re.search("[▁▂▃▄▅▆▇█]", ctr)  # not money: its trend is drawn
    html = cli([*args, "--format", "html"]).stdout
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", html)
    assert "Ad spend over time" not in captions and "Click-through rate (CTR) over time" in captions
    assert '<p class="note">Ad spend over time: 2026-09 ₱1,000.00 · 2026-10 $20.00</p>' in html  # the points, as text
    assert "* Ad spend, Cost per click (CPC), Cost per 1,000 impressions (CPM): its periods are in different " \
           "currencies: no trend is drawn" in " ".join(
        cli(args, env={"COLUMNS": "200"}).stdout.split())


def _sep_php_oct_usd(tmp_path):
    # Two Ads Manager exports: September's ads in PHP, October's in USD.
    d = tmp_path / "d"
    d.mkdir()
    (d / "ads_sep.csv").write_text("Ad ID,Reporting starts,Amount spent (PHP),Link clicks,Impressions\n"
                                   "1,2026-09-01,1000,100,5000\n", encoding="utf-8")
    (d / "ads_oct.csv").write_text("Ad ID,Reporting starts,Amount spent (USD),Link clicks,Impressions\n"
                                   "2,2026-10-01,20,50,1000\n", encoding="utf-8")
    return d


def test_a_comparison_window_in_another_currency_gives_no_change(cli, tmp_path):
    # October is USD 20, September PHP 1000: 20 - 1000 is no change, whatever the symbols.
    d = _sep_php_oct_usd(tmp_path)
    args = ["report", d, "-t", "/dev/null", "--since", "2026-10-01", "--until", "2026-10-31", "--compare", "previous",
            "--family", "advertising", "-q"]
    spend = kpi(json.loads(cli([*args, "--format", "json"]).stdout), "advertising.spend")
    assert (spend["value"], spend["currency"], spend["change"]) == (20, "USD", None)
    assert spend["previous"] == {"start": "2026-09-01", "end": "2026-09-30", "value": None, "currency": "PHP",
                                 "note": "the comparison window is in PHP, this value in USD: amounts in different "
                                         "currencies are never compared"}
    ctr = kpi(json.loads(cli([*args, "--format", "json"]).stdout), "advertising.ctr")
    assert ctr["change"] is not None  # not money: compared
    table = cli(args, env={"COLUMNS": "200"}).stdout
    assert "−" not in next(line for line in table.splitlines() if "advertising.spend" in line)
    why = "no change: the comparison window is in PHP, this value in USD: amounts in different currencies are never compared"
    assert f"— Ad spend, Cost per click (CPC), Cost per 1,000 impressions (CPM): {why}" in " ".join(table.split())
    assert f"— Ad spend, Cost per click (CPC), Cost per 1,000 impressions (CPM): {why}" in cli(
        [*args, "--format", "markdown"]).stdout  # the Change cell is empty: the note says why
    assert "— ค่าโฆษณา" in cli([*args, "--lang", "th"], env={"COLUMNS": "200"}).stdout


def test_an_earlier_report_compares_each_value_in_its_own_currency(cli, tmp_path):
    # Inputs in two currencies, each window in one: September against an earlier September report
    # is PHP against PHP (change 0), not "inputs are in PHP, USD".
    d = _sep_php_oct_usd(tmp_path)
    base = ["report", d, "-t", "/dev/null", "--until", "2026-09-30", "--family", "advertising", "-q", "--format", "json"]
    earlier = tmp_path / "september.json"
    earlier.write_text(cli(base).stdout, encoding="utf-8")
    spend = kpi(json.loads(cli([*base, "--compare", earlier]).stdout), "advertising.spend")
    assert (spend["value"], spend["previous"]["value"], spend["previous"]["currency"]) == (1000, 1000, "PHP")
    assert spend["change"] == {"absolute": 0, "relative": 0.0}
    # October (USD) against that PHP report: no change, with the file's note.
    spend = kpi(json.loads(cli(["report", d, "-t", "/dev/null", "--since", "2026-10-01", "--family", "advertising", "-q",
                                "--format", "json", "--compare", earlier]).stdout), "advertising.spend")
    assert spend["change"] is None and spend["previous"]["note"] == (
        "september.json is in PHP, this report in USD: amounts in different currencies are never compared")


def test_an_earlier_report_over_dates_this_one_also_covers_is_said(cli, tmp_path):
    # September's report against a folder of September and October: September counts on both sides.
    d = _sep_php_oct_usd(tmp_path)
    base = ["report", d, "-t", "/dev/null", "--family", "advertising", "-q", "--format", "json"]
    earlier = tmp_path / "september.json"
    earlier.write_text(cli([*base, "--until", "2026-09-30"]).stdout, encoding="utf-8")
    notes = json.loads(cli([*base, "--compare", earlier]).stdout)["segments"]["notes"]
    assert ("september.json covers 2026-09-01 → 2026-09-30, which overlaps this report's 2026-09-01 → 2026-10-01: "
            "the change counts those dates on both sides; set --since/--until to the later dates") in notes
    later = json.loads(cli([*base, "--since", "2026-10-01", "--compare", earlier]).stdout)["segments"]["notes"]
    assert not any("overlaps" in n for n in later)


def test_a_money_kpi_reads_the_currency_of_the_rows_its_formula_sums(cli, tmp_path):
    # CPC sums rows carrying spend and clicks: the USD file has no clicks, so CPC is PHP 1000 / 100.
    d = tmp_path / "d"
    d.mkdir()
    (d / "php.csv").write_text("Ad ID,Reporting starts,Amount spent (PHP),Link clicks,Impressions\n"
                               "1,2026-09-01,1000,100,5000\n", encoding="utf-8")
    (d / "usd.csv").write_text("Ad ID,Reporting starts,Amount spent (USD),Impressions\n"
                               "2,2026-09-02,20,1000\n", encoding="utf-8")
    doc = json.loads(cli(["report", d, "-t", "/dev/null", "--family", "advertising", "-q", "--format", "json"]).stdout)
    cpc = kpi(doc, "advertising.cpc")
    assert (cpc["value"], cpc["currency"], cpc["note"]) == (10.0, "PHP", None)
    assert kpi(doc, "advertising.spend")["value"] is None  # spend is in both


def test_the_workbook_shows_each_amount_in_its_own_currency_and_draws_no_chart_across_two(cli, tmp_path):
    import io
    import zipfile

    from test_outputs import _number_formats, _xlsx_cells

    out = tmp_path / "r.xlsx"
    r = cli(["report", _two_currencies(tmp_path), "-t", "/dev/null", "--by", "platform", "--family", "advertising",
             "-q", "-o", out])
    assert r.exit_code == 0, r.stderr
    data = out.read_bytes()
    sheets = zipfile.ZipFile(io.BytesIO(data)).namelist()
    formats = _number_formats(data)
    cells = _xlsx_cells(data, 2)  # the Advertising sheet: KPI rows, then one row per group
    shared = {ref: formats[c[2]] for ref, c in cells.items() if ref.startswith("C")}
    assert '"₱"#,##0.00' in shared.values() and '"$"#,##0.00' in shared.values()
    charts = [n for n in sheets if n.startswith("xl/charts/chart")]
    titles = " ".join(zipfile.ZipFile(io.BytesIO(data)).read(n).decode() for n in charts)
    assert "Ad spend by" not in titles and "Click-through rate (CTR) by" in titles
    one = tmp_path / "one.xlsx"
    cli(["report", FIXTURES / "exports" / "meta_ads_month_php", "-t", "/dev/null", "--by", "platform", "--family",
         "advertising", "-q", "-o", one])
    single = one.read_bytes()
    assert len([n for n in zipfile.ZipFile(io.BytesIO(single)).namelist() if n.startswith("xl/charts/chart")]) > len(charts)
    summary = _xlsx_cells(single, 1)
    assert '"₱"#,##0.00' in {_number_formats(single)[c[2]] for ref, c in summary.items() if ref.startswith("D")}


def test_compare_with_an_earlier_report_in_another_currency_gives_no_change(cli, tmp_path):
    # September's report says spend 1000 in PHP; October's ads are in THB: 600 − 1000 is no change.
    sep, oct_ = tmp_path / "sep", tmp_path / "oct"
    sep.mkdir()
    oct_.mkdir()
    (sep / "ads.csv").write_text("Ad ID,Reporting starts,Amount spent (PHP),Link clicks,Impressions\n"
                                 "1,2026-09-01,1000,100,5000\n", encoding="utf-8")
    (oct_ / "ads.csv").write_text("Ad ID,Reporting starts,Amount spent (THB),Link clicks,Impressions\n"
                                  "1,2026-10-01,600,60,3000\n", encoding="utf-8")
    t = tmp_path / "t.yaml"
    t.write_text("targets: {}\n", encoding="utf-8")
    old = cli(["report", sep, "-t", t, "--family", "advertising", "--format", "json", "-q"])
    report = tmp_path / "september.json"
    report.write_text(old.stdout, encoding="utf-8")
    assert kpi(json.loads(old.stdout), "advertising.spend")["currency"] == "PHP"
    r = cli(["report", oct_, "-t", t, "--family", "advertising", "--format", "json", "-q", "--compare", report])
    spend = kpi(json.loads(r.stdout), "advertising.spend")
    assert spend["value"] == 600 and spend["change"] is None and spend["previous"]["value"] is None
    assert spend["previous"]["note"] == ("september.json is in PHP, this report in THB: amounts in different "
                                         "currencies are never compared")
    assert kpi(json.loads(r.stdout), "advertising.ctr")["previous"]["value"] == 100 / 5000  # not money: compared


def test_a_comparison_window_the_data_covers_in_part_is_not_compared(run):
    # The fixture starts 2026-08-01: the 11 days before 08-10..08-20 begin on 07-30, two days before it.
    _, doc = run("--since", "2026-08-10", "--until", "2026-08-20", "--compare", "previous")
    assert doc["segments"]["compare"] == {"mode": "previous", "start": "2026-07-30", "end": "2026-08-09"}
    posts = kpi(doc, "engagement.posts")
    assert posts["previous"]["value"] is None and posts["change"] is None
    assert posts["previous"]["note"] == ("the data (2026-08-01 → 2026-10-31) covers only part of the comparison "
                                         "window 2026-07-30 → 2026-08-09: not compared")


def test_rows_without_a_date_are_counted_but_named_in_a_note(cli, tmp_path):
    # published_at is optional: an undated post counts in the whole report, in no period, and says so.
    f = tmp_path / "posts.csv"
    f.write_text("post_id,platform,published_at,likes\nP1,facebook,2026-09-05,10\nP2,facebook,2026-10-05,20\n"
                 "P3,facebook,,30\n", encoding="utf-8")
    r = cli(["report", f, "--period", "month", "--family", "engagement", "--format", "json"])
    doc = json.loads(r.stdout)
    assert kpi(doc, "engagement.likes")["value"] == 60
    assert series(kpi(doc, "engagement.likes")) == [("2026-09", 10), ("2026-10", 20)]
    assert "1 posts row(s) have no published_at: counted in no window or period" in doc["segments"]["notes"]
    assert "note: 1 posts row(s) have no published_at: counted in no window or period" in r.stderr


def _google_ads_months(tmp_path):
    """The Google Ads campaign report (no date column: its title line says the period) for June,
    and a copy for May with half the cost."""
    june = (FIXTURES / "exports" / "google_ads" / "Campaign report.csv").read_text(encoding="utf-8")
    (tmp_path / "Campaign report June.csv").write_text(june, encoding="utf-8")
    may = (june.replace("June 1, 2026 - June 30, 2026", "May 1, 2026 - May 31, 2026")
           .replace(",500.00,", ",250.00,").replace('"1,000.00"', "500.00"))
    (tmp_path / "Campaign report May.csv").write_text(may, encoding="utf-8")
    return tmp_path


def _spend(cli, folder, *args):
    r = cli(["report", folder, "--family", "advertising", "--format", "json", *args])
    assert r.exit_code in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    return kpi(doc, "advertising.spend"), doc["segments"]["notes"] if doc["segments"] else None


def test_undated_rows_count_in_a_window_that_holds_their_files_declared_period(cli, tmp_path):
    folder = _google_ads_months(tmp_path)
    whole, _ = _spend(cli, folder)
    assert whole["value"] == 1500
    june, notes = _spend(cli, folder, "--since", "2026-06-01", "--until", "2026-06-30")
    assert june["value"] == 1000 and not [n for n in notes if "have no date" in n]
    # The default window is the latest month the files declare; May is the month before it.
    latest, notes = _spend(cli, folder, "--compare", "previous")
    assert (latest["value"], latest["previous"]["value"], latest["change"]["relative"]) == (1000, 500, 1.0)
    monthly, _ = _spend(cli, folder, "--period", "month")
    assert series(monthly) == [("2026-05", 500), ("2026-06", 1000)]


def test_undated_rows_whose_declared_period_a_window_cuts_count_in_neither_part_and_are_named(cli, tmp_path):
    folder = _google_ads_months(tmp_path)
    cut, notes = _spend(cli, folder, "--since", "2026-06-10")
    assert cut["value"] is None
    # May lies wholly before the window (like a dated row before it: not said); June is cut.
    assert notes == ["2 ads row(s) each cover a period, not one day (2026-06-01 → 2026-06-30), "
                     "that runs over the window's edge (part in, part out): not counted in it"]
    weekly, notes = _spend(cli, folder, "--period", "week")
    assert weekly["value"] == 1500 and all(p["value"] is None for p in weekly["series"])
    assert notes == ["4 ads row(s) each cover a period, not one day (2026-05-01 → 2026-05-31, "
                     "2026-06-01 → 2026-06-30), that spans more than one week: counted in no week"]
    # Each note counts and names its own files: May is outside the window, so neither says it.
    _, notes = _spend(cli, folder, "--since", "2026-06-01", "--period", "week")
    assert notes == ["2 ads row(s) each cover a period, not one day (2026-06-01 → 2026-06-30), "
                     "that spans more than one week: counted in no week"]
    _, notes = _spend(cli, folder, "--since", "2026-06-10", "--period", "week")
    assert notes == ["2 ads row(s) each cover a period, not one day (2026-06-01 → 2026-06-30), "
                     "that runs over the window's edge (part in, part out): not counted in it"]


def test_markdown_and_html_give_the_reports_own_notes_in_its_language(cli, tmp_path):
    folder = _google_ads_months(tmp_path)
    args = ["report", folder, "--family", "advertising", "--since", "2026-06-10", "-q"]
    md = cli([*args, "--format", "markdown"]).stdout
    assert ("> 2 ads row(s) each cover a period, not one day (2026-06-01 → 2026-06-30), that runs over "
            "the window's edge (part in, part out): not counted in it  ") in md.splitlines()
    html = cli([*args, "--format", "html"]).stdout
    assert '<p class="note">2 ads row(s) each cover a period, not one day' in html
    th = cli([*args, "--format", "markdown", "--lang", "th"]).stdout
    assert "> แถว ads 2 แถวครอบคลุมช่วงเวลา ไม่ใช่วันเดียว (2026-06-01 → 2026-06-30) ซึ่งคร่อมขอบ" in th


def test_the_terminals_window_and_cut_lines_are_translated(cli):
    r = cli(["report", DATA, "-q", "--lang", "th", "--calendar", "buddhist", "--since", "2026-10-01", "--until",
             "2026-10-31", "--compare", "previous", "--by", "platform", "--period", "month", "--family", "engagement"],
            env={"COLUMNS": "120"})
    lines = r.stdout.splitlines()
    assert "ช่วงที่รายงาน: 1 ต.ค. 2569 → 31 ต.ค. 2569 · เทียบกับ ช่วงก่อนหน้า: 1 ก.ย. 2569 → 30 ก.ย. 2569" in lines
    assert "แยกตาม: แพลตฟอร์ม · ชุดข้อมูล: รายเดือน" in lines
    assert not [x for x in lines if x.startswith(("window:", "by:", "series:"))]
    en = cli(["report", DATA, "-q", "--compare", "year", "--family", "engagement"], env={"COLUMNS": "120"}).stdout
    assert "window: 2026-10-01 → 2026-10-31 vs a year earlier 2025-10-01 → 2025-10-31" in en.splitlines()


def test_an_ad_in_two_months_reports_without_dates_is_two_rows_not_a_copy(cli, tmp_path):
    # Ads are one row per platform + date + ad id; an ad-level Google Ads report has no date column,
    # so May's ad 111 and June's ad 111 differ only by the period their files declare.
    may = ('Ad report\n"May 1, 2026 - May 31, 2026"\nAd ID,Campaign,Impr.,Clicks,Cost,Currency code\n'
           "111,Search,1000,10,100.00,THB\n222,Display,2000,20,150.00,THB\n")
    (tmp_path / "Ad report May.csv").write_text(may, encoding="utf-8")
    (tmp_path / "Ad report June.csv").write_text(
        may.replace("May 1, 2026 - May 31, 2026", "June 1, 2026 - June 30, 2026").replace("100.00", "400.00")
        .replace("150.00", "850.00"), encoding="utf-8")
    r = cli(["report", tmp_path, "--family", "advertising", "--format", "json", "--compare", "previous"])
    doc = json.loads(r.stdout)
    assert [(i["used"], i["duplicates"]) for i in doc["inputs"]] == [(2, 0), (2, 0)]
    spend = kpi(doc, "advertising.spend")
    assert (spend["value"], spend["previous"]["value"]) == (1250, 250)


def test_every_note_a_segmented_report_writes_has_a_thai_entry(cli, tmp_path):
    # The notes come from the code that writes them (each scenario below makes one kind of note).
    from smkpi.i18n import Lang

    (tmp_path / "ads").mkdir()
    folder = _google_ads_months(tmp_path / "ads")
    ga4 = tmp_path / "ga4"
    ga4.mkdir()
    (ga4 / "ga4_landing.csv").write_text("# Start date: 20260615\n# End date: 20260712\nLanding page,Sessions,Views\n"
                                         '/,"1,200",10\n', encoding="utf-8")
    undated = tmp_path / "undated"
    undated.mkdir()
    (undated / "posts.csv").write_text("post_id,platform,published_at,likes\nP1,x,2026-09-05,1\nP2,x,,2\n"
                                       "P3,x,2026-10-05,3\n", encoding="utf-8")
    earlier = tmp_path / "earlier.json"
    earlier.write_text(cli(["report", DATA, "--format", "json", "-q", "--since", "2026-09-01"]).stdout, encoding="utf-8")
    runs = [(DATA, ["--compare", "previous"]), (folder, ["--since", "2026-06-10", "--period", "week"]),
            (folder, ["--since", "2026-06-01", "--period", "week"]), (ga4, ["--compare", "previous"]),
            (undated, ["--period", "month"]), (DATA, ["--compare", str(earlier)])]
    notes = set()
    for where, args in runs:
        doc = json.loads(cli(["report", where, "--format", "json", "-q", *args]).stdout)
        notes |= set(doc["segments"]["notes"])
    assert len(notes) >= 7, notes
    th = Lang("th")
    assert sorted(n for n in notes if th.note(n) == n) == []


def test_a_group_named_under_segments_is_listed_only_for_the_kpis_it_sets_a_target_on(cli, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  advertising.cpc: "<= 1000"\nsegments:\n  platform:\n    line: {engagement.likes_per_post: ">= 1"}\n',
                 encoding="utf-8")
    r = cli(["report", DATA, "-t", t, "--by", "platform", "--family", "advertising,engagement", "--format", "json", "-q"])
    doc = json.loads(r.stdout)
    assert groups(doc, "engagement.likes_per_post")["line"]["status"] == "no_data"  # its own target: listed, judged
    for k in doc["kpis"]:
        if k["id"] != "engagement.likes_per_post" and k["groups"]:
            assert "line" not in groups(doc, k["id"]), k["id"]


def test_an_ads_manager_report_over_a_month_counts_in_the_month_not_in_its_first_week(cli, tmp_path):
    # Reporting starts 2026-06-01, ends 2026-06-30, no breakdown by day: each row is the whole month.
    src = FIXTURES / "exports" / "meta_ads" / "Brand-TH-Ads-Jun-1-2026-Jun-30-2026.csv"
    (tmp_path / src.name).write_bytes(src.read_bytes())

    def spend(*args):
        r = cli(["report", tmp_path, "--family", "advertising", "--format", "json", "-q", "-t", "/dev/null", *args])
        return json.loads(r.stdout)

    assert kpi(spend(), "advertising.spend")["value"] == 100
    week = spend("--since", "2026-06-01", "--until", "2026-06-07")
    assert kpi(week, "advertising.spend")["value"] is None
    assert any("runs over the window's edge" in n for n in week["segments"]["notes"])
    assert kpi(spend("--since", "2026-06-01", "--until", "2026-06-30"), "advertising.spend")["value"] == 100
    assert series(kpi(spend("--period", "month"), "advertising.spend")) == [("2026-06", 100)]


def test_ads_manager_rows_cut_by_a_window_are_said_to_cover_a_period_not_to_have_no_date(cli):
    # Their Reporting starts/ends is a date range: "have no date" sent users to look for a missing column.
    r = cli(["report", FIXTURES / "exports" / "meta_ads", "--since", "2026-06-10", "--format", "json"])
    assert json.loads(r.stdout)["segments"]["notes"] == [
        "2 ads row(s) each cover a period, not one day (2026-06-01 → 2026-06-30), that runs over the window's edge "
        "(part in, part out): not counted in it"]


@pytest.mark.parametrize("text", ["25691001", "2569-W40-1", "2569-+9-01", "๒๕๖๙-๑๐-๓๑", "2026-10-1"])
def test_a_date_option_is_yyyy_mm_dd_in_ascii_digits(cli, text):
    r = cli(["report", DATA, "-q", "--since", text])
    assert r.exit_code == 2 and f"--since '{text}': not a date; write it as YYYY-MM-DD" in r.stderr


def test_year_option_reads_a_buddhist_era_year():
    from smkpi.cli import _year

    assert _year(2569) == 2026 and _year(2026) == 2026 and _year(None) is None


def test_a_dated_knowledge_base_in_a_window_says_it_is_counted_whole(cli):
    # Known limit: a daily article-stats export is not split by day. Its note must not claim the
    # rows have no date (they do): it says they count whole, and how to get one month.
    r = cli(["report", FIXTURES / "exports" / "kb_daily", "--since", "2026-03-02", "--format", "json"])
    doc = json.loads(r.stdout)
    assert doc["segments"]["notes"] == [
        "kb rows are used whole in every window: their date is read as the article's, not as the day of its views "
        "(a daily stats export is not split by day): to report one month, export that month alone"]
    assert not any("no date" in n for n in doc["segments"]["notes"])


def test_html_and_xlsx_titles_name_the_window_not_the_datas_span(cli, tmp_path):
    args = ["report", "examples/data", "-q", "--since", "2569-10-01", "--until", "2569-10-31", "--lang", "th",
            "--calendar", "buddhist"]
    html = cli([*args, "--format", "html"]).stdout
    assert "<title>รายงาน KPI · 1 ต.ค. 2569 → 31 ต.ค. 2569</title>" in html
    out = tmp_path / "r.xlsx"
    cli([*args, "-o", out])
    import zipfile

    core = zipfile.ZipFile(out).read("docProps/core.xml").decode("utf-8")
    assert "<dc:title>รายงาน KPI 1 ต.ค. 2569 → 31 ต.ค. 2569</dc:title>" in core
    plain = cli(["report", "examples/data", "-q", "--format", "html"]).stdout  # no window: the data's dates
    assert "<title>KPI report · 2026-09-01 → 2026-10-31</title>" in plain


def test_the_inferred_labels_note_counts_the_windows_rows(cli):
    # examples/data: 11 comments have no label; 6 of them are in October.
    base = ["report", "examples/data", "--format", "json", "-q"]
    whole = json.loads(cli(base).stdout)
    october = json.loads(cli([*base, "--since", "2026-10-01", "--until", "2026-10-31"]).stdout)
    assert kpi(whole, "sentiment.positive_share")["note"] == "11 of the labels inferred from the comment text by smkpi's model"
    assert kpi(october, "sentiment.positive_share")["note"] == "6 of the labels inferred from the comment text by smkpi's model"
    # the file's own count is the file's, as its rows and used are
    assert [i["inferred"] for i in october["inputs"] if i["kind"] == "comments"] == [11]


def test_kpis_the_by_cannot_split_say_so_under_their_table_in_every_format(cli):
    # Tickets have no platform: reported whole. That was said only on stderr and in JSON.
    base = ["report", "examples/data", "--family", "communication", "--by", "platform", "-q"]
    table = cli(base, env={"COLUMNS": "200"}).stdout
    assert "Average CSAT score: no platform in the tickets file: reported whole" in table.replace("\n", " ")
    md = cli([*base, "--format", "markdown", "--lang", "th"]).stdout
    assert "คะแนนความพึงพอใจเฉลี่ย: ไม่มี แพลตฟอร์ม ในไฟล์ทิกเก็ต: รายงานเป็นยอดรวม" in md
    html = cli([*base, "--format", "html"]).stdout
    assert "no platform in the tickets file: reported whole" in html


def test_a_knowledge_base_in_a_series_is_not_said_to_have_no_dates(cli):
    doc = json.loads(cli(["report", "examples/data", "--period", "month", "--family", "knowledge", "--format", "json",
                          "-q"]).stdout)
    assert kpi(doc, "knowledge.accesses")["segment_note"] == "the kb file is not split by date: no series"
