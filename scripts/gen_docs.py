"""Regenerate the tables in the docs from the code, so the docs cannot drift from the registry.

    python scripts/gen_docs.py            # rewrite DOC in place
    python scripts/gen_docs.py --check    # exit 1 if DOC is out of date (tests/test_docs.py does this)
    python scripts/gen_docs.py FILE.md    # another file

Each table lives between a pair of markers and only that region is rewritten:

    <!-- BEGIN GENERATED catalogue -->
    ...
    <!-- END GENERATED catalogue -->

Regions: ``families`` (what each KPI family reads), ``columns`` (canonical columns per kind, from
smkpi.kinds.KINDS) and ``catalogue`` (every KPI, from the registry).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The one place that says which file holds the reference docs (README.md once they move there).
DOC = ROOT / "README.md"

try:
    import smkpi  # noqa: F401
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from smkpi.catalogue_doc import catalogue_rows  # noqa: E402
from smkpi.compute import SOURCE_KINDS  # noqa: E402
from smkpi.kinds import INFLUENCER_WORDS, KINDS  # noqa: E402
from smkpi.registry import FAMILIES  # noqa: E402

# What each source is, in a user's words.
SOURCE_TEXT = {
    "own_posts": "posts (own: rows with an empty `influencer`)",
    "influencer_posts": "posts (influencer: rows with an `influencer`)",
    "posts_and_ads": "posts (any author) + ads",
    "comments": "comments", "ads": "ads", "sessions": "sessions", "tickets": "tickets", "kb": "kb",
    "followers": "followers",
}
SOURCE_SHORT = {"own_posts": "own posts", "influencer_posts": "influencer posts", "posts_and_ads": "posts + ads"}
MARKER = re.compile(r"(<!-- BEGIN GENERATED (\w+) -->\n)(.*?)(<!-- END GENERATED \2 -->)", re.DOTALL)


def _cell(text: object) -> str:
    # Markdown tables break on pipes and newlines.
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def columns_table() -> str:
    rows = []
    for k in KINDS.values():
        words = list(k.name_words) + (list(INFLUENCER_WORDS) if k.name == "posts" else [])
        cols = ", ".join(f"`{c.name}`" + ("\\*" if c.required else "") + (f" ({c.doc})" if c.doc else "")
                         for c in k.columns)
        rows.append([f"**{k.name}**", k.doc, ", ".join(words), cols])
    note = ("`*` = required for that kind; every other column is optional (a KPI whose inputs are absent "
            "reports `no_data`). Rows with the same key count once ("
            + ", ".join(f"{k.name}: " + " + ".join(f"`{c}`" for c in (*k.row_key, k.id_column) if k.column(c))
                        for k in KINDS.values() if k.id_column)
            + "; ads exports hold one row per ad per day; a row with no date of its own is also keyed by the "
              "period its file declares, so an ad in May's report and in June's is two rows): the last copy wins — files are read in path order "
              "(a browser's later download `X (1).csv` after `X.csv`), so a later export of the same rows replaces an earlier one "
              "(rows with an empty id all count). "
              "A file whose bytes are another's, read the same way (one download saved twice: `Campaign report "
              "(1).csv`), is read once and the copy listed as skipped; of two downloads of one report without ids "
              "(Google Ads, GA4) over one period with the same rows, only the latest is read (see \"A report "
              "downloaded again\"). A file named `influencer*` is a posts file whose rows need `influencer`.\n\n")
    return _table(["kind", "one row is", "file names containing", "columns"], rows) + "\n" + note


def families_table() -> str:
    rows = []
    all_rows = catalogue_rows()
    for fam in FAMILIES:
        ks = [r for r in all_rows if r["family"] == fam]
        sources = list(dict.fromkeys(r["source"] for r in ks))
        kinds = list(dict.fromkeys(SOURCE_KINDS[s][0].replace("|", " or ") for s in sources))
        cols = list(dict.fromkeys(c for r in ks for c in r["inputs"]))
        rows.append([f"**{fam}**", len(ks), ", ".join(SOURCE_TEXT[s] for s in sources),
                     " + ".join(f"{k} file" for k in kinds), ", ".join(f"`{c}`" for c in cols) or "(rows only)"])
    return _table(["family", "KPIs", "computed from", "needs", "columns it reads"], rows)


def catalogue_table() -> str:
    rows = [[f"`{r['id']}`", r["label"], r["unit"], r["direction"], r["formula"],
             f"{SOURCE_SHORT.get(r['source'], r['source'])}: " + (", ".join(r["inputs"]) or "rows"),
             f"`{r['default_target']}`" + (" (warn)" if r.get("default_severity") == "warn" else "")
             if r["default_target"] else ""]
            for r in catalogue_rows()]
    return _table(["id", "label", "unit", "better", "formula", "needs", "default target"], rows)


GENERATORS = {"families": families_table, "columns": columns_table, "catalogue": catalogue_table}


def rewrite(text: str) -> str:
    """``text`` with every generated region replaced by its current content."""
    def sub(m: re.Match) -> str:
        name = m.group(2)
        if name not in GENERATORS:
            raise SystemExit(f"gen_docs: unknown generated region '{name}'; known: {', '.join(GENERATORS)}")
        return m.group(1) + GENERATORS[name]() + m.group(4)

    return MARKER.sub(sub, text)


def regions(text: str) -> list[str]:
    return [m.group(2) for m in MARKER.finditer(text)]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DOC
    text = path.read_text(encoding="utf-8")
    missing = set(GENERATORS) - set(regions(text))
    if missing:
        print(f"gen_docs: {path}: no region for {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    new = rewrite(text)
    if check:
        if new != text:
            print(f"gen_docs: {path} is out of date; run: python scripts/gen_docs.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"gen_docs: rewrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
