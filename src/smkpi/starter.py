"""``smkpi init``: the commented starter targets.yaml, written where the user asks."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .errors import UsageError


def write_starter(directory: Path, force: bool = False) -> Path:
    """Write ``directory/targets.yaml`` (never over an existing one without ``force``); its path."""
    dest = directory / "targets.yaml"
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: not a directory")
    if dest.exists() and not force:
        raise UsageError(f"{dest}: already exists; use --force to overwrite it")
    directory.mkdir(parents=True, exist_ok=True)
    dest.write_text(files("smkpi").joinpath("starter_targets.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return dest
