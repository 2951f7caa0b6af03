"""GitHub Actions: the Markdown report in the step summary, missed targets as annotations.

Active when ``GITHUB_ACTIONS=true`` (and not ``--no-github``):

* the Markdown report is appended to the file named by ``$GITHUB_STEP_SUMMARY``, cut at a line so
  that the file stays under GitHub's 1 MiB limit per step (with a line saying it was cut);
* ``::error`` / ``::warning`` workflow commands name the missed targets, at most 10 of each, the
  worst (furthest from its target, no value first) first. The caller prints them on stdout only
  when stdout carries the table; with a machine format on stdout they go to stderr (the runner
  reads commands on both streams).
"""

from __future__ import annotations

import os
from pathlib import Path

from . import markdown, view
from .view import Context

SUMMARY_LIMIT = 1024 * 1024  # GitHub's limit for one step's summary
MAX_ANNOTATIONS = 10


def active(environ: dict | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    # Workflow-command escaping (as actions/toolkit does): a message stays one command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(ctx: Context) -> list[str]:
    """Workflow-command lines for the missed targets (no trailing newlines)."""
    errors, warnings = view.misses(view.rows(ctx), ctx.fail_on, ctx.lang)
    out = [f"::error title={_prop('smkpi input')}::{_data(f'{path}: {reason}')}"
           for path, reason in view.input_errors(ctx)[:MAX_ANNOTATIONS]]  # why the run exits 2
    for level, missed in (("error", errors), ("warning", warnings)):
        for r in missed[:MAX_ANNOTATIONS]:
            title = f"smkpi {r.id}"
            out.append(f"::{level} title={_prop(title)}::{_data(view.miss_message(r, ctx.lang))}")
        if len(missed) > MAX_ANNOTATIONS:
            out.append(f"::notice title=smkpi::{_data(ctx.lang.t('more_misses', n=len(missed) - MAX_ANNOTATIONS))}")
    return out


def fit(text: str, room: int, note: str) -> str:
    """``text`` cut at a line so that its UTF-8 size is at most ``room`` bytes, ending with ``note``."""
    data = text.encode("utf-8")
    if len(data) <= room:
        return text
    tail = f"\n\n> {note}\n".encode("utf-8")
    cut = data[: max(0, room - len(tail))]
    cut = cut[: cut.rfind(b"\n") + 1] if b"\n" in cut else b""
    return (cut + tail).decode("utf-8", "ignore") if len(cut) + len(tail) <= room else ""


def step_summary(ctx: Context, environ: dict | None = None) -> Path | None:
    """Append the Markdown report to ``$GITHUB_STEP_SUMMARY``; the file written, or None."""
    env = os.environ if environ is None else environ
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    used = path.stat().st_size if path.exists() else 0
    text = fit(markdown.render(ctx).decode("utf-8"), SUMMARY_LIMIT - used - 1, ctx.lang.t("truncated"))
    if text:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(("\n" if used else "") + text)
    return path
