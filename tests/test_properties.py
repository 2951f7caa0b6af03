"""Property-based tests (hypothesis) over the loaders and the targets parser.

- Arbitrary bytes as a CSV, JSON or JSON Lines file, and arbitrary tables, raise nothing but
  smkpi's own errors (SmkpiError); when they load, every file's rows = used + rejected + duplicates.
- The targets parser raises nothing but ConfigError on arbitrary text and arbitrary YAML documents.
- Share KPIs stay within [0, 1].
- KPI values do not depend on row order or on how rows are split across files (ids are unique).

Each property runs 1,000 examples on small inputs through the library (not the CLI) to stay cheap.
"""

from __future__ import annotations

import csv
import math
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smkpi.config import load_settings
from smkpi.errors import ConfigError, SmkpiError
from smkpi.load import load
from smkpi.report import build_report

MANY = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = load_settings(None)
_TMP = tempfile.TemporaryDirectory(prefix="smkpi-prop-")
TMP = Path(_TMP.name)


def _fresh_dir(name: str) -> Path:
    d = TMP / name
    d.mkdir(exist_ok=True)
    for p in d.iterdir():
        p.unlink()
    return d


def _check_accounting(loaded) -> None:
    for f in loaded.inputs:
        assert f.rows == f.used + f.rejected + f.duplicates, f
        assert min(f.used, f.rejected, f.duplicates) >= 0
    assert sum(d.frame.height for d in loaded.datasets.values()) == sum(f.used for f in loaded.inputs)


# --- arbitrary bytes ------------------------------------------------------------------------
CSV_ALPHABET = list('post_id,likes;comments\tshares"reach\n\r 0123456789-.eE+abcNnIi{}[]:\\\x00é฿')
csvish = st.lists(st.sampled_from(CSV_ALPHABET), max_size=200).map(lambda cs: "".join(cs).encode("utf-8"))
HEADERS = [b"post_id,likes,comments,shares,reach\n", b"post_id;likes;views\n", b"date\tsessions\tbounces\n", b""]
csv_bytes = st.one_of(
    st.binary(max_size=300),
    csvish,
    st.tuples(st.sampled_from(HEADERS), csvish).map(lambda t: t[0] + t[1]),
)
JSON_ALPHABET = list('[]{}",:0123456789-.eE truefalsnul\n\\u"post_idlikes') + ['"post_id"', '"likes"', "\\ud800"]
jsonish = st.lists(st.sampled_from(JSON_ALPHABET), max_size=120).map(lambda cs: "".join(cs).encode("utf-8"))
json_bytes = st.one_of(st.binary(max_size=300), jsonish,
                       jsonish.map(lambda b: b'[{"post_id": "p1", "likes": ' + b + b"}]"),
                       jsonish.map(lambda b: b'{"post_id": "p1", "likes": 1}\n' + b))


def _load_bytes(name: str, data: bytes) -> None:
    d = _fresh_dir("bytes")
    p = d / name
    p.write_bytes(data)
    try:
        loaded = load([p], SETTINGS)
    except SmkpiError:
        return
    _check_accounting(loaded)


@MANY
@given(csv_bytes)
def test_arbitrary_bytes_as_csv_raise_only_smkpi_errors(data):
    _load_bytes("posts.csv", data)


@MANY
@given(json_bytes)
def test_arbitrary_bytes_as_json_raise_only_smkpi_errors(data):
    _load_bytes("posts.json", data)


@MANY
@given(json_bytes)
def test_arbitrary_bytes_as_jsonl_raise_only_smkpi_errors(data):
    _load_bytes("posts.jsonl", data)


# --- arbitrary tables -----------------------------------------------------------------------
COLUMNS = ["post_id", "published_at", "platform", "content_type", "likes", "comments", "shares", "reach",
           "impressions", "views", "revenue", "influencer", "Likes", "x y", ""]
cell = st.one_of(
    st.none(),
    st.integers(-5, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "-", "n/a", "NaN", "inf", "1,234", "1,5", "฿12.50", "2026-01-05", "2026-01-05T25:00",
                     "2999-01-01", "yes", '"', '""', "a,b", "line\nbreak", "cr\rhere", "\x00", "\ufeff", "1e400"]),
    st.text(max_size=8),
)


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=12))
    return header, rows


def _write_table(path: Path, header: list[str], rows: list[list[str | None]], sep: str = ",") -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=sep, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if c is None else c for c in r])


@MANY
@given(tables(), st.sampled_from([",", ";", "\t"]))
def test_arbitrary_tables_raise_only_smkpi_errors_and_account_every_row(table, sep):
    header, rows = table
    d = _fresh_dir("tables")
    p = d / "posts.csv"
    _write_table(p, header, rows, sep)
    try:
        loaded = load([p], SETTINGS)
    except SmkpiError:
        return
    _check_accounting(loaded)


# --- the targets parser ---------------------------------------------------------------------
KEYS = ["timezone", "currency", "business_hours", "targets", "sources", "days", "start", "end", "holidays",
        "match", "kind", "rename", "target", "severity", "engagement.likes_per_post", "sentiment.positive_share",
        "communication.avg_response_time", "content.top_type", "nope"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.sampled_from([">= 20", "> 80%", "<= 1h", "< 5%", "warn", "error", "09:00", "Asia/Bangkok",
                                     "mon", ">= 2", ">= 1.5", "> 120%", "<= 90", "Mars/Olympus", "25:00", "THB"]),
                    st.text(max_size=10))
documents = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=12)
YAML_ALPHABET = list("abc: -[]{}&*!|>'\"#%@`,?\n\t 0123456789.") + ["targets:", "  ", "&a ", "*a", "!!python/", "<<: "]
yamlish = st.lists(st.sampled_from(YAML_ALPHABET), max_size=80).map("".join)


def _settings_from_text(text: str) -> None:
    p = _fresh_dir("targets") / "targets.yaml"
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_settings(p)
    except ConfigError:
        pass


@MANY
@given(st.one_of(st.text(max_size=200), yamlish))
def test_targets_parser_on_arbitrary_text_raises_only_config_errors(text):
    _settings_from_text(text)


@MANY
@given(st.dictionaries(st.sampled_from(KEYS), documents, max_size=5))
def test_targets_parser_on_arbitrary_documents_raises_only_config_errors(doc):
    _settings_from_text(yaml.safe_dump(doc, allow_unicode=True))


# --- KPI properties over small generated data -----------------------------------------------
SHARES = ["sentiment.positive_share", "sentiment.negative_share", "sentiment.neutral_share",
          "communication.first_contact_resolution", "communication.csat", "process.after_hours_share",
          "process.escalation_rate", "analytics.bounce_rate"]
maybe_count = st.one_of(st.none(), st.integers(0, 10_000))
timestamps = st.builds(lambda d, h, m: f"2026-01-{d:02d}T{h:02d}:{m:02d}:00", st.integers(1, 28),
                       st.integers(0, 23), st.integers(0, 59))


@st.composite
def desk_data(draw):
    n_comments = draw(st.integers(0, 8))
    comments = [{"comment_id": f"c{i}", "sentiment": draw(st.sampled_from(["positive", "negative", "neutral", "", "pos"])),
                 "text": "hi"} for i in range(n_comments)]
    tickets = []
    for i in range(draw(st.integers(0, 8))):
        created = draw(timestamps)
        tickets.append({
            "ticket_id": f"t{i}", "created_at": created,
            "first_response_minutes": draw(st.one_of(st.none(), st.integers(0, 600))),
            "status": draw(st.sampled_from(["open", "solved", "closed", ""])),
            "contacts": draw(st.one_of(st.none(), st.integers(0, 4))),
            "escalated": draw(st.sampled_from(["yes", "no", ""])),
            "csat": draw(st.sampled_from(["1", "2", "3", "4", "5", "good", "bad", ""])),
        })
    sessions = []
    for i in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, 50))
        sessions.append({"date": f"2026-01-{i + 1:02d}", "sessions": s, "bounces": draw(st.integers(0, s)),
                         "duration_seconds": draw(st.integers(0, 5000))})
    return comments, tickets, sessions


def _write_rows(path: Path, rows: list[dict], header: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r[h] for h in header])


@MANY
@given(desk_data())
def test_share_kpis_stay_within_0_and_1(data):
    comments, tickets, sessions = data
    d = _fresh_dir("shares")
    paths = []
    for name, rows, header in (
        ("comments.csv", comments, ["comment_id", "sentiment", "text"]),
        ("tickets.csv", tickets, ["ticket_id", "created_at", "first_response_minutes", "status", "contacts",
                                  "escalated", "csat"]),
        ("sessions.csv", sessions, ["date", "sessions", "bounces", "duration_seconds"]),
    ):
        if rows:
            _write_rows(d / name, rows, header)
            paths.append(d / name)
    if not paths:
        return
    rep = build_report(paths, SETTINGS, ["sentiment", "communication", "process", "analytics"])
    values = {r.value.kpi.id: r.value.value for r in rep.results}
    for kpi in SHARES:
        v = values[kpi]
        assert v is None or (isinstance(v, float) and 0.0 <= v <= 1.0), (kpi, v)
    pos, neg, neu = (values[f"sentiment.{s}_share"] for s in ("positive", "negative", "neutral"))
    if pos is not None:
        assert math.isclose(pos + neg + neu, 1.0, rel_tol=1e-12)


POST_HEADER = ["post_id", "published_at", "platform", "content_type", "likes", "comments", "shares", "reach",
               "impressions", "views", "clicks", "conversions", "revenue", "influencer"]


@st.composite
def posts_data(draw):
    n = draw(st.integers(1, 10))
    rows = []
    for i in range(n):
        rows.append({
            "post_id": f"p{i}", "published_at": draw(timestamps),
            "platform": draw(st.sampled_from(["facebook", "instagram", "tiktok"])),
            "content_type": draw(st.sampled_from(["video", "image", "reel", None])),
            **{c: draw(maybe_count) for c in ("likes", "comments", "shares", "reach", "impressions", "views",
                                               "clicks", "conversions")},
            "revenue": draw(st.one_of(st.none(), st.integers(0, 10**6).map(lambda c: c / 100))),
            "influencer": draw(st.sampled_from([None, None, "@amy", "@bo"])),
        })
    comments = [{"comment_id": f"c{i}", "post_id": f"p{i % n}", "sentiment": s}
                for i, s in enumerate(draw(st.lists(st.sampled_from(["positive", "negative", "neutral"]), max_size=6)))]
    order = draw(st.permutations(range(n)))
    cut = draw(st.integers(0, n))
    return rows, comments, order, cut


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


@MANY
@given(posts_data())
def test_kpis_do_not_depend_on_row_order_or_file_split(data):
    rows, comments, order, cut = data
    one = _fresh_dir("one")
    split = _fresh_dir("split")
    _write_rows(one / "posts.csv", rows, POST_HEADER)
    shuffled = [rows[i] for i in order]
    _write_rows(split / "posts_a.csv", shuffled[:cut], POST_HEADER)
    _write_rows(split / "posts_b.csv", shuffled[cut:], POST_HEADER)
    if comments:
        _write_rows(one / "comments.csv", comments, ["comment_id", "post_id", "sentiment"])
        _write_rows(split / "comments.csv", comments[::-1], ["comment_id", "post_id", "sentiment"])
    families = ["engagement", "reach", "conversion", "sentiment", "influencer", "content"]
    a = build_report([one], SETTINGS, families)
    b = build_report([split], SETTINGS, families)
    assert sum(f.used for f in a.loaded.inputs) == sum(f.used for f in b.loaded.inputs)
    for ra, rb in zip(a.results, b.results, strict=True):
        assert ra.value.kpi.id == rb.value.kpi.id
        assert _same(ra.value.value, rb.value.value), (ra.value.kpi.id, ra.value.value, rb.value.value)
        assert ra.status == rb.status


def test_the_property_tests_really_run_1000_examples():
    # Guards against a profile or edit silently lowering the example count below the bar.
    for fn in (test_arbitrary_bytes_as_csv_raise_only_smkpi_errors, test_arbitrary_tables_raise_only_smkpi_errors_and_account_every_row,
               test_targets_parser_on_arbitrary_text_raises_only_config_errors, test_share_kpis_stay_within_0_and_1,
               test_kpis_do_not_depend_on_row_order_or_file_split):
        assert fn.hypothesis.inner_test and fn._hypothesis_internal_use_settings.max_examples >= 1000


