"""Writing report files without ever destroying an input or leaving half a file.

* An output that resolves to an input (a file read, or named on the command line) or to the
  targets file is refused before anything is written (exit 2).
* Every file is written to a hidden temporary file in the same folder and renamed into place:
  a run that fails (a renderer error, a full disk, Ctrl-C) leaves the old file, or none, never half
  of one. The temporary name starts with a dot, so discovery skips it if a crash leaves it behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..errors import UsageError


def _key(p: str | Path) -> Path:
    try:
        return Path(p).resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare as given
        return Path(os.path.abspath(p))


def check_outputs(outputs: list[Path], inputs: list[str | Path], targets: str | Path | None) -> None:
    """UsageError when an output would overwrite an input, the targets file, or another output.

    ``inputs`` are the files of the run: read, skipped (a file in a data folder that is not smkpi's
    own report is the user's), or named on the command line.
    """
    protected = {_key(p): "an input file" for p in inputs}
    if targets:
        protected[_key(targets)] = "the targets file"
    seen: dict[Path, Path] = {}
    for o in outputs:
        k = _key(o)
        if k in protected:
            raise UsageError(f"{o}: is {protected[k]} of this run; refusing to overwrite it with the report "
                             f"(choose another -o path)")
        if k in seen:
            raise UsageError(f"{o}: named twice with -o (also as {seen[k]}); give each output its own file")
        if Path(o).is_dir():
            raise UsageError(f"{o}: is a directory; give a file name such as {Path(o) / 'report.html'}")
        seen[k] = Path(o)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OSError(errno.ENOENT, "No such file or directory", str(path))
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); a report gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
