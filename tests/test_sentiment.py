"""Sentiment from comment text: routing, normalisation, pinned labels, the report hook and
`smkpi sentiment`. Labels pinned here were read off the shipped model once; a retrained model that
changes them must say so here."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import polars as pl
import pytest

from conftest import write_csv

pytest.importorskip("numpy", reason="the sentiment model needs numpy (a runtime dependency)")
pytest.importorskip("vaderSentiment", reason="English sentiment needs vaderSentiment (a runtime dependency)")

from smkpi.sentiment import features  # noqa: E402
from smkpi.sentiment.infer import label_texts, route  # noqa: E402

LONG = "ร้านนี้อาหารอร่อยมาก บริการดี " * 400  # 12,000 characters

PINNED = [  # text, label
    ("อร่อยมากกกก ชอบมากค่ะ", "positive"),
    ("แย่มาก รอนานเกินไป ไม่มาอีกแล้ว", "negative"),
    ("ร้านเปิดกี่โมงคะ", "neutral"),  # a question: neutral in 3 classes
    ("I love this place, amazing food!", "positive"),
    ("Worst service ever, never again.", "negative"),
    ("The store opens at 9am.", "neutral"),
    ("สินค้าดีมาก recommend เลยค่ะ", "positive"),
    ("😍😍😍", "positive"),
]


def _texts(*xs):
    return pl.Series(list(xs), dtype=pl.String)


def test_route_by_script():
    got = route(_texts("สวัสดี", "hello", "ดีมาก good", "😍😍", "555", "", "   ", None)).to_list()
    assert got == ["thai", "english", "thai", "thai", "thai", None, None, None]


def test_normalise_repetition_laughter_links_numbers():
    norm = features.normalise(_texts("มากกกกก!!!!", "55555+ ขำ", "ดู https://x.co/a นะ", "ราคา 1,299 บาท",
                                     "HeLLo\u200b\ufe0f")).to_list()
    assert norm[1] == features.LAUGH + " ขำ"
    assert norm[2] == "ดู " + features.URL + " นะ"
    assert norm[3] == "ราคา 0 บาท"
    assert norm[4] == "hello"
    cps, tid = features.codepoints(_texts("มากกกกก!!!!", "ab"))
    first = "".join(chr(c) for c, t in zip(cps, tid) if t == 0)
    assert first == features.START + "มากก!!" + features.END  # runs cut to two
    assert "".join(chr(c) for c, t in zip(cps, tid) if t == 1) == features.START + "ab" + features.END


def test_ngrams_stay_inside_each_text():
    cps, tid = features.codepoints(_texts("ab", "c"))
    t, b = features.ngram_buckets(cps, tid, 18)
    # "\x02ab\x03": 4 + 3 + 2 + 1 = 10 n-grams; "\x02c\x03": 3 + 2 + 1 = 6
    assert list(pl.Series(t).value_counts(sort=True)["count"]) == [10, 6]
    assert b.min() >= 0 and b.max() < 2**18


def test_pinned_labels_are_deterministic():
    texts = _texts(*[t for t, _ in PINNED])
    first = label_texts(texts)
    assert first["sentiment"].to_list() == [lab for _, lab in PINNED]
    again = label_texts(texts)
    assert again.equals(first)  # same labels and the same scores, run after run
    assert first["sentiment_score"].is_between(0, 1).all()


def test_empty_blank_and_very_long_texts():
    got = label_texts(_texts("", "  ", None, LONG, "👍"))
    assert got["sentiment"].to_list()[:3] == [None, None, None]
    assert got["sentiment_score"].to_list()[:3] == [None, None, None]
    assert got["sentiment"][3] == "positive"
    assert got["sentiment"][4] in ("positive", "neutral", "negative")


def test_batches_give_the_same_labels_as_one_text_at_a_time(monkeypatch):
    from smkpi.sentiment import infer

    texts = _texts(*[t for t, _ in PINNED] * 3)
    whole = label_texts(texts)
    monkeypatch.setattr(infer, "BATCH", 5)
    seen = []
    parts = label_texts(texts, progress=lambda done, total: seen.append((done, total)))
    assert parts["sentiment"].to_list() == whole["sentiment"].to_list()
    # 15 Thai-routed texts in batches of 5, then the 9 English ones
    assert seen == [(5, 24), (10, 24), (15, 24), (24, 24)]


# --- the report and `smkpi sentiment` ---------------------------------------------------------
ROWS = [  # a page-comments export: some rows labelled by the team, most not
    {"comment_id": "c1", "created_at": "2026-11-02 10:00", "author": "A", "text": "อร่อยมากกกก ชอบมากค่ะ", "sentiment": ""},
    {"comment_id": "c2", "created_at": "2026-11-02 10:05", "author": "B", "text": "แย่มาก รอนานเกินไป ไม่มาอีกแล้ว", "sentiment": ""},
    # the team's label wins, even where the model would disagree
    {"comment_id": "c3", "created_at": "2026-11-02 10:10", "author": "C", "text": "อร่อยมากกกก ชอบมากค่ะ", "sentiment": "negative"},
    {"comment_id": "c4", "created_at": "2026-11-02 10:15", "author": "D", "text": "I love this place, amazing food!", "sentiment": ""},
    {"comment_id": "c5", "created_at": "2026-11-02 10:20", "author": "E", "text": "", "sentiment": ""},  # nothing to label
    {"comment_id": "c6", "created_at": "2026-11-02 10:25", "author": "F", "text": "😍😍😍", "sentiment": ""},
    {"comment_id": "c7", "created_at": "not a date", "author": "G", "text": "ดีมาก", "sentiment": ""},  # rejected
]


@pytest.fixture
def comments(tmp_path):
    return write_csv(tmp_path / "comments.csv", ROWS)


def _report(cli, path, *extra):
    r = cli(["report", path, "--format", "json", "--family", "sentiment", *extra])
    assert r.exit_code in (0, 1), r.output
    doc = json.loads(r.stdout)
    return doc, {k["id"]: k for k in doc["kpis"]}


def test_report_infers_missing_labels_and_keeps_file_labels(cli, comments):
    doc, kpis = _report(cli, comments)
    # c1 positive (model), c2 negative (model), c3 negative (file), c4 positive (model), c6 positive (model);
    # c5 has no text, c7 is rejected: 5 mentions, 3 positive, 2 negative.
    assert kpis["sentiment.mentions"]["value"] == 5
    assert kpis["sentiment.positive_share"]["value"] == pytest.approx(3 / 5)
    assert kpis["sentiment.negative_share"]["value"] == pytest.approx(2 / 5)
    assert doc["inputs"][0]["inferred"] == 4
    assert doc["inputs"][0]["rejected"] == 1
    assert "4 of the labels inferred" in kpis["sentiment.positive_share"]["note"]


def test_no_infer_keeps_todays_behaviour(cli, comments):
    doc, kpis = _report(cli, comments, "--no-infer")
    assert kpis["sentiment.mentions"]["value"] == 1  # only c3 carries a label
    assert kpis["sentiment.negative_share"]["value"] == 1.0
    assert doc["inputs"][0]["inferred"] is None
    assert kpis["sentiment.positive_share"]["note"] is None


def _sentiment_csv(cli, path, *extra):
    r = cli(["sentiment", path, "--format", "csv", *extra])
    assert r.exit_code == 0, r.output
    return list(csv.DictReader(io.StringIO(r.stdout)))


def test_sentiment_command_writes_one_row_per_used_comment(cli, comments):
    rows = _sentiment_csv(cli, comments)
    assert [r["id"] for r in rows] == ["c1", "c2", "c3", "c4", "c5", "c6"]  # c7 rejected, as in report
    assert [r["sentiment"] for r in rows] == ["positive", "negative", "negative", "positive", "", "positive"]
    assert [r["sentiment_source"] for r in rows] == ["model", "model", "label", "model", "", "model"]
    assert rows[2]["sentiment_score"] == ""  # a file label has no model confidence
    assert all(0 < float(rows[i]["sentiment_score"]) <= 1 for i in (0, 1, 3, 5))
    assert list(rows[0])[:4] == ["id", "sentiment", "sentiment_score", "sentiment_source"]
    assert rows[0]["author"] == "A" and rows[0]["created_at"] == "2026-11-02 10:00"  # cells as written
    assert list(rows[0]).count("sentiment") == 1  # the file's own column is replaced, not repeated


def test_report_shares_equal_the_labels_sentiment_writes(cli, comments):
    rows = _sentiment_csv(cli, comments)
    labelled = [r["sentiment"] for r in rows if r["sentiment"]]
    _, kpis = _report(cli, comments)
    for s in ("positive", "negative", "neutral"):
        assert kpis[f"sentiment.{s}_share"]["value"] == pytest.approx(labelled.count(s) / len(labelled))


def test_written_file_reads_back_with_every_label_kept(cli, comments, tmp_path):
    out = tmp_path / "labelled" / "comments.csv"
    out.parent.mkdir()
    r = cli(["sentiment", comments, "-o", out])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Thai right
    assert "4 labelled by the model, 1 kept from the file" in r.stderr
    first = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    again = _sentiment_csv(cli, out)
    assert [r["sentiment"] for r in again] == [r["sentiment"] for r in first]
    assert {r["sentiment_source"] for r in again} == {"label", ""}  # nothing relabelled
    assert list(again[0]) == list(first[0])  # same columns, written back the same


def test_sentiment_row_number_as_id_and_jsonl(cli, tmp_path):
    # no comment_id: an empty sentiment column is what makes it a comments file
    p = write_csv(tmp_path / "mentions.csv", [{"text": "great job", "sentiment": ""}, {"text": "แย่มาก", "sentiment": ""}])
    r = cli(["sentiment", p, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["id"] for x in rows] == ["2", "3"]  # the rows' numbers in the file (header is row 1)
    assert [x["sentiment"] for x in rows] == ["positive", "negative"]
    assert rows[0]["text"] == "great job"


def test_sentiment_table_and_no_comments_file(cli, comments, tmp_path):
    r = cli(["sentiment", comments, "--format", "table"])
    assert r.exit_code == 0 and "positive" in r.stdout and "c6" in r.stdout
    assert "อร่อยมากกกก ชอบมากค่ะ" in r.stdout  # the text column, whatever its header
    p = write_csv(tmp_path / "posts.csv", [{"post_id": "p1", "likes": 1}])
    r = cli(["sentiment", p])
    assert r.exit_code == 2 and "no comments file" in r.stderr


def _imports(args: list[str]) -> str:
    code = "import sys; from smkpi.cli import main; sys.argv = ['smkpi', *sys.argv[1:]]; main()"
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args], capture_output=True, text=True)
    return r.stderr


def test_model_is_imported_only_when_a_text_needs_a_label(tmp_path):
    labelled = write_csv(tmp_path / "comments.csv", [{"comment_id": "c1", "text": "ดีมาก", "sentiment": "positive"}])
    for args in (["--help"], ["report", str(labelled), "--format", "json"]):
        log = _imports(args)
        assert "smkpi.sentiment.infer" not in log and "numpy" not in log and "vaderSentiment" not in log, args
    unlabelled = write_csv(tmp_path / "u" / "comments.csv", [{"comment_id": "c1", "text": "ดีมาก"}])
    assert "smkpi.sentiment.infer" in _imports(["report", str(unlabelled), "--format", "json"])
