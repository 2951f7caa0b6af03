"""Hostile and unlucky inputs: a table of cases, each built by its own builder, run through the CLI.

A case is appended to :data:`CASES` by a ``cases_*.py`` module here (one per area: readers, loading,
...), so adding cases never touches the runner. ``tests/test_hostile.py`` runs each in a subprocess
under a memory and a time limit and checks the exit code, the one-line message, that no signal or
non-Python backtrace ended the run, that the input files are unchanged and that nothing leaked.
"""

from __future__ import annotations

import importlib
import pkgutil

from .runner import CASES, Case, case, run_case

for _m in pkgutil.iter_modules(__path__):
    if _m.name.startswith("cases_"):
        importlib.import_module(f"{__name__}.{_m.name}")

__all__ = ["CASES", "Case", "case", "run_case"]
