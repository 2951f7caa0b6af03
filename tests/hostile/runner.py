"""The case table and the runner (see the package docstring)."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MEMORY = 3 << 30  # address space per run: Polars' own arenas need about 1.5 GiB of it at start
TIMEOUT = 60  # seconds per run; every case here finishes in a few
MAX_LINE = 2100  # characters of one stderr line (errors.MAX_MESSAGE plus the prefix)


@dataclass
class Case:
    """``build(dir)`` writes the inputs into ``dir`` and returns the CLI arguments after ``smkpi``.

    ``exit``: the expected exit code(s). ``message``: a fragment of the one ``smkpi: error:`` line
    (exit 2). ``check``: called with the JSON document when the run printed one (``--format json``).
    ``secret``: text in the inputs that must never reach stdout or stderr. ``stdin``: bytes fed in.
    ``listed``: exit 2 because a file beside readable ones is listed as unreadable (an ``error:``
    line naming it, the report of the others still printed), not a ``smkpi: error:`` failure.
    """

    name: str
    build: Callable[[Path], list[str]]
    exit: int | tuple[int, ...] = 2
    message: str | None = None
    check: Callable[[dict], None] | None = None
    secret: str | None = None
    stdin: bytes | None = None
    timeout: float = TIMEOUT
    listed: bool = False


CASES: list[Case] = []


def case(name: str, **kw) -> Callable[[Callable[[Path], list[str]]], Callable[[Path], list[str]]]:
    """Decorator: register the decorated builder as case ``name``."""
    def add(build: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
        assert all(c.name != name for c in CASES), f"two hostile cases named {name}"
        CASES.append(Case(name, build, **kw))
        return build
    return add


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _hashes(d: Path) -> dict[str, str]:
    out = {}
    for p in sorted(d.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            out[str(p)] = h.hexdigest()
    return out


def run_case(c: Case, tmp: Path) -> subprocess.CompletedProcess:
    """Build and run ``c`` in ``tmp``; assert everything the package docstring promises."""
    args = c.build(tmp)
    before = _hashes(tmp)
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "RUST_BACKTRACE": "1"}
    r = subprocess.run([sys.executable, "-m", "smkpi", *map(str, args)], capture_output=True, input=c.stdin,
                       timeout=c.timeout, preexec_fn=_limits, cwd=tmp, env=env)
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    where = f"{c.name}: exit {r.returncode}\nstderr: {err[:2000]}"
    assert r.returncode >= 0, f"{c.name}: ended by signal {-r.returncode}\n{err[-2000:]}"
    expected = c.exit if isinstance(c.exit, tuple) else (c.exit,)
    assert r.returncode in expected, where
    for bad in ("Traceback", "panicked", "stack backtrace", "internal error", "memory allocation of"):
        assert bad not in err and bad not in out, where
    assert all(len(line) <= MAX_LINE for line in err.splitlines()), f"{c.name}: a stderr line is too long"
    # Terminal safety: no raw control character (ESC, BEL, CR, ...) from a file or folder name or a cell.
    for stream, text in (("stdout", out), ("stderr", err)):
        bad = [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127]
        assert not bad, f"{c.name}: raw control character(s) {sorted(set(bad))!r} on {stream}"
    errors = [line for line in err.splitlines() if line.startswith("smkpi: error:")]
    if r.returncode == 2 and c.listed:
        assert any(line.startswith("error: ") for line in err.splitlines()), where
    elif r.returncode == 2:
        assert errors, where
        if c.message is not None:
            assert any(c.message in line for line in errors), where
    if c.secret is not None:
        assert c.secret not in out and c.secret not in err, f"{c.name}: input contents leaked"
    if c.check is not None:
        c.check(json.loads(out))
    assert _hashes(tmp) == before, f"{c.name}: an input file changed"
    return r
