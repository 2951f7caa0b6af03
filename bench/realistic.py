"""The realistic benchmark shape: data as real exports write it (see bench/generate.py).

Compared with the simple shape (short texts from a fixed list, plain numbers, naive ticket times):

* comments carry free text with commas, quotes, Thai, emoji, and in 1 of 20 a line break inside
  the quoted field; their ``created_at`` and the tickets' timestamps carry ``+07:00`` offsets;
* numbers of 1,000 and more in reach, impressions, views, revenue, spend, durations and follower
  counts are written with thousands separators (``"12,345"``, quoted), and about 1% of numeric
  cells are ``N/A`` (besides the 2% empty ones); sentiment labels are sometimes capitalised,
  padded or ``N/A``;
* part of the mix is export-shaped, so the format layer is measured too: a Meta Business Suite
  posts file (UTF-8 BOM, the 26 columns of tests/fixtures/exports/meta_facebook_posts/, multi-line
  captions, ``MM/DD/YYYY HH:MM`` publish times, ``N/A`` views) holding 10% of the posts rows, and
  a Meta Ads Manager file (the columns of tests/fixtures/exports/meta_ads/, ``Amount spent (THB)``,
  ``CTR`` as ``1.23%``, awareness ads without purchases) holding half of the ads rows.

Sizes (N = posts rows over both posts files): posts.csv 0.9N + Meta posts 0.1N, comments 2N,
tickets 0.2N, ads.csv 0.05N + Meta ads 0.05N, sessions 0.1N; kb and followers as in the simple
shape. Every cell is readable by smkpi; the values depend only on N.
"""

from __future__ import annotations

import numpy as np
import polars as pl

import generate as g

META_POSTS = "Jan-01-2025_Dec-31-2025_1001.csv"
META_ADS = "Brand-TH-Ads-Jan-1-2025-Dec-31-2025.csv"
NA = 0.01
NEWLINE = 1 / 20

THAI = ["ชอบมากค่ะ", "ส่งของเร็วมาก ขอบคุณครับ", "ราคาเท่าไหร่คะ", "สินค้าไม่ตรงปก", "รอนานมาก, ไม่โอเค", "น่ารักมาก",
        "ดีค่ะ จะสั่งอีก", "ตอบช้า", "สอบถามทาง inbox นะคะ", "แพ็คของดีมาก กล่องไม่บุบเลย", "สีสวยกว่าในรูปอีก",
        "โปรนี้ถึงวันไหนคะ", "ใช้แล้วผิวดีขึ้นจริง, แนะนำเลย", "แอดมินตอบไวมาก 👍"]
ENGLISH = ["Love this!", "When is the restock?", "Great, thanks", "How much is shipping?", "ok", "meh",
           "Ordered on Monday, still waiting", 'They said "next week", again', 'Is the "XL" size true to fit?',
           "5 stars, would buy again", "Does it ship to Chiang Mai?", "@brandth please check my DM"]
EMOJI = ["😍", "🙏", "👍🏻", "😡", "❤️", "🔥🔥", "😂", "🥰", "🇹🇭"]
SEPARATORS = [" ", ", ", " - ", "... "]
SENTIMENTS = ["positive", "negative", "neutral", "", "Positive", "Negative", " neutral", "N/A"]
SENTIMENT_P = [0.58, 0.07, 0.18, 0.09, 0.04, 0.01, 0.02, 0.01]
POST_TYPES = ["Photos", "Videos", "Reels", "Links", "Text"]
POST_TYPE_P = [0.4, 0.25, 0.2, 0.1, 0.05]
AD_SETS = ["TH 18-35", "TH all", "BKK 25-44", "Lookalike 1%"]
AD_NAMES = ["Video A", "Image B", "Carousel C", "Reel D", "Story E"]
PAGE = "1001"


def rng_of(file_index: int, chunk: int) -> np.random.Generator:
    return np.random.default_rng([g.SEED, 100 + file_index, chunk])


def _grouped(x: pl.Expr, decimals: int = 0) -> pl.Expr:
    """A non-negative number as an export writes it: "1,234" / "1,234.50" (integer part grouped by 3)."""
    whole = x.floor().cast(pl.Int64) if decimals else x.cast(pl.Int64)
    parts = [(whole // 10 ** (3 * k)) % 1000 for k in range(5)]  # up to 10^15
    out = parts[0].cast(pl.String)
    for k in range(1, 5):
        out = pl.when(whole >= 10 ** (3 * k)).then(
            pl.concat_str([parts[k].cast(pl.String), pl.lit(","), out.str.pad_start(3 * k + k - 1, "0")])
        ).otherwise(out)
    if decimals:
        cents = ((x * 10**decimals).round(0).cast(pl.Int64) % 10**decimals).cast(pl.String).str.pad_start(decimals, "0")
        out = pl.concat_str([out, pl.lit("."), cents])
    return out


def _fmt(values, decimals: int = 0) -> pl.Series:
    s = pl.Series(values)
    return pl.select(_grouped(pl.lit(s), decimals)).to_series()


def _na(rng: np.random.Generator, s: pl.Series, p: float = NA) -> pl.Series:
    """``s`` with a fraction ``p`` of its filled cells written ``N/A`` (as Meta and spreadsheets do)."""
    mask = pl.Series(rng.random(len(s)) < p)
    return pl.select(pl.when(mask & s.is_not_null()).then(pl.lit("N/A")).otherwise(s)).to_series().alias(s.name)


def texts(rng: np.random.Generator, n: int, newline: float = NEWLINE) -> pl.Series:
    """Free text: one to three Thai or English fragments, emoji, and in a fraction ``newline`` a line break."""
    pool = pl.Series(THAI + ENGLISH)
    a, b, c = (pool.gather(pl.Series(rng.integers(0, len(pool), n))) for _ in range(3))
    count = rng.choice(3, n, p=[0.45, 0.4, 0.15]) + 1
    brk = rng.random(n) < newline
    count = np.where(brk & (count == 1), 2, count)
    sep = pl.Series(SEPARATORS).gather(pl.Series(rng.integers(0, len(SEPARATORS), n)))
    sep1 = pl.select(pl.when(pl.Series(brk)).then(pl.lit("\n")).otherwise(sep)).to_series()
    emoji = pl.Series(EMOJI).gather(pl.Series(rng.integers(0, len(EMOJI), n)))
    has_emoji = pl.Series(rng.random(n) < 0.5)
    cnt = pl.Series(count)
    return pl.select(pl.concat_str([
        a,
        pl.when(cnt >= 2).then(pl.concat_str([sep1, b])).otherwise(pl.lit("")),
        pl.when(cnt >= 3).then(pl.concat_str([sep, c])).otherwise(pl.lit("")),
        pl.when(has_emoji).then(pl.concat_str([pl.lit(" "), emoji])).otherwise(pl.lit("")),
    ])).to_series()


def _numbers(df: pl.DataFrame, rng: np.random.Generator, grouped: dict[str, int], na: list[str]) -> pl.DataFrame:
    """Columns of ``grouped`` written with thousands separators (value: decimals); ``na`` columns get N/A cells."""
    cols = {}
    for c, d in grouped.items():
        cols[c] = pl.when(pl.col(c).is_not_null()).then(_grouped(pl.col(c).cast(pl.Float64), d))
    df = df.with_columns(**cols) if cols else df
    return df.with_columns(_na(rng, df[c]) for c in na)


def posts(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    # Revenue keeps the simple shape's spelling below 1,000 ("12.5"), as a spreadsheet does not pad it.
    df = g.posts(rng, start, n)
    extra = np.random.default_rng([g.SEED, 1, start])
    df = df.with_columns(pl.col(c).cast(pl.Float64) for c in ("reach", "impressions", "views", "revenue"))
    return _numbers(df, extra, {"reach": 0, "impressions": 0, "views": 0},
                    ["likes", "comments", "shares", "reach", "impressions", "clicks", "conversions"]).with_columns(
        pl.when(pl.col("revenue") >= 1000).then(_grouped(pl.col("revenue"), 2))
        .otherwise(pl.col("revenue").cast(pl.String)).alias("revenue"))


def comments(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    ids = g._ids(rng, start, n)
    created = g.YEAR_START + rng.integers(0, g.YEAR_SECONDS, n)
    return pl.DataFrame({
        "comment_id": g._prefixed("C", ids),
        "created_at": g._stamp(created, "%Y-%m-%dT%H:%M:%S+07:00"),
        "platform": pl.Series(np.asarray(g.PLATFORMS)[ids % 4]),
        "post_id": g._prefixed("P", rng.integers(0, max(n // 2, 1), n), 9),
        "text": texts(rng, n),
        "sentiment": g._pick(rng, SENTIMENTS, n, SENTIMENT_P),
    }).with_columns(pl.col("sentiment").replace("", None))


def ads(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    df = g.ads(rng, start, n).with_columns(pl.col(c).cast(pl.Float64) for c in ("spend", "impressions", "reach", "revenue"))
    return _numbers(df, np.random.default_rng([g.SEED, 2, start]), {"spend": 2, "impressions": 0, "reach": 0, "revenue": 2},
                    ["clicks", "conversions"])


def sessions(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    df = g.sessions(rng, start, n).with_columns(pl.col("duration_seconds").cast(pl.Float64))
    return _numbers(df, np.random.default_rng([g.SEED, 3, start]), {"duration_seconds": 1}, ["bounces", "pageviews"])


def tickets(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    # The simple shape's wall-clock times, written with the +07:00 offset a Bangkok desk exports.
    df = g.tickets(rng, start, n)
    stamps = ("created_at", "first_response_at", "resolved_at")
    df = df.with_columns(pl.col(c).str.replace(" ", "T") + "+07:00" for c in stamps)
    return _numbers(df, np.random.default_rng([g.SEED, 4, start]), {}, ["contacts", "handling_minutes", "csat"])


def kb(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    df = g.kb(rng, start, n).with_columns(pl.col("views").cast(pl.Float64))
    return _numbers(df, np.random.default_rng([g.SEED, 5, start]), {"views": 0}, [])


def followers(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    return g.followers(rng, start, n).with_columns(_grouped(pl.col("followers").cast(pl.Int64)).alias("followers"))


def meta_posts(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    """A Meta Business Suite posts export (columns as in tests/fixtures/exports/meta_facebook_posts/)."""
    ids = g._ids(rng, start, n) + 10_000_000_000
    ptype = rng.choice(len(POST_TYPES), n, p=POST_TYPE_P)
    video = np.isin(ptype, [1, 2])
    reach = np.round(rng.lognormal(7.5, 1.3, n)).astype(np.int64)
    views = reach + np.round(reach * rng.gamma(1.5, 0.5, n)).astype(np.int64)
    reactions, comments_, shares = rng.poisson(reach * 0.03), rng.poisson(reach * 0.004), rng.poisson(reach * 0.002)
    clicks = rng.poisson(reach * 0.01)
    link = rng.binomial(clicks, 0.6)
    no_clicks = rng.random(n) < 0.02  # Meta writes N/A in all three click columns
    published = g.YEAR_START + rng.integers(0, g.YEAR_SECONDS, n)
    post = pl.Series(ids).cast(pl.String)

    def count(v, na=None) -> pl.Series:
        s = _fmt(v)
        return s if na is None else pl.select(pl.when(pl.Series(na)).then(pl.lit("N/A")).otherwise(s)).to_series()

    empty = pl.Series([None] * n, dtype=pl.String)
    return pl.DataFrame({
        "Post ID": pl.select(pl.lit(PAGE + "_") + pl.lit(post)).to_series(),
        "Page ID": [PAGE] * n,
        "Page name": ["Brand TH"] * n,
        "Title": empty,
        "Description": texts(rng, n, newline=0.3),
        "Duration (sec)": pl.Series(rng.integers(6, 600, n)).cast(pl.String).zip_with(pl.Series(video), empty),
        "Publish time": g._stamp(published, "%m/%d/%Y %H:%M"),
        "Caption type": empty,
        "Permalink": pl.select(pl.lit(f"https://www.facebook.com/{PAGE}/posts/") + pl.lit(post)).to_series(),
        "Is crosspost": ["No"] * n,
        "Is share": g._pick(rng, ["No", "Yes"], n, [0.97, 0.03]),
        "Post type": pl.Series(POST_TYPES).gather(pl.Series(ptype)),
        "Languages": g._pick(rng, ["th", "en", ""], n, [0.7, 0.25, 0.05]).replace("", None),
        "Custom labels": empty,
        "Funded content status": empty,
        "Data comment": empty,
        "Date": ["Lifetime"] * n,
        "Views": count(views, rng.random(n) < 0.03),
        "Reach": count(reach),
        "Reactions, Comments and Shares": count(reactions + comments_ + shares),
        "Reactions": count(reactions),
        "Comments": count(comments_),
        "Shares": count(shares),
        "Total Clicks": count(clicks, no_clicks),
        "Link clicks": count(link, no_clicks),
        "Other Clicks": count(clicks - link, no_clicks),
    })


def meta_ads(rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    """A Meta Ads Manager report, one row per ad per day (columns as in tests/fixtures/exports/meta_ads/)."""
    impressions = np.round(rng.lognormal(9.0, 1.0, n)).astype(np.int64)
    reach = np.round(impressions / (1 + rng.gamma(2.0, 0.3, n))).astype(np.int64)
    clicks = rng.binomial(impressions, 0.012)
    purchases = rng.binomial(clicks, 0.04)
    spend = np.round(impressions * rng.lognormal(-2.5, 0.4, n), 2)
    value = np.round(purchases * rng.lognormal(6.3, 0.5, n), 2)
    awareness = rng.random(n) < 0.3  # reach campaigns: no purchases column values
    results = np.where(awareness, reach, purchases)
    day = g._stamp(g.YEAR_START + rng.integers(0, 365, n) * 86400, "%Y-%m-%d")
    aw = pl.Series(awareness)
    empty = pl.Series([None] * n, dtype=pl.String)
    per_result = pl.Series(np.where(results > 0, spend / np.maximum(results, 1), np.nan)).fill_nan(None)
    return pl.DataFrame({
        "Reporting starts": day,
        "Reporting ends": day,
        "Campaign name": g._pick(rng, g.CAMPAIGNS, n),
        "Ad set name": g._pick(rng, AD_SETS, n),
        "Ad name": g._pick(rng, AD_NAMES, n),
        "Ad delivery": g._pick(rng, ["active", "inactive", "not_delivering"], n, [0.6, 0.35, 0.05]),
        "Results": _fmt(results),
        "Result indicator": pl.select(pl.when(aw).then(pl.lit("reach"))
                                      .otherwise(pl.lit("actions:offsite_conversion.fb_pixel_purchase"))).to_series(),
        "Reach": _fmt(reach),
        "Impressions": _fmt(impressions),
        "Cost per results": pl.select(pl.when(pl.lit(per_result).is_not_null())
                                      .then(_grouped(pl.lit(per_result), 2))).to_series(),
        "Amount spent (THB)": _fmt(spend, 2),
        "Link clicks": _fmt(clicks),
        "CTR (link click-through rate)": pl.Series(np.round(clicks / impressions * 100, 2)).cast(pl.String) + "%",
        "Purchases": _fmt(purchases).zip_with(~aw, empty),
        "Purchases conversion value": _fmt(value, 2).zip_with(~aw, empty),
        "Ends": g._pick(rng, ["Ongoing", "2025-12-31"], n, [0.8, 0.2]),
    })


# (file name, kind it stands for, maker, rows per posts row or a fixed count, UTF-8 BOM)
FILES = [
    ("posts.csv", "posts", posts, 0.9, False),
    (META_POSTS, "posts", meta_posts, 0.1, True),
    ("comments.csv", "comments", comments, 2.0, False),
    ("ads.csv", "ads", ads, 0.05, False),
    (META_ADS, "ads", meta_ads, 0.05, True),
    ("sessions.csv", "sessions", sessions, 0.1, False),
    ("tickets.csv", "tickets", tickets, 0.2, False),
    ("kb.csv", "kb", kb, g.FIXED["kb"], False),
    ("followers.csv", "followers", followers, g.FIXED["followers"], False),
]
