"""Social KPIs: engagement, reach, conversion, sentiment, influencer, content, advertising, audience."""

from __future__ import annotations

import polars as pl

from ..metrics import ENGAGEMENT_INPUTS as ENG
from ..followers import SERIES
from ..metrics import interactions, per_row, ratio, ratio_of_sums, rows, share, sums, total
from ..registry import KPI, Direction, Unit, register

U, D = Unit, Direction


def bounded(limit: str, num, den, *inputs: str) -> dict:
    """expr / parts / limit of a ratio of sums that is a share (never above 1) or a rate (noted above 1)."""
    return {"expr": lambda: ratio_of_sums(num, den, *inputs), "parts": lambda: sums(num, den, *inputs),
            "limit": limit}

# --- engagement (own posts) ---------------------------------------------------------------
register(
    KPI("engagement.posts", "engagement", "Own posts", U.COUNT, D.NONE, "own_posts", (),
        "count(own posts)", "Posts by the brand itself (rows with no influencer).", expr=rows),
    KPI("engagement.likes", "engagement", "Likes", U.COUNT, D.HIGHER, "own_posts", ("likes",),
        "Σ likes", "Likes on own posts; null when no post carries likes.", expr=lambda: total("likes")),
    KPI("engagement.comments", "engagement", "Comments", U.COUNT, D.HIGHER, "own_posts", ("comments",),
        "Σ comments", "Comments on own posts.", expr=lambda: total("comments")),
    KPI("engagement.shares", "engagement", "Shares", U.COUNT, D.HIGHER, "own_posts", ("shares",),
        "Σ shares", "Shares of own posts.", expr=lambda: total("shares")),
    KPI("engagement.likes_per_post", "engagement", "Likes per post", U.NUMBER, D.HIGHER, "own_posts", ("likes",),
        "Σ likes / posts with likes", "Average likes per own post; null when no post carries likes.",
        expr=lambda: per_row("likes", "likes")),
    KPI("engagement.comments_per_post", "engagement", "Comments per post", U.NUMBER, D.HIGHER, "own_posts",
        ("comments",), "Σ comments / posts with comments", "Average comments per own post.",
        expr=lambda: per_row("comments", "comments")),
    KPI("engagement.shares_per_post", "engagement", "Shares per post", U.NUMBER, D.HIGHER, "own_posts",
        ("shares",), "Σ shares / posts with shares", "Average shares per own post.",
        expr=lambda: per_row("shares", "shares")),
    KPI("engagement.rate", "engagement", "Engagement rate (by reach)", U.RATIO, D.HIGHER, "own_posts",
        (*ENG, "reach"), "Σ(likes+comments+shares) / Σ reach",
        "Interactions per person reached, over posts carrying all four; null when reach sums to 0.",
        **bounded("rate", interactions(), "reach", *ENG, "reach")),
    KPI("engagement.rate_by_impressions", "engagement", "Engagement rate (by impressions)", U.RATIO, D.HIGHER,
        "own_posts", (*ENG, "impressions"), "Σ(likes+comments+shares) / Σ impressions",
        "Interactions per impression; null when impressions sum to 0.",
        **bounded("rate", interactions(), "impressions", *ENG, "impressions")),
)

# --- reach (own posts) --------------------------------------------------------------------
register(
    KPI("reach.reach", "reach", "Reach (sum of per-post reach)", U.COUNT, D.HIGHER, "own_posts", ("reach",),
        "Σ reach", "Per-post reach summed: a person reached by two posts counts twice.",
        expr=lambda: total("reach")),
    KPI("reach.impressions", "reach", "Impressions", U.COUNT, D.HIGHER, "own_posts", ("impressions",),
        "Σ impressions", "Times own posts were shown.", expr=lambda: total("impressions")),
    KPI("reach.view_through_rate", "reach", "View-through rate", U.RATIO, D.HIGHER, "own_posts",
        ("views", "impressions"), "Σ views / Σ impressions",
        "Views per impression over posts with views; null when impressions sum to 0.",
        **bounded("share", "views", "impressions", "views", "impressions")),
    KPI("reach.frequency", "reach", "Frequency", U.MULTIPLE, D.NONE, "own_posts", ("impressions", "reach"),
        "Σ impressions / Σ reach", "Average times each reached person saw a post; null when reach is 0.",
        expr=lambda: ratio_of_sums("impressions", "reach", "impressions", "reach")),
)

# --- conversion (posts of any author + ads) -------------------------------------------------
register(
    KPI("conversion.conversions", "conversion", "Conversions (posts + ads)", U.COUNT, D.HIGHER, "posts_and_ads",
        ("conversions",), "Σ conversions", "Conversions from all posts and ads.",
        expr=lambda: total("conversions")),
    KPI("conversion.rate_by_reach", "conversion", "Conversion rate (by reach)", U.RATIO, D.HIGHER,
        "posts_and_ads", ("conversions", "reach"), "Σ conversions / Σ reach",
        "Over posts and ads carrying both; null when reach sums to 0.",
        **bounded("share", "conversions", "reach", "conversions", "reach")),
    KPI("conversion.rate_by_impressions", "conversion", "Conversion rate (by impressions)", U.RATIO, D.HIGHER,
        "posts_and_ads", ("conversions", "impressions"), "Σ conversions / Σ impressions",
        "Over posts and ads carrying both; null when impressions sum to 0.",
        **bounded("share", "conversions", "impressions", "conversions", "impressions")),
    KPI("conversion.roas", "conversion", "Blended ROAS", U.MULTIPLE, D.HIGHER, "posts_and_ads",
        ("revenue", "spend"), "Σ revenue (posts + ads) / Σ spend of the rows that carry revenue",
        "Revenue from posts and ads per unit of ad spend; spend whose revenue is missing is left out "
        "(over ads alone it equals advertising.roas); null when spend is 0.",
        expr=lambda: ratio(total("revenue"), total("spend", "spend", "revenue"))),
)

# --- sentiment (comments) -----------------------------------------------------------------
_SENT = pl.col("sentiment")
register(
    KPI("sentiment.mentions", "sentiment", "Mentions with a sentiment", U.COUNT, D.NONE, "comments",
        ("sentiment",), "count(rows with sentiment)", "Comments and mentions that carry a sentiment label.",
        expr=lambda: _SENT.is_not_null().cast(pl.Int64).sum()),
    *(
        KPI(f"sentiment.{s}_share", "sentiment", f"{s.capitalize()} share", U.RATIO,
            D.LOWER if s == "negative" else (D.HIGHER if s == "positive" else D.NONE), "comments", ("sentiment",),
            f"{s} / mentions", f"Share of labelled mentions that are {s}; null when none are labelled.",
            expr=(lambda s=s: share(_SENT == s, "sentiment")))
        for s in ("positive", "negative", "neutral")
    ),
)

# --- influencer (posts with an influencer) ---------------------------------------------------
register(
    KPI("influencer.posts", "influencer", "Influencer posts", U.COUNT, D.NONE, "influencer_posts", (),
        "count(influencer posts)", "Posts that name an influencer.", expr=rows),
    KPI("influencer.reach", "influencer", "Influencer reach", U.COUNT, D.HIGHER, "influencer_posts", ("reach",),
        "Σ reach", "Per-post reach of influencer posts, summed.", expr=lambda: total("reach")),
    KPI("influencer.engagement", "influencer", "Influencer engagement", U.COUNT, D.HIGHER, "influencer_posts", ENG,
        "Σ(likes+comments+shares)", "Interactions on influencer posts carrying all three counts.",
        expr=lambda: total(interactions(), *ENG)),
    KPI("influencer.engagement_rate", "influencer", "Influencer engagement rate", U.RATIO, D.HIGHER,
        "influencer_posts", (*ENG, "reach"), "Σ(likes+comments+shares) / Σ reach",
        "Null when influencer reach sums to 0.",
        **bounded("rate", interactions(), "reach", *ENG, "reach")),
    KPI("influencer.conversions", "influencer", "Influencer conversions", U.COUNT, D.HIGHER, "influencer_posts",
        ("conversions",), "Σ conversions", "Conversions credited to influencer posts.",
        expr=lambda: total("conversions")),
)


# --- content (own posts) ------------------------------------------------------------------
def _views_by_type(lf: pl.LazyFrame, keys: list[str] = ()) -> pl.LazyFrame:
    return (
        lf.filter(pl.col("views").is_not_null())
        .with_columns(pl.col("content_type").fill_null("(none)"))
        .group_by([*keys, "content_type"]).agg(pl.col("views").sum())
        .sort([*keys, "content_type"])
    )


def _top_type(lf: pl.LazyFrame, keys: list[str] = ()) -> pl.LazyFrame:
    ranked = (
        lf.filter(pl.col("content_type").is_not_null())
        .filter(pl.all_horizontal([pl.col(c).is_not_null() for c in ENG]))
        .group_by([*keys, "content_type"]).agg(interactions().mean().alias("mean"))
        # Highest mean first; ties broken alphabetically so the answer never depends on row order.
        .sort(["mean", "content_type"], descending=[True, False])
    )
    return ranked.group_by(keys, maintain_order=True).head(1) if keys else ranked.head(1)


register(
    KPI("content.views_by_type", "content", "Views by content type", U.BREAKDOWN, D.NONE, "own_posts",
        ("content_type", "views"), "{content_type: Σ views}", "Views of own posts per content type.",
        query=_views_by_type,
        finish=lambda df: {r[0]: r[1] for r in df.iter_rows()} if df.height else None),
    KPI("content.avg_engagement_per_post", "content", "Engagement per post", U.NUMBER, D.HIGHER, "own_posts", ENG,
        "Σ(likes+comments+shares) / posts", "Mean interactions per own post carrying all three counts.",
        expr=lambda: per_row(interactions(), *ENG)),
    KPI("content.top_type", "content", "Best content type", U.CATEGORY, D.NONE, "own_posts",
        ("content_type", *ENG), "argmax over types of mean(likes+comments+shares)",
        "Content type with the highest mean engagement per post; ties go to the alphabetically first.",
        query=_top_type, finish=lambda df: df.item(0, 0) if df.height else None),
)

# --- advertising (ads) --------------------------------------------------------------------
register(
    KPI("advertising.spend", "advertising", "Ad spend", U.CURRENCY, D.NONE, "ads", ("spend",), "Σ spend",
        "Money spent on ads.", expr=lambda: total("spend")),
    KPI("advertising.cpc", "advertising", "Cost per click (CPC)", U.CURRENCY, D.LOWER, "ads", ("spend", "clicks"),
        "Σ spend / Σ clicks", "Null when clicks sum to 0.",
        expr=lambda: ratio_of_sums("spend", "clicks", "spend", "clicks")),
    KPI("advertising.cpm", "advertising", "Cost per 1,000 impressions (CPM)", U.CURRENCY, D.LOWER, "ads",
        ("spend", "impressions"), "1000 · Σ spend / Σ impressions", "Null when impressions sum to 0.",
        expr=lambda: ratio_of_sums(pl.col("spend") * 1000, "impressions", "spend", "impressions")),
    KPI("advertising.ctr", "advertising", "Click-through rate (CTR)", U.RATIO, D.HIGHER, "ads",
        ("clicks", "impressions"), "Σ clicks / Σ impressions", "Null when impressions sum to 0.",
        **bounded("share", "clicks", "impressions", "clicks", "impressions")),
    KPI("advertising.cpa", "advertising", "Cost per acquisition (CPA)", U.CURRENCY, D.LOWER, "ads",
        ("spend", "conversions"), "Σ spend / Σ conversions", "Null when conversions sum to 0.",
        expr=lambda: ratio_of_sums("spend", "conversions", "spend", "conversions")),
    KPI("advertising.roas", "advertising", "Return on ad spend (ROAS)", U.MULTIPLE, D.HIGHER, "ads",
        ("revenue", "spend"), "Σ revenue / Σ spend", "Null when spend sums to 0.",
        expr=lambda: ratio_of_sums("revenue", "spend", "revenue", "spend")),
)


# --- audience (followers) -----------------------------------------------------------------
def _per_platform(lf: pl.LazyFrame, keys: list[str] = ()) -> pl.LazyFrame:
    """Earliest and latest follower count of each series (by date): one per platform and account
    (smkpi.followers: files of different accounts are never one series), inside each segment ``keys``."""
    series = ["platform", *([SERIES] if SERIES in lf.collect_schema().names() else [])]
    per = (
        lf.with_columns(pl.col("platform").fill_null("(none)"))
        .sort([*series, "date", "followers"])
        .group_by([*keys, *series])
        .agg(earliest=pl.col("followers").first(), latest=pl.col("followers").last())
    )
    totals = dict(latest=pl.col("latest").sum(), growth=(pl.col("latest") - pl.col("earliest")).sum(),
                  earliest=pl.col("earliest").sum(), platforms=pl.len())
    return per.group_by(keys).agg(**totals) if keys else per.select(**totals)


def _audience(field: str):
    def finish(df: pl.DataFrame):
        if not df.height or not df.item(0, "platforms"):
            return None
        if field == "rate":
            e = df.item(0, "earliest")
            return df.item(0, "growth") / e if e else None
        return df.item(0, field)

    return finish


register(
    KPI("audience.followers", "audience", "Followers (latest, all platforms)", U.COUNT, D.HIGHER, "followers",
        ("date", "followers"), "Σ over platforms of the latest followers",
        "Latest follower count of each platform, summed.", query=_per_platform, finish=_audience("latest")),
    KPI("audience.follower_growth", "audience", "Follower growth", U.COUNT, D.HIGHER, "followers",
        ("date", "followers"), "Σ over platforms of (latest − earliest)",
        "Followers gained over the period (negative when lost).", query=_per_platform, finish=_audience("growth")),
    KPI("audience.follower_growth_rate", "audience", "Follower growth rate", U.RATIO, D.HIGHER, "followers",
        ("date", "followers"), "growth / Σ earliest", "Null when the earliest counts sum to 0.",
        query=_per_platform, finish=_audience("rate")),
)

