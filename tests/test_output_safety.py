"""`-o` never destroys an input (issue 15, item 2): refused over inputs and the targets file, written
through a temporary file and a rename, and a report saved inside a data folder is not read back as data."""

from __future__ import annotations

import json
import os

import pytest

from conftest import write_csv
from smkpi.outputs import marker, write
from smkpi.outputs.registry import FORMATS


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 10, "comments": 50, "shares": 30, "reach": 100},
                                {"post_id": "p2", "likes": 30, "comments": 50, "shares": 30, "reach": 100}])
    write_csv(d / "notes.csv", [{"a": 1}])  # a file of no known kind: skipped, but still the user's
    return d


@pytest.mark.parametrize("victim", ["posts.csv", "notes.csv"])
def test_output_over_an_input_is_refused(cli, data, victim):
    before = (data / victim).read_bytes()
    r = cli(["report", data, "--format", "json", "-o", data / victim])
    assert r.exit_code == 2
    assert r.stderr.endswith(f"smkpi: error: {data / victim}: is an input file of this run; refusing to overwrite it " \
                       f"with the report (choose another -o path)\n")
    assert (data / victim).read_bytes() == before


def test_output_over_the_targets_file_or_a_named_file_is_refused(cli, data, tmp_path):
    t = tmp_path / "t.yaml"
    t.write_text('targets:\n  engagement.likes_per_post: ">= 20"\n', encoding="utf-8")
    before = t.read_bytes()
    r = cli(["report", data, "--targets", t, "-o", t, "--format", "json"])
    assert r.exit_code == 2 and "is the targets file of this run" in r.stderr and t.read_bytes() == before
    # the same file by another spelling (../, a symlink) is the same file
    link = tmp_path / "link.csv"
    link.symlink_to(data / "posts.csv")
    r = cli(["report", data / "posts.csv", "-o", data / ".." / "d" / "posts.csv", "--format", "json"])
    assert r.exit_code == 2
    r = cli(["report", data, "-o", link, "--format", "json"])
    assert r.exit_code == 2 and (data / "posts.csv").read_text(encoding="utf-8").startswith("post_id")
    r = cli(["report", data, "-o", tmp_path / "a.md", "-o", tmp_path / "." / "a.md"])
    assert r.exit_code == 2 and "named twice" in r.stderr


def test_a_failed_render_leaves_the_old_file_whole(cli, data, tmp_path, monkeypatch):
    out, other = tmp_path / "report.md", tmp_path / "report.html"
    out.write_text("old report\n", encoding="utf-8")
    from smkpi.outputs import html

    def boom(ctx):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(html, "render", boom)
    r = cli(["report", data, "-o", out, "-o", other])
    assert r.exit_code == 2 and "disk on fire" in r.stderr
    assert out.read_text(encoding="utf-8") == "old report\n"  # rendered first, written only when all are ready
    assert not other.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_atomic_write_replaces_in_one_step_and_cleans_up(tmp_path, monkeypatch):
    p = tmp_path / "r.json"
    write.atomic_write(p, b"one")
    assert p.read_bytes() == b"one" and oct(p.stat().st_mode & 0o777) != "0o600"
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        write.atomic_write(p, b"two")
    assert p.read_bytes() == b"one" and sorted(x.name for x in tmp_path.iterdir()) == ["r.json"]
    with pytest.raises(OSError) as e:
        write.atomic_write(tmp_path / "missing" / "r.json", b"x")
    assert e.value.filename == str(tmp_path / "missing" / "r.json")


def test_reports_inside_the_data_folder_are_not_read_back(cli, data):
    outs = [data / n for n in ("r.json", "r.xlsx", "r.txt", "r.html", "r.md", "junit.xml")]
    first = cli(["report", data, "--family", "engagement", *sum((["-o", o] for o in outs), [])])
    assert first.exit_code == 0, first.stderr
    assert all(marker.is_own_output(o) for o in outs)
    second = cli(["report", data, "--family", "engagement", "--format", "json", "-o", data / "r.json"])
    assert second.exit_code == 0, second.stderr
    doc = json.loads((data / "r.json").read_text(encoding="utf-8"))
    assert [os.path.basename(f["path"]) for f in doc["inputs"]] == ["posts.csv"]
    assert [os.path.basename(s["path"]) for s in doc["skipped"]] == ["notes.csv"]  # our reports are not listed
    # and the Thai table is recognised too
    r = cli(["report", data, "-o", data / "th.txt", "--lang", "th", "--family", "engagement"])
    assert r.exit_code == 0 and marker.is_own_output(data / "th.txt")


def test_the_marker_does_not_claim_users_files(tmp_path):
    cases = {"export.json": '{"data": [{"schema_version": 1}]}', "posts.txt": "post_id\tlikes\np1\t3\n",
             "page.html": "<html><meta name='generator' content='WordPress'></html>", "notes.md": "# notes\n",
             "feed.xml": "<?xml version='1.0'?><rss/>", "posts.xlsx": "not a zip"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert not marker.is_own_output(tmp_path / name), name
    assert not marker.is_own_output(tmp_path / "absent.json")
    assert set(marker._SUFFIXES) >= {s for f in FORMATS.values() for s in f.suffixes}
