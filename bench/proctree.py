"""Run a command in a fresh process and measure it: wall time, CPU time of the process tree, peak
RSS of its largest process and peak PSS of the whole tree (Linux /proc; standard library only).

CPU time and peak RSS come from `os.wait4`: the kernel folds every descendant the child waited for
into the child's usage, and ru_maxrss is the largest single process's resident set. A process pool
is several processes, so a sampler thread also sums the proportional set size (Pss in
/proc/PID/smaps_rollup, which splits pages shared after fork among their sharers) of the child and
all its descendants every ~20 ms and keeps the largest sum.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class Run:
    """One measured run of a command."""

    returncode: int
    wall_s: float
    cpu_s: float
    """User + system time of the process and all its descendants."""
    max_rss_mb: float
    """Peak resident set of the largest single process."""
    tree_pss_mb: float
    """Peak of the summed PSS of the process tree (sampled; 0 if /proc has no smaps_rollup)."""
    stdout: str
    stderr: str


HAS_CHILDREN_FILES = (PROC / str(os.getpid()) / "task" / str(os.getpid()) / "children").exists()
"""Whether the kernel lists a task's children (CONFIG_PROC_CHILDREN); else ppids are scanned."""


def children(pid: int) -> list[int]:
    """Direct children of `pid` that are alive now."""
    if not HAS_CHILDREN_FILES:
        return _children_by_scan(pid)
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return []
    found = []
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found


def _children_by_scan(pid: int) -> list[int]:
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == pid:  # field 4, after "(comm)" and state
            found.append(int(entry.name))
    return found


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants alive now."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children(current))
    return out


def pss_kb(pid: int) -> int:
    """Proportional set size of one process in kB (0 if it is gone or a zombie)."""
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


class PssSampler(threading.Thread):
    """Samples the summed PSS of a process tree until stopped; `peak_kb` is the largest sum."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(pss_kb(p) for p in tree(self.pid)))
            self._done.wait(self.interval)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kb


def run_measured(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `argv` to completion in a fresh process and measure it (output captured, not shown)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        sampler = PssSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        peak_kb = sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(returncode=proc.returncode, wall_s=wall,
                   cpu_s=usage.ru_utime + usage.ru_stime, max_rss_mb=usage.ru_maxrss / 1024,
                   tree_pss_mb=peak_kb / 1024,
                   stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"))
