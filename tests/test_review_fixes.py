"""Regressions found by code review: each test failed before its fix."""

from __future__ import annotations

import json

import pytest

from conftest import write_csv
from smkpi.config import load_settings
from smkpi.load import load
from smkpi.report import build_report


def _values(paths, families=None):
    rep = build_report(paths, load_settings(None), families)
    return {r.value.kpi.id: r.value.value for r in rep.results}, rep


def test_no_value_tokens_are_empty_in_text_and_id_columns(tmp_path):
    # "N/A" and "-" mean empty in every column: these are the brand's own posts, not influencers'.
    write_csv(tmp_path / "posts.csv", [
        dict(post_id="p1", likes=1, influencer="N/A", content_type="(not set)"),
        dict(post_id="p2", likes=2, influencer="-", content_type="video"),
        dict(post_id="p3", likes=3, influencer="", content_type="video"),
        dict(post_id="N/A", likes=4),  # an id of "N/A" is no id: post_id is required, so the row is rejected
    ])
    got, rep = _values([tmp_path], ["engagement", "influencer"])
    assert (got["engagement.posts"], got["influencer.posts"]) == (3, 0)
    assert got["engagement.likes"] == 6  # 1 + 2 + 3
    (f,) = rep.loaded.inputs
    assert (f.rejected, f.problems[0].reason) == (1, "post_id is empty")


def test_ticket_ids_are_one_ticket_whatever_platform_the_file_name_says(tmp_path):
    write_csv(tmp_path / "a_tickets.csv", [dict(ticket_id="T1", created_at="2026-10-01 10:00")])
    write_csv(tmp_path / "line_tickets.csv", [dict(ticket_id="T1", created_at="2026-10-01 10:00")])
    got, rep = _values([tmp_path], ["communication"])
    assert got["communication.inquiries"] == 1
    assert [f.duplicates for f in rep.loaded.inputs] == [1, 0]  # the later file's copy wins


def test_rename_to_a_column_that_does_not_exist_is_a_config_error(tmp_path, cli):
    t = tmp_path / "t.yaml"
    t.write_text('sources:\n  - match: "*.csv"\n    rename: {Reactions: like}\n', encoding="utf-8")
    write_csv(tmp_path / "posts.csv", [dict(post_id="p1", Reactions=3)])
    r = cli(["report", tmp_path / "posts.csv", "--targets", t])
    assert r.exit_code == 2
    assert r.stderr == (f"smkpi: error: {t}:3: sources.0.rename: rename 'Reactions' -> 'like': 'like' is not a "
                        f"canonical column; did you mean 'likes'?\n")


def test_example_cell_belongs_to_the_reason_shown(tmp_path):
    # post_id empty is checked first and has no cell; "abc" belongs to likes, a later check.
    write_csv(tmp_path / "posts.csv", [dict(post_id="", likes="abc"), dict(post_id="p2", likes="xyz")])
    (f,) = load([tmp_path], load_settings(None)).inputs
    got = {p.reason: p.example for p in f.problems}
    assert got == {"post_id is empty": None, "likes is not a number": "xyz"}


def test_end_of_day_is_echoed_as_written(tmp_path, cli):
    t = tmp_path / "t.yaml"
    t.write_text('business_hours: {start: "08:00", end: "24:00"}\n', encoding="utf-8")
    write_csv(tmp_path / "d" / "posts.csv", [dict(post_id="p1", likes=3)])
    r = cli(["report", tmp_path / "d", "--targets", t, "--format", "json", "-q"])
    assert json.loads(r.stdout)["settings"]["business_hours"]["end"] == "24:00"


def test_inspect_json_survives_a_file_name_that_is_not_utf8(tmp_path, cli):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [dict(post_id="p1", likes=3)])
    (d / "notes\udcff.pdf").write_bytes(b"x")  # a byte name from another system
    r = cli(["inspect", d, "--format", "json"])
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert any("notes" in s["path"] for s in doc["skipped"])


@pytest.mark.parametrize("tz", ["Asia/Bangkok", "America/New_York", "Pacific/Apia", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_period_converts_only_the_edges_yet_equals_converting_every_row(tz):
    # report.period converts only timestamps near the earliest and latest instants to local dates.
    import datetime as dt
    import random

    import polars as pl

    from smkpi.load import Dataset, Loaded
    from smkpi.report import period

    rnd = random.Random(tz)
    base = dt.datetime(2011, 12, 28, tzinfo=dt.timezone.utc)  # Apia skipped 30 December 2011
    stamps = [base + dt.timedelta(minutes=rnd.randrange(0, 60 * 24 * 6)) for _ in range(3000)]
    frame = pl.DataFrame({"post_id": [f"P{i}" for i in range(len(stamps))], "published_at": stamps},
                         schema_overrides={"published_at": pl.Datetime("us", "UTC")})
    loaded = Loaded({"posts": Dataset("posts", frame, {"post_id", "published_at"})}, [], [])
    local = frame.get_column("published_at").dt.convert_time_zone(tz).dt.date()
    assert period(loaded, tz) == (local.min(), local.max())


@pytest.mark.parametrize("at, rejected", [(150, False), (240, True)])
def test_date_spellings_are_learnt_from_the_first_200_rows_only(tmp_path, at, rejected):
    # A Buddhist-era date among the first 200 data rows turns on BE reading for the column; one
    # later is an unreadable date. (Total rows, dropped before, do not count among the 200.)
    lines = ["comment_id,created_at,platform,post_id,text,sentiment", "Total,,,,,"]
    lines += [f"C{i},{'15/06/2568' if i == at else '2025-02-10 18:00:00'},facebook,P1,hi,positive" for i in range(250)]
    (tmp_path / "comments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load([tmp_path], load_settings(None))
    problems = [(p.reason, p.rows) for p in loaded.inputs[0].problems]
    assert problems == ([("created_at is not a date/time", [at + 3])] if rejected else [])


def test_placeholder_dates_are_rejected_not_read(tmp_path, cli):
    # Year 0 cannot even be shown by Python's datetime; 1970-01-01 is a zero timestamp.
    (tmp_path / "posts.csv").write_text(
        "post_id,published_at,likes\nP1,0000-01-01,5\nP2,1970-01-01T00:00:00Z,1\nP3,1900-01-01,2\n"
        "P4,1971-01-01T00:00:00Z,3\nP5,2026-10-01,4\n", encoding="utf-8")
    r = cli(["report", str(tmp_path), "--format", "json"])
    assert r.exit_code in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    assert doc["inputs"][0]["problems"] == [
        {"reason": "published_at is before 1971", "count": 3, "rows": [2, 3, 4], "example": "0000-01-01"}]
    assert doc["period"] == {"start": "1971-01-01", "end": "2026-10-01"}
