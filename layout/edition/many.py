"""Many issues at once on a Dask cluster (`banmian build-many`): an archive rebuild, a newspaper
group's night. Dask schedules, moves the data and retries; Banmian gives it the phases `build`
runs (edition/build.py), as tasks:

```
prepare  one per issue        read the manifest, key the pages, look them up in the build cache
layout   one per jump group   lay out pages linked by continued articles → display lists
page     one per page         PDF/X, preflight and web images of one page → the build cache
finish   one per issue        stage print/, web/, the report; publish whole (or keep as proof)
```

then the archive page (`OUT/index.html`) once at the end. Between tasks travel small values —
the prepared issue (model and page keys), display lists, cache records — never files: those
go through the build cache, which every worker reaches on a shared filesystem (as it reaches
the issue folders and the output root). A bad issue fails alone, as a value (`IssueOutcome`),
so Dask never retries bad input; a worker that dies has its task run again elsewhere, and the
cache and the generation rules (write aside, rename into place) make a second run of any task
harmless. A task holds a process lock: pdfium is not thread-safe, so a worker gains nothing
from more than one thread.
"""

from __future__ import annotations

import glob
import logging
import os
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layout.edition import pages
from layout.edition.build import BuildOptions, BuildReport, Prepared, finish, prepare
from layout.edition.pagecache import Store, code_digest
from layout.edition.pages import LaidPage, PageResult, Task, default_jobs
from layout.errors import BadInput, BanmianError, Exit, printable
from layout.fonts import cache_dir
from layout.manifest import ManifestError

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["ClusterError", "IssueOutcome", "ManyOptions", "ManySummary", "build_many",
           "cluster", "issue_folders"]

RETRIES = 1
"""Times a task that raised is run again (a worker that dies is Dask's `allowed-failures`)."""
CONNECT_TIMEOUT_S = 20
WORKER_WAIT_S = 60.0
"""How long to wait for a scheduler's first worker."""
PRIORITY = {"prepare": 0, "layout": 1, "page": 2, "finish": 3}
"""Dask priorities (higher first): issues in flight finish before new ones start."""


class ClusterError(BanmianError):
    """Dask is not installed, the scheduler cannot be reached, or the workers cannot see the
    shared folders or run other code than this machine."""

    exit_code = Exit.BAD_INPUT


@dataclass(frozen=True, slots=True)
class ManyOptions:
    """What build-many builds and where; paths as every worker sees them."""

    out: Path
    cache: Path | None = None
    """The build cache, on the shared filesystem (None: `$BANMIAN_CACHE/build` here)."""
    strict: bool = False
    web: bool = True
    retries: int = RETRIES

    def build_options(self) -> BuildOptions:
        """The options of each issue's build: absolute paths; no archive page per issue."""
        cache = (self.cache or cache_dir() / "build").absolute()
        return BuildOptions(out=self.out.absolute(), strict=self.strict, web=self.web,
                            cache=cache, archive=False)


@dataclass(frozen=True, slots=True)
class IssueOutcome:
    """One issue of the run: built and published, kept as a proof (errors), or not built."""

    folder: str
    """The issue folder, as given."""
    slug: str
    pages: int = 0
    built: int = 0
    """Pages laid out or rendered by this run."""
    cached: int = 0
    """Pages found whole in the build cache."""
    published: bool = False
    errors: int = 0
    warnings: int = 0
    problems: tuple[str, ...] = ()
    """Bad input: every problem; a build with errors: its errors; a failure: what happened."""
    out_dir: str = ""

    @property
    def first_problem(self) -> str:
        return self.problems[0] if self.problems else ""

    def as_json(self) -> dict:
        return {"folder": self.folder, "issue": self.slug, "pages": self.pages,
                "built": self.built, "cached": self.cached, "published": self.published,
                "errors": self.errors, "warnings": self.warnings,
                "problems": list(self.problems), "out_dir": self.out_dir}


@dataclass(frozen=True, slots=True)
class ManySummary:
    """The run: every issue's outcome, the wall time and the workers it had."""

    issues: tuple[IssueOutcome, ...]
    seconds: float
    workers: int

    @property
    def published(self) -> int:
        return sum(1 for i in self.issues if i.published)

    @property
    def failed(self) -> tuple[IssueOutcome, ...]:
        return tuple(i for i in self.issues if not i.published)

    @property
    def pages(self) -> int:
        return sum(i.pages for i in self.issues)

    @property
    def built(self) -> int:
        return sum(i.built for i in self.issues)

    @property
    def cached(self) -> int:
        return sum(i.cached for i in self.issues)

    @property
    def pages_per_minute(self) -> float:
        """Pages of the issues built (published or proofs), per minute of wall time."""
        return 60.0 * self.pages / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict:
        return {"summary": {"issues": len(self.issues), "published": self.published,
                            "failed": len(self.failed), "pages": self.pages,
                            "pages_built": self.built, "pages_cached": self.cached,
                            "seconds": round(self.seconds, 3), "workers": self.workers,
                            "pages_per_minute": round(self.pages_per_minute, 1)},
                "failures": [{"folder": i.folder, "issue": i.slug, "problem": i.first_problem}
                             for i in self.failed],
                "issues": [i.as_json() for i in self.issues]}


Progress = Callable[[str, object], None]
"""Run events: ("page", folio) as a page is laid out and rendered, ("issue", IssueOutcome) as
an issue is done, ("planned", pages to build) as an issue's work is known."""


# ------------------------------------------------------------------------------ the issue list

def issue_folders(args: list[str], listing: Path | None = None) -> list[Path]:
    """The issue folders: each argument a folder or a glob (`archive/2016-*`: the folders it
    matches that have an issue.yaml), then the lines of `listing` (same rules; `#` comments),
    in order, once each. Folders with the same name would publish to the same place: refused."""
    items = list(args)
    if listing is not None:
        try:
            text = listing.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"cannot read the list of issues {listing}: {error}") from None
        items += [line.strip() for line in text.splitlines()
                  if line.strip() and not line.strip().startswith("#")]
    folders: dict[Path, None] = {}
    for item in items:
        for folder in _expand(item):
            folders.setdefault(folder.absolute(), None)
    if not folders:
        raise BadInput("no issue folders given (arguments, a glob or --from FILE)")
    _refuse_same_names(list(folders))
    return list(folders)


def _expand(item: str) -> list[Path]:
    if not glob.has_magic(item):
        return [Path(item)]
    found = sorted(Path(p) for p in glob.glob(item) if (Path(p) / "issue.yaml").is_file())
    if not found:
        raise BadInput(f"no issue folder (a folder with an issue.yaml) matches {item!r}")
    return found


def _refuse_same_names(folders: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for folder in folders:
        if folder.name in seen:
            raise BadInput(f"two issue folders are named {folder.name!r} ({seen[folder.name]} "
                           f"and {folder}): both would be published as OUT/{folder.name}")
        seen[folder.name] = folder


# ------------------------------------------------------------------------------ the cluster

@contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A Dask client: of the scheduler at `scheduler`, or of a LocalCluster started here with
    `workers` processes of one thread (default: one per CPU), closed at the end."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("build-many needs Dask: pip install 'banmian[cluster]' (in a "
                           "checkout: pip install -e '.[cluster]')") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: "
                               f"{printable(str(error))}") from None
        with client:
            _wait_for_workers(client, scheduler)
            yield client
        return
    with _deaf_to_interrupts():  # Ctrl-C is for this process, which stops the workers
        local = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1,
                             processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
    with local, Client(local) as client:
        yield client


@contextmanager
def _deaf_to_interrupts() -> Iterator[None]:
    """SIGINT ignored while worker processes start: they keep ignoring it (a Python process
    started with SIGINT ignored leaves it so), so a Ctrl-C in the terminal reaches this process
    alone, which closes the cluster, instead of every worker printing a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _wait_for_workers(client: Client, scheduler: str) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise ClusterError(f"no Dask worker joined the scheduler at {scheduler} within "
                           f"{WORKER_WAIT_S:g} s (start them with: dask worker {scheduler} "
                           f"--nthreads 1)") from None


def dashboard(client: Client) -> str | None:
    """The address of the cluster's dashboard, if it has one (it needs bokeh)."""
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return None
    return client.dashboard_link if client.scheduler_info().get("services") else None


def worker_count(client: Client) -> int:
    return len(client.nthreads())


def thread_note(client: Client) -> str | None:
    """A word for workers of several threads: they run one Banmian task at a time."""
    threaded = sorted(a for a, n in client.nthreads().items() if n > 1)
    if not threaded:
        return None
    return (f"{len(threaded)} workers have several threads but run one Banmian task at a time "
            f"(pdfium is not thread-safe): start them with --nthreads 1 and one worker "
            f"process per core (--nworkers)")


def check_workers(client: Client, options: BuildOptions, folders: list[Path]) -> None:
    """Every worker sees the output root, the build cache and the issue folders at the paths
    this machine gives, and runs the same Banmian code: else a ClusterError saying which.
    (An issue folder missing here too is that issue's problem, reported with it.)"""
    probes: list[Path] = []
    try:
        for folder in (options.out, options.cache):
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".banmian-probe-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probes.append(probe)
    except OSError as error:
        raise ClusterError(f"cannot write in {error.filename}: {error.strerror}") from None
    try:
        seen = [p for p in [*probes, next((f for f in folders if f.is_dir()), None)] if p]
        views = client.run(_worker_view, [str(p) for p in seen])
    finally:
        for probe in probes:
            probe.unlink(missing_ok=True)
    for address, view in sorted(views.items()):
        if view["missing"]:
            raise ClusterError(f"the worker at {address} does not see {view['missing'][0]}: "
                               f"the issue folders, the output root and the build cache "
                               f"(--cache) must be on a filesystem every worker shares")
        if view["code"] != code_digest():
            raise ClusterError(f"the worker at {address} runs other Banmian code than this "
                               f"machine: install the same version everywhere")


def _worker_view(paths: list[str]) -> dict:
    """Run on each worker: which of `paths` it cannot see, and its code's digest."""
    return {"missing": [p for p in paths if not os.path.exists(p)], "code": code_digest()}


# ------------------------------------------------------------------------------ worker tasks

_ONE_AT_A_TIME = threading.Lock()
"""A worker runs one Banmian task at a time, whatever its thread count (pdfium)."""


def _quiet(stage: str, folio: str) -> None:
    """Page events inside a worker: the client counts finished tasks instead."""


def _failure(folder: str, slug: str, error: Exception) -> IssueOutcome:
    if isinstance(error, ManifestError):
        problems = tuple(str(p) for p in error.problems)
    elif isinstance(error, BanmianError):
        problems = (printable(str(error)),)
    else:
        problems = (f"internal error: {type(error).__name__}: {printable(str(error))[:500]}",)
    return IssueOutcome(folder, slug, problems=problems)


def prepare_task(folder: str, options: BuildOptions) -> Prepared | IssueOutcome:
    """Read and key one issue; bad input is an outcome (never retried), not an exception."""
    with _ONE_AT_A_TIME:
        try:
            return prepare(Path(folder), options, Store(options.cache))
        except BanmianError as error:
            return _failure(folder, Path(folder).name, error)


def plan_task(prepared: Prepared | IssueOutcome) -> tuple[Task, ...] | IssueOutcome:
    """What the client needs to know of a prepared issue: the tasks left (or its failure)."""
    return prepared if isinstance(prepared, IssueOutcome) else prepared.tasks


def layout_task(prepared: Prepared, folios: tuple[str, ...]) -> tuple[LaidPage, ...]:
    with _ONE_AT_A_TIME:
        return tuple(pages.lay_out(prepared.job(), folios))


def page_task(prepared: Prepared, laid: tuple[LaidPage, ...], folio: str) -> PageResult:
    with _ONE_AT_A_TIME:
        page = next(p for p in laid if p.folio == folio)
        return pages.render_page(prepared.job(), page, _quiet)


def images_task(prepared: Prepared, folio: str) -> PageResult:
    with _ONE_AT_A_TIME:
        return pages.render_images(prepared.job(), folio, _quiet)


def finish_task(folder: str, prepared: Prepared, *built: PageResult) -> IssueOutcome:
    """Publish the issue (or keep its proofs); its outcome, small."""
    with _ONE_AT_A_TIME:
        try:
            report = finish(prepared, list(built))
        except BanmianError as error:
            return _failure(folder, prepared.issue.slug, error)
    return _outcome(folder, report)


def _outcome(folder: str, report: BuildReport) -> IssueOutcome:
    problems = tuple(e for p in report.pages for e in p.errors)
    return IssueOutcome(folder, report.issue, len(report.pages), report.cache.get("built", 0),
                        report.cache.get("cached", 0), report.published, report.errors,
                        report.warnings, problems, str(report.out_dir))


# ------------------------------------------------------------------------------ the run

def build_many(client: Client, folders: list[Path], options: ManyOptions,
               progress: Progress | None = None) -> ManySummary:
    """Build every issue in `folders` on the cluster of `client` into `options.out`:
    1. check the workers see the shared folders; 2. run the issues' tasks, a window of issues
    at a time; 3. the archive page, once; 4. the summary."""
    build_options = options.build_options()
    check_workers(client, build_options, folders)
    t0 = time.perf_counter()
    run = _Run(client, options, build_options, progress or (lambda event, payload: None))
    outcomes = run.run([str(f) for f in folders])
    if options.web and any(o.published for o in outcomes):
        from layout.edition.web.site import write_archive

        write_archive(build_options.out)
    Store(build_options.cache).prune()
    return ManySummary(tuple(outcomes), time.perf_counter() - t0, worker_count(client))


class _Run:
    """The client's side of one run (private, mutable): submits each issue's tasks as its plan
    arrives, keeps a window of issues in flight, collects the outcomes."""

    def __init__(self, client: Client, options: ManyOptions, build_options: BuildOptions,
                 tell: Progress) -> None:
        from distributed import as_completed

        self.client, self.options, self.build_options, self.tell = (client, options,
                                                                     build_options, tell)
        self.events = as_completed()
        self.meta: dict[Any, tuple[str, int, str]] = {}
        """Future → (kind, issue index, folio) for every future the client waits for."""
        self.prepared: dict[int, Future] = {}
        self.window = max(4, 2 * worker_count(client))

    def run(self, folders: list[str]) -> list[IssueOutcome]:
        self.folders = folders
        self.waiting = deque(range(len(folders)))
        self.outcomes: dict[int, IssueOutcome] = {}
        self._fill()
        for future in self.events:
            kind, index, folio = self.meta.pop(future)
            if kind == "plan":
                self._planned(future, index)
            elif kind == "page":
                self.tell("page", folio)
            else:
                self._done(index, self._value(future, index))
        return [self.outcomes[i] for i in range(len(folders))]

    def _submit(self, kind: str, fn: Callable, *args: object) -> Future:
        return self.client.submit(fn, *args, key=f"banmian-{kind}-{uuid.uuid4().hex}",
                                  priority=PRIORITY[kind], retries=self.options.retries,
                                  pure=False)

    def _fill(self) -> None:
        """Start issues until the window is full."""
        while self.waiting and len(self.prepared) < self.window:
            index = self.waiting.popleft()
            prepared = self._submit("prepare", prepare_task, self.folders[index],
                                    self.build_options)
            self.prepared[index] = prepared
            plan = self.client.submit(plan_task, prepared, key=f"banmian-plan-{uuid.uuid4().hex}",
                                      priority=PRIORITY["finish"], pure=False)
            self._watch(plan, "plan", index)

    def _watch(self, future: Future, kind: str, index: int, folio: str = "") -> None:
        self.meta[future] = (kind, index, folio)
        self.events.add(future)

    def _planned(self, future: Future, index: int) -> None:
        plan = self._value(future, index)
        if isinstance(plan, IssueOutcome):
            self._done(index, plan)
            return
        prepared, results = self.prepared[index], []
        for task in plan:
            if task.layout:
                laid = self._submit("layout", layout_task, prepared, task.layout)
                results += [(self._submit("page", page_task, prepared, laid, f), f)
                            for f in task.layout]
            results += [(self._submit("page", images_task, prepared, f), f) for f in task.images]
        self.tell("planned", len(results))
        for page, folio in results:
            self._watch(page, "page", index, folio)
        done = self._submit("finish", finish_task, self.folders[index], prepared,
                            *[page for page, _ in results])
        self._watch(done, "finish", index)

    def _value(self, future: Future, index: int) -> Any:
        """The future's result, or the failure of its issue if the task failed for good (a
        bug, or a task that killed `allowed-failures` workers)."""
        if future.status == "error":
            error = future.exception()
            slug = Path(self.folders[index]).name
            return _failure(self.folders[index], slug, error)
        return future.result()

    def _done(self, index: int, outcome: IssueOutcome) -> None:
        self.prepared.pop(index, None)  # its prepared issue may leave the workers' memory
        self.outcomes[index] = outcome
        self.tell("issue", outcome)
        self._fill()
