"""The layout editor's live preview: build an issue, serve the output root on 127.0.0.1, rebuild
on every save, and tell the open viewers over server-sent events.

```
watcher thread   watchfiles → SourceFilter → RebuildQueue.request(paths)
builder thread   RebuildQueue.take() → build() in this process → Outcome → EventHub.publish
server threads   ThreadingHTTPServer: OUT as static files; the issue's viewer with LIVE_SCRIPT
                 injected; /__banmian/live.js; /__banmian/events (text/event-stream)
```

Rebuilds run one at a time in the same process, so whatever build() keeps in memory (fonts,
metrics) stays warm. Saves during a rebuild are collected and make exactly one more rebuild
afterwards. The server never waits for a build: build() replaces the web package atomically, and
the files on disk are exactly what `banmian build` writes; the live script exists only in the
served copy of the viewer's index.html. A manifest error leaves the last good package in place.

Events (data: JSON): `building` (a rebuild started), `build` (it finished: Outcome.as_json(),
with the pages whose PDF changed and the report's errors and warnings), `build-error` (it failed,
nothing was written: the ManifestError text). A new stream first gets the latest outcome.
"""

from __future__ import annotations

import errno
import json
import logging
import queue
import re
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from layout.edition.build import BuildOptions, BuildReport, build
from layout.edition.web.site import WEB, read_edition
from layout.errors import OutputError
from layout.files import TEMPLATES
from layout.manifest import ManifestError
from layout.style import StyleFactory

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
PREFIX = "/__banmian/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "live.js"
LIVE_SCRIPT = f'<script src="{SCRIPT_PATH}"></script>\n'
"""What the server adds before `</body>` of the viewer it serves (never written to disk)."""
CLIENT_JS = TEMPLATES / "preview" / "live.js"
KEEPALIVE_S = 15.0
"""An SSE comment this often keeps proxies and the browser from closing an idle stream."""
WATCH_STEP_MS = 20
"""watchfiles groups raw file events until none came for this long (the Rust side)."""

_TEMP_NAMES = re.compile(r"""(
      ~$                      # vim, emacs, gedit backups
    | ^\.\#                   # emacs lock files
    | ^\#.*\#$                # emacs auto-save
    | \.sw[a-px]$             # vim swap files (and its .swx probe)
    | ^4913$                  # vim's probe of whether it may write in the folder
    | ___jb_(tmp|old)___$     # JetBrains safe write
    | ^\.DS_Store$ | ^\.~lock\.
    | \.(tmp|part|crdownload)$
)""", re.VERBOSE)
_IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".idea", ".vscode", ".venv"})


# --------------------------------------------------------------------------- which changes count

@dataclass(frozen=True, slots=True)
class SourceFilter:
    """Decides whether a changed path is an edit of the issue (a watchfiles `watch_filter`):
    editor temp files, version-control folders and what the build writes (if the output lies
    inside the issue folder) are not."""

    issue_dir: Path
    written: tuple[Path, ...] = ()
    """What build() writes: the issue's output folder (all inside it) and the archive page."""

    @classmethod
    def for_output(cls, issue_dir: Path, out: Path) -> SourceFilter:
        """The filter for building `issue_dir` into the output root `out`."""
        return cls(issue_dir, (out / issue_dir.name, out / "index.html"))

    def __call__(self, change: object, path: str) -> bool:
        return self.relevant(Path(path))

    def relevant(self, path: Path) -> bool:
        path = path.absolute()
        if any(path.is_relative_to(w.absolute()) for w in self.written):
            return False
        try:
            parts = path.relative_to(self.issue_dir.absolute()).parts
        except ValueError:
            return False
        if not parts or any(p in _IGNORED_DIRS for p in parts[:-1]):
            return False
        return _TEMP_NAMES.search(parts[-1]) is None and parts[-1] not in _IGNORED_DIRS


# --------------------------------------------------------------------------- debouncing

class RebuildQueue:
    """Collects changed paths and hands them out as one batch per rebuild.

    A batch is due once no change came for `quiet_s` (an editor saving several files is one
    burst), or `max_wait_s` after its first change if changes never stop. Whatever arrives while
    a rebuild runs is the next batch: any number of saves during a rebuild make one more.
    """

    def __init__(self, quiet_s: float = 0.04, max_wait_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet_s, self.max_wait_s, self._clock = quiet_s, max_wait_s, clock
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._closed = False

    def request(self, paths: Iterable[str]) -> None:
        """Note changed paths (relative names, for the summary line)."""
        with self._cond:
            now = self._clock()
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._last = now
            self._cond.notify_all()

    @property
    def pending(self) -> frozenset[str]:
        """The changed paths waiting for the next rebuild."""
        with self._cond:
            return frozenset(self._pending)

    def due_in(self, now: float) -> float | None:
        """Seconds until the pending batch is due (0: now), None if nothing is pending."""
        with self._cond:
            if not self._pending:
                return None
            deadline = min(self._last + self.quiet_s, self._first + self.max_wait_s)
            return max(0.0, deadline - now)

    def take(self, timeout: float | None = None) -> frozenset[str] | None:
        """Wait for the next due batch; None once closed (or after `timeout` seconds)."""
        give_up = None if timeout is None else self._clock() + timeout
        with self._cond:
            while not self._closed:
                wait = self.due_in(self._clock())
                if wait == 0.0:
                    batch, self._pending = frozenset(self._pending), set()
                    return batch
                if give_up is not None:
                    left = give_up - self._clock()
                    if left <= 0:
                        return None
                    wait = left if wait is None else min(wait, left)
                self._cond.wait(wait)
            return None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


# --------------------------------------------------------------------------- build outcomes

@dataclass(frozen=True, slots=True)
class Outcome:
    """What one build did: for the terminal line and the browser's banner."""

    number: int
    """1 for the first build of this preview, then 2, 3…"""
    seconds: float
    changed: tuple[str, ...] = ()
    """Folios whose page PDF differs from the previous package (their images were redrawn)."""
    pages: int = 0
    errors: tuple[str, ...] = ()
    """The report's errors (overflow, preflight…), as report.json has them."""
    warnings: tuple[str, ...] = ()
    """The report's warnings (missing glyphs, empty lines…)."""
    failure: str = ""
    """Why the build did not finish (nothing was written, the last good pages stay): the
    ManifestError text, one `file:line:col: message` per line, or an internal error."""
    failure_kind: str = ""
    """"manifest error" or "internal error" when `failure` is set."""
    trigger: tuple[str, ...] = ()
    """The changed files (relative to the issue folder) that caused this build."""

    @property
    def ok(self) -> bool:
        return not self.failure

    def summary(self) -> str:
        """One line: what changed, how long it took, how many pages were redrawn, problems."""
        shown = ", ".join(self.trigger[:3]) + (" …" if len(self.trigger) > 3 else "")
        head = f"build {self.number}{f' ({shown})' if shown else ''}: {self.seconds:.2f} s"
        if not self.ok:
            return f"{head}, {self.failure_kind}: the last good pages stay"
        redrawn = f"{len(self.changed)} of {self.pages} pages rebuilt" + \
            (f" ({', '.join(self.changed)})" if self.changed else "")
        return (f"{head}, {redrawn}, {_count(len(self.errors), 'error')}, "
                f"{_count(len(self.warnings), 'warning')}")

    def as_json(self) -> dict:
        return {"build": self.number, "ok": self.ok, "seconds": round(self.seconds, 3),
                "changed": list(self.changed), "pages": self.pages, "errors": list(self.errors),
                "warnings": list(self.warnings), "failure": self.failure,
                "failure_kind": self.failure_kind, "trigger": list(self.trigger),
                "summary": self.summary()}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def changed_pages(old: dict | None, new: dict | None) -> tuple[str, ...]:
    """Folios of `new` (a pages.json) whose PDF differs from, or is missing in, `old`."""
    if not new:
        return ()
    before = {p.get("folio"): p.get("pdf_sha256") for p in (old or {}).get("pages", [])}
    return tuple(p["folio"] for p in new.get("pages", [])
                 if before.get(p["folio"]) != p.get("pdf_sha256"))


BuildFn = Callable[[Path, BuildOptions], BuildReport]


def _run_build(issue_dir: Path, options: BuildOptions) -> BuildReport:
    return build(issue_dir, options, None)


class Rebuilder:
    """Builds the issue and turns the result, or the failure, into an Outcome."""

    def __init__(self, issue_dir: Path, out: Path, build_fn: BuildFn = _run_build,
                 style: StyleFactory | None = None) -> None:
        self.issue_dir, self._build = issue_dir, build_fn
        # the editor must see the page that overflows: a preview publishes whatever it builds
        self.options = BuildOptions(out=out, publish_with_errors=True, style=style)
        self.web_dir = out / issue_dir.name / WEB
        self.number = 0
        self._edition = read_edition(self.web_dir)

    def run(self, trigger: Iterable[str] = ()) -> Outcome:
        self.number += 1
        start = time.perf_counter()
        trigger = tuple(sorted(trigger))
        try:
            report = self._build(self.issue_dir, self.options)
        except ManifestError as exc:
            return self._failed(str(exc), "manifest error", start, trigger)
        except Exception as exc:  # shown in the banner; the preview goes on
            log.debug("build %d failed", self.number, exc_info=True)
            return self._failed(f"internal error: {type(exc).__name__}: {exc}", "internal error",
                                start, trigger)
        seconds = time.perf_counter() - start
        edition = read_edition(self.web_dir)
        changed = changed_pages(self._edition, edition)
        self._edition = edition
        return Outcome(self.number, seconds, changed, len(report.pages),
                       tuple(e for p in report.pages for e in p.errors),
                       tuple(w for p in report.pages for w in p.warnings), trigger=trigger)

    def _failed(self, text: str, kind: str, start: float, trigger: tuple[str, ...]) -> Outcome:
        return Outcome(self.number, time.perf_counter() - start, failure=text, failure_kind=kind,
                       trigger=trigger)


# --------------------------------------------------------------------------- server-sent events

@dataclass(frozen=True, slots=True)
class ServerEvent:
    """One server-sent event: `event: name` and its JSON data."""

    name: str
    data: dict
    id: int = 0

    def encode(self) -> bytes:
        text = json.dumps(self.data, ensure_ascii=False)
        lines = [f"id: {self.id}", f"event: {self.name}"] + \
            [f"data: {line}" for line in text.splitlines()]
        return ("\n".join(lines) + "\n\n").encode("utf-8")


class EventHub:
    """Fans events out to every open event stream. A new stream first gets the last kept event
    (the latest build's outcome), so a viewer opened or reconnected later is up to date."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: set[queue.SimpleQueue] = set()
        self._last: ServerEvent | None = None
        self._closed = False

    def publish(self, event: ServerEvent, keep: bool = True) -> None:
        with self._lock:
            if keep:
                self._last = event
            for stream in self._streams:
                stream.put(event)

    def subscribe(self) -> queue.SimpleQueue:
        """A new stream: ServerEvents, and None when the hub closes."""
        stream: queue.SimpleQueue = queue.SimpleQueue()
        with self._lock:
            if self._last is not None:
                stream.put(self._last)
            if self._closed:
                stream.put(None)
            self._streams.add(stream)
        return stream

    def unsubscribe(self, stream: queue.SimpleQueue) -> None:
        with self._lock:
            self._streams.discard(stream)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for stream in self._streams:
                stream.put(None)

    @property
    def streams(self) -> int:
        with self._lock:
            return len(self._streams)


# --------------------------------------------------------------------------- HTTP

def inject_live_script(page: bytes) -> bytes:
    """The viewer's HTML with LIVE_SCRIPT before its last `</body>` (or at the end)."""
    at = page.lower().rfind(b"</body>")
    script = LIVE_SCRIPT.encode("utf-8")
    return page + script if at < 0 else page[:at] + script + page[at:]


PLACEHOLDER = b"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>banmian preview</title></head>
<body><p>This issue has no good build yet: fix the problems shown above and save.</p></body>
</html>
"""
"""Served in place of a viewer that was never built (the first build failed)."""


class PreviewServer(ThreadingHTTPServer):
    """The output root as static files on 127.0.0.1, plus the preview's own paths."""

    daemon_threads = True

    def __init__(self, root: Path, slug: str, hub: EventHub, port: int) -> None:
        self.root, self.slug, self.hub = root, slug, hub
        self.viewer_paths = frozenset({f"/{slug}/{WEB}/index.html", f"/{slug}/{WEB}/"})
        super().__init__((HOST, port), PreviewHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host name."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.server_address[1]

    def finish_request(self, request, client_address) -> None:
        PreviewHandler(request, client_address, self, directory=str(self.root))

    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection early is normal; nothing goes to stderr."""
        log.debug("request from %s failed", client_address, exc_info=sys.exc_info())

    @property
    def allowed_hosts(self) -> frozenset[str]:
        port = self.server_address[1]
        return frozenset({f"{HOST}:{port}", f"localhost:{port}"})


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the output root; the live viewer, its script and the event stream."""

    server: PreviewServer

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not self._host_allowed():
            self.send_error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        elif path == EVENTS_PATH:
            self._events()
        elif path == SCRIPT_PATH:
            self._send(CLIENT_JS.read_bytes(), "text/javascript; charset=utf-8")
        elif path.startswith(PREFIX):
            self.send_error(HTTPStatus.NOT_FOUND)
        elif unquote(path) in self.server.viewer_paths:
            self._send(inject_live_script(self._viewer()), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._host_allowed():
            self.send_error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        elif unquote(urlsplit(self.path).path) in self.server.viewer_paths:
            self._send(inject_live_script(self._viewer()), "text/html; charset=utf-8", head=True)
        else:
            super().do_HEAD()

    def end_headers(self) -> None:
        """Every response is revalidated: the files change under the browser on each build."""
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # the base class's parameter names
        log.debug("%s %s", self.address_string(), format % args)

    def _host_allowed(self) -> bool:
        """Only requests addressed to this server (no DNS rebinding from a web page)."""
        host = self.headers.get("Host")
        return host is None or host.lower() in self.server.allowed_hosts

    def _viewer(self) -> bytes:
        try:
            return (self.server.root / self.server.slug / WEB / "index.html").read_bytes()
        except OSError:
            return PLACEHOLDER

    def _send(self, body: bytes, content_type: str, head: bool = False) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """text/event-stream until the browser leaves or the preview stops."""
        stream = self.server.hub.subscribe()
        self.close_connection = True
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")
            while (chunk := _next_chunk(stream)) is not None:
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:
            log.debug("event stream to %s closed", self.address_string())
        finally:
            self.server.hub.unsubscribe(stream)


def _next_chunk(stream: queue.SimpleQueue) -> bytes | None:
    """The next event's bytes, a keep-alive comment after a quiet while, None at the end."""
    try:
        event = stream.get(timeout=KEEPALIVE_S)
    except queue.Empty:
        return b": keep-alive\n\n"
    return None if event is None else event.encode()


# --------------------------------------------------------------------------- the preview

@dataclass(frozen=True, slots=True)
class PreviewConfig:
    issue_dir: Path
    out: Path = Path("output")
    port: int = 8765
    """0: any free port."""
    quiet_s: float = 0.04
    max_wait_s: float = 1.0
    style: StyleFactory | None = None
    """A house style instead of the manifest's (BuildOptions.style)."""


class ServeError(OutputError):
    """The preview cannot start: the port is taken or not ours to use, or OUT cannot be made."""


@dataclass
class Preview:
    """The running preview: start(), then stop() from the thread that started it."""

    config: PreviewConfig
    on_outcome: Callable[[Outcome], None] = lambda outcome: None
    build_fn: BuildFn = _run_build
    first_build: threading.Event = field(default_factory=threading.Event)
    """Set once the first build has finished (or failed) and been reported."""
    building: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.issue_dir, self.out = self.config.issue_dir.resolve(), self.config.out.resolve()
        self.hub = EventHub()
        self.queue = RebuildQueue(self.config.quiet_s, self.config.max_wait_s)
        self.filter = SourceFilter.for_output(self.issue_dir, self.out)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.server: PreviewServer | None = None

    @property
    def url(self) -> str:
        """The issue's viewer on this server."""
        port = self.server.server_address[1] if self.server else self.config.port
        return f"http://{HOST}:{port}/{quote(self.issue_dir.name)}/{WEB}/index.html"

    def start(self) -> None:
        """Listen (raises ServeError), then serve, watch and build in background threads."""
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ServeError(f"cannot create the output folder {self.out}: {exc}") from None
        try:
            self.server = PreviewServer(self.out, self.issue_dir.name, self.hub, self.config.port)
        except OSError as exc:
            raise ServeError(_listen_problem(self.config.port, exc)) from None
        rebuilder = Rebuilder(self.issue_dir, self.out, self.build_fn, self.config.style)
        for name, target, args in (("serve", self.server.serve_forever, (0.2,)),
                                   ("watch", self._watch, ()),
                                   ("build", self._build, (rebuilder,))):
            thread = threading.Thread(target=target, args=args, name=f"banmian-{name}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float | None = None) -> bool:
        """Stop watching and serving; wait up to `timeout` s for a running build to finish.
        False if it is still running (its thread is a daemon: the process may exit anyway)."""
        self._stop.set()
        self.queue.close()
        self.hub.close()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self._threads:
            thread.join(timeout if thread.name == "banmian-build" else 5.0)
        return not any(t.is_alive() for t in self._threads)

    def _build(self, rebuilder: Rebuilder) -> None:
        batch: Iterable[str] | None = ()
        while batch is not None and not self._stop.is_set():
            self.building.set()
            self.hub.publish(ServerEvent("building", {"build": rebuilder.number + 1,
                                                      "trigger": sorted(batch)}), keep=False)
            outcome = rebuilder.run(batch)
            self.building.clear()
            name = "build" if outcome.ok else "build-error"
            self.hub.publish(ServerEvent(name, outcome.as_json(), outcome.number))
            try:
                self.on_outcome(outcome)
            except OSError as exc:  # the terminal went away: the browser still gets it
                log.warning("could not report build %d: %s", outcome.number, exc)
            self.first_build.set()
            batch = self.queue.take()

    def _watch(self) -> None:
        """File events of the issue folder into the queue, until stop()."""
        from watchfiles import watch

        try:
            for changes in watch(self.issue_dir, watch_filter=self.filter, step=WATCH_STEP_MS,
                                 stop_event=self._stop, rust_timeout=1000,
                                 raise_interrupt=False):
                self.queue.request(_relative(Path(p), self.issue_dir) for _, p in changes)
        except Exception as exc:  # noqa: BLE001 - e.g. too many inotify watches
            log.warning("watching %s stopped: %s; restart the preview", self.issue_dir, exc)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _listen_problem(port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {HOST} is already in use (another preview?): "
                f"choose another with --port, or --port 0 for any free port")
    if exc.errno == errno.EACCES:
        return f"port {port} on {HOST} needs privileges: choose one above 1023 with --port"
    return f"cannot listen on {HOST}:{port}: {exc.strerror or exc}"
