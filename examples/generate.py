"""Write examples/data/: September and October 2026 of Baan Kafae Roastery (บ้านกาแฟ โรสเตอรี่), a
small Bangkok cafe that also sells its roasted beans online.

Every kind of export smkpi reads, across facebook, instagram, tiktok and x, in the formats people
actually get: mostly CSV, ads as a JSON document ({"data": [...]}), comments as JSON Lines.
The months are made to be realistic rather than flattering: against the repository's targets.yaml
some families pass and some miss, and October (the autumn campaigns) does better than September,
so `--compare previous` has something to say. On purpose October also holds one duplicated post,
one duplicated ticket, a few empty cells and one unreadable cell ("1.2k" likes) that the report rejects.

Standard library only, and deterministic (fixed seed, fixed row order, "\\n" line endings), so
running it again gives byte-identical files:

    python examples/generate.py            # writes examples/data/
    python examples/generate.py /tmp/out   # writes somewhere else
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import sys
from pathlib import Path

SEED = 20261031
YEAR = 2026
# month -> (days, activity scale): September is quieter, before the autumn campaigns.
MONTHS = {9: (30, 0.8), 10: (31, 1.0)}
MONTH, DAYS = 10, 31  # the month being written (set by generate())
BKK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")
PLATFORMS = ("facebook", "instagram", "tiktok", "x")

# posts per platform in the month, mean reach per post, content types it uses
PLATFORM_PLAN = {
    "facebook": (30, 3200, ("image", "video", "text")),
    "instagram": (28, 4200, ("image", "reel")),
    "tiktok": (22, 9000, ("video",)),
    "x": (12, 900, ("text", "image")),
}
ID_PREFIX = {"facebook": "FB", "instagram": "IG", "tiktok": "TT", "x": "X"}
CAMPAIGNS = ("pumpkin-spice-latte", "halloween-cold-brew", "beans-1111-preorder")
AVG_ORDER_THB = 450  # a latte set or a 250 g bag of beans

INFLUENCERS = ("น้องมายด์ รีวิวคาเฟ่", "Bow Cafe Hopper", "พี่หมีกินเที่ยว", "Ploy Daily", "เจนนี่ชวนชิม",
               "ต้นกล้า Coffee Nerd")

COMMENT_TEXT = {
    "positive": ("กาแฟอร่อยมากค่ะ ต้องไปอีกแน่นอน", "ลาเต้ฟักทองหอมมาก ชอบ!", "บรรยากาศร้านน่านั่งสุดๆ",
                 "เมล็ดคั่วกลางตัวนี้หอมถั่วมาก", "พนักงานน่ารัก บริการดีมากครับ", "love the cold brew 🧡",
                 "สั่งเมล็ดไปชงที่บ้าน รสชาติดีเหมือนที่ร้าน", "ขนมปังโฮมเมดอร่อยมาก", "best latte in Ari!"),
    "neutral": ("ร้านเปิดกี่โมงคะ", "มีที่จอดรถไหมครับ", "ส่งต่างจังหวัดได้ไหมคะ", "ราคาเมล็ดถุงละเท่าไหร่",
                "โปรนี้ถึงวันไหนคะ", "มีนมโอ๊ตไหม", "is there wifi?"),
    "negative": ("รอกาแฟนานมาก 20 นาที", "ของส่งช้ากว่าที่แจ้ง", "วันนี้ลาเต้หวานไปหน่อย",
                 "ทักไลน์ไปไม่มีคนตอบเลย"),
}

KB_TITLES = (
    "วิธีสั่งซื้อเมล็ดกาแฟออนไลน์", "ระยะเวลาจัดส่งและค่าส่ง", "นโยบายการคืนสินค้าและการเปลี่ยนสินค้า",
    "วิธีชงกาแฟดริปที่บ้าน", "เลือกระดับการคั่วให้เหมาะกับคุณ", "สมัครสมาชิกและสะสมแต้ม", "วิธีใช้คูปองส่วนลด",
    "เวลาเปิด-ปิดร้านและวันหยุด", "การเก็บรักษาเมล็ดกาแฟให้สดนาน", "ชำระเงินด้วย PromptPay",
    "สั่งกาแฟสำหรับงานจัดเลี้ยง", "เมนูสำหรับผู้แพ้นมวัว", "ติดตามสถานะพัสดุ", "ขอใบกำกับภาษี",
    "บัตรของขวัญ Baan Kafae", "Wholesale beans for cafes (English)",
)


def day(d: int) -> dt.date:
    return dt.date(YEAR, MONTH, d)


def local(d: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(YEAR, MONTH, d, hour, minute, tzinfo=BKK)


# --- posts ----------------------------------------------------------------------------------
def make_posts(rng: random.Random, scale: float = 1.0, planted: bool = True) -> list[dict]:
    rows = []
    n = 0
    for platform, (count, mean_reach, types) in PLATFORM_PLAN.items():
        count, mean_reach = round(count * scale), mean_reach * (0.5 + scale / 2)
        days = sorted(rng.sample(range(1, DAYS + 1), count)) if count <= DAYS else sorted(
            rng.choices(range(1, DAYS + 1), k=count))
        for d in days:
            n += 1
            ctype = rng.choice(types)
            reach = int(rng.lognormvariate(0, 0.45) * mean_reach)
            impressions = int(reach * rng.uniform(1.15, 1.6))
            video = ctype in ("video", "reel")
            boost = 1.25 if video else 1.0
            likes = int(reach * rng.uniform(0.022, 0.04) * boost)
            comments = int(reach * rng.uniform(0.002, 0.005))
            shares = int(reach * rng.uniform(0.0015, 0.004) * boost)
            campaign = rng.choice(CAMPAIGNS) if rng.random() < 0.35 else ""
            conversions = rng.randint(1, 6) if campaign else rng.choice((0, 0, 0, 1))
            rows.append({
                "post_id": "",
                "published_at": local(d, rng.choice((8, 11, 12, 17, 19, 20)), rng.choice((0, 15, 30, 45))).isoformat(),
                "platform": platform,
                "content_type": ctype,
                "likes": likes,
                "comments": comments,
                "shares": shares,
                "reach": reach,
                "impressions": impressions,
                "views": int(impressions * rng.uniform(0.25, 0.45)) if video else "",
                "clicks": int(reach * rng.uniform(0.004, 0.012)),
                "conversions": conversions,
                "revenue": conversions * AVG_ORDER_THB + (rng.choice((0, 90, 180)) if conversions else 0),
                "campaign": campaign,
            })
    rows.sort(key=lambda r: (r["published_at"], r["platform"]))
    for n, r in enumerate(rows, start=1):
        r["post_id"] = f"{ID_PREFIX[r['platform']]}-{YEAR % 100}{MONTH:02d}{n:03d}"
    if not planted:
        return rows
    # A few cells the export left empty (the report keeps those posts, without that number).
    for i, col in ((7, "shares"), (23, "clicks"), (41, "reach"), (58, "comments")):
        rows[i][col] = ""
    # One unreadable cell: the report rejects that row and says why.
    rows[33]["likes"] = "1.2k"
    # The same post exported twice (a re-run of the export): counted once, last copy wins.
    dup = dict(rows[12])
    dup["likes"] = int(dup["likes"]) + 4
    rows.insert(len(rows) - 5, dup)
    return rows


def make_influencer_posts(rng: random.Random, scale: float = 1.0) -> list[dict]:
    rows = []
    for n, d in enumerate(sorted(rng.sample(range(2, 30), round(11 * scale))), start=1):
        name = INFLUENCERS[(n - 1) % len(INFLUENCERS)]
        platform = rng.choice(("instagram", "tiktok", "tiktok", "facebook"))
        reach = int(rng.uniform(12000, 55000))
        conversions = rng.randint(2, 16)
        rows.append({
            "post_id": f"INF-{MONTH:02d}{n:02d}",
            "published_at": local(d, rng.choice((12, 18, 20)), 0).isoformat(),
            "platform": platform,
            "influencer": name,
            "content_type": "reel" if platform == "instagram" else "video",
            "likes": int(reach * rng.uniform(0.03, 0.05)),
            "comments": int(reach * rng.uniform(0.003, 0.006)),
            "shares": int(reach * rng.uniform(0.002, 0.005)),
            "reach": reach,
            "impressions": int(reach * rng.uniform(1.1, 1.4)),
            "views": int(reach * rng.uniform(0.6, 0.9)),
            "conversions": conversions,
            "revenue": conversions * AVG_ORDER_THB,
            "campaign": rng.choice(CAMPAIGNS),
        })
    return rows


def make_comments(rng: random.Random, posts: list[dict], scale: float = 1.0) -> list[dict]:
    # October: 70% positive, 24% neutral, 6% negative of the labelled ones, plus a few not yet labelled.
    # September (scale < 1): fewer comments, and more complaints about slow delivery.
    negative = 14 if scale == 1.0 else 16
    labels = (["positive"] * round(168 * scale) + ["neutral"] * round(58 * scale) + ["negative"] * negative
              + [""] * round(6 * scale))
    rng.shuffle(labels)
    own = [p for p in posts if p["likes"] != "1.2k"]
    rows = []
    for n, label in enumerate(labels, start=1):
        post = rng.choice(own)
        at = dt.datetime.fromisoformat(post["published_at"]) + dt.timedelta(minutes=rng.randint(3, 2000))
        at = min(at, local(DAYS, 23, 50))
        text = rng.choice(COMMENT_TEXT[label or rng.choice(("positive", "neutral"))])
        rows.append({"comment_id": "", "created_at": at.isoformat(), "platform": post["platform"],
                     "post_id": post["post_id"], "text": text, "sentiment": label or None})
    rows.sort(key=lambda r: (r["created_at"], r["post_id"], r["text"]))
    for n, r in enumerate(rows, start=1):
        r["comment_id"] = f"CM-{MONTH:02d}{n:04d}"
    return rows


def make_ads(rng: random.Random, scale: float = 1.0) -> list[dict]:
    plan = [  # (platform, campaign, spend THB, CPM THB, CTR, conversion rate of clicks, order value)
        ("meta", "pumpkin-spice-latte", 9800, 92, 0.012, 0.021, 820),
        ("meta", "pumpkin-spice-latte", 6400, 88, 0.014, 0.019, 790),
        ("meta", "halloween-cold-brew", 7200, 96, 0.011, 0.020, 860),
        ("meta", "beans-1111-preorder", 8600, 105, 0.010, 0.026, 1150),
        ("meta", "always-on-retargeting", 4100, 120, 0.018, 0.034, 950),
        ("google", "search-brand", 3500, 210, 0.062, 0.040, 900),
        ("google", "search-coffee-beans", 7900, 180, 0.038, 0.028, 1050),
        ("google", "performance-max", 6200, 70, 0.009, 0.022, 980),
        ("tiktok", "halloween-cold-brew", 5600, 48, 0.009, 0.012, 700),
        ("tiktok", "pumpkin-spice-latte", 4800, 45, 0.010, 0.011, 680),
        ("tiktok", "beans-1111-preorder", 3900, 52, 0.008, 0.015, 1100),
    ]
    rows = []
    for n, (platform, campaign, spend, cpm, ctr, cvr, aov) in enumerate(plan, start=1):
        # September: smaller budgets and a weaker offer (fewer clicks convert) than the October push.
        spend = round(spend * scale * rng.uniform(0.9, 1.1), 2)
        impressions = int(spend / cpm * 1000)
        clicks = int(impressions * ctr * rng.uniform(0.9, 1.1))
        conversions = int(clicks * cvr * scale * rng.uniform(0.85, 1.15))
        rows.append({
            "ad_id": f"{ {'meta': 'META', 'google': 'GADS', 'tiktok': 'TTADS'}[platform]}-{MONTH:02d}{n:02d}",
            "campaign": campaign,
            "date": day(1 if n % 3 else 8).isoformat(),
            "platform": platform,
            "spend": spend,
            "impressions": impressions,
            "reach": int(impressions / rng.uniform(1.6, 2.4)) if platform != "google" else None,
            "clicks": clicks,
            "conversions": conversions,
            "revenue": round(conversions * aov * rng.uniform(0.9, 1.1), 2),
        })
    return rows


def make_sessions(rng: random.Random, scale: float = 1.0) -> list[dict]:
    rows = []
    for d in range(1, DAYS + 1):
        weekend = day(d).weekday() >= 5
        sessions = int(rng.uniform(380, 560) * (1.3 if weekend else 1.0) * (0.7 + 0.3 * scale))
        engaged = int(sessions * rng.uniform(0.48, 0.58))
        rows.append({
            "date": day(d).isoformat(),
            "sessions": sessions,
            "engaged_sessions": engaged,
            "duration_seconds": int(sessions * rng.uniform(80, 115)),
            "pageviews": int(sessions * rng.uniform(2.1, 2.7)),
        })
    return rows


def _next_business_morning(t: dt.datetime) -> dt.datetime:
    t = (t + dt.timedelta(days=1)).replace(hour=9, minute=0) if t.hour >= 18 else t.replace(hour=9, minute=0)
    while t.weekday() >= 5:
        t += dt.timedelta(days=1)
    return t


def make_tickets(rng: random.Random, planted: bool = True) -> list[dict]:
    rows = []
    n = 0
    for d in range(1, DAYS + 1):
        times = sorted(
            (rng.choices(range(7, 23), weights=(1, 3, 6, 7, 7, 6, 6, 7, 6, 5, 5, 3, 3, 2, 2, 1))[0], rng.randint(0, 59))
            for _ in range(rng.randint(3, 7)))
        for hour, minute in times:
            n += 1
            created = local(d, hour, minute)
            in_hours = created.weekday() < 5 and 9 <= created.hour < 18
            if in_hours:
                first = created + dt.timedelta(minutes=rng.randint(4, 70))
            else:  # answered the next business morning
                first = _next_business_morning(created) + dt.timedelta(minutes=rng.randint(5, 60))
            channel = rng.choice(("line", "line", "facebook", "email", "phone"))
            status = rng.choices(("solved", "closed", "open", "pending"), weights=(70, 20, 6, 4))[0]
            resolved = None
            if status in ("solved", "closed"):
                resolved = first + dt.timedelta(minutes=rng.randint(10, 300))
                if resolved.weekday() >= 5 or not 9 <= resolved.hour < 18:  # finished the next working morning
                    resolved = _next_business_morning(resolved) + dt.timedelta(minutes=rng.randint(15, 120))
            if resolved and resolved > local(DAYS, 23, 59):
                resolved, status = None, "pending"
            contacts = rng.choices((1, 2, 3, 4), weights=(62, 24, 10, 4))[0]
            if channel in ("line", "facebook"):  # chat surveys ask "good / bad"
                csat = rng.choices(("good", "bad", "", "offered"), weights=(62, 8, 22, 8))[0]
            else:  # email and phone surveys ask for 1-5
                csat = rng.choices(("5", "4", "3", "2", "1", ""), weights=(38, 24, 6, 3, 2, 27))[0]
            rows.append({
                "ticket_id": f"T-{MONTH:02d}{n:03d}",
                "created_at": created.strftime("%Y-%m-%d %H:%M"),  # local time, as the desk exports it
                "channel": channel,
                "status": status,
                "first_response_at": first.strftime("%Y-%m-%d %H:%M"),
                "resolved_at": resolved.strftime("%Y-%m-%d %H:%M") if resolved else "",
                "contacts": contacts,
                "escalated": "yes" if rng.random() < 0.07 else "no",
                "csat": csat if status in ("solved", "closed") else "",
                "handling_minutes": round(rng.uniform(6, 34) + 4 * (contacts - 1), 1),
                "assignee": rng.choice(("Nok", "Fah", "Beam", "Pim")),
            })
    if not planted:
        return rows
    rows[17]["first_response_at"] = ""  # never answered in the tool (handled by phone)
    rows.insert(60, dict(rows[59]))  # the same ticket exported twice
    return rows


def make_kb(rng: random.Random) -> list[dict]:
    rows = []
    for n, title in enumerate(KB_TITLES, start=1):
        views = int(rng.lognormvariate(5.6, 0.7))
        rows.append({
            "article_id": f"KB-{n:03d}",
            "title": title,
            "date": day(rng.randint(1, 28)).replace(month=rng.choice((6, 8, 9, 10))).isoformat(),
            "views": views,
            "likes": int(views * rng.uniform(0.03, 0.08)) if n != 9 else "",
        })
    return rows


def make_followers(rng: random.Random, start: dict[str, float], scale: float = 1.0) -> list[dict]:
    """One month of daily counts from ``start`` (updated in place: the next month carries on)."""
    monthly_growth = {"facebook": 0.011, "instagram": 0.028, "tiktok": 0.062, "x": -0.004}
    rows = []
    for platform in PLATFORMS:
        f = start[platform]
        daily = monthly_growth[platform] * scale / (DAYS - 1)
        for d in range(1, DAYS + 1):
            rows.append({"date": day(d).isoformat(), "platform": platform, "followers": int(round(f))})
            f *= 1 + daily * rng.uniform(0.2, 1.8)
        start[platform] = f
    return rows


# --- writing --------------------------------------------------------------------------------
def write_csv(path: Path, rows: list[dict]) -> None:
    header = list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r.get(h) for h in header])


def write_json(path: Path, doc: object) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8", newline="\n")


def generate(out: Path) -> list[Path]:
    """Write every example file into ``out``; returns the paths written."""
    global MONTH, DAYS
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    names = ("posts.csv", "influencer_posts.csv", "comments.jsonl", "ads", "web_sessions.csv",
             "support_tickets.csv", "followers.csv")
    rows: dict[str, list[dict]] = {n: [] for n in names}
    followers = {"facebook": 18100.0, "instagram": 12550.0, "tiktok": 8150.0, "x": 2110.0}
    for MONTH, (DAYS, scale) in MONTHS.items():
        last = MONTH == max(MONTHS)  # the planted problems are in the latest month only
        posts = make_posts(rng, scale, planted=last)
        rows["posts.csv"] += posts
        rows["influencer_posts.csv"] += make_influencer_posts(rng, scale)
        rows["comments.jsonl"] += make_comments(rng, posts, scale)
        rows["ads"] += make_ads(rng, scale)
        rows["web_sessions.csv"] += make_sessions(rng, scale)
        rows["support_tickets.csv"] += make_tickets(rng, planted=last)
        rows["followers.csv"] += make_followers(rng, followers, scale)
    files = {
        "posts.csv": (write_csv, rows["posts.csv"]),
        "influencer_posts.csv": (write_csv, rows["influencer_posts.csv"]),
        "comments.jsonl": (write_jsonl, rows["comments.jsonl"]),
        "ads.json": (write_json, {"data": rows["ads"]}),
        "web_sessions.csv": (write_csv, rows["web_sessions.csv"]),
        "support_tickets.csv": (write_csv, rows["support_tickets.csv"]),
        "kb_articles.csv": (write_csv, make_kb(rng)),
        "followers.csv": (write_csv, rows["followers.csv"]),
    }
    written = []
    for name, (writer, data) in files.items():
        writer(out / name, data)
        written.append(out / name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "data"
    for p in generate(target):
        print(p)
