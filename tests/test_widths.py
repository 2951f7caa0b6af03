"""Narrow terminals (issue 14 item 5): every table wraps or drops columns by priority, never crops."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import write_csv
from smkpi.catalogue_doc import CATALOGUE_COLUMNS
from smkpi.render import KPI_COLUMNS

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
WIDTHS = [40, 60, 80, 120]
# Left border -> the right border that closes the same line.
CLOSE = {"│": "│", "┃": "┃", "┏": "┓", "┗": "┛", "┡": "┩", "└": "┘", "┌": "┐", "├": "┤", "┢": "┪", "┣": "┫"}
HEADER_WORDS = {w for c in [*KPI_COLUMNS, *(c for _, c, _ in CATALOGUE_COLUMNS)] for w in c.header.split()}
HEADER_WORDS |= {"File", "Kind", "Rows", "Used", "Rejected", "Duplicates", "Blank"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The example data, a file with a long Thai name and rejected rows, and a skipped file."""
    d = tmp_path_factory.mktemp("w") / "exports"
    shutil.copytree(EXAMPLES, d)
    write_csv(d / "posts_แคมเปญหน้าฝน_เดือนตุลาคม_2026_final_v2.csv",
              [{"post_id": "t1", "likes": "abc", "content_type": "วิดีโอ"}, {"post_id": "t2", "likes": 5}])
    (d / "notes.txt").write_text("plan\n", encoding="utf-8")
    return d


def _commands(folder: Path) -> dict[str, list[str]]:
    return {
        "report": ["report", str(folder), "--quiet"],
        "report targets": ["report", str(folder), "--quiet", "--targets", str(EXAMPLES.parent.parent / "targets.yaml")],
        "inspect": ["inspect", str(folder / "posts.csv"), str(folder / "support_tickets.csv")],
        "kpis": ["kpis"],
    }


def check_fits(text: str, width: int, headers: set[str] = HEADER_WORDS) -> list[str]:
    """Every problem with ``text`` at ``width``: lines too long, table rows without their right border,
    header words broken."""
    problems = []
    in_header = False
    for line in text.splitlines():
        if cell_len(line) > width:
            problems.append(f"longer than {width}: {line!r}")
        s = line.rstrip()
        if s[:1] in CLOSE and not s.endswith(CLOSE[s[0]]):
            problems.append(f"row not closed: {line!r}")
        if s.startswith("┏"):
            in_header = True
        elif s.startswith("┡"):
            in_header = False
        elif in_header:
            for word in re.split(r"[┃\s]+", s):
                if word and word not in headers:
                    problems.append(f"header word broken: {word!r} in {line!r}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["report", "report targets", "inspect", "kpis"])
def test_every_table_fits_the_terminal(cli, folder, name, width):
    r = cli(_commands(folder)[name], env={"COLUMNS": str(width)})
    assert r.exit_code in (0, 1), r.stderr
    assert "┏" in r.stdout or "┌" in r.stdout  # a table was drawn: the check below saw one
    assert check_fits(r.stdout, width) == []


@pytest.mark.parametrize("width", range(96, 106))
def test_the_inputs_table_with_a_long_name_and_a_file_not_read_fits_every_width(cli, tmp_path, width):
    # Found by a trial: at 99-101 columns the table kept every column and lost its right edge. Rich
    # folded the File column (held at its min_width) rather than "(not read)" in Kind.
    (tmp_path / "Nov-01-2026_Nov-30-2026_1234567890.csv").write_text(
        "post_id,platform,likes\np1,x,1\n", encoding="utf-8")
    (tmp_path / "zendesk_tickets_nov.csv").write_text("ticket_id,created_at\nT1,2026-11-02 10:00\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("plan\n", encoding="utf-8")
    r = cli(["report", str(tmp_path), "--quiet"], env={"COLUMNS": str(width)})
    inputs = r.stdout[r.stdout.index("Inputs in"):]
    assert check_fits(inputs, width) == [] and "(not read)" in inputs


def test_the_check_sees_a_cropped_table():
    # The checker itself: a table cut at the right edge, or a header broken mid-word, is reported.
    assert check_fits("┏━━━┳━━\n┃ ID ┃ Uni\n┃    ┃ t  ┃\n┡━━━╇━━┩\n│ a │ b", 8) != []
    assert check_fits("│ " + "x" * 50 + " │", 40) != []
    assert check_fits("┏━━━━━━┓\n┃ Unit ┃\n┡━━━━━━┩\n│ ok   │", 40) == []


def test_hidden_columns_are_named_once_and_inputs_keep_their_accounting(cli, folder):
    r = cli(["report", str(folder), "--quiet"], env={"COLUMNS": "40"})
    out = " ".join(r.stdout.split())
    assert out.count("Target hidden at this width") == 1
    assert "Rows" in r.stdout and "Used" in r.stdout
    wide = cli(["report", str(folder), "--quiet"], env={"COLUMNS": "120"})
    assert "hidden at this width" not in wide.stdout
    assert "┃ ID " in wide.stdout and "Duplicates" in wide.stdout


def test_fit_table_drops_by_priority_then_folds():
    from rich.console import Console

    from smkpi.tables import Col, fit_table

    cols = [Col("Name"), Col("Note", priority=1), Col("Extra", priority=2), Col("Wide", wide=100)]
    rows = [["alpha beta", "a note here", "extra words", "w"]]

    def render(width: int) -> tuple[str, list[str]]:
        c = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)
        t = fit_table(c, cols, rows)
        c.print(t)
        return c.export_text(), t.hidden

    text, hidden = render(120)
    assert hidden == [] and "Wide" in text
    text, hidden = render(99)  # wide=100: shown only from 100 columns
    assert hidden == ["Wide"] and "Extra" in text
    _, hidden = render(14)
    assert hidden == ["Note", "Extra", "Wide"]  # Extra (priority 2) went before Note (1)
    text, _ = render(8)  # even the kept column cannot fit: it folds, the border stays
    assert check_fits(text, 8, {"Name"}) == []


def _known_words_only(run: str) -> bool:
    """Whether a run of Thai splits into smkpi's known words by the wrapper's own longest match."""
    from smkpi.outputs.thaiwrap import WORDS, _LONGEST

    i = 0
    while i < len(run):
        k = next((k for k in range(min(_LONGEST, len(run) - i), 0, -1) if run[i:i + k] in WORDS), 0)
        if not k:
            return False
        i += k
    return True


def test_every_thai_label_breaks_only_between_known_words():
    from smkpi.i18n import catalogue

    th = catalogue("th")
    labels = [*th["kpis"].values(), *th["families"].values(), *th["statuses"].values()]
    runs = {run for label in labels for run in re.findall("[\u0e01-\u0e5b]+", label)}
    assert sorted(r for r in runs if not _known_words_only(r)) == []


def test_thai_labels_wrap_between_words_in_a_narrow_terminal(cli):
    from smkpi.outputs.thaiwrap import breaks

    assert breaks("เวลาตอบกลับครั้งแรกเฉลี่ย") == [4, 11, 16, 19]  # เวลา|ตอบกลับ|ครั้ง|แรก|เฉลี่ย: never ค|รั้ง
    from smkpi.outputs.thaiwrap import _offsets

    assert _offsets("กขเฉลี่ย", 3, True) == [2, 7]  # folded: the leading vowel เ stays with ฉ (never กขเ|ฉลี่ย)
    out = cli(["report", EXAMPLES, "--lang", "th", "-q", "--family", "communication"], env={"COLUMNS": "60"}).stdout
    cells = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")]
    pieces = [c for c in cells if re.fullmatch("[\u0e01-\u0e5b]+", c)]
    assert len(pieces) >= 8 and "เวลาตอบกลับ" in pieces and "ครั้งแรกเฉลี่ย" in pieces
    assert all(_known_words_only(p) for p in pieces), pieces  # every line of a label is whole words
