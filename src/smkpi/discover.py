"""Which files under the paths named on the command line are read, and why the others are not.

Rules (README, "Which files are read"):

- A file named on the command line is read (a FIFO or device named there is refused).
- In a folder, searched recursively: hidden entries (``.name``) and entries matched by ``--exclude``
  or by the folder's ``.smkpiignore`` (gitignore-like) are passed over without a word; everything
  else is read or listed as skipped with a reason: no data suffix, an empty file, a name that is
  not UTF-8, an Office lock file (``~$posts.xlsx``), a symbolic link that leads out of the folder
  (unless ``--follow-links``), a FIFO, socket or device, a subfolder that cannot be listed, and,
  when the name names no kind, a text file of binary bytes or a JSON file that holds no table of
  records (a settings file): files of no known kind are skipped before their structure is judged.

Polars-free: nothing here reads a file's contents beyond its first bytes (or a small JSON file),
and no reason quotes a file's contents.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .outputs.marker import is_own_output

# The suffixes the readers know (readers.DATA_SUFFIXES; kept here so discovery needs no Polars).
DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".xlsm", ".xls"}
IGNORE_FILE = ".smkpiignore"
SETTINGS_CHECK_BYTES = 1024 * 1024  # a JSON file this small with no kind in its name is checked for records


@dataclass
class Skipped:
    path: str
    reason: str
    # False for a file that is read all the same (a second name of it): --strict-input passes it.
    strict: bool = True

    def as_json(self) -> dict:
        return {"path": self.path, "reason": self.reason}


class Inputs(list):
    """The paths to read, with the discovery options given on the command line.

    A list of paths (so every function taking ``paths`` takes it), carrying ``exclude`` (globs)
    and ``follow_links`` to :func:`discover`.
    """

    def __init__(self, paths=(), *, exclude: list[str] | tuple[str, ...] = (), follow_links: bool = False):
        super().__init__(paths)
        self.exclude = tuple(exclude)
        self.follow_links = follow_links


# --- gitignore-like patterns ----------------------------------------------------------------
def _glob_regex(pattern: str) -> str:
    """A gitignore glob as a regex over a '/'-separated relative path (``**`` spans folders)."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                out.append("[" + ("^" + body[1:] if body[:1] == "!" else body.replace("\\", "\\\\")) + "]")
                i = j
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Rule:
    regex: re.Pattern
    negate: bool
    dir_only: bool


def parse_ignore(lines: list[str]) -> list[Rule]:
    """Rules from gitignore-style lines: ``#`` comments, ``!`` re-includes, ``dir/`` folders only,
    a ``/`` inside anchors to the folder, else the pattern matches at any depth."""
    rules = []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        line = line.rstrip(" ") if not line.endswith("\\ ") else line
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        body = _glob_regex(line.lstrip("/"))
        rx = ("^" if anchored else "^(?:.*/)?") + body + "$"
        rules.append(Rule(re.compile(rx, re.S), negate, dir_only))
    return rules


def ignored(rel: str, is_dir: bool, rules: list[Rule]) -> bool:
    """Whether ``rel`` (a '/'-separated path inside the folder) is ignored: the last matching rule wins."""
    hit = False
    for r in rules:
        if r.dir_only and not is_dir:
            continue
        if r.regex.match(rel):
            hit = not r.negate
    return hit


def _ignore_rules(folder: Path) -> list[Rule]:
    """The rules of ``folder``'s .smkpiignore (none when there is none)."""
    try:
        with open(folder / IGNORE_FILE, encoding="utf-8", errors="replace") as fh:
            return parse_ignore(fh.read(SETTINGS_CHECK_BYTES).splitlines())
    except OSError:
        return []


def _excluded(rel: str, shown: str, is_dir: bool, rules: list[Rule]) -> bool:
    """--exclude globs match the path inside the folder named, or the path as written."""
    return bool(rules) and (ignored(rel, is_dir, rules) or ignored(shown.replace(os.sep, "/").lstrip("/"), is_dir, rules))


# --- one entry ------------------------------------------------------------------------------
def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return None


def _name_is_utf8(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _within(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def _names_a_kind(path: Path) -> bool:
    from .kinds import INFLUENCER_WORDS, KINDS, name_words  # no Polars

    words = set(name_words(path.stem))
    return bool(words & set(INFLUENCER_WORDS)) or any(words & set(k.name_words) for k in KINDS.values())


def _binary_text_file(path: Path) -> str | None:
    """Why a .csv/.tsv/.txt file whose name names no kind is not data (binary bytes), or None."""
    from .formats.detect import EncodingError, detect_encoding  # no Polars

    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        if b"\x00" not in head:
            return None  # text in some encoding: the reader judges it (a sources: rule may name the encoding)
        detect_encoding(head)
    except EncodingError:
        return "binary bytes, not text: no known kind in its name or contents"
    except OSError:
        pass  # the reader reports it
    return None


def _settings_file(path: Path, size: int) -> str | None:
    """Why a small JSON file whose name names no kind is not data (a settings file), or None."""
    if path.suffix.lower() != ".json" or size > SETTINGS_CHECK_BYTES:
        return None
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None  # the reader says what is wrong with it
    if isinstance(doc, dict):
        rows = [doc[k] for k in ("data", "rows", "records", "items", "results", "tickets") if isinstance(doc.get(k), list)]
        if not rows:
            return "a JSON object with no array of rows (a settings file?): no known kind in its name or contents"
    elif isinstance(doc, list) and doc and not all(isinstance(r, dict) for r in doc):
        return "a JSON array that is not a list of records: no known kind in its name or contents"
    return None


def _file_reason(path: Path, st: os.stat_result) -> str | None:
    """Why the regular file ``path`` is not read, or None to read it."""
    if not _name_is_utf8(path):
        return "the file name is not valid UTF-8; rename the file to read it"
    if path.suffix.lower() not in DATA_SUFFIXES:
        return f"not a data file ({path.suffix or 'no extension'})"
    if path.name.startswith("~$"):  # Excel/Word write one beside a file that is open
        return "an Office lock file (~$...), not an export"
    if st.st_size == 0:
        return "empty file"
    if st.st_size < 64:
        try:
            if not path.read_bytes().strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
                return "empty file"
        except OSError:
            return None  # the reader reports it
    if _names_a_kind(path):
        return None  # a name that names a kind is read, and its errors reported
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return _binary_text_file(path)
    return _settings_file(path, st.st_size)


# --- everything -----------------------------------------------------------------------------
def discover(paths: list[str | Path]) -> tuple[list[Path], list["Skipped"]]:
    """Data files under ``paths`` (folders searched recursively) and the entries skipped, with reasons.

    ``paths`` may be an :class:`Inputs` carrying ``exclude`` globs and ``follow_links``.
    """
    exclude = parse_ignore([e for e in getattr(paths, "exclude", ()) if e.strip()])
    follow = bool(getattr(paths, "follow_links", False))
    files: list[Path] = []
    skipped: list[Skipped] = []
    for p in map(Path, paths):
        try:
            st = p.stat()
        except FileNotFoundError:
            raise UsageError(f"{p}: no such file or directory") from None
        except OSError as e:
            raise UsageError(f"{p}: cannot open: {e.strerror or e}") from None
        special = _special(st.st_mode)
        if special:
            raise UsageError(f"{p}: is {special}; pass an export file or a folder of exports")
        if not stat.S_ISDIR(st.st_mode):
            if not _excluded(p.name, str(p), False, exclude):
                files.append(p)  # named on the command line: read, whatever its name
            continue
        before = len(skipped)
        found = _walk(p, _ignore_rules(p), exclude, follow, files, skipped)
        if not found:
            why = "; ".join(f"{Path(s.path).name}: {s.reason}" for s in skipped[before:before + 3])
            more = ", …" if len(skipped) - before > 3 else ""
            raise UsageError(f"{p}: no CSV, JSON or Excel files to read in this folder"
                             + (f" (skipped {why}{more})" if why else ""))
    if not files:
        raise UsageError("every file named was excluded by --exclude; nothing to read")
    seen: dict[Path, Path] = {}  # the file itself -> the first name it was found under
    unique = []
    for f in files:  # the same file named twice (a dir and a file in it) is read once
        key = f.resolve()
        first = seen.get(key)
        if first is None:
            seen[key] = f
            unique.append(f)
        elif f.is_symlink() or first.is_symlink():  # a second name (a link): listed, never dropped unsaid
            skipped.append(Skipped(str(f), SAME_FILE.format(first=first), strict=False))
    return unique, skipped


# Either name may be the link (path order decides which is read): the message does not say which.
SAME_FILE = "the same file as {first} (one file under two names, one a link): read once"


# A browser saves a second download of "Campaign report.csv" as "Campaign report (1).csv", a third
# as "(2)": the number says which download is later.
_DOWNLOAD = re.compile(r"(?P<base>.+?) \((?P<n>\d{1,4})\)(?P<ext>\.[^.]*)?")


def download_name(path: Path) -> tuple[str, int]:
    """(the name a browser first saved the file under, which download it is: 0 for the first).

    ``Campaign report (2).csv`` is ("Campaign report.csv", 2); a name without the suffix is (name, 0).
    """
    m = _DOWNLOAD.fullmatch(path.name)
    return (m["base"] + (m["ext"] or ""), int(m["n"])) if m else (path.name, 0)


def download_order(path: Path) -> tuple:
    """Path order, except that later downloads of one name come after it: "Campaign report.csv",
    then "Campaign report (1).csv" (plain path order puts " (1)" first), so the last copy of a row,
    which wins, is the latest download's."""
    base, n = download_name(path)
    return (str(path.parent), base, n, path.name)


def copies(files: list[Path], key: Callable[[Path], object] = lambda f: None) -> dict[Path, Path]:
    """Files whose bytes are another file's with the same ``key`` ({copy: the one read}): a
    download saved twice ("Campaign report (1).csv"). Of each set the last in ``files`` order is
    read, so "a later file's copy of a row wins" holds as if every copy were read. Only files of
    one size and key are hashed."""
    groups: dict[tuple, list[Path]] = {}
    for f in files:
        try:
            groups.setdefault((f.stat().st_size, key(f)), []).append(f)
        except OSError:
            continue  # reported when it is read
    out: dict[Path, Path] = {}
    for same in groups.values():
        if len(same) < 2:
            continue
        by_digest: dict[bytes, list[Path]] = {}
        for f in same:
            digest = _digest(f)
            if digest is not None:
                by_digest.setdefault(digest, []).append(f)
        for group in by_digest.values():
            out.update({f: group[-1] for f in group[:-1]})
    return out


def _digest(path: Path) -> bytes | None:
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.digest()


def _walk(root: Path, rules: list[Rule], exclude: list[Rule], follow: bool, files: list[Path],
          skipped: list[Skipped]) -> int:
    real_root = root.resolve()
    found = 0
    visited: set[Path] = {real_root}
    stack: list[Path] = [root]
    out: list[Path] = []
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            if folder == root:
                raise UsageError(f"{root}: cannot list this folder: {e.strerror or e}; check its permissions") from None
            skipped.append(Skipped(str(folder), f"folder cannot be listed: {e.strerror or e}"))
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            if entry.name.startswith("."):
                continue
            is_link = False
            try:
                is_link = entry.is_symlink()
                st = path.stat() if is_link else entry.stat(follow_symlinks=False)
            except OSError as e:
                skipped.append(Skipped(str(path), "symbolic link to nothing (broken link)" if is_link
                                       else f"cannot be read: {e.strerror or e}"))
                continue
            is_dir = stat.S_ISDIR(st.st_mode)
            if ignored(rel, is_dir, rules) or _excluded(rel, str(path), is_dir, exclude):
                continue
            if is_link and not follow:
                target = path.resolve()
                if not _within(target, real_root):
                    what = "folder" if is_dir else "file"
                    skipped.append(Skipped(str(path), f"symbolic link to a {what} outside {root}; not followed "
                                                      f"(use --follow-links to read it)"))
                    continue
                if is_dir:
                    continue  # inside the folder already: it is read where it really is
            if is_dir:
                real = path.resolve()
                if real in visited:
                    continue  # a link loop, or a folder reached twice
                visited.add(real)
                subfolders.append(path)
                continue
            special = _special(st.st_mode)
            if special:
                skipped.append(Skipped(str(path), special))
                continue
            if is_own_output(path):  # a report smkpi wrote into this folder is not data
                continue
            reason = _file_reason(path, st)
            if reason:
                skipped.append(Skipped(str(path), reason))
                continue
            out.append(path)
            found += 1
        stack.extend(reversed(subfolders))
    files.extend(sorted(out, key=download_order))
    return found
