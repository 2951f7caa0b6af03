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
import functools
import math
import random
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import polars as pl

from smkpi.config import load_settings
from smkpi.errors import ConfigError, SmkpiError
from smkpi.compute import compute
from smkpi.load import BAD, REASON, ROW, Dataset, InputFile, _stack, load
from smkpi.report import build_report, select_kpis

# The example count comes from the active profile (tests/conftest.py): 1,000 under SMKPI_HYPOTHESIS=ci.
MANY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
        assert f.rows == f.used + f.rejected + f.duplicates + f.blank, f
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


@MANY
@given(st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b)))
def test_arbitrary_bytes_as_excel_raise_only_smkpi_errors(data):
    _load_bytes("posts.xlsx", data)


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
    if "post_id" not in header and draw(st.integers(0, 9)) < 8:  # mostly loadable: exercise the typing
        header.insert(draw(st.integers(0, len(header))), "post_id")
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
        event("file-level error")
        return
    if not loaded.inputs:  # a name is a hint: without a posts column the file is skipped, with the reason
        assert [s.path for s in loaded.skipped] == [str(p)] and loaded.skipped[0].reason
        event("skipped")
        return
    event("loaded")
    _check_accounting(loaded)
    # Every written record is one row: nothing merged, split or lost on the way in.
    assert loaded.inputs[0].rows == len(rows)


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


# --- KPI properties ----------------------------------------------------------------------------
# Loading is dominated by Polars planning the typing query (~0.1 s a call, whatever the size), so
# 1,000 loads per property would take minutes. Instead a seeded pool of varied rows goes through the
# real loader once; each example picks rows from the typed pool (a subset, an order, a split into
# files) and runs the real stacking (load._stack) and compute. End-to-end file versions of the same
# properties run on a few seeds below.
SHARES = ["sentiment.positive_share", "sentiment.negative_share", "sentiment.neutral_share",
          "communication.first_contact_resolution", "communication.csat", "process.after_hours_share",
          "process.escalation_rate", "analytics.bounce_rate"]
POOL_SIZE = 60
POST_HEADER = ["post_id", "published_at", "platform", "content_type", "likes", "comments", "shares", "reach",
               "impressions", "views", "clicks", "conversions", "revenue", "influencer"]


def _write_rows(path: Path, rows: list[dict], header: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r[h] for h in header])


def _pool_rows(seed: int, n: int = POOL_SIZE) -> dict[str, tuple[list[dict], list[str]]]:
    rnd = random.Random(seed)

    def count(hi: int = 10_000):
        return None if rnd.random() < 0.15 else rnd.choice([0, 0, 1, rnd.randint(0, hi)])

    def ts():
        return f"2026-01-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00"

    posts = [{"post_id": f"p{i}", "published_at": ts(), "platform": rnd.choice(["facebook", "instagram", "tiktok"]),
              "content_type": rnd.choice(["video", "image", "reel", None]),
              **{c: count() for c in ("likes", "comments", "shares", "reach", "impressions", "views", "clicks",
                                      "conversions")},
              "revenue": None if rnd.random() < 0.2 else rnd.randint(0, 10**6) / 100,
              "influencer": rnd.choice([None, None, "@amy", "@bo"])} for i in range(n)]
    comments = [{"comment_id": f"c{i}", "post_id": f"p{rnd.randrange(n)}",
                 "sentiment": rnd.choice(["positive", "negative", "neutral", "", "pos", "neg"])} for i in range(n)]
    tickets = [{"ticket_id": f"t{i}", "created_at": ts(),
                "first_response_minutes": None if rnd.random() < 0.3 else rnd.randint(0, 600),
                "status": rnd.choice(["open", "solved", "closed", ""]),
                "contacts": None if rnd.random() < 0.3 else rnd.randint(0, 4),
                "escalated": rnd.choice(["yes", "no", ""]),
                "csat": rnd.choice(["1", "2", "3", "4", "5", "good", "bad", ""])} for i in range(n)]
    sessions = []
    for i in range(n):
        total = rnd.randint(0, 50)
        sessions.append({"date": f"2026-01-{i % 28 + 1:02d}", "sessions": total, "bounces": rnd.randint(0, total),
                         "duration_seconds": rnd.randint(0, 5000), "pageviews": rnd.randint(0, 200)})
    return {
        "posts": (posts, POST_HEADER),
        "comments": (comments, ["comment_id", "post_id", "sentiment"]),
        "tickets": (tickets, ["ticket_id", "created_at", "first_response_minutes", "status", "contacts",
                              "escalated", "csat"]),
        "sessions": (sessions, ["date", "sessions", "bounces", "duration_seconds", "pageviews"]),
    }


@functools.cache
def typed_pool() -> dict[str, Dataset]:
    """The pool through the real loader: one typed frame per kind, row i = pool row i."""
    d = _fresh_dir("pool")
    for kind, (rows, header) in _pool_rows(seed=20261127).items():
        _write_rows(d / f"{kind}.csv", rows, header)
    loaded = load([d], SETTINGS)
    assert all(f.rejected == 0 and f.duplicates == 0 for f in loaded.inputs)
    return loaded.datasets


def _subset(ds: Dataset, idx: list[int]) -> Dataset:
    return Dataset(ds.kind, ds.frame[idx], ds.present)


def _as_files(kind: str, parts: list[pl.DataFrame]) -> tuple[list[InputFile], list[pl.DataFrame]]:
    """Typed frames as the loader hands them to _stack: one per file, no rejected rows."""
    inputs, frames = [], []
    for n, df in enumerate(parts):
        inputs.append(InputFile(f"{kind}_{n}.csv", kind, "csv"))
        frames.append(df.with_columns(pl.int_range(2, df.height + 2, dtype=pl.Int64).alias(ROW),
                                      pl.lit(None, dtype=pl.String).alias(REASON), pl.lit(None, dtype=pl.String).alias(BAD)))
    return inputs, frames


def _stacked(parts_by_kind: dict[str, list[pl.DataFrame]], pool: dict[str, Dataset]) -> dict[str, Dataset]:
    inputs, frames, presents = [], [], []
    for kind, parts in parts_by_kind.items():
        i, f = _as_files(kind, parts)
        inputs += i
        frames += f
        presents += [pool[kind].present] * len(parts)
    loaded = _stack(inputs, frames, presents, [])
    _check_accounting(loaded)
    return loaded.datasets


indices = st.lists(st.integers(0, POOL_SIZE - 1), unique=True, max_size=12)


@MANY
@given(comments=indices, tickets=indices, sessions=indices)
def test_share_kpis_stay_within_0_and_1(comments, tickets, sessions):
    pool = typed_pool()
    datasets = {k: _subset(pool[k], idx) for k, idx in
                (("comments", comments), ("tickets", tickets), ("sessions", sessions)) if idx}
    values = {v.kpi.id: v.value for v in compute(select_kpis(["sentiment", "communication", "process", "analytics"]),
                                                  datasets)}
    for kpi in SHARES:
        v = values[kpi]
        assert v is None or (isinstance(v, float) and 0.0 <= v <= 1.0), (kpi, v)
    pos, neg, neu = (values[f"sentiment.{s}_share"] for s in ("positive", "negative", "neutral"))
    if pos is not None:
        assert math.isclose(pos + neg + neu, 1.0, rel_tol=1e-12)
    assert (pos is None) == (not any(pool["comments"].frame["sentiment"][i] for i in comments))


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


SPLIT_FAMILIES = ["engagement", "reach", "conversion", "sentiment", "influencer", "content", "communication",
                  "process", "analytics"]


@st.composite
def splits(draw):
    """Per kind: pool rows (unique ids), then the same rows shuffled and cut into files."""
    out = {}
    for kind in ("posts", "comments", "tickets", "sessions"):
        idx = draw(st.lists(st.integers(0, POOL_SIZE - 1), unique=True, max_size=10))
        order = draw(st.permutations(idx))
        cuts = sorted(draw(st.lists(st.integers(0, len(idx)), max_size=2)))
        bounds = [0, *cuts, len(idx)]
        out[kind] = (idx, [list(order[a:b]) for a, b in zip(bounds, bounds[1:])])
    return out


@MANY
@given(splits())
def test_kpis_do_not_depend_on_row_order_or_file_split(split):
    pool = typed_pool()
    kpis = select_kpis(SPLIT_FAMILIES)
    one = _stacked({k: [pool[k].frame[idx]] for k, (idx, _) in split.items() if idx}, pool)
    many = _stacked({k: [pool[k].frame[p] for p in parts] for k, (idx, parts) in split.items() if idx}, pool)
    for a, b in zip(compute(kpis, one), compute(kpis, many), strict=True):
        assert _same(a.value, b.value), (a.kpi.id, a.value, b.value)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_file_order_and_split_end_to_end(seed):
    """The same property through files and the whole loader, on a few seeded samples."""
    rnd = random.Random(seed)
    pool = _pool_rows(seed, n=25)
    one, split = _fresh_dir("e2e_one"), _fresh_dir("e2e_split")
    for kind, (rows, header) in pool.items():
        _write_rows(one / f"{kind}.csv", rows, header)
        shuffled = rows[:]
        rnd.shuffle(shuffled)
        cut = rnd.randint(0, len(rows))
        _write_rows(split / f"{kind}_a.csv", shuffled[:cut], header)
        _write_rows(split / f"{kind}_b.csv", shuffled[cut:], header)
    a = build_report([one], SETTINGS, SPLIT_FAMILIES)
    b = build_report([split], SETTINGS, SPLIT_FAMILIES)
    _check_accounting(a.loaded)
    _check_accounting(b.loaded)
    for ra, rb in zip(a.results, b.results, strict=True):
        assert _same(ra.value.value, rb.value.value), (ra.value.kpi.id, ra.value.value, rb.value.value)
    assert any(r.value.value is not None for r in a.results if r.value.kpi.family == "communication")


def test_the_property_tests_run_the_profile_count_and_ci_runs_1000():
    # Guards against an edit silently lowering the example count below the profile's (and CI's) bar.
    from conftest import PROFILE, PROFILES

    assert PROFILES["ci"] >= 1000
    ci = Path(__file__).parents[1] / ".ci" / "run"
    assert "SMKPI_HYPOTHESIS=ci" in ci.read_text(encoding="utf-8")
    for fn in (test_arbitrary_bytes_as_csv_raise_only_smkpi_errors, test_arbitrary_tables_raise_only_smkpi_errors_and_account_every_row,
               test_targets_parser_on_arbitrary_text_raises_only_config_errors, test_share_kpis_stay_within_0_and_1,
               test_kpis_do_not_depend_on_row_order_or_file_split):
        assert fn.hypothesis.inner_test and fn._hypothesis_internal_use_settings.max_examples == PROFILES[PROFILE]


