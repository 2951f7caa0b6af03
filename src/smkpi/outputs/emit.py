"""One computed report out to every place asked for: files, stdout, GitHub Actions.

Every output is rendered first, then written: a renderer that fails leaves no file touched. Files
are checked against the run's inputs and targets file before anything is written (see
:mod:`.write`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import UsageError
from ..fmt import safe
from ..i18n import Lang
from .registry import Format
from .view import Context
from .write import atomic_write, check_outputs

if TYPE_CHECKING:
    from ..report import Report


def context(report: "Report", exit_code: int, lang: Lang, fail_on: str = "error") -> Context:
    from ..jsonout import report_document

    return Context(report, report_document(report, exit_code), exit_code, lang, fail_on)


def emit(report: "Report", exit_code: int, plans: list[tuple[Format, Path | None]], *, lang: Lang,
         fail_on: str = "error", github_on: bool = True, arguments: list[Path] = (), targets: Path | None = None,
         stdout_console: Callable | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
         environ: dict | None = None) -> None:
    """Render ``report`` once per plan and write each (path None: stdout)."""
    from . import github

    env = os.environ if environ is None else environ
    out, err = stdout or sys.stdout, stderr or sys.stderr
    files = [p for _, p in plans if p is not None]
    inputs = [f.path for f in report.loaded.inputs] + [s.path for s in report.loaded.skipped]
    check_outputs(files, inputs + [p for p in arguments if Path(p).is_file()], targets)
    ctx = context(report, exit_code, lang, fail_on)
    to_stdout = next((f for f, p in plans if p is None), None)
    if to_stdout is not None and to_stdout.binary and out.isatty():
        raise UsageError(f"{to_stdout.name} is a binary format; write it to a file with -o report{to_stdout.suffixes[0]}")
    rendered = [(f, p, f.renderer()(ctx)) for f, p in plans if p is not None]
    for _, p, data in rendered:
        atomic_write(p, data)
    if to_stdout is not None:
        if to_stdout.name == "table" and stdout_console is not None:
            from .table import show

            show(ctx, stdout_console())
        elif to_stdout.binary:
            out.flush()
            out.buffer.write(to_stdout.renderer()(ctx))
            out.buffer.flush()
        else:
            out.write(to_stdout.renderer()(ctx).decode("utf-8"))
    if github_on and github.active(env):
        try:
            github.step_summary(ctx, env)
        except OSError as e:  # the summary is a courtesy: the report and its exit code stand
            err.write(f"smkpi: warning: cannot write $GITHUB_STEP_SUMMARY: {safe(e.strerror or e)}\n")
        # Workflow commands are read from stdout and stderr alike: keep a machine format on stdout pure.
        stream = err if to_stdout is not None and to_stdout.machine else out
        for line in github.annotations(ctx):
            stream.write(line + "\n")
        stream.flush()


def plan_outputs(format: str | None, outputs: list[Path], named: list[Path], targets: Path | None) -> list:
    """(format, path or None) per output, checked before the (possibly long) load: ``-o`` over a
    file named on the command line (``named``) or the targets file is refused now, the rest once the
    inputs are known (:func:`emit`)."""
    from .registry import plan

    plans = plan(format, list(outputs))
    check_outputs([p for _, p in plans if p], [p for p in named if p.is_file()], targets)
    return plans
