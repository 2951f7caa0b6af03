"""Metamorphic properties of segmentation (hypothesis), over random rows split at random:

- a group's value equals the plain report over only that group's rows;
- a period's value equals the plain report over only that period's rows (local months);
- ``previous`` equals the plain report over only the comparison window's rows;
- sums over groups of additive KPIs equal the whole.

Datasets are built directly (typed frames, as the loader hands them over), so each example is cheap.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smkpi.compute import SegmentPlan, compute
from smkpi.load import Dataset
from smkpi.periods import Window, period_end
from smkpi.registry import select_kpis

TZ = "Asia/Bangkok"
BKK = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2026, 8, 1, tzinfo=BKK)
PLATFORMS = ["facebook", "instagram", "tiktok", "x", None]
KPIS = select_kpis(["engagement", "reach", "conversion", "influencer", "content", "audience"])
ADDITIVE = ("engagement.posts", "engagement.likes", "engagement.comments", "engagement.shares", "reach.reach",
            "conversion.conversions", "influencer.posts", "influencer.reach")
POSTS_SCHEMA = {"post_id": pl.String, "published_at": pl.Datetime("us", "UTC"), "platform": pl.String,
                "content_type": pl.String, "likes": pl.Int64, "comments": pl.Int64, "shares": pl.Int64,
                "reach": pl.Int64, "impressions": pl.Int64, "views": pl.Int64, "clicks": pl.Int64,
                "conversions": pl.Int64, "revenue": pl.Float64, "influencer": pl.String, "campaign": pl.String}
FOLLOWERS_SCHEMA = {"date": pl.Datetime("us", "UTC"), "platform": pl.String, "followers": pl.Int64}
# Each example runs a plain report per group and per period: capped below the CI profile's 1,000 so
# the three properties stay under a minute on two shared cores.
# Each example builds three reports: 20 examples in the quick default profile, 60 under the CI one.
MANY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
                max_examples=60 if settings.default.max_examples >= 1000 else 20)

count = st.one_of(st.none(), st.integers(0, 500))
post = st.fixed_dictionaries({
    "minutes": st.integers(0, 92 * 24 * 60 - 1), "platform": st.sampled_from(PLATFORMS),
    "content_type": st.sampled_from(["video", "image", None]), "likes": count, "comments": count, "shares": count,
    "reach": count, "impressions": count, "views": count, "conversions": count,
    "influencer": st.sampled_from([None, None, None, "Ploy"]),
})
follower = st.fixed_dictionaries({"day": st.integers(0, 91), "platform": st.sampled_from(PLATFORMS[:4]),
                                  "followers": st.integers(0, 10_000)})


def _datasets(posts: list[dict], followers: list[dict]) -> dict[str, Dataset]:
    rows = [{**{k: p.get(k) for k in POSTS_SCHEMA}, "post_id": f"P{i}",
             "published_at": (START + dt.timedelta(minutes=p["minutes"])).astimezone(dt.timezone.utc)}
            for i, p in enumerate(posts)]
    frows = [{"date": (START + dt.timedelta(days=f["day"])).astimezone(dt.timezone.utc), "platform": f["platform"],
              "followers": f["followers"]} for f in followers]
    out = {"posts": Dataset("posts", pl.DataFrame(rows, schema=POSTS_SCHEMA), set(POSTS_SCHEMA))}
    if frows:
        out["followers"] = Dataset("followers", pl.DataFrame(frows, schema=FOLLOWERS_SCHEMA), set(FOLLOWERS_SCHEMA))
    return out


def _only(datasets: dict[str, Dataset], cond) -> dict[str, Dataset]:
    """The datasets with only the rows where ``cond(kind)`` holds: the plain report's input."""
    return {k: Dataset(k, ds.rows.filter(cond(k)), ds.present) for k, ds in datasets.items()}


def _time(kind: str) -> str:
    return "published_at" if kind == "posts" else "date"


def _in(window: Window):
    lo, hi = window.utc_bounds(TZ)
    return lambda kind: (pl.col(_time(kind)) >= lo) & (pl.col(_time(kind)) < hi)


def same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def plain(datasets) -> dict[str, object]:
    return {v.kpi.id: v.value for v in compute(KPIS, datasets)}


@MANY
@given(st.lists(post, max_size=25), st.lists(follower, max_size=12))
def test_group_value_is_the_plain_report_over_the_group(posts, followers):
    ds = _datasets(posts, followers)
    values = compute(KPIS, ds, SegmentPlan(TZ, ("platform",)))
    whole = plain(ds)
    for v in values:
        assert same(v.value, whole[v.kpi.id]), v.kpi.id  # segmenting leaves the whole unchanged
        for g in v.groups or ():
            name = g.by["platform"]
            ref = plain(_only(ds, lambda k, n=name: pl.col("platform").is_null() if n == "(none)"
                              else pl.col("platform") == n))
            assert same(g.value, ref[v.kpi.id]), (v.kpi.id, name, g.value, ref[v.kpi.id])
        if v.kpi.id in ADDITIVE and v.groups:
            parts = [g.value for g in v.groups if g.value is not None]
            assert (sum(parts) if parts else None) == v.value, v.kpi.id


@MANY
@given(st.lists(post, max_size=25), st.lists(follower, max_size=12))
def test_period_value_is_the_plain_report_over_the_period(posts, followers):
    ds = _datasets(posts, followers)
    span = Window(dt.date(2026, 8, 1), dt.date(2026, 10, 31))
    values = compute(KPIS, ds, SegmentPlan(TZ, ("platform",), "month", span=span))
    refs = {}
    for start in (dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)):
        refs[start] = plain(_only(ds, _in(Window(start, period_end(start, "month")))))
    for v in values:
        if v.series is None:  # not computable at all (no followers file): no series either
            assert v.note and v.value is None
            continue
        assert [p.span.label for p in v.series] == ["2026-08", "2026-09", "2026-10"]
        for p in v.series:
            assert same(p.value, refs[p.span.start][v.kpi.id]), (v.kpi.id, p.span.label)
        if v.kpi.id in ADDITIVE:
            parts = [p.value for p in v.series if p.value is not None]
            assert (sum(parts) if parts else None) == v.value, v.kpi.id
        for g in v.groups or ():  # each group's series adds up to the group (additive KPIs)
            if v.kpi.id in ADDITIVE:
                parts = [p.value for p in g.series if p.value is not None]
                assert (sum(parts) if parts else None) == g.value, (v.kpi.id, g.by)


@MANY
@given(st.lists(post, max_size=25), st.lists(follower, max_size=12), st.integers(0, 80), st.integers(1, 40))
def test_previous_is_the_plain_report_over_the_comparison_window(posts, followers, offset, days):
    ds = _datasets(posts, followers)
    window = Window(dt.date(2026, 8, 1) + dt.timedelta(days=offset),
                    dt.date(2026, 8, 1) + dt.timedelta(days=offset + days - 1))
    before = Window(window.start - dt.timedelta(days=days), window.start - dt.timedelta(days=1))
    values = compute(KPIS, ds, SegmentPlan(TZ, (), window=window, span=window, compare=before))
    now, then = plain(_only(ds, _in(window))), plain(_only(ds, _in(before)))
    for v in values:
        assert same(v.value, now[v.kpi.id]), v.kpi.id
        if v.previous is None:  # not computable at all (no followers file)
            assert v.note and v.value is None
            continue
        assert same(v.previous.value, then[v.kpi.id]), v.kpi.id
        assert (v.previous.span.start, v.previous.span.end) == (before.start, before.end)
