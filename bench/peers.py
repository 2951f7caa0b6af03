"""The same KPIs as smkpi's registry, written as an analyst would in pandas and in DuckDB SQL.

They serve two purposes: the speed/memory comparison, and an independent check of smkpi's values
(the benchmark asserts all three agree). Each formula mirrors src/smkpi/catalogue/*.py:

* a sum over no rows carrying the column is null, not 0;
* ratios are ratio-of-sums over the rows that carry every input; a zero denominator gives null;
* own posts have an empty influencer, influencer posts have one; conversion spans all posts + ads;
* rows with the same (platform, id) count once, the last copy in file order winning (rows without an
  id are all kept); sessions and followers have no id;
* naive timestamps are Asia/Bangkok; business hours Mon-Fri 09:00-18:00 local;
* a ticket is resolved when it has resolved_at or status solved/closed/resolved; first contact
  resolution = contacts <= 1; CSAT good = score 4-5 or "good", avg CSAT over 1-5 scores only.

Both read the files produced by bench/generate.py, in both shapes: one CSV per kind with canonical
headers, and (realistic shape) the Meta Business Suite posts and Meta Ads Manager exports through
the same header map smkpi applies (EXPORTS). Every cell is read as smkpi reads it: ``N/A`` and
empty are missing, ``"1,234"`` is 1234, ``+07:00`` offsets are instants (compared in Bangkok time).
A missing kind is an empty table, so a folder holding one file gives that file's KPIs.
"""

from __future__ import annotations

import math
from pathlib import Path

ENG = ["likes", "comments", "shares"]
RESOLVED_STATUS = ("solved", "closed", "resolved")


# --- what the files hold (both shapes) -------------------------------------------------------
T, N, TS, D, B = "text", "number", "timestamp", "date", "bool"
# The canonical columns each peer needs, by kind: files <kind>.csv carry exactly these headers.
SCHEMA: dict[str, dict[str, str]] = {
    "posts": {"post_id": T, "platform": T, "content_type": T, "likes": N, "comments": N, "shares": N, "reach": N,
              "impressions": N, "views": N, "clicks": N, "conversions": N, "revenue": N, "influencer": T,
              "campaign": T},
    "comments": {"comment_id": T, "platform": T, "sentiment": T},
    "ads": {"ad_id": T, "campaign": T, "date": T, "platform": T, "spend": N, "impressions": N, "reach": N,
            "clicks": N, "conversions": N, "revenue": N},
    "sessions": {"sessions": N, "bounces": N, "duration_seconds": N, "pageviews": N},
    "tickets": {"ticket_id": T, "created_at": TS, "first_response_at": TS, "resolved_at": TS, "status": T,
                "contacts": N, "escalated": B, "csat": T, "handling_minutes": N},
    "kb": {"article_id": T, "views": N, "likes": N},
    "followers": {"date": D, "platform": T, "followers": N},
}
# Export-shaped files (bench/realistic.py): kind, the platform smkpi gives them, and the headers
# smkpi maps (src/smkpi/formats/specs.py and aliases.py; `smkpi inspect` shows the same mapping).
# Columns they lack are empty. Numbers are "1,234" and N/A, as in every realistic file.
EXPORTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "Jan-01-2025_Dec-31-2025_1001.csv": ("posts", "facebook", {
        "Post ID": "post_id", "Post type": "content_type", "Reactions": "likes", "Comments": "comments",
        "Shares": "shares", "Reach": "reach", "Views": "views", "Total Clicks": "clicks"}),
    "Brand-TH-Ads-Jan-1-2025-Dec-31-2025.csv": ("ads", "meta", {
        "Reporting starts": "date", "Campaign name": "campaign", "Amount spent (THB)": "spend",
        "Impressions": "impressions", "Reach": "reach", "Link clicks": "clicks", "Purchases": "conversions",
        "Purchases conversion value": "revenue"}),
}
# Exports whose blank metric cells smkpi reads as 0 (FormatSpec.blank == "zero": Ads Manager writes
# nothing for none); every other file's blanks are missing.
ZERO_BLANK = {"Brand-TH-Ads-Jan-1-2025-Dec-31-2025.csv": ("spend", "impressions", "reach", "clicks", "conversions",
                                                          "revenue")}
NULLS = ["", "N/A"]
# Meta Business Suite's post types in the one word the hand-made files use (smkpi.vocabulary reads
# every platform's spelling so; these are the ones the generated files hold).
CONTENT_WORDS = {"Photos": "image", "Videos": "video", "Reels": "reel", "Links": "link", "Text": "text"}
TZ = "Asia/Bangkok"


def sources(folder: Path) -> dict[str, list[tuple[Path, str | None, dict[str, str] | None]]]:
    """Every CSV of ``folder`` by kind, in path order (as smkpi reads them): (path, platform, header map).

    A file that is neither ``<kind>.csv`` nor a known export is an error, never skipped."""
    out: dict[str, list] = {k: [] for k in SCHEMA}
    for f in sorted(folder.glob("*.csv")):
        if f.stem in SCHEMA:
            out[f.stem].append((f, None, None))
        elif f.name in EXPORTS:
            kind, platform, mapping = EXPORTS[f.name]
            out[kind].append((f, platform, mapping))
        else:
            raise ValueError(f"{f}: the peers know no such file")
    return out


def files_read(folder: Path) -> list[str]:
    """The file names both peers read (all of them: see :func:`sources`)."""
    return sorted(f.name for files in sources(folder).values() for f, _, _ in files)


# --- pandas -----------------------------------------------------------------------------------
def _pd_kind(kind: str, files: list) -> "pd.DataFrame":
    """One frame of canonical columns from every file of a kind (an empty, typed frame for none)."""
    import pandas as pd

    schema = SCHEMA[kind]
    frames = []
    for path, platform, mapping in files:
        mapping = mapping or {c: c for c in schema}
        dtype = {h: str for h, c in mapping.items() if schema[c] != N}
        df = pd.read_csv(path, usecols=list(mapping), dtype=dtype, thousands=",", na_values=NULLS,
                         encoding="utf-8-sig").rename(columns=mapping)
        if platform:
            df["platform"] = platform
        if "content_type" in df.columns:
            df["content_type"] = df["content_type"].replace(CONTENT_WORDS)
        zero = [c for c in ZERO_BLANK.get(path.name, ()) if c in df.columns]
        df[zero] = df[zero].fillna(0)
        frames.append(df.reindex(columns=list(schema)))
    empty = pd.DataFrame({c: pd.Series(dtype="float64" if t == N else "object") for c, t in schema.items()})
    df = pd.concat(frames, ignore_index=True) if frames else empty
    for c, t in schema.items():
        if t == N:
            df[c] = df[c].astype("float64")
        elif t == TS:
            ts = pd.to_datetime(df[c], format="ISO8601")
            # Offsets (+07:00) are instants: compared in Bangkok wall-clock time, as naive stamps are written.
            df[c] = ts.dt.tz_convert(TZ).dt.tz_localize(None) if ts.dt.tz is not None else ts
        elif t == D:
            df[c] = pd.to_datetime(df[c])
        elif t == B:
            df[c] = df[c].str.lower().map({"true": True, "false": False})
    return df


def pandas_kpis(folder: Path) -> dict[str, object]:
    import pandas as pd

    def dedup(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
        keep = df[key[-1]].isna() | ~df.duplicated(key, keep="last")
        return df[keep]

    def total(s: pd.Series):
        return s.sum() if s.notna().any() else None

    def ratio(num, den):
        return None if den is None or den == 0 or (isinstance(den, float) and math.isnan(den)) else num / den

    def ros(df: pd.DataFrame, num, den: str, inputs: list[str]):
        m = df[inputs].notna().all(axis=1)
        n = (num(df) if callable(num) else df[num])[m].sum()
        return ratio(n, df.loc[m, den].sum())

    def inter(df: pd.DataFrame) -> pd.Series:
        return df["likes"] + df["comments"] + df["shares"]

    src = sources(folder)
    posts = dedup(_pd_kind("posts", src["posts"]), ["platform", "post_id"])
    own = posts[posts["influencer"].isna()]
    inf = posts[posts["influencer"].notna()]
    ads = dedup(_pd_kind("ads", src["ads"]), ["platform", "date", "ad_id"])
    comments = dedup(_pd_kind("comments", src["comments"]), ["platform", "comment_id"])
    sessions = _pd_kind("sessions", src["sessions"])
    tickets = dedup(_pd_kind("tickets", src["tickets"]), ["ticket_id"])
    kb = dedup(_pd_kind("kb", src["kb"]), ["article_id"])
    followers = _pd_kind("followers", src["followers"])
    out: dict[str, object] = {}

    # engagement / reach (own posts)
    out["engagement.posts"] = len(own)
    for c in ENG:
        out[f"engagement.{c}"] = total(own[c])
        out[f"engagement.{c}_per_post"] = ratio(own[c].sum(), own[c].notna().sum())
    out["engagement.rate"] = ros(own, inter, "reach", [*ENG, "reach"])
    out["engagement.rate_by_impressions"] = ros(own, inter, "impressions", [*ENG, "impressions"])
    out["reach.reach"] = total(own["reach"])
    out["reach.impressions"] = total(own["impressions"])
    out["reach.view_through_rate"] = ros(own, "views", "impressions", ["views", "impressions"])
    out["reach.frequency"] = ros(own, "impressions", "reach", ["impressions", "reach"])

    # conversion (all posts + ads)
    cols = ["reach", "impressions", "conversions", "revenue"]
    pa = pd.concat([posts[cols], ads[[*cols, "spend"]]], ignore_index=True)
    out["conversion.conversions"] = total(pa["conversions"])
    out["conversion.rate_by_reach"] = ros(pa, "conversions", "reach", ["conversions", "reach"])
    out["conversion.rate_by_impressions"] = ros(pa, "conversions", "impressions", ["conversions", "impressions"])
    out["conversion.roas"] = ratio(total(pa["revenue"]), total(pa["spend"].where(pa["revenue"].notna())))

    # sentiment
    s = comments["sentiment"].str.strip().str.lower()
    out["sentiment.mentions"] = int(s.notna().sum())
    for k in ("positive", "negative", "neutral"):
        out[f"sentiment.{k}_share"] = ratio((s == k).sum(), s.notna().sum())

    # influencer
    m = inf[ENG].notna().all(axis=1)
    out["influencer.posts"] = len(inf)
    out["influencer.reach"] = total(inf["reach"])
    out["influencer.engagement"] = total(inter(inf)[m])
    out["influencer.engagement_rate"] = ros(inf, inter, "reach", [*ENG, "reach"])
    out["influencer.conversions"] = total(inf["conversions"])

    # content (own posts)
    v = own[own["views"].notna()]
    by_type = v.assign(content_type=v["content_type"].fillna("(none)")).groupby("content_type")["views"].sum()
    out["content.views_by_type"] = {k: by_type[k] for k in sorted(by_type.index)} or None
    m = own[ENG].notna().all(axis=1)
    out["content.avg_engagement_per_post"] = ratio(inter(own)[m].sum(), m.sum())
    typed = own[m & own["content_type"].notna()]
    means = inter(typed).groupby(typed["content_type"]).mean()
    out["content.top_type"] = (sorted(means.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]) if len(means) else None

    # advertising
    out["advertising.spend"] = total(ads["spend"])
    out["advertising.cpc"] = ros(ads, "spend", "clicks", ["spend", "clicks"])
    out["advertising.cpm"] = ros(ads, lambda d: d["spend"] * 1000, "impressions", ["spend", "impressions"])
    out["advertising.ctr"] = ros(ads, "clicks", "impressions", ["clicks", "impressions"])
    out["advertising.cpa"] = ros(ads, "spend", "conversions", ["spend", "conversions"])
    out["advertising.roas"] = ros(ads, "revenue", "spend", ["revenue", "spend"])

    # analytics
    out["analytics.sessions"] = total(sessions["sessions"])
    out["analytics.bounce_rate"] = ros(sessions, "bounces", "sessions", ["bounces", "sessions"])
    out["analytics.avg_session_duration"] = ros(sessions, "duration_seconds", "sessions",
                                                ["duration_seconds", "sessions"])
    out["analytics.pages_per_session"] = ros(sessions, "pageviews", "sessions", ["pageviews", "sessions"])

    # communication / process (tickets; naive timestamps are Bangkok wall-clock time)
    t = tickets
    created, first, resolved_at = t["created_at"], t["first_response_at"], t["resolved_at"]
    resolved = resolved_at.notna() | t["status"].str.lower().isin(RESOLVED_STATUS)
    fcr = (t["contacts"] <= 1).where(t["contacts"].notna())
    csat = t["csat"].str.strip().str.lower()
    score = pd.to_numeric(csat, errors="coerce").where(lambda x: (x >= 1) & (x <= 5))
    good = (score >= 4).where(score.notna(), csat.map({"good": True, "bad": False}))
    out["communication.inquiries"] = len(t)
    out["communication.avg_response_time"] = _nan_none((first - created).dt.total_seconds().mean())
    out["communication.first_contact_resolution"] = ratio((resolved & (fcr == True)).sum(),  # noqa: E712
                                                          (resolved & fcr.notna()).sum())
    out["communication.csat"] = ratio(good.eq(True).sum(), good.notna().sum())
    out["communication.avg_csat"] = _nan_none(score.mean())
    out["process.avg_handling_time"] = _nan_none((t["handling_minutes"] * 60).mean())
    in_hours = (created.dt.weekday < 5) & (created.dt.hour >= 9) & (created.dt.hour < 18)
    out["process.after_hours_requests"] = int((~in_hours).sum())
    out["process.after_hours_share"] = ratio((~in_hours).sum(), len(t))
    esc = t["escalated"]
    out["process.escalation_rate"] = ratio((esc == True).sum(), esc.notna().sum())  # noqa: E712

    # knowledge
    out["knowledge.accesses"] = total(kb["views"])
    out["knowledge.article_likes"] = total(kb["likes"])
    out["knowledge.like_rate"] = ros(kb, "likes", "views", ["likes", "views"])
    out["knowledge.avg_time_to_resolve"] = _nan_none((resolved_at - created).dt.total_seconds()[resolved].mean())

    # audience: first and last count of each platform by date
    f = followers.assign(platform=followers["platform"].fillna("(none)")).sort_values(["platform", "date", "followers"])
    g = f.groupby("platform")["followers"].agg(["first", "last"])
    out["audience.followers"] = g["last"].sum() if len(g) else None
    out["audience.follower_growth"] = (g["last"] - g["first"]).sum() if len(g) else None
    out["audience.follower_growth_rate"] = ratio((g["last"] - g["first"]).sum(), g["first"].sum()) if len(g) else None
    return {k: _py(v) for k, v in out.items()}


def _nan_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _py(v):
    """numpy scalars -> Python numbers; NaN -> None."""
    if isinstance(v, dict):
        return {k: _py(x) for k, x in v.items()}
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


# --- DuckDB -----------------------------------------------------------------------------------
_SQL_TYPES = {T: "VARCHAR", N: "DOUBLE", TS: "TIMESTAMPTZ", D: "DATE", B: "BOOLEAN"}
_SQL_DEDUP = {"posts": "platform, post_id", "ads": "platform, date, ad_id", "comments": "platform, comment_id",
              "tickets": "ticket_id", "kb": "article_id"}


def _sql_cell(header: str, kind: str) -> str:
    """A text cell as its typed value: "1,234" as 1234 (thousands separators dropped), offsets kept."""
    q = '"' + header.replace('"', '""') + '"'
    if kind == N:
        return f"CAST(replace({q}, ',', '') AS DOUBLE)"
    if kind == B:
        return f"CASE lower({q}) WHEN 'true' THEN true WHEN 'false' THEN false END"
    return q if kind == T else f"CAST({q} AS {_SQL_TYPES[kind]})"


def _sql_tables(folder: Path) -> str:
    """One typed table per kind, filled from every file of that kind in path order, then de-duplicated
    (last copy in file order wins: rowid follows insertion order)."""
    stmts = []
    for kind, files in sources(folder).items():
        schema = SCHEMA[kind]
        raw = kind + "_raw" if kind in _SQL_DEDUP else kind
        stmts.append(f"CREATE TABLE {raw} ({', '.join(f'{c} {_SQL_TYPES[t]}' for c, t in schema.items())});")
        for path, platform, mapping in files:
            by_col = {c: h for h, c in (mapping or {c: c for c in schema}).items()}
            zero = ZERO_BLANK.get(path.name, ())
            words = " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in CONTENT_WORDS.items())
            cells = [f"'{platform}'" if c == "platform" and platform else
                     f"CASE {_sql_cell(by_col[c], t)} {words} ELSE {_sql_cell(by_col[c], t)} END"
                     if c == "content_type" and c in by_col else
                     f"coalesce({_sql_cell(by_col[c], t)}, 0)" if c in by_col and c in zero else
                     _sql_cell(by_col[c], t) if c in by_col else "NULL" for c, t in schema.items()]
            reader = (f"read_csv('{path}', all_varchar=true, header=true, delim=',', quote='\"', escape='\"', "
                      f"nullstr={NULLS!r})")
            stmts.append(f"INSERT INTO {raw} SELECT {', '.join(cells)} FROM {reader};")
        if raw != kind:
            key = _SQL_DEDUP[kind]
            stmts.append(f"CREATE TABLE {kind} AS FROM {raw} QUALIFY {key.split(', ')[-1]} IS NULL OR "
                         f"row_number() OVER (PARTITION BY {key} ORDER BY rowid DESC) = 1; DROP TABLE {raw};")
    return "\n".join(stmts)


# Helpers as SQL text: ratio-of-sums over rows carrying every input, NULL on a zero denominator.
def _ros(num: str, den: str, inputs: list[str]) -> str:
    m = " AND ".join(f"{c} IS NOT NULL" for c in inputs)
    return f"sum({num}) FILTER (WHERE {m}) / nullif(sum({den}) FILTER (WHERE {m}), 0)"


_INTER = "(likes + comments + shares)"
_ENG_OK = "likes IS NOT NULL AND comments IS NOT NULL AND shares IS NOT NULL"

_SQL_SCALARS = {
    "own": ("posts WHERE influencer IS NULL", {
        "engagement.posts": "count(*)",
        "engagement.likes": "sum(likes)",
        "engagement.comments": "sum(comments)",
        "engagement.shares": "sum(shares)",
        "engagement.likes_per_post": "sum(likes) / nullif(count(likes), 0)",
        "engagement.comments_per_post": "sum(comments) / nullif(count(comments), 0)",
        "engagement.shares_per_post": "sum(shares) / nullif(count(shares), 0)",
        "engagement.rate": _ros(_INTER, "reach", [*ENG, "reach"]),
        "engagement.rate_by_impressions": _ros(_INTER, "impressions", [*ENG, "impressions"]),
        "reach.reach": "sum(reach)",
        "reach.impressions": "sum(impressions)",
        "reach.view_through_rate": _ros("views", "impressions", ["views", "impressions"]),
        "reach.frequency": _ros("impressions", "reach", ["impressions", "reach"]),
        "content.avg_engagement_per_post": f"sum({_INTER}) / nullif(count(*) FILTER (WHERE {_ENG_OK}), 0)",
    }),
    "conv": ("(SELECT reach, impressions, conversions, revenue, NULL::DOUBLE AS spend FROM posts "
             "UNION ALL SELECT reach, impressions, conversions, revenue, spend FROM ads)", {
        "conversion.conversions": "sum(conversions)",
        "conversion.rate_by_reach": _ros("conversions", "reach", ["conversions", "reach"]),
        "conversion.rate_by_impressions": _ros("conversions", "impressions", ["conversions", "impressions"]),
        "conversion.roas": "sum(revenue) / nullif(sum(spend) FILTER (WHERE revenue IS NOT NULL), 0)",
    }),
    "sent": ("(SELECT lower(trim(sentiment)) AS s FROM comments)", {
        "sentiment.mentions": "count(s)",
        **{f"sentiment.{k}_share": f"count(*) FILTER (WHERE s = '{k}') / nullif(count(s), 0)"
           for k in ("positive", "negative", "neutral")},
    }),
    "inf": ("posts WHERE influencer IS NOT NULL", {
        "influencer.posts": "count(*)",
        "influencer.reach": "sum(reach)",
        "influencer.engagement": f"sum({_INTER})",
        "influencer.engagement_rate": _ros(_INTER, "reach", [*ENG, "reach"]),
        "influencer.conversions": "sum(conversions)",
    }),
    "ads": ("ads", {
        "advertising.spend": "sum(spend)",
        "advertising.cpc": _ros("spend", "clicks", ["spend", "clicks"]),
        "advertising.cpm": _ros("spend * 1000", "impressions", ["spend", "impressions"]),
        "advertising.ctr": _ros("clicks", "impressions", ["clicks", "impressions"]),
        "advertising.cpa": _ros("spend", "conversions", ["spend", "conversions"]),
        "advertising.roas": _ros("revenue", "spend", ["revenue", "spend"]),
    }),
    "web": ("sessions", {
        "analytics.sessions": "sum(sessions)",
        "analytics.bounce_rate": _ros("bounces", "sessions", ["bounces", "sessions"]),
        "analytics.avg_session_duration": _ros("duration_seconds", "sessions", ["duration_seconds", "sessions"]),
        "analytics.pages_per_session": _ros("pageviews", "sessions", ["pageviews", "sessions"]),
    }),
    "tix": ("""(SELECT *,
                 resolved_at IS NOT NULL OR lower(status) IN ('solved', 'closed', 'resolved') AS resolved,
                 contacts <= 1 AS fcr,
                 CASE WHEN try_cast(lower(trim(csat)) AS DOUBLE) BETWEEN 1 AND 5
                      THEN try_cast(lower(trim(csat)) AS DOUBLE) END AS score,
                 NOT (isodow(created_at) <= 5 AND hour(created_at) >= 9 AND hour(created_at) < 18) AS after_hours
               FROM tickets)""", {
        "communication.inquiries": "count(*)",
        "communication.avg_response_time": "avg(epoch(first_response_at - created_at))",
        "communication.first_contact_resolution":
            "count(*) FILTER (WHERE resolved AND fcr) / nullif(count(*) FILTER (WHERE resolved AND fcr IS NOT NULL), 0)",
        "communication.csat": "count(*) FILTER (WHERE score >= 4 OR lower(trim(csat)) = 'good') / nullif("
                              "count(*) FILTER (WHERE score IS NOT NULL OR lower(trim(csat)) IN ('good', 'bad')), 0)",
        "communication.avg_csat": "avg(score)",
        "process.avg_handling_time": "avg(handling_minutes * 60)",
        "process.after_hours_requests": "count(*) FILTER (WHERE after_hours)",
        "process.after_hours_share": "count(*) FILTER (WHERE after_hours) / nullif(count(*), 0)",
        "process.escalation_rate": "count(*) FILTER (WHERE escalated) / nullif(count(escalated), 0)",
        "knowledge.avg_time_to_resolve": "avg(epoch(resolved_at - created_at)) FILTER (WHERE resolved)",
    }),
    "kb": ("kb", {
        "knowledge.accesses": "sum(views)",
        "knowledge.article_likes": "sum(likes)",
        "knowledge.like_rate": _ros("likes", "views", ["likes", "views"]),
    }),
    "aud": ("""(SELECT platform, arg_min(followers, (date, followers)) AS earliest,
                       arg_max(followers, (date, followers)) AS latest
                FROM (SELECT coalesce(platform, '(none)') AS platform, date, followers FROM followers)
                GROUP BY platform)""", {
        "audience.followers": "sum(latest)",
        "audience.follower_growth": "sum(latest - earliest)",
        "audience.follower_growth_rate": "sum(latest - earliest) / nullif(sum(earliest), 0)",
    }),
}

_SQL_VIEWS_BY_TYPE = """
SELECT coalesce(content_type, '(none)') AS t, sum(views) FROM posts
WHERE influencer IS NULL AND views IS NOT NULL GROUP BY t ORDER BY t
"""
_SQL_TOP_TYPE = f"""
SELECT content_type FROM posts
WHERE influencer IS NULL AND content_type IS NOT NULL AND {_ENG_OK}
GROUP BY content_type ORDER BY avg({_INTER}) DESC, content_type LIMIT 1
"""


def duckdb_kpis(folder: Path) -> dict[str, object]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{TZ}'")  # naive stamps are Bangkok time; hour() and isodow() in Bangkok
    con.execute(_sql_tables(folder))
    out: dict[str, object] = {}
    for source, exprs in _SQL_SCALARS.values():
        ids = list(exprs)
        row = con.execute(f"SELECT {', '.join(exprs[i] for i in ids)} FROM {source}").fetchone()
        out.update(zip(ids, row))
    rows = con.execute(_SQL_VIEWS_BY_TYPE).fetchall()
    out["content.views_by_type"] = {k: v for k, v in rows} or None
    top = con.execute(_SQL_TOP_TYPE).fetchone()
    out["content.top_type"] = top[0] if top else None
    con.close()
    return {k: _py(_decimal(v)) for k, v in out.items()}


def _decimal(v):
    """DuckDB returns HUGEINT sums as int and DECIMAL as Decimal: normalise to float/int."""
    from decimal import Decimal

    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dict):
        return {k: _decimal(x) for k, x in v.items()}
    return v
