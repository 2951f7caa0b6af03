"""Which files are read (issue 14 items 1-2, issue 15 item 4): stray files, name hints, excludes, links."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import write_csv
from smkpi.discover import Inputs, discover, ignored, parse_ignore

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
TARGETS = Path(__file__).parent.parent / "targets.yaml"


def _skipped(doc: dict) -> dict[str, str]:
    return {Path(s["path"]).name: s["reason"] for s in doc["skipped"]}


def _values(doc: dict) -> dict[str, object]:
    return {k["id"]: k["value"] for k in doc["kpis"]}


def _stray_folder(tmp_path: Path) -> Path:
    """The example data plus what an admin keeps beside it (issue 14, "Done when")."""
    d = tmp_path / "exports"
    shutil.copytree(EXAMPLES, d)
    (d / "web_links.csv").write_text("url,owner\nhttps://shop.example/a,nok\nhttps://shop.example/b,nok\n"
                                     "https://shop.example/c,pim\n", encoding="utf-8")
    (d / "content_calendar.csv").write_text("date,topic,platform,owner\n2026-06-03,Rainy-season promo,facebook,nok\n"
                                            "2026-06-10,ร้านใหม่,instagram,pim\n", encoding="utf-8")
    (d / "settings.json").write_text(json.dumps({"theme": "dark"}), encoding="utf-8")
    (d / "untitled.csv").write_bytes(b"")
    return d


def test_stray_files_change_no_kpi_and_are_listed_as_skipped(cli, tmp_path):
    alone = cli(["report", EXAMPLES, "--format", "json", "--targets", TARGETS])
    mixed = cli(["report", _stray_folder(tmp_path), "--format", "json", "--targets", TARGETS])
    assert mixed.exit_code == alone.exit_code
    a, m = json.loads(alone.stdout), json.loads(mixed.stdout)
    assert _values(m) == _values(a)
    assert [Path(f["path"]).name for f in m["inputs"]] == [Path(f["path"]).name for f in a["inputs"]]
    skipped = _skipped(m)
    assert sorted(skipped) == ["content_calendar.csv", "settings.json", "untitled.csv", "web_links.csv"]
    assert skipped["untitled.csv"] == "empty file"
    assert skipped["web_links.csv"].startswith("not read as sessions: the name says sessions ('web') but the file "
                                               "has none of the columns that make one (sessions, bounces,")
    assert skipped["content_calendar.csv"].startswith("not read as posts: the name says posts ('content') but")
    assert skipped["settings.json"].startswith("a JSON object with no array of rows")
    for reason in skipped.values():  # the contents of a file that is not data are never quoted
        assert "https://" not in reason and "dark" not in reason and "topic" not in reason
    assert "skipped: " in mixed.stderr and mixed.stderr.count("skipped: ") == 4


def test_name_hint_needs_a_column_of_the_kind(tmp_path):
    d = tmp_path / "d"
    write_csv(d / "campaign_plan.csv", [{"campaign": "launch", "budget": 1000, "owner": "nok"}])
    write_csv(d / "post_ideas.csv", [{"idea": "unboxing", "owner": "pim"}])
    write_csv(d / "web_content_calendar.csv", [{"a": 1, "b": 2}])
    write_csv(d / "web_sessions.csv", [{"date": "2026-06-01", "sessions": 3}])
    from smkpi.config import load_settings
    from smkpi.load import load

    loaded = load([d], load_settings(None))
    assert [Path(f.path).name for f in loaded.inputs] == ["web_sessions.csv"]
    reasons = {Path(s.path).name: s.reason for s in loaded.skipped}
    assert reasons["campaign_plan.csv"].startswith("not read as ads: the name says ads ('campaign')")
    assert reasons["post_ideas.csv"].startswith("not read as posts: the name says posts ('post')")
    # Two kind words: the name decides nothing, and the reason says which words it found.
    assert reasons["web_content_calendar.csv"].startswith(
        "no known kind: the name names 2 kinds ('content' says posts, 'web' says sessions) and the columns match none")


def test_no_kind_reason_lists_every_kind_word(tmp_path):
    from smkpi.kinds import INFLUENCER_WORDS, KINDS, no_kind_reason

    reason = no_kind_reason("misc")
    words = [w for k in KINDS.values() for w in k.name_words] + list(INFLUENCER_WORDS)
    assert len(words) >= 28
    for w in words:
        assert w in reason


def test_a_named_file_with_one_metric_but_no_id_is_still_an_error(cli, tmp_path):
    p = write_csv(tmp_path / "posts.csv", [{"likes": 3, "shares": 1}])
    r = cli(["report", p])
    assert r.exit_code == 2
    assert r.stderr.startswith(f"smkpi: error: {p}: a posts file needs column(s) post_id; found likes, shares")
    assert "rename the header or map it" in r.stderr  # no header looks like post_id: no hint


@pytest.mark.parametrize("header", ["PostID", "Post_Idd", "Post IDs", "รหัส โพสต์"])
def test_a_header_that_looks_like_a_missing_required_column_is_named(cli, tmp_path, header):
    p = tmp_path / "posts.csv"
    p.write_text(f"{header},likes,shares\np1,3,1\n", encoding="utf-8")
    r = cli(["report", p])
    assert r.exit_code == 2
    assert r.stderr == (f"smkpi: error: {p}: a posts file needs column(s) post_id; found {header}, likes, shares — "
                        f"rename the header ('{header}' looks like post_id) or map it under sources: in targets.yaml\n")


def test_empty_csv_and_empty_json_array_and_non_utf8_name_do_not_stop_the_run(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    (d / "empty_posts.csv").write_bytes(b"")
    (d / "blank_tickets.csv").write_bytes(b"\r\n  \n")
    (d / "items.json").write_text("[]")
    (d / "readme.txt").write_bytes(b"hello \x00\x01\x02\xff\xfe binary")
    (d / "binary_posts.csv").write_bytes(b"\x00\x01\x02\xff" * 8)  # names a kind: read, and an error
    (d / "~$posts.xlsx").write_bytes(b"\x05nok  \x00" * 16)  # Excel's lock file beside an open workbook
    names = ["empty_posts.csv", "blank_tickets.csv", "items.json", "~$posts.xlsx", "readme.txt"]
    if os.name == "posix":
        try:
            (d / os.fsdecode(b"posts_\xff.csv")).write_text("post_id,likes\np9,1\n")
            names.append(os.fsdecode(b"posts_\xff.csv"))
        except (OSError, UnicodeError):
            pass
    broken = cli(["report", d, "--family", "engagement", "--format", "json"])
    assert broken.exit_code == 2 and "binary_posts.csv: looks like a binary file" in broken.stderr
    (d / "binary_posts.csv").unlink()
    r = cli(["report", d, "--family", "engagement", "--format", "json"])
    assert r.exit_code in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    assert _values(doc)["engagement.likes"] == 4
    reasons = _skipped(doc)
    assert len(reasons) == len(names)
    assert reasons["empty_posts.csv"] == reasons["blank_tickets.csv"] == "empty file"
    assert reasons["items.json"].startswith("no known kind")
    assert reasons["~$posts.xlsx"] == "an Office lock file (~$...), not an export"
    assert reasons["readme.txt"] == "binary bytes, not text: no known kind in its name or contents"
    if len(names) == 6:  # JSON shows the odd byte as \xff
        assert reasons["posts_\\xff.csv"] == "the file name is not valid UTF-8; rename the file to read it"


def test_exclude_and_smkpiignore(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    write_csv(d / "old" / "posts_2025.csv", [{"post_id": "p2", "likes": 100}])
    write_csv(d / "drafts" / "posts.csv", [{"post_id": "p3", "likes": 1000}])
    write_csv(d / "posts_copy.csv", [{"post_id": "p4", "likes": 10000}])
    (d / ".smkpiignore").write_text("# planning\ndrafts/\n*_copy.csv\n")

    def likes(*extra) -> int:
        r = cli(["report", d, "--family", "engagement", "--format", "json", *extra])
        assert r.exit_code in (0, 1), r.stderr
        doc = json.loads(r.stdout)
        assert doc["skipped"] == []  # excluded files are not "skipped": the user asked for it
        return _values(doc)["engagement.likes"]

    assert likes() == 104
    assert likes("--exclude", "old/") == 4
    assert likes("--exclude", "old/*", "--exclude", "nothing") == 4
    assert likes("--exclude", f"{d}/old/posts_2025.csv") == 4  # the path as written works too
    inspect = cli(["inspect", d, "--exclude", "old", "--format", "json"])
    assert [Path(f["path"]).name for f in json.loads(inspect.stdout)["files"]] == ["posts.csv"]


def test_gitignore_rules():
    rules = parse_ignore(["*.xlsx", "!keep.xlsx", "/top.csv", "build/", "a/**/z.csv", "# c", "", "\\#hash.csv"])
    assert ignored("x.xlsx", False, rules) and ignored("sub/x.xlsx", False, rules)
    assert not ignored("keep.xlsx", False, rules)
    assert ignored("top.csv", False, rules) and not ignored("sub/top.csv", False, rules)
    assert ignored("build", True, rules) and not ignored("build", False, rules)
    assert ignored("a/z.csv", False, rules) and ignored("a/b/c/z.csv", False, rules)
    assert ignored("#hash.csv", False, rules) and not ignored("c", False, rules)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs are POSIX")
def test_links_out_of_the_folder_are_not_followed(cli, tmp_path):
    secret = tmp_path / "outside" / "shadow"
    secret.parent.mkdir()
    secret.write_text("root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n")
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    os.symlink(secret, d / "tickets.csv")
    os.symlink(secret.parent, d / "more")
    os.symlink(d / "posts.csv", d / "posts_link.csv")  # inside the folder: read
    r = cli(["report", d, "--family", "engagement", "--format", "json"])
    assert r.exit_code in (0, 1)
    assert "root:*" not in r.stdout + r.stderr
    reasons = _skipped(json.loads(r.stdout))
    assert reasons["tickets.csv"].startswith("symbolic link to a file outside ")
    assert reasons["tickets.csv"].endswith("; not followed (use --follow-links to read it)")
    assert reasons["more"].startswith("symbolic link to a folder outside ")
    # A link to a file already read is read once, and listed: a second name is never dropped unsaid.
    assert reasons["posts_link.csv"] == f"the same file as {d / 'posts.csv'} (one file under two names, one a link): read once"
    assert [Path(i["path"]).name for i in json.loads(r.stdout)["inputs"]] == ["posts.csv"]


def test_a_second_name_of_a_file_is_listed_and_passes_strict_input(cli, tmp_path, monkeypatch):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    os.symlink("posts.csv", d / "a_posts.csv")  # sorts first: the link is the name read
    r = cli(["report", d, "--family", "engagement", "--format", "json", "--strict-input", "-t", _NO_TARGETS(tmp_path)])
    doc = json.loads(r.stdout)
    assert r.exit_code == 0, r.stderr
    assert [Path(i["path"]).name for i in doc["inputs"]] == ["a_posts.csv"] and doc["inputs"][0]["rows"] == 1
    assert _skipped(doc)["posts.csv"] == f"the same file as {d / 'a_posts.csv'} (one file under two names, one a link): read once"
    # one file named twice without a link (through ..): read once, nothing to say
    plain = tmp_path / "plain"
    write_csv(plain / "posts.csv", [{"post_id": "p1", "likes": 4}])
    monkeypatch.chdir(plain)
    r = cli(["report", ".", "../plain/posts.csv", "--family", "engagement", "--format", "json", "--strict-input",
             "-t", _NO_TARGETS(tmp_path)])
    assert r.exit_code == 0 and json.loads(r.stdout)["skipped"] == []
    assert len(json.loads(r.stdout)["inputs"]) == 1


def _NO_TARGETS(tmp_path):
    t = tmp_path / "none.yaml"
    t.write_text("targets: {}\n", encoding="utf-8")
    return t
    # Asked to follow: the file is read by name, and it is no tickets file: skipped, contents unquoted.
    f = cli(["report", d, "--family", "engagement", "--format", "json", "--follow-links"])
    assert "root:*" not in f.stdout + f.stderr
    assert _skipped(json.loads(f.stdout))["tickets.csv"].startswith("not read as tickets")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_a_folder_is_skipped_and_a_fifo_named_gets_its_own_message(cli, tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    os.mkfifo(d / "pipe_posts.csv")
    r = cli(["report", d, "--format", "json"])
    assert _skipped(json.loads(r.stdout))["pipe_posts.csv"] == "a named pipe (FIFO), not a file"
    named = cli(["report", d / "pipe_posts.csv"])
    assert named.exit_code == 2
    assert named.stderr == f"smkpi: error: {d / 'pipe_posts.csv'}: is a named pipe (FIFO), not a file; pass an " \
                           f"export file or a folder of exports\n"
    dev = cli(["report", "/dev/null"]) if os.path.exists("/dev/null") else None
    if dev is not None:
        assert dev.exit_code == 2 and "/dev/null: is a device, not a file" in dev.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_unreadable_subfolder_is_skipped(tmp_path):
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    (d / "locked").mkdir()
    (d / "locked").chmod(0)
    try:
        files, skipped = discover([d])
    finally:
        (d / "locked").chmod(0o755)
    assert [f.name for f in files] == ["posts.csv"]
    assert [(Path(s.path).name, s.reason.split(":")[0]) for s in skipped] == [("locked", "folder cannot be listed")]


def test_unreadable_subfolder_is_skipped_even_as_root(tmp_path, monkeypatch):
    # Root reads any folder: simulate the refusal where the walk lists a folder.
    d = tmp_path / "d"
    write_csv(d / "posts.csv", [{"post_id": "p1", "likes": 4}])
    (d / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("smkpi.discover.os.scandir", scandir)
    files, skipped = discover(Inputs([d]))
    assert [f.name for f in files] == ["posts.csv"]
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("locked", "folder cannot be listed: Permission denied")]


def test_a_download_saved_twice_is_read_once_and_listed(cli, tmp_path):
    # A Google Ads report has no ids to de-duplicate by: read twice, its spend would double.
    src = Path(__file__).parent / "fixtures" / "exports" / "google_ads" / "Campaign report.csv"
    d = tmp_path / "exports"
    d.mkdir()
    shutil.copy(src, d / "Campaign report.csv")
    shutil.copy(src, d / "Campaign report (1).csv")
    # Downloaded again once a late conversion came in: the same campaigns, other figures.
    (d / "Campaign report (2).csv").write_bytes(src.read_bytes().replace(b"500.00", b"600.00", 1))
    doc = json.loads(cli(["report", d, "--family", "advertising", "--format", "json"]).stdout)
    assert [Path(f["path"]).name for f in doc["inputs"]] == ["Campaign report (2).csv"]
    assert _skipped(doc) == {
        "Campaign report.csv": f"the same bytes as {d / 'Campaign report (1).csv'}: one download saved twice is read "
                               f"once (its rows would count twice)",
        "Campaign report (1).csv": f"an earlier download of {d / 'Campaign report (2).csv'}: the same export, period "
                                   f"(2026-06-01 → 2026-06-30) and rows, and no row ids: only the latest download is "
                                   f"read (each row would count twice)"}
    assert _values(doc)["advertising.spend"] == 1100  # the latest download's 600 + 500
    named = json.loads(cli(["report", d / "Campaign report (1).csv", d / "Campaign report.csv", "--family",
                            "advertising", "--format", "json"]).stdout)  # files named: the same rule
    assert list(_skipped(named)) == ["Campaign report (1).csv"] and _values(named)["advertising.spend"] == 1000


def _google_ads(campaigns: list[tuple[str, str]]) -> bytes:
    """A Google Ads campaign report for June 2026 of (campaign, cost) rows, as Google Ads writes it."""
    head = ('Campaign report\n"June 1, 2026 - June 30, 2026"\nCampaign status,Campaign,Currency code,Impr.,Clicks,'
            'Cost,Conversions\n')
    return (head + "".join(f'Enabled,{c},THB,"1,000",10,{cost},1.00\n' for c, cost in campaigns)).encode()


def test_two_accounts_reports_under_one_download_name_both_count(cli, tmp_path):
    # Two accounts' reports downloaded one after the other: one name, one period, other campaigns.
    (tmp_path / "Campaign report.csv").write_bytes(_google_ads([("Search - Brand A", "100.00")]))
    (tmp_path / "Campaign report (1).csv").write_bytes(_google_ads([("Search - Brand B", "250.00")]))
    doc = json.loads(cli(["report", tmp_path, "--family", "advertising", "--format", "json"]).stdout)
    assert len(doc["inputs"]) == 2 and _skipped(doc) == {} and _values(doc)["advertising.spend"] == 350
    assert not [n for f in doc["inputs"] for n in f["notes"] if "earlier download" in n]


def test_a_download_with_some_of_the_same_rows_is_read_with_a_note(cli, tmp_path):
    # A campaign more in the second download: maybe a re-download, maybe not. Both count, and it says so.
    (tmp_path / "Campaign report.csv").write_bytes(_google_ads([("Search", "100.00")]))
    (tmp_path / "Campaign report (1).csv").write_bytes(_google_ads([("Search", "120.00"), ("Display", "30.00")]))
    doc = json.loads(cli(["report", tmp_path, "--family", "advertising", "--format", "json"]).stdout)
    assert _skipped(doc) == {} and _values(doc)["advertising.spend"] == 250
    notes = {Path(f["path"]).name: [n for n in f["notes"] if "earlier download" in n] for f in doc["inputs"]}
    assert notes == {"Campaign report.csv": [], "Campaign report (1).csv": [
        "Campaign report.csv is a download of this report over the same period, with some of the same rows and no "
        "row ids: both are read; if one is an earlier download of the other, remove it (its rows count twice)"]}
    other = tmp_path / "July"
    other.mkdir()  # the same report over another period: two reports
    (other / "Campaign report.csv").write_bytes(_google_ads([("Search", "100.00")]).replace(b"June", b"July"))
    (other / "Campaign report (1).csv").write_bytes(_google_ads([("Search", "120.00")]))
    doc = json.loads(cli(["report", other, "--family", "advertising", "--format", "json"]).stdout)
    assert _skipped(doc) == {} and _values(doc)["advertising.spend"] == 220


def test_a_later_download_of_an_export_with_ids_gives_its_totals(cli, tmp_path):
    # Posts have ids: both downloads are read and each post's latest figures win, which needs the
    # downloads in download order ("X.csv" before "X (1).csv"; path order puts " (1)" first).
    head = "Post ID,Page ID,Page name,Publish time,Post type,Reactions,Comments,Shares\n"
    (tmp_path / "posts.csv").write_text(head + "1_1,1,Brand,06/02/2026 10:00,Photos,50,1,1\n", encoding="utf-8")
    (tmp_path / "posts (1).csv").write_text(head + "1_1,1,Brand,06/02/2026 10:00,Photos,80,1,1\n", encoding="utf-8")
    doc = json.loads(cli(["report", tmp_path, "--family", "engagement", "--format", "json"]).stdout)
    assert _values(doc)["engagement.likes"] == 80
    assert {Path(f["path"]).name: f["duplicates"] for f in doc["inputs"]} == {"posts.csv": 1, "posts (1).csv": 0}


def test_the_same_bytes_read_another_way_are_two_files(cli, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "exports"))
    from xlsx_writer import write_xlsx

    # Names that say another platform: two platforms' posts, both read.
    body = "post_id,published_at,likes\nP1,2026-06-05 10:00,5\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "facebook_posts.csv").write_text(body, encoding="utf-8")
    (tmp_path / "a" / "instagram_posts.csv").write_text(body, encoding="utf-8")
    doc = json.loads(cli(["report", tmp_path / "a", "--family", "engagement", "--format", "json"]).stdout)
    assert doc["skipped"] == [] and _values(doc)["engagement.likes"] == 10
    # One workbook saved under two names, each read for another sheet by a sources: rule.
    d = tmp_path / "b"
    d.mkdir()
    head = ["post_id", "platform", "published_at", "likes"]
    write_xlsx(d / "posts.xlsx", {"June": [head, ["J1", "x", "2026-06-05", 5], ["J2", "x", "2026-06-06", 7]],
                                  "July": [head, ["K1", "x", "2026-07-05", 11], ["K2", "x", "2026-07-06", 13]]})
    shutil.copy(d / "posts.xlsx", d / "posts_july.xlsx")
    t = tmp_path / "t.yaml"
    t.write_text('sources:\n  - match: "*posts.xlsx"\n    sheet: June\n  - match: "*posts_july.xlsx"\n    sheet: July\n',
                 encoding="utf-8")
    doc = json.loads(cli(["report", d, "-t", t, "--family", "engagement", "--format", "json"]).stdout)
    assert doc["skipped"] == [] and _values(doc)["engagement.likes"] == 36


def test_skipped_reasons_are_in_the_reports_language(cli, tmp_path):
    d = _stray_folder(tmp_path)
    md = cli(["report", d, "--targets", TARGETS, "--format", "markdown", "--lang", "th", "-q"]).stdout
    assert "untitled.csv | ไฟล์ว่าง |" in md
    assert "ไม่อ่านเป็น sessions: ชื่อไฟล์บอกว่าเป็น sessions ('web')" in md
    assert "not read as" not in md and "empty file" not in md
