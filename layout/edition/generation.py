"""One generation of an issue's output at a time: print/, web/, report.json and report.html are
staged beside the published folder and swapped in together, so a reader — a person, the web
server, the press's upload — sees the last generation whole or the new one whole.

```
OUT/<issue>/                  the published generation
OUT/.<issue>.staging-<pid>/   the build in progress (removed if the build fails or is killed)
OUT/<issue>.proof/            the last build that ended with errors: its proofs and report,
                              not published (unless --publish-with-errors)
OUT/.<issue>.lock             held while a build writes; a second build waits for it
```

Publishing is two renames (the old folder aside, the new one in place), then the old one is
removed; a build killed between the two renames is repaired by the next one, which puts the old
generation back. POSIX rename(2) cannot replace a non-empty directory in one step.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from layout.errors import OutputError

Waiting = Callable[[str], None]
"""Told once, with a message, when the build has to wait for another one."""


@dataclass(frozen=True, slots=True)
class Generation:
    """Where this build stages its output, and where it may end up."""

    root: Path
    slug: str
    staging: Path

    @property
    def published(self) -> Path:
        return self.root / self.slug

    @property
    def proof(self) -> Path:
        return self.root / f"{self.slug}.proof"

    def publish(self) -> Path:
        """Swap the staged generation in; the proof of an earlier failed build goes."""
        aside = self.root / f".{self.slug}.old-{os.getpid()}"
        if self.published.exists():
            os.rename(self.published, aside)
        try:
            os.rename(self.staging, self.published)
        except OSError:
            if aside.exists():
                os.rename(aside, self.published)
            raise
        shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(self.proof, ignore_errors=True)
        return self.published

    def keep_as_proof(self) -> Path:
        """Keep the staged generation as the proof folder; the published one stays as it was."""
        old = self.root / f".{self.slug}.oldproof-{os.getpid()}"
        if self.proof.exists():
            os.rename(self.proof, old)
        os.rename(self.staging, self.proof)
        shutil.rmtree(old, ignore_errors=True)
        return self.proof


@contextmanager
def generation(root: Path, slug: str, wait_s: float = 600.0,
               waiting: Waiting | None = None) -> Iterator[Generation]:
    """Hold the issue's output lock, repair what a killed build left, and give a fresh staging
    folder; whatever is still staged when the block ends (a failure) is removed."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder {root}: "
                          f"{error.strerror or error}") from None
    with _locked(root / f".{slug}.lock", wait_s, waiting, root / slug):
        _repair(root, slug)
        staging = root / f".{slug}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            yield Generation(root, slug, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _locked(path: Path, wait_s: float, waiting: Waiting | None, folder: Path) -> Iterator[None]:
    """An exclusive advisory lock (flock) on `path`, waited for up to `wait_s` seconds. The
    kernel drops it when the holder exits, however it exits."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"cannot write in {path.parent}: {error.strerror or error}") from None
    try:
        _acquire(fd, wait_s, waiting, folder)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, wait_s: float, waiting: Waiting | None, folder: Path) -> None:
    deadline = time.monotonic() + wait_s
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if time.monotonic() >= deadline:
            raise OutputError(f"another build is writing {folder} (waited {wait_s:g} s); "
                              f"try again when it has finished")
        if waiting and not told:
            waiting(f"another build is writing {folder}; waiting for it to finish")
            told = True
        time.sleep(0.05)


def _repair(root: Path, slug: str) -> None:
    """Undo what a killed build left (we hold the lock, so no build is running): a published
    folder moved aside and not replaced is put back; staging folders and old copies go."""
    published = root / slug
    for aside in sorted(root.glob(f".{slug}.old-*")):
        if not published.exists():
            os.rename(aside, published)
        else:
            shutil.rmtree(aside, ignore_errors=True)
    for leftover in (*root.glob(f".{slug}.staging-*"), *root.glob(f".{slug}.oldproof-*")):
        shutil.rmtree(leftover, ignore_errors=True)
