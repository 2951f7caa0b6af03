"""One spelling for a value that exports spell their own way: content types.

Each platform names the same kind of post differently: Meta Business Suite writes ``Photos`` and
``Reels`` for Facebook, ``IG image`` and ``IG reel`` for Instagram, its Thai interface ``รูปภาพ``,
the legacy Insights export ``Photo``, a hand-made sheet ``image``. Read as written, a report over
Facebook and Instagram splits photos into three groups, and "best content type" compares a
platform's photos with another's instead of photos with videos. So a content type is read as one
canonical word (image, video, reel, carousel, story, link, text, live), in any case; a value the
table does not know is kept as written (trimmed): ``Shorts`` stays ``Shorts``.

The same table reads a group name under ``segments: content_type:`` in targets.yaml, so a target
written for ``Reels`` applies to the rows read as ``reel``.
"""

from __future__ import annotations

import re

import polars as pl

# canonical word -> the spellings read as it (lower case; a platform prefix such as "IG " is
# removed first, see _PREFIX). The canonical word is listed too.
CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "image": ("image", "images", "photo", "photos", "picture", "pictures", "รูปภาพ", "รูป", "ภาพ", "ภาพถ่าย"),
    "video": ("video", "videos", "shared video", "native video", "วิดีโอ", "วีดีโอ", "คลิป"),
    "reel": ("reel", "reels", "รีล", "รีลส์"),
    "carousel": ("carousel", "carousels", "carousel_album", "carousel album", "album", "อัลบั้ม", "ภาพสไลด์"),
    "story": ("story", "stories", "สตอรี่", "สตอรี"),
    "link": ("link", "links", "ลิงก์", "ลิงค์"),
    "text": ("text", "status", "statuses", "status update", "ข้อความ", "สถานะ"),
    "live": ("live", "live video", "ไลฟ์", "ถ่ายทอดสด"),
}
_SPELLINGS = {s: canon for canon, spellings in CONTENT_TYPES.items() for s in spellings}
# "IG reel", "Instagram carousel", "FB video": the platform is its own column.
_PREFIX = r"^(?:ig|instagram|fb|facebook)[\s_]+"


def content_type(value: pl.Expr) -> pl.Expr:
    """A content type column (text, already trimmed; null stays null) in its canonical spelling."""
    # Most cells are canonical already (one spelling per file, often the canonical one): only the
    # others are lower-cased and looked up (a masked column: no string is copied for the rest).
    known = value.is_in(list(CONTENT_TYPES))
    other = pl.when(~known).then(value)
    looked_up = other.str.to_lowercase().str.replace(_PREFIX, "").replace_strict(_SPELLINGS, default=None)
    return pl.coalesce(pl.when(known).then(value), looked_up, other)


def content_type_label(label: str) -> str:
    """:func:`content_type` of one value (a group name in targets.yaml)."""
    return _SPELLINGS.get(re.sub(_PREFIX, "", label.strip().lower()), label)


# canonical column -> how its values are read; the loader applies it after the text is cleaned.
VOCABULARIES = {"content_type": content_type}
LABELS = {"content_type": content_type_label}
