"""Real header names -> canonical columns, one table per kind (English and Thai).

A header matches after :func:`smkpi.kinds.normalize_header` and after dropping a currency suffix
such as ``(USD)`` / ``(THB)`` / ``(฿)``. Within a canonical column, aliases are in priority order:
when a file has two candidates (``Purchases`` and ``Results``), the earlier alias wins.
Headers that only make sense for one export (``Primary``, ``Content``) live in that format's
spec (:mod:`smkpi.formats.specs`), not here.
"""

from __future__ import annotations

import re

from ..kinds import KINDS, normalize_header

_CODES = "usd|thb|eur|gbp|jpy|sgd|myr|idr|php|vnd|aud|cad|cny|hkd|inr|krw|twd|chf|nzd|brl|mxn"
_CURRENCY = re.compile(rf"_?\((?:{_CODES}|[$€£¥฿]|us\$)\)$")


def header_key(name: str) -> str:
    """The form headers are compared in: normalized, currency suffix dropped."""
    return _CURRENCY.sub("", normalize_header(name))


ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "posts": {
        "post_id": ("Post ID", "Tweet id", "Post id", "Media ID", "รหัสโพสต์", "ID โพสต์"),
        "published_at": ("Publish time", "Published", "Published at", "Posted", "Post time", "Created date",
                         "เวลาที่เผยแพร่", "วันที่เผยแพร่", "วันที่โพสต์"),
        "platform": ("Platform", "Network", "แพลตฟอร์ม"),
        "content_type": ("Post type", "Content type", "Type", "Media type", "ประเภทโพสต์", "ประเภทเนื้อหา"),
        "likes": ("Likes", "Reactions", "favorites", "Total likes", "ถูกใจ", "การแสดงความรู้สึก", "ยอดไลก์",
                  "ยอดถูกใจ"),
        "comments": ("Comments", "Replies", "Total comments", "Comments added", "ความคิดเห็น", "ยอดคอมเมนต์",
                     "คอมเมนต์", "จำนวนความคิดเห็น"),
        "shares": ("Shares", "Retweets", "Reposts", "Total shares", "การแชร์", "แชร์", "ยอดแชร์", "จำนวนการแชร์"),
        "reach": ("Reach", "Accounts reached", "การเข้าถึง"),
        "impressions": ("Impressions", "การแสดงผล"),
        "views": ("Views", "Video views", "Total views", "Plays", "การดู", "ยอดดู", "ยอดวิว", "จำนวนการดู"),
        "clicks": ("Total clicks", "Clicks", "จำนวนคลิกทั้งหมด", "คลิก"),
        "conversions": ("Conversions", "Purchases", "คอนเวอร์ชัน"),
        "revenue": ("Revenue", "Sales", "รายได้"),
        "influencer": ("Influencer", "Creator", "อินฟลูเอนเซอร์"),
        "campaign": ("Campaign", "Campaign name", "แคมเปญ"),
    },
    "comments": {
        "comment_id": ("Comment ID", "Mention ID", "รหัสความคิดเห็น"),
        "created_at": ("Created at", "Created time", "Date", "Published", "วันที่"),
        "platform": ("Platform", "Network", "แพลตฟอร์ม"),
        "post_id": ("Post ID", "รหัสโพสต์"),
        "text": ("Text", "Message", "Comment", "Content", "ข้อความ"),
        "sentiment": ("Sentiment", "ความรู้สึก"),
    },
    "ads": {
        "ad_id": ("Ad ID", "รหัสโฆษณา", "Identificador del anuncio"),
        "campaign": ("Campaign name", "Campaign", "ชื่อแคมเปญ", "Nombre de la campaña"),
        "date": ("Reporting starts", "Day", "Date", "การรายงานเริ่มต้น", "Inicio del informe", "วันที่"),
        "platform": ("Platform", "แพลตฟอร์ม"),
        "spend": ("Amount spent", "Cost", "Spend", "จำนวนเงินที่ใช้จ่ายไป", "Importe gastado"),
        "impressions": ("Impressions", "Impr.", "การแสดงผล", "Impresiones"),
        "reach": ("Reach", "การเข้าถึง", "Alcance"),
        "clicks": ("Link clicks", "Clicks", "Clicks (all)", "การคลิกลิงก์", "Clics en el enlace"),
        "conversions": ("Purchases", "Conversions", "Conv.", "Results", "การซื้อ", "ผลลัพธ์", "Resultados"),
        "revenue": ("Purchases conversion value", "Conv. value", "Conversion value", "Total conversion value",
                    "มูลค่า Conversion ของการซื้อ", "Valor de conversión de compras"),
    },
    "sessions": {
        "date": ("Date", "Day", "วันที่"),
        "sessions": ("Sessions", "เซสชัน"),
        "bounces": ("Bounces",),
        "engaged_sessions": ("Engaged sessions", "เซสชันที่มีส่วนร่วม"),
        "pageviews": ("Views", "Pageviews", "Screen page views", "Page views", "การดู"),
    },
    "tickets": {
        "ticket_id": ("Ticket ID", "Id", "Ticket", "หมายเลขทิกเก็ต", "รหัสทิกเก็ต", "รหัสตั๋ว", "เลขที่ตั๋ว",
                      "หมายเลขตั๋ว", "เลขที่ทิกเก็ต"),
        "created_at": ("Created at", "Created time", "Created", "วันที่สร้าง", "เวลาที่สร้าง", "วันที่แจ้ง",
                       "วันที่เปิด"),
        "first_response_at": ("First response at", "First responded at", "ตอบกลับครั้งแรกเมื่อ", "ตอบกลับครั้งแรก",
                              "วันที่ตอบกลับครั้งแรก", "เวลาที่ตอบกลับครั้งแรก"),
        "first_response_minutes": ("First reply time in minutes", "First response time (in minutes)",
                                   "เวลาตอบกลับครั้งแรก (นาที)"),
        "resolved_at": ("Solved at", "Resolved time", "Resolved at", "วันที่แก้ไขเสร็จ", "วันที่ปิด", "เวลาปิด",
                        "วันที่ปิดงาน", "วันที่แก้ไขเสร็จสิ้น"),
        "resolution_minutes": ("Full resolution time in minutes", "Resolution time (in minutes)",
                               "เวลาแก้ไข (นาที)"),
        "status": ("Status", "สถานะ"),
        "channel": ("Via", "Source", "Channel", "via.channel", "ช่องทาง", "ช่องทางติดต่อ", "ช่องทางการติดต่อ"),
        "contacts": ("Replies", "Agent interactions", "Contacts", "จำนวนครั้งที่ติดต่อ"),
        "escalated": ("Escalated", "ยกระดับ", "ส่งต่อ", "ถูกยกระดับ"),
        "csat": ("Satisfaction Score", "satisfaction_rating.score", "Survey results", "Satisfaction", "CSAT",
                 "ความพึงพอใจ", "คะแนนความพึงพอใจ"),
        "assignee": ("Assignee", "Agent", "ผู้รับผิดชอบ", "ผู้ดูแล", "เจ้าหน้าที่"),
    },
    "kb": {
        "article_id": ("Article ID", "Id", "รหัสบทความ"),
        "title": ("Title", "ชื่อบทความ"),
        "date": ("Date", "Created at", "วันที่"),
        "views": ("Views", "Page views", "ยอดดู", "ยอดวิว"),
        "likes": ("Likes", "Votes up", "Thumbs up", "ถูกใจ"),
    },
    "followers": {
        "date": ("Date", "วันที่"),
        "platform": ("Platform", "แพลตฟอร์ม"),
        "followers": ("Followers", "Total followers", "Follower count", "ผู้ติดตาม", "จำนวนผู้ติดตาม",
                      "ยอดผู้ติดตาม"),
    },
}

# kind -> header key -> canonical, in alias priority order (built once).
# Every canonical column answers to its own name, whether or not it has aliases: a canonical file
# must read the same with or without this table.
_TABLES: dict[str, list[tuple[str, str]]] = {
    kind.name: [(header_key(a), col.name) for col in kind.columns
                for a in (col.name, *ALIASES.get(kind.name, {}).get(col.name, ()))]
    for kind in KINDS.values()
}
_unknown = {(k, c) for k, t in ALIASES.items() for c in t} - {(k.name, c.name) for k in KINDS.values() for c in k.columns}
assert not _unknown, f"aliases for columns no kind has: {_unknown}"
KNOWN_KEYS: set[str] = {k for rows in _TABLES.values() for k, _ in rows} | {
    c.name for kind in KINDS.values() for c in kind.columns
}


def alias_mapping(headers: list[str], kind: str, taken: dict[str, str] | None = None) -> dict[str, str]:
    """File header -> canonical column of ``kind`` by the alias table; ``taken`` (already mapped) is kept."""
    out = dict(taken or {})
    used = set(out.values())
    keys: dict[str, str] = {}
    for h in headers:
        keys.setdefault(header_key(h), h)
    for key, canon in _TABLES.get(kind, []):
        h = keys.get(key)
        if h is not None and h not in out and canon not in used:
            out[h] = canon
            used.add(canon)
    return out
