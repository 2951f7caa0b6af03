"""The canonical columns of each kind of export file, and how a file's kind is recognised.

This is data, not logic: the loader reads it to type columns, the catalogue reads it to know
which inputs exist, and the docs are generated from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class ColType(str, Enum):
    """How a canonical column's text is parsed (see :mod:`smkpi.values`)."""

    ID = "id"  # trimmed text, empty = missing
    TEXT = "text"
    COUNT = "count"  # whole number >= 0
    MONEY = "money"  # decimal >= 0
    NUMBER = "number"  # decimal >= 0 (minutes, seconds)
    DATETIME = "datetime"  # ISO 8601, with or without offset
    BOOL = "bool"
    SENTIMENT = "sentiment"  # positive / negative / neutral
    CSAT = "csat"  # 1-5, or good / bad


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    doc: str
    columns: tuple[Column, ...]
    id_column: str | None
    name_words: tuple[str, ...]  # words in a file name that say "this is that kind"
    signature: tuple[str, ...]  # columns that, present, say "this is that kind"
    # With the id, what identifies one row: the same id on two platforms is two posts, and an ads
    # export with one row per ad per day holds one row per (ad, day), not copies of one ad.
    row_key: tuple[str, ...] = ("platform",)
    time_column: str | None = None  # when a row happened: the report's period is read from it

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


C, T = Column, ColType

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "posts",
            "One row per published post (own or by an influencer).",
            (
                C("post_id", T.ID, True),
                C("published_at", T.DATETIME),
                C("platform", T.TEXT),
                C("content_type", T.TEXT, doc="image, video, reel, carousel, story, link, text, live: each platform's "
                  "spelling is read as one (Photos, IG image, รูปภาพ → image); another value as written"),
                C("likes", T.COUNT),
                C("comments", T.COUNT),
                C("shares", T.COUNT),
                C("reach", T.COUNT),
                C("impressions", T.COUNT),
                C("views", T.COUNT),
                C("clicks", T.COUNT),
                C("conversions", T.NUMBER, doc="a decimal: attributed conversions can be fractional (428.20)"),
                C("revenue", T.MONEY),
                C("influencer", T.TEXT, doc="empty for the brand's own posts"),
                C("campaign", T.TEXT),
            ),
            "post_id",
            ("posts", "post", "content"),
            ("post_id",),
            time_column="published_at",
        ),
        Kind(
            "comments",
            "One row per comment or mention, optionally with a sentiment label.",
            (
                C("comment_id", T.ID),
                C("created_at", T.DATETIME),
                C("platform", T.TEXT),
                C("post_id", T.ID),
                C("text", T.TEXT),
                C("sentiment", T.SENTIMENT, doc="positive / negative / neutral"),
            ),
            "comment_id",
            ("comments", "comment", "mentions", "mention"),
            ("comment_id", "sentiment"),
            time_column="created_at",
        ),
        Kind(
            "ads",
            "One row per ad (or ad per day) from an ads manager.",
            (
                C("ad_id", T.ID),
                C("campaign", T.TEXT),
                C("date", T.DATETIME),
                C("platform", T.TEXT),
                C("spend", T.MONEY),
                C("impressions", T.COUNT),
                C("reach", T.COUNT),
                C("clicks", T.COUNT),
                C("conversions", T.NUMBER, doc="a decimal (data-driven attribution)"),
                C("revenue", T.MONEY),
            ),
            "ad_id",
            ("ads", "ad", "campaigns", "campaign"),
            ("ad_id", "spend"),
            row_key=("platform", "date"),
            time_column="date",
        ),
        Kind(
            "sessions",
            "Web analytics: one row per session, or per day with a sessions count.",
            (
                C("date", T.DATETIME),
                C("sessions", T.COUNT, doc="sessions the row stands for; absent column = 1 per row"),
                C("bounces", T.COUNT),
                C("bounced", T.BOOL),
                C("engaged_sessions", T.COUNT),
                C("duration_seconds", T.NUMBER, doc="total for the row"),
                C("pageviews", T.COUNT),
            ),
            None,
            ("sessions", "session", "web", "analytics"),
            ("sessions", "bounces", "bounced", "engaged_sessions"),
            time_column="date",
        ),
        Kind(
            "tickets",
            "Support desk tickets / inquiries.",
            (
                C("ticket_id", T.ID, True),
                C("created_at", T.DATETIME, True),
                C("first_response_at", T.DATETIME),
                C("first_response_minutes", T.NUMBER),
                C("resolved_at", T.DATETIME),
                C("resolution_minutes", T.NUMBER),
                C("status", T.TEXT, doc="solved / closed / resolved count as resolved"),
                C("channel", T.TEXT),
                C("contacts", T.COUNT),
                C("first_contact_resolution", T.BOOL),
                C("escalated", T.BOOL),
                C("csat", T.CSAT, doc="1-5, or good / bad"),
                C("handling_minutes", T.NUMBER),
                C("assignee", T.TEXT),
            ),
            "ticket_id",
            ("tickets", "ticket", "inquiries", "inquiry", "support"),
            ("ticket_id",),
            time_column="created_at",
        ),
        Kind(
            "kb",
            "Knowledge-base articles with their views and likes.",
            (
                C("article_id", T.ID),
                C("title", T.TEXT),
                C("date", T.DATETIME),
                C("views", T.COUNT),
                C("likes", T.COUNT),
            ),
            "article_id",
            ("kb", "knowledge", "articles", "article"),
            ("article_id",),
            # A daily article-stats export holds one row per article per day: the day is part of the row.
            row_key=("platform", "date"),
            time_column=None,  # an article's date is when it was written, not when it was read
        ),
        Kind(
            "followers",
            "Follower counts over time, per platform.",
            (
                C("date", T.DATETIME, True),
                C("platform", T.TEXT),
                C("followers", T.COUNT, True),
            ),
            None,
            ("followers", "follower", "audience"),
            ("followers",),
            time_column="date",
        ),
    )
}

# A file named influencer* is a posts file whose rows must name the influencer.
INFLUENCER_WORDS = ("influencer", "influencers")


_INVISIBLE = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u034f"))  # Hangul fillers, CGJ (not Cf)


def normalize_header(name: str) -> str:
    """Header matching is case-insensitive, with spaces, dashes and dots read as underscores.

    Look-alikes match too: NFKC folds full-width letters (``ｌｉｋｅｓ``), ligatures (``ﬁ``) and Thai
    SARA AM written as two code points; format characters (zero-width space, BOM, soft hyphen, bidi
    marks) and invisible fillers are dropped.
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKC", name).translate(_INVISIBLE)
        name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    name = name.strip().lower()
    name = re.sub(r"[\s\-./]+", "_", name)
    return re.sub(r"_+", "_", name).strip("_")


def name_words(stem: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", stem.lower()) if w]


def kind_from_name(stem: str) -> tuple[str | None, bool]:
    """The kind a file name announces, and whether it is an influencer file.

    Returns (None, False) when the name names no kind or names two (then the columns decide).
    """
    words = set(name_words(stem))
    if words & set(INFLUENCER_WORDS):
        return "posts", True
    hits = [k.name for k in KINDS.values() if words & set(k.name_words)]
    if len(hits) == 1:
        return hits[0], False
    return None, False


# Column types whose values feed a KPI: a file with one of them holds that kind's numbers.
METRIC_TYPES = (ColType.COUNT, ColType.MONEY, ColType.NUMBER, ColType.BOOL, ColType.SENTIMENT, ColType.CSAT)


def supports(kind: str, columns: set[str]) -> bool:
    """Whether canonical ``columns`` make a file named like ``kind`` one of that kind.

    A name is a hint, not a verdict: the file must hold the kind's required columns, its id
    column, or one column that feeds a KPI of that kind, or (sessions, whose rows may each be one
    session) its time column: ``web_links.csv`` with url, owner holds none of a sessions file's.
    """
    k = KINDS[kind]
    if k.required and set(k.required) <= columns:
        return True
    if k.id_column and k.id_column in columns:
        return True
    if not k.required and not k.id_column and k.time_column in columns:
        return True  # one row per session: the rows are the data
    return any(c.name in columns for c in k.columns if c.type in METRIC_TYPES)


def evidence_columns(kind: str) -> list[str]:
    """The columns any one of which :func:`supports` accepts (for messages): the required and id
    columns, every metric column, and for a kind with neither required nor id columns (sessions:
    one row per session) its time column."""
    k = KINDS[kind]
    out = [*k.required, *([k.id_column] if k.id_column else [])]
    out += [c.name for c in k.columns if c.type in METRIC_TYPES]
    if not k.required and not k.id_column and k.time_column:
        out.append(k.time_column)
    return list(dict.fromkeys(out))


def kind_words_text() -> str:
    """Every kind word, grouped by kind: "posts (post, content), comments (comment, ...), ..."."""
    parts = []
    for k in KINDS.values():
        others = [w for w in k.name_words if w != k.name]
        parts.append(f"{k.name} ({', '.join(others)})" if others else k.name)
    return ", ".join(parts) + f", {' / '.join(INFLUENCER_WORDS)}"


def no_kind_reason(stem: str) -> str:
    """Why a file is of no known kind: what its name says, and that its columns match no kind."""
    words = set(name_words(stem))
    hits = [(w, k.name) for k in KINDS.values() for w in k.name_words if w in words]
    kinds = list(dict.fromkeys(k for _, k in hits))
    if len(kinds) > 1:
        named = ", ".join(f"'{w}' says {k}" for w, k in hits)
        return (f"no known kind: the name names {len(kinds)} kinds ({named}) and the columns match none; "
                f"rename the file or set kind: under sources: in targets.yaml")
    return (f"no known kind: the name has no kind word ({kind_words_text()}) and the columns match none; "
            f"rename the file or set kind: under sources: in targets.yaml")


def unsupported_reason(kind: str, stem: str) -> str:
    """Why a file named like ``kind`` is not read as one (its columns are listed by nobody: the
    file may not be an export at all, and its contents are not quoted)."""
    words = [w for w in name_words(stem) if w in KINDS[kind].name_words or w in INFLUENCER_WORDS]
    word = f"'{words[0]}'" if words else "its name"
    return (f"not read as {kind}: the name says {kind} ({word}) but the file has none of the columns that make "
            f"one ({', '.join(evidence_columns(kind))}); rename the file, or its columns, or set kind: under "
            f"sources: in targets.yaml")
