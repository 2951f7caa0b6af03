"""Known export formats as data: one record per platform export.

A record says how to recognise the export (``signature``: header keys that must all be present;
any one of the alternative sets), which kind and platform it is, which of its headers mean which
canonical column (beyond the per-kind alias tables), how its values are written (date layouts,
durations, tags), and which rows are not data (description rows). Adding a format = adding a
record here and a fixture under tests/fixtures/exports/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .aliases import header_key


@dataclass(frozen=True)
class Hint:
    """A column whose cells are not in the canonical type's usual spelling.

    parse: ``hours`` (``H:MM:SS`` or decimal hours, to minutes), ``per_session`` (seconds per
    session, times the row's sessions, to total seconds), ``tags`` (a tags cell; true when any of
    ``words`` is a tag).
    """

    header: str
    parse: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metric:
    """What a one-metric file (Meta page daily exports) feeds, chosen by its metric-name line."""

    kind: str
    column: str  # the canonical column the value column feeds
    platform: str


@dataclass(frozen=True)
class FormatSpec:
    name: str
    label: str  # platform + file, for docs and inspect
    kind: str | None
    platform: str | None
    signatures: tuple[frozenset[str], ...]
    columns: dict[str, str] = field(default_factory=dict)  # file header -> canonical
    hints: dict[str, Hint] = field(default_factory=dict)  # canonical -> hint
    date_formats: tuple[str, ...] = ()
    yearless_formats: tuple[str, ...] = ()  # layouts without a year ("%B %d"): need --year or a period
    drop_rows: tuple[str, str] | None = None  # (header, regex): rows that describe columns, not data
    metrics: dict[str, Metric] = field(default_factory=dict)  # metric-name line key -> what it feeds
    value_column: str | None = None  # the value column of a one-metric file
    feeds: str = ""  # what KPIs it feeds, for docs
    notes: str = ""
    # What an empty metric cell means: "missing" (no value: the row does not carry that input) or
    # "zero" (the platform writes nothing for none, as Ads Manager does for Purchases).
    blank: str = "missing"
    # The same header is written by several platforms: ``platform`` is claimed only when a sources:
    # rule names this format; else the path decides, else the platform is unknown (and a note says so).
    platform_unknown: bool = False
    # Headers whose common meaning is not theirs in this export: kept from the alias table (and
    # listed as unmapped). LinkedIn's "Post type" is Organic or Sponsored, not a content type.
    unmapped: tuple[str, ...] = ()

    def matches(self, keys: set[str]) -> int:
        """Size of the largest signature fully present in ``keys`` (0 = no match)."""
        return max((len(s) for s in self.signatures if s <= keys), default=0)

    def column_keys(self) -> dict[str, str]:
        return {header_key(h): c for h, c in self.columns.items()}


def _sig(*sets: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(header_key(h) for h in s) for s in sets)


_DESK_TAGS = ("escalated", "escalation", "tier2", "tier_2", "ส่งต่อ", "ยกระดับ")

SPECS: tuple[FormatSpec, ...] = (
    FormatSpec(
        "meta_facebook_posts", "Meta Business Suite — Facebook posts (CSV, UTF-8 BOM)", "posts", "facebook",
        # A trimmed export keeps neither Page ID nor Page name: Post ID + Publish time + Post type still
        # say Meta posts, and Facebook unless an Instagram account column says otherwise (its
        # signature below has one more key, so it wins whenever both match).
        _sig(("Post ID", "Page ID", "Publish time"), ("Post ID", "Page name", "Publish time"),
             ("Post ID", "Publish time", "Post type")),
        columns={"Reactions": "likes", "Total clicks": "clicks", "Post type": "content_type"},
        date_formats=("%m/%d/%Y %H:%M",),
        feeds="engagement, reach, content (likes = Reactions)",
        notes="Column set varies by month and case varies; `N/A` cells are empty; `Date` (\"Lifetime\") is ignored.",
    ),
    FormatSpec(
        "meta_instagram_posts", "Meta Business Suite — Instagram posts (CSV)", "posts", "instagram",
        _sig(("Post ID", "Account username", "Publish time"), ("Post ID", "Account ID", "Publish time"),
             ("Post ID", "Account username", "Publish time", "Post type"),
             ("Post ID", "Account ID", "Publish time", "Post type")),
        columns={"Post type": "content_type"},
        date_formats=("%m/%d/%Y %H:%M",),
        feeds="engagement, reach, content",
        notes="`Saves` and `Follows` are listed as unmapped (no KPI uses them).",
    ),
    FormatSpec(
        "meta_page_daily", "Meta Business Suite — page-level daily metric (CSV, UTF-16 LE, `sep=,`)", None, None,
        _sig(("Date", "Primary")),
        metrics={
            header_key(m): Metric("followers", "followers", p)
            for m, p in (("Facebook followers", "facebook"), ("Facebook Page followers", "facebook"),
                         ("Instagram followers", "instagram"), ("Facebook Page likes", "facebook"),
                         ("ผู้ติดตาม Facebook", "facebook"), ("ผู้ติดตาม Instagram", "instagram"))
        },
        value_column="Primary",
        feeds="audience (followers files); other metrics are skipped with the reason",
        notes="The metric-name line above the header says what `Primary` is; daily *new* follows are not "
              "follower totals and are skipped.",
    ),
    FormatSpec(
        "facebook_insights_legacy", "Legacy Facebook Insights — post data export", "posts", "facebook",
        _sig(("Post ID", "Permalink", "Posted", "Lifetime Post Total Reach")),
        columns={
            "Lifetime Post Total Reach": "reach", "Lifetime Post Total Impressions": "impressions",
            "Lifetime Talking About This (Post) by action type - like": "likes",
            "Lifetime Talking About This (Post) by action type - comment": "comments",
            "Lifetime Talking About This (Post) by action type - share": "shares",
            "Lifetime Post Consumptions": "clicks", "Posted": "published_at", "Type": "content_type",
        },
        date_formats=("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M"),
        drop_rows=("Lifetime Post Total Reach", r"^\s*(Lifetime|Daily|Weekly|28 Days)\s*:"),
        feeds="engagement, reach, content",
        notes="The description row under the header (\"Lifetime: ...\") is dropped.",
    ),
    FormatSpec(
        "x_tweet_activity_legacy", "X / Twitter — legacy tweet activity (tweet_activity_metrics_*.csv)", "posts", "x",
        _sig(("Tweet id", "Tweet permalink", "time", "impressions")),
        columns={"time": "published_at", "retweets": "shares", "replies": "comments", "likes": "likes",
                 "favorites": "likes", "url clicks": "clicks", "media views": "views"},
        feeds="engagement (by impressions), reach.impressions, content",
        notes="Counts like `1203.0` are whole numbers; `-` (promoted columns) is empty.",
    ),
    FormatSpec(
        "x_account_new", "X — account analytics content export (2024+)", "posts", "x",
        _sig(("Post id", "Date", "Post text", "Impressions")),
        columns={"Date": "published_at", "Reposts": "shares", "Replies": "comments", "URL Clicks": "clicks"},
        date_formats=("%a, %b %d, %Y",),
        feeds="engagement (by impressions), reach.impressions",
        notes="`Reposts` are shares; X's own `Shares` (share via DM/link) is listed as unmapped.",
    ),
    FormatSpec(
        # Meta Business Suite's page FollowerHistory.csv has exactly this header: the columns cannot
        # say which platform a file is from, so its path does (a folder tiktok/, facebook/).
        "tiktok_followers", "FollowerHistory.csv (TikTok, or Meta Business Suite page)", "followers", "tiktok",
        _sig(("Date", "Followers", "Difference in followers from previous day")),
        yearless_formats=("%B %d", "%b %d"),
        feeds="audience",
        notes="Dates have no year (see Dates without a year); the platform comes from the path "
              "(`tiktok/FollowerHistory.csv`), else it is unknown and a note says so.",
        platform_unknown=True,
    ),
    FormatSpec(
        "tiktok_content", "TikTok — Content.csv (per video)", "posts", "tiktok",
        _sig(("Video link", "Post time", "Total likes"), ("Video title", "Post time", "Total views")),
        columns={"Video link": "post_id", "Post time": "published_at"},
        yearless_formats=("%B %d", "%b %d"),
        feeds="engagement, reach.view_through_rate (needs impressions), content",
    ),
    FormatSpec(
        "youtube_studio", "YouTube Studio — Table data.csv", "posts", "youtube",
        _sig(("Content", "Video title", "Video publish time")),
        columns={"Content": "post_id", "Video publish time": "published_at", "Comments added": "comments",
                 "Impressions": "impressions", "Views": "views"},
        date_formats=("%b %d, %Y",),
        feeds="engagement (likes/comments/shares when exported), reach.impressions, reach.view_through_rate",
        notes="The `Total` row is dropped; `H:MM:SS` (Average view duration) and watch hours are listed as unmapped.",
    ),
    FormatSpec(
        "linkedin_posts", "LinkedIn — page content export (.xls/.xlsx, sheet \"All posts\")", "posts", "linkedin",
        _sig(("Post title", "Post link", "Created date", "Impressions")),
        columns={"Post link": "post_id", "Created date": "published_at", "Reposts": "shares",
                 "Content Type": "content_type", "Views (excluding off-site video views)": "views"},
        unmapped=("Post type",),
        date_formats=("%m/%d/%Y",),
        feeds="engagement (by impressions), reach.impressions, content",
        notes="Row 1 is a note, row 2 the header; the sheet with known columns is read (others listed). "
              "`Post type` (Organic or Sponsored) is not a content type: listed as unmapped.",
    ),
    FormatSpec(
        "linkedin_updates_2020", "LinkedIn — 2020 page export (.xls, sheet \"Update Engagement\")", "posts", "linkedin",
        _sig(("Update title", "Update link", "Created date", "Impressions")),
        columns={"Update link": "post_id", "Created date": "published_at"},
        date_formats=("%m/%d/%Y",),
        feeds="engagement (by impressions), reach.impressions",
        notes="Row 1 is a note, row 2 the header; `Created date` is an Excel serial day number (44008) in a "
              "General cell, read as a date.",
    ),
    FormatSpec(
        "meta_ads", "Meta Ads Manager — ads report (CSV/XLSX, any language)", "ads", "meta",
        _sig(("Reporting starts", "Amount spent"), ("การรายงานเริ่มต้น", "จำนวนเงินที่ใช้จ่ายไป"),
             ("Inicio del informe", "Importe gastado"), ("Campaign name", "Amount spent")),
        feeds="advertising, conversion",
        notes="Currency in headers (`Amount spent (USD)`) is the file's currency; `$20.00`, `1,000` are read; "
              "`Results` feeds conversions only when there is no `Purchases` column; a blank metric cell is 0.",
        blank="zero",
    ),
    FormatSpec(
        "google_ads", "Google Ads — campaign report (CSV)", "ads", "google_ads",
        _sig(("Campaign", "Impr.", "Cost"), ("Campaign", "Impressions", "Cost", "Conv. value")),
        feeds="advertising, conversion",
        notes="Title and date-range lines above the header are skipped; `Total: ...` rows are dropped; `--` is empty.",
    ),
    FormatSpec(
        "ga4", "Google Analytics 4 — report export (CSV)", "sessions", None,
        _sig(("Sessions", "Engaged sessions", "Average engagement time per session")),
        hints={"duration_seconds": Hint("Average engagement time per session", "per_session")},
        date_formats=("%Y%m%d",),
        feeds="analytics (bounce rate = 1 − engaged/sessions; duration = avg engagement time × sessions)",
        notes="`#` preamble lines (with start/end dates) are skipped; `Views` are pageviews.",
    ),
    FormatSpec(
        "zendesk_csv", "Zendesk — ticket CSV export", "tickets", "zendesk",
        _sig(("Id", "Created at", "First reply time in minutes"), ("Id", "Requester", "Created at", "Satisfaction Score")),
        hints={"escalated": Hint("Tags", "tags", _DESK_TAGS)},
        feeds="communication, process (escalation from Tags), knowledge.avg_time_to_resolve",
        notes="Calendar-time columns are used; the `... within business hours` twins are listed as unmapped. "
              "Satisfaction Offered / Not Offered count as unrated.",
    ),
    FormatSpec(
        "zendesk_api_json", "Zendesk — API tickets JSON (`{\"tickets\": [...]}`)", "tickets", "zendesk",
        _sig(("id", "created_at", "status", "via", "satisfaction_rating")),
        columns={"id": "ticket_id", "via.channel": "channel", "satisfaction_rating.score": "csat",
                 "assignee_id": "assignee"},
        hints={"escalated": Hint("tags", "tags", _DESK_TAGS)},
        feeds="communication (no first reply: that lives in ticket_metrics), process, knowledge",
    ),
    FormatSpec(
        "freshdesk", "Freshdesk — ticket export (CSV/XLSX)", "tickets", "freshdesk",
        _sig(("Ticket ID", "Created time", "First response time (in hrs)"), ("Ticket ID", "Created time", "Survey results")),
        columns={"Agent interactions": "contacts", "Survey results": "csat", "Source": "channel", "Agent": "assignee"},
        hints={"first_response_minutes": Hint("First response time (in hrs)", "hours"),
               "resolution_minutes": Hint("Resolution time (in hrs)", "hours"),
               "escalated": Hint("Tags", "tags", _DESK_TAGS)},
        feeds="communication, process, knowledge.avg_time_to_resolve",
        notes="`(in hrs)` columns are `HH:MM:SS`; duplicate headers in .xlsx come as `_1` columns and are listed unmapped.",
    ),
    FormatSpec(
        "meta_facebook_posts_th", "Meta Business Suite — Facebook posts, Thai interface", "posts", "facebook",
        _sig(("รหัสโพสต์", "เวลาที่เผยแพร่")),
        date_formats=("%d/%m/%Y %H:%M", "%d/%m/%Y"),
        feeds="engagement, reach, content",
        notes="Thai headers; day/month/year dates, Buddhist-era years (2569 = 2026).",
    ),
)

BY_NAME = {s.name: s for s in SPECS}


def detect_spec(headers: list[str]) -> FormatSpec | None:
    """The known format whose signature matches the most of ``headers`` (None when none matches)."""
    keys = {header_key(h) for h in headers}
    best, score = None, 0
    for spec in SPECS:
        n = spec.matches(keys)
        if n > score:
            best, score = spec, n
    return best


def metric_of(spec: FormatSpec, preamble: list[str]) -> tuple[Metric | None, str | None]:
    """For a one-metric file: (what it feeds, the metric name as written)."""
    for line in preamble:
        name = line.strip().strip('"').strip()
        if not name or name.lower().startswith("sep="):
            continue
        return spec.metrics.get(header_key(name)), name
    return None, None
