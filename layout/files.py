"""Files written so a reader never sees half of one: atomic writes, and links into a package."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader never sees a half-written file: a temporary file
    beside it (unique per writer, so concurrent writers never share one), then rename(2)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; published files are for all
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` as a hard link (no bytes copied), or a copy across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def place_file(source: Path, target: Path) -> None:
    """Put a copy (or hard link) of `source` at `target` atomically: readers of `target` see the
    old file or the new one, never a part."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        link_or_copy(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


PACKAGE = Path(__file__).resolve().parent
"""The installed `layout` package folder."""
TEMPLATES = PACKAGE / "templates"
"""Templates shipped with the package: web/ (edition pages), preview/, report.html, new-issue/."""
