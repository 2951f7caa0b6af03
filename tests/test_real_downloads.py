"""Issue 9: genuine platform downloads that were read wrong. Each fixture (tests/fixtures/exports/,
made by make_fixtures.py) is shaped like the real file; every expected value is worked out by hand
in the comments."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import write_csv
from smkpi.config import load_settings
from smkpi.finish import bound, money
from smkpi.formats.yearless import years
from smkpi.registry import get
from smkpi.report import build_report

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def run(*paths, year=None, targets=None):
    rep = build_report(list(paths), load_settings(targets, year=year))
    return ({r.value.kpi.id: r.value for r in rep.results}, {str(Path(f.path).relative_to(EXPORTS))
            if EXPORTS in Path(f.path).parents else Path(f.path).name: f for f in rep.loaded.inputs}, rep)


def pin_today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(day.year, day.month, day.day, 12,
                                                               tzinfo=dt.timezone.utc).timestamp())))


# --- 1. fractional conversions ----------------------------------------------------------------
def test_google_ads_fractional_conversions_keep_every_row():
    v, files, rep = run(EXPORTS / "google_ads_fractional")
    [f] = files.values()
    # Every campaign row is used: "428.20" and "4,838.80" are conversions, not "not a whole number".
    assert (f.rows, f.used, f.rejected) == (3, 3, 0)
    # Cost 1,204.50 + 830.25 + 0.00; conversions 428.20 + 4,838.80 + 1.35 (the Total row is not data).
    assert v["advertising.spend"].value == pytest.approx(2034.75)
    assert v["conversion.conversions"].value == pytest.approx(5268.35)
    assert v["advertising.cpa"].value == pytest.approx(2034.75 / 5268.35)
    # Conv. value 12,846 + 48,388 + 0 over the spend.
    assert v["advertising.roas"].value == pytest.approx(61234 / 2034.75)
    # Clicks 3,210 + 2,100 + 12 over Impr. 120,345 + 45,000 + 8,000.
    assert v["advertising.ctr"].value == pytest.approx(5322 / 173345)


def test_true_counts_stay_whole(tmp_path):
    write_csv(tmp_path / "posts.csv", [{"post_id": "1", "likes": "1203.0", "conversions": "2.5"},
                                       {"post_id": "2", "likes": "1.5", "conversions": "1"}])
    v, files, _ = run(tmp_path)
    [f] = files.values()
    assert [p.reason for p in f.problems] == ["likes is not a whole number"] and f.problems[0].rows == [3]
    assert v["engagement.likes"].value == 1203 and v["conversion.conversions"].value == 2.5


# --- 2. a blank metric cell means what the export means by it ----------------------------------
def test_meta_ads_blank_purchases_are_zero_so_cpa_divides_all_spend():
    v, files, _ = run(EXPORTS / "meta_ads_month_php")
    [f] = files.values()
    assert f.rejected == 0 and any(n.startswith("blank metric cells are 0 (meta_ads") for n in f.notes)
    # Spend 2,000.00 + 1,685.56 + 800.00 + 469.51 = 4,955.07 over purchases 2 + 1 + (blank = 0) + (blank = 0).
    # Read as missing, CPA would divide only the converting ads' 3,685.56: 1,228.52 instead of 1,651.69.
    assert v["advertising.cpa"].value == pytest.approx(1651.69)
    assert v["advertising.roas"].value == pytest.approx((6400 + 2100) / 4955.07)


def test_canonical_and_generic_blank_is_missing(tmp_path):
    write_csv(tmp_path / "ads.csv", [{"ad_id": "a", "spend": "100", "conversions": "4"},
                                     {"ad_id": "b", "spend": "50", "conversions": ""}])
    v, files, _ = run(tmp_path)
    assert v["advertising.cpa"].value == pytest.approx(25.0)  # only the row carrying conversions: 100 / 4
    assert not any("blank metric" in n for f in files.values() for n in f.notes)


# --- 3. dates without a year ---------------------------------------------------------------------
def test_follower_history_across_a_year_end_with_year():
    v, files, rep = run(EXPORTS / "tiktok_year_end", year=2026)
    fh = files["tiktok_year_end/FollowerHistory.csv"]
    assert (fh.rows, fh.used) == (365, 365)
    # February 28 2025 (37) ... December 31 2025 (4,996), January 1 2026 (4,993) ... February 27 2026 (5,013).
    # Read all in 2026 the latest would be December's 4,996 and the growth 4,996 − 4,993 = 3.
    assert v["audience.followers"].value == 5013
    assert v["audience.follower_growth"].value == 5013 - 37
    assert rep.period == (dt.date(2025, 2, 28), dt.date(2026, 2, 27))
    [note] = [n for n in fh.notes if "no year" in n]
    assert "read in 2026 (from --year) as the year of the latest date" in note and "roll back" in note


def test_content_post_times_newest_first_and_undefined_is_empty():
    v, files, _ = run(EXPORTS / "tiktok_year_end" / "Content.csv", year=2026)
    [f] = files.values()
    assert f.rejected == 0  # "undefined" views is an empty cell, not an unreadable one
    # Likes 120 + 300 + 200; views only where written: 9,000 + 5,000 over the two posts with views.
    assert v["engagement.likes"].value == 620
    # Newest first: February 1 2026, then December 5 and July 16 of 2025 (one wrap).
    rep = build_report([EXPORTS / "tiktok_year_end" / "Content.csv"], load_settings(None, year=2026))
    assert rep.period == (dt.date(2025, 7, 16), dt.date(2026, 2, 1))


def test_without_year_the_twelve_months_ending_today(monkeypatch):
    pin_today(monkeypatch, dt.date(2026, 2, 27))
    v, files, rep = run(EXPORTS / "tiktok_year_end" / "FollowerHistory.csv")
    [f] = files.values()
    [note] = [n for n in f.notes if "no year" in n]
    assert "twelve months ending today (2026-02-27), the latest in 2026" in note
    assert rep.period == (dt.date(2025, 2, 28), dt.date(2026, 2, 27)) and v["audience.followers"].value == 5013
    pin_today(monkeypatch, dt.date(2026, 2, 26))  # February 27 has not come yet: the latest is last year's
    rep = build_report([EXPORTS / "tiktok_year_end" / "FollowerHistory.csv"], load_settings(None))
    assert rep.period == (dt.date(2024, 2, 28), dt.date(2025, 2, 27))


@pytest.mark.parametrize("cells, year, want", [
    (["December 30", "December 31", "January 1", "January 2"], 2026, [2025, 2025, 2026, 2026]),  # ascending, a wrap
    (["January 2", "January 1", "December 31"], 2026, [2026, 2026, 2025]),  # newest first
    (["March 1", "December 31", "January 1", "December 31", "January 1"], 2026, [2024, 2024, 2025, 2025, 2026]),
    (["July 16", "undefined", None, "Feb 1"], 2026, [2026, None, None, 2026]),
    (["December 5", "January 10"], 2026, [2025, 2026]),
])
def test_years_roll_back_once_per_wrap(cells, year, want):
    assert years(cells, ("%B %d", "%b %d"), year, dt.date(2026, 12, 1))[0] == want


# --- 4. same header, different platform ---------------------------------------------------------------
def test_same_header_platform_from_the_folder_and_series_never_merged():
    v, files, _ = run(EXPORTS / "same_header", year=2026)
    fb, tt = files["same_header/facebook/FollowerHistory.csv"], files["same_header/tiktok/FollowerHistory.csv"]
    assert (fb.platform, tt.platform) == ("facebook", "tiktok")
    # Latest: the page's 22,788 + TikTok's 5,013; growth 30 + 30.
    assert v["audience.followers"].value == 22788 + 5013
    assert v["audience.follower_growth"].value == 60


def test_same_header_without_a_platform_word_is_unknown_and_kept_apart(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    shutil.copy(EXPORTS / "same_header/facebook/FollowerHistory.csv", tmp_path / "a" / "FollowerHistory.csv")
    shutil.copy(EXPORTS / "same_header/tiktok/FollowerHistory.csv", tmp_path / "b" / "FollowerHistory.csv")
    v, files, _ = run(tmp_path, year=2026)
    assert all(f.platform is None and any(n.startswith("platform unknown") for n in f.notes) for f in files.values())
    # Two series, not one running from the page's 22,758 to TikTok's 5,013 (a "loss" of 17,745).
    assert v["audience.followers"].value == 22788 + 5013 and v["audience.follower_growth"].value == 60


def test_overlapping_exports_of_one_account_count_once(tmp_path):
    rows = [{"Date": f"2026-01-{d:02d}", "Followers": str(1000 + 10 * d)} for d in range(1, 32)]
    (tmp_path / "tiktok").mkdir()
    write_csv(tmp_path / "tiktok" / "followers_jan1-20.csv", rows[:20])
    write_csv(tmp_path / "tiktok" / "followers_jan10-31.csv", rows[9:])
    v, _, _ = run(tmp_path)
    # One account: latest 1,310 (January 31) once, growth 1,310 − 1,010.
    assert (v["audience.followers"].value, v["audience.follower_growth"].value) == (1310, 300)


def test_two_accounts_of_one_platform_stay_two_series(tmp_path):
    (tmp_path / "facebook").mkdir()
    write_csv(tmp_path / "facebook" / "followers_page_a.csv", [{"Date": "2026-01-01", "Followers": "100"},
                                                               {"Date": "2026-01-31", "Followers": "150"}])
    write_csv(tmp_path / "facebook" / "followers_page_b.csv", [{"Date": "2026-01-01", "Followers": "9000"},
                                                               {"Date": "2026-01-31", "Followers": "9100"}])
    v, files, _ = run(tmp_path)
    # They disagree on January 1: two pages. 150 + 9,100 latest; growth 50 + 100.
    assert (v["audience.followers"].value, v["audience.follower_growth"].value) == (9250, 150)
    assert any("kept as a series of their own" in n for n in files["followers_page_b.csv"].notes)


# --- 7, 10. GA4 detail reports and the export's own period -----------------------------------------
def test_ga4_detail_report_detected_from_its_preamble():
    v, files, rep = run(EXPORTS / "ga4_detail")
    [f] = files.values()
    assert (f.export, f.kind, f.rejected) == ("ga4", "sessions", 0)
    assert f.period == (dt.date(2025, 2, 1), dt.date(2025, 2, 28)) and rep.period == f.period
    # Sessions 1,200 + 800 + 10; engagement time 45.5 · 1,200 + 60 · 800 + 0 · 10 = 102,600 s.
    assert v["analytics.sessions"].value == 2010
    assert v["analytics.avg_session_duration"].value == pytest.approx(102600 / 2010)


def test_ads_manager_period_is_reporting_starts_to_ends():
    _, files, rep = run(EXPORTS / "meta_ads_month_php")
    assert rep.period == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))  # each row's date is 1 September
    [f] = files.values()
    assert f.period == rep.period


def test_google_ads_period_from_the_title_line():
    _, files, rep = run(EXPORTS / "google_ads_fractional")
    assert rep.period == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))


# --- 9. shares never above 1 -------------------------------------------------------------------------
def test_youtube_shorts_view_through_rate_is_no_share():
    v, _, _ = run(EXPORTS / "youtube_shorts")
    vtr = v["reach.view_through_rate"]
    # Views 300,000 + 106,000 over impressions 40,000 + 60,000 would be 4.06.
    assert vtr.value is None
    assert vtr.note == ("not a share: the numerator (406,000) exceeds the denominator (100,000); "
                        "check that both columns count the same things")


def test_ctr_above_one_and_engagement_above_reach_get_notes(tmp_path):
    write_csv(tmp_path / "ads.csv", [{"ad_id": "a", "clicks": "500", "impressions": "100", "spend": "10"}])
    write_csv(tmp_path / "posts.csv", [{"post_id": "1", "likes": "6000", "comments": "20", "shares": "10",
                                        "reach": "0"},
                                       {"post_id": "2", "likes": "0", "comments": "0", "shares": "0", "reach": "100"}])
    v, _, _ = run(tmp_path)
    assert v["advertising.ctr"].value is None and "(500) exceeds the denominator (100)" in v["advertising.ctr"].note
    # Interactions 6,030 over reach 0 + 100: 60.3, kept (a rate, not a share) but never without a note.
    rate = v["engagement.rate"]
    assert rate.value == pytest.approx(60.3) and rate.note.startswith("above 100 %: the numerator (6,030) exceeds")


def test_bound_is_one_function_for_any_value():
    ctr = get("advertising.ctr")
    assert bound(ctr, 0.5, 1, 2) == (0.5, None)
    assert bound(ctr, 1.0, 2, 2) == (1.0, None)  # at 1: every impression clicked, a share still
    assert bound(ctr, 1.5, 3, 2)[0] is None
    assert bound(get("engagement.likes"), 5, 5, 1) == (5, None)  # not a ratio: no limit


def test_a_sum_past_exact_floats_is_named_the_same_whatever_order_it_was_summed_in():
    # 8.1e16 summed in two orders: the last digits differ (81,064,793,292,701,904 or ...920); the
    # note must read the same every run (SOURCE_DATE_EPOCH output is reproducible).
    from smkpi.finish import bound
    from smkpi.registry import get

    rate = get("conversion.rate_by_impressions")
    notes = {bound(rate, 1e9, n, 71947207.0)[1] for n in (81064793292701904.0, 81064793292701920.0)}
    assert notes == {"not a share: the numerator (≈81,064,793,292,700,000) exceeds the denominator (71,947,207); "
                     "check that both columns count the same things"}
    exact = float(2**53 - 1)  # below 2^53 a float sum is exact: named as it is
    assert bound(rate, 2.0, exact, 3.0)[1].startswith("not a share: the numerator (9,007,199,254,740,991) exceeds")


# --- 11. currencies -------------------------------------------------------------------------------------
def test_inputs_report_their_currency_and_the_table_its_symbol(cli):
    r = cli(["report", EXPORTS / "meta_ads_month_php", "--format", "json", "--targets", "/dev/null"])
    doc = json.loads(r.stdout)
    assert doc["inputs"][0]["currency"] == "PHP"
    assert doc["inputs"][0]["period"] == {"start": "2025-09-01", "end": "2025-09-30"}
    spend = next(k for k in doc["kpis"] if k["id"] == "advertising.spend")
    assert (spend["value"], spend["currency"]) == (pytest.approx(4955.07), "PHP")
    r = cli(["report", EXPORTS / "meta_ads_month_php", "--targets", "/dev/null"], env={"COLUMNS": "160"})
    assert "₱4,955.07" in r.stdout and "฿4,955.07" not in r.stdout


def test_different_currencies_are_never_added(tmp_path):
    v, _, _ = run(EXPORTS / "meta_ads_month_php", EXPORTS / "google_ads_fractional")
    for kid in ("advertising.spend", "advertising.cpa", "advertising.cpc", "advertising.roas", "conversion.roas"):
        assert v[kid].value is None, kid
        assert v[kid].note.startswith("inputs are in PHP, USD: amounts in different currencies are never added"), kid
    assert v["advertising.ctr"].value is not None  # no money in it


def test_fx_rates_convert_into_the_configured_currency(tmp_path):
    t = tmp_path / "targets.yaml"
    t.write_text("currency: THB\nfx: {USD: 35.2, PHP: 0.62}\ntargets: {}\n")
    v, files, _ = run(EXPORTS / "meta_ads_month_php", EXPORTS / "google_ads_fractional", targets=t)
    spend = 4955.07 * 0.62 + 2034.75 * 35.2
    assert v["advertising.spend"].value == pytest.approx(spend) and v["advertising.spend"].currency is None
    # Purchases 3 + conversions 5,268.35.
    assert v["advertising.cpa"].value == pytest.approx(spend / (3 + 5268.35))
    assert any("converted to THB at 35.2" in n for f in files.values() for n in f.notes)


def test_foreign_currency_against_a_target_has_no_value(tmp_path):
    t = tmp_path / "targets.yaml"
    t.write_text('currency: THB\ntargets:\n  advertising.cpa: "<= 500"\n')
    v, _, _ = run(EXPORTS / "meta_ads_month_php", targets=t)
    assert v["advertising.cpa"].value is None and "in PHP while the target is in THB" in v["advertising.cpa"].note


@pytest.mark.parametrize("text, message", [
    ("fx: {US: 35}\n", "fx: 'US' is not a three-letter currency code"),
    ("fx: {USD: -1}\n", "is not a positive rate"),
    ("fx: [USD]\n", "fx: is a mapping"),
])
def test_fx_is_validated(tmp_path, cli, text, message):
    t = tmp_path / "t.yaml"
    t.write_text(text)
    r = cli(["report", EXPORTS / "meta_ads_month_php", "--targets", t])
    assert r.exit_code == 2 and message in r.stderr


def test_money_rule_is_one_function():
    s = load_settings(None)
    spend = get("advertising.spend")
    assert money(spend, 10.0, {"THB"}, s) == (10.0, None, None)
    assert money(spend, 10.0, {"USD"}, s) == (10.0, None, "USD")
    assert money(spend, 10.0, {"USD", "THB"}, s)[0] is None
    assert money(get("advertising.ctr"), 0.1, {"USD", "THB"}, s) == (0.1, None, None)


# --- 12. knowledge-base rows per article per day --------------------------------------------------------
def test_kb_daily_stats_keep_every_day():
    v, files, _ = run(EXPORTS / "kb_daily")
    [f] = files.values()
    assert (f.rows, f.used, f.duplicates) == (12, 12, 0)  # 3 articles x 4 days, none collapsed
    # Views 120+95+140+88 + 40+52+0+61 + 7+9+11+13; votes up 6+4+9+3 + 1+2+0+3 + 0+1+0+2.
    assert v["knowledge.accesses"].value == 636 and v["knowledge.article_likes"].value == 31


def test_kb_export_twice_still_counts_once(tmp_path):
    src = (EXPORTS / "kb_daily/article_stats_daily.csv").read_bytes()
    (tmp_path / "kb_a.csv").write_bytes(src)
    # Saved again by another tool: the other line endings, the same rows.
    again = src.replace(b"\r\n", b"\n") if b"\r\n" in src else src.replace(b"\n", b"\r\n")
    (tmp_path / "kb_b.csv").write_bytes(again)
    (tmp_path / "kb_c.csv").write_bytes(src)  # the same bytes as kb_a: read once, as the later file (smkpi.load)
    v, files, rep = run(tmp_path)
    assert v["knowledge.accesses"].value == 636 and files["kb_b.csv"].duplicates == 12
    assert [Path(s.path).name for s in rep.loaded.skipped] == ["kb_a.csv"]


# --- 14. targets grammar and first-contact-resolution precedence ----------------------------------------
def test_misspelt_operator_names_the_key_and_the_fix(tmp_path, cli):
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  engagement.rate: "=> 3%"\n')
    r = cli(["report", EXPORTS / "kb_daily", "--targets", t])
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"smkpi: error: {t}:2: targets.engagement.rate: '=> 3%' has an unknown operator '=>'; "
                                f"write \">= 3%\" (operators: >=, >, <=, <)")


def test_first_contact_resolution_flag_wins_over_contacts(tmp_path):
    write_csv(tmp_path / "tickets.csv", [
        # both present: the flag decides (yes with 3 contacts counts; no with 1 contact does not)
        {"ticket_id": "1", "created_at": "2026-03-02 10:00", "status": "solved", "contacts": "3",
         "first_contact_resolution": "yes"},
        {"ticket_id": "2", "created_at": "2026-03-02 10:00", "status": "solved", "contacts": "1",
         "first_contact_resolution": "no"},
        # flag empty: contacts ≤ 1 decides
        {"ticket_id": "3", "created_at": "2026-03-02 10:00", "status": "solved", "contacts": "1",
         "first_contact_resolution": ""},
        {"ticket_id": "4", "created_at": "2026-03-02 10:00", "status": "solved", "contacts": "2",
         "first_contact_resolution": ""},
        {"ticket_id": "5", "created_at": "2026-03-02 10:00", "status": "open", "contacts": "1",
         "first_contact_resolution": "yes"},  # not resolved: not counted
    ])
    v, _, _ = run(tmp_path)
    assert v["communication.first_contact_resolution"].value == pytest.approx(2 / 4)  # tickets 1 and 3


def test_canonical_followers_without_platform_say_so(tmp_path):
    write_csv(tmp_path / "followers.csv", [{"date": "2026-01-01", "followers": "10"},
                                           {"date": "2026-01-31", "followers": "12"}])
    v, files, _ = run(tmp_path)
    [f] = files.values()
    assert f.platform is None and any(n.startswith("platform unknown: no platform column") for n in f.notes)
    assert v["audience.followers"].value == 12


def test_blank_means_zero_never_turns_an_empty_row_into_data(tmp_path):
    text = (EXPORTS / "meta_ads_month_php/Brand-PH-Ads-Sep-1-2025-Sep-30-2025.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "ads.csv").write_text(text + "," * 16 + "\r\n")  # an Excel re-save's row of bare separators
    v, files, _ = run(tmp_path)
    [f] = files.values()
    # Not data (issue 9 item 8): counted as blank, never rejected, never a row of zeros.
    assert (f.rows, f.used, f.blank, [p.reason for p in f.problems]) == (5, 4, 1, [])
    assert v["advertising.cpa"].value == pytest.approx(1651.69)


def test_currency_from_a_thai_header():
    _, files, _ = run(EXPORTS / "thai" / "thai_ads_meta.csv")
    assert [f.currency for f in files.values()] == ["THB"]  # จำนวนเงินที่ใช้จ่ายไป (THB)


@pytest.mark.parametrize("folder, platform", [
    ("facebook", "facebook"), ("TikTok 2026", "tiktok"), ("instagram_exports", "instagram"), ("x", "x"),
    ("ig", "instagram"), ("test_tiktok_year0", None), ("online", None), ("line", "line"), ("my_fb", None),
])
def test_platform_from_a_folder_name(folder, platform):
    from smkpi.formats.semantics import platform_from_folders

    assert platform_from_folders(Path("exports") / folder / "FollowerHistory.csv") == platform


def test_table_caption_names_both_sums(cli):
    r = cli(["report", EXPORTS / "youtube_shorts", "--family", "reach", "--targets", "/dev/null"],
            env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert ("— View-through rate: not a share: the numerator (406,000) exceeds the denominator (100,000)"
            in r.stdout)
