"""`banmian preview`: which file changes count, debouncing, the server (viewer with the live
script, event stream, Host check), the build loop with a stand-in build, the command's exit
codes, and end to end on the sample issue in a subprocess (slow)."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from layout.cli.main import main
from layout.edition.build import BuildOptions, BuildReport, PageReport
from layout.edition.preview import (
    LIVE_SCRIPT,
    SCRIPT_PATH,
    EventHub,
    Outcome,
    Preview,
    PreviewConfig,
    PreviewServer,
    Rebuilder,
    RebuildQueue,
    ServeError,
    ServerEvent,
    SourceFilter,
    changed_pages,
    inject_live_script,
)
from layout.edition.web.data import FORMAT, VERSION
from layout.manifest import ManifestError, Problem

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
VIEWER = b'<html><body>\n<script src="pages.js"></script>\n<script src="viewer.js"></script>\n' \
    b'</body>\n</html>\n'


def wait_until(condition, timeout: float, what: str):
    """Poll `condition` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


# --------------------------------------------------------------------------- filtering

def test_editor_temp_files_vcs_and_the_output_folder_are_not_edits(tmp_path):
    issue = tmp_path / "issue"
    keep = SourceFilter.for_output(issue, issue / "output")
    for name in ("issue.yaml", "articles/lead.txt", "images/p.jpg", "fonts/My Kai.otf",
                 "output/other-issue/notes.txt"):
        assert keep.relevant(issue / name), name
    for name in ("articles/.lead.txt.swp", "articles/.lead.txt.swx", "articles/lead.txt~",
                 "articles/.#lead.txt", "articles/#lead.txt#", "4913", "articles/4913",
                 "issue.yaml___jb_tmp___", ".DS_Store", ".git/index", "articles/.git/x",
                 "output/issue/report.json", "output/issue/web/.web.tmp-1/pages.json",
                 "output/issue", "output/index.html"):
        assert not keep.relevant(issue / name), name
    assert not keep.relevant(tmp_path / "elsewhere.txt")
    assert keep("modified", str(issue / "issue.yaml"))  # the watchfiles filter signature
    nested = tmp_path / "issues" / "x"
    around = SourceFilter.for_output(nested, tmp_path)  # the issue folder inside OUT
    assert around.relevant(nested / "articles" / "lead.txt")
    assert not around.relevant(tmp_path / "x" / "report.json")


# --------------------------------------------------------------------------- debouncing

class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_batch_is_due_after_a_quiet_spell_or_the_longest_wait():
    clock = FakeClock()
    rebuilds = RebuildQueue(quiet_s=0.1, max_wait_s=1.0, clock=clock)
    assert rebuilds.due_in(clock.now) is None, "nothing pending"
    rebuilds.request(["a.txt"])
    assert rebuilds.due_in(clock.now) == pytest.approx(0.1)
    for _ in range(12):  # a save every 90 ms: never quiet for 100 ms …
        clock.now += 0.09
        rebuilds.request(["b.txt"])
        assert rebuilds.due_in(clock.now) <= 0.1
    assert rebuilds.due_in(clock.now) == 0.0, "… so the longest wait (1 s) decides"
    assert rebuilds.take(timeout=0) == {"a.txt", "b.txt"}
    assert rebuilds.due_in(clock.now) is None


def test_a_burst_of_saves_is_one_rebuild():
    rebuilds = RebuildQueue(quiet_s=0.05)
    start = time.monotonic()
    for name in ("issue.yaml", "articles/a.txt", "articles/b.txt", "articles/a.txt"):
        rebuilds.request([name])
    assert rebuilds.take(timeout=30) == {"issue.yaml", "articles/a.txt", "articles/b.txt"}
    assert time.monotonic() - start >= 0.05, "not before the quiet spell"
    assert rebuilds.take(timeout=0.1) is None


def test_saves_during_a_rebuild_make_exactly_one_more():
    rebuilds = RebuildQueue(quiet_s=0.01)
    rebuilds.request(["a.txt"])
    assert rebuilds.take(timeout=30) == {"a.txt"}
    # … a rebuild runs here, and meanwhile the editor saves three times from another thread
    saver = threading.Thread(target=lambda: [rebuilds.request([f"{n}.txt"]) for n in "bcb"])
    saver.start()
    saver.join()
    assert rebuilds.take(timeout=30) == {"b.txt", "c.txt"}
    assert rebuilds.take(timeout=0.1) is None, "and no third one"


def test_close_wakes_a_waiting_taker():
    rebuilds = RebuildQueue()
    got: list = []
    taker = threading.Thread(target=lambda: got.append(rebuilds.take()))
    taker.start()
    rebuilds.close()
    taker.join(timeout=30)
    assert got == [None] and not taker.is_alive()


# --------------------------------------------------------------------------- outcomes

def edition(**shas: str) -> dict:
    return {"pages": [{"folio": f, "pdf_sha256": s} for f, s in shas.items()]}


def test_changed_pages_compare_the_pdf_digests():
    assert changed_pages(None, edition(**{"1": "a", "2": "b"})) == ("1", "2")
    assert changed_pages(edition(**{"1": "a", "2": "b"}), edition(**{"1": "a", "2": "c"})) == ("2",)
    assert changed_pages(edition(**{"1": "a"}), None) == ()


def test_summary_line_names_time_pages_and_problems():
    ok = Outcome(3, 0.812, ("2",), 4, ("article `x` overflows by 12 characters",), (),
                 trigger=("articles/x.txt",))
    assert ok.summary() == ("build 3 (articles/x.txt): 0.81 s, 1 of 4 pages rebuilt (2), "
                            "1 error, 0 warnings")
    bad = Outcome(4, 0.02, failure="issue.yaml:3:5: unknown key", failure_kind="manifest error")
    assert not bad.ok and bad.summary() == "build 4: 0.02 s, manifest error: the last good pages stay"
    assert json.loads(json.dumps(bad.as_json()))["failure"] == "issue.yaml:3:5: unknown key"


class FakeBuild:
    """Stands in for build(): writes a pages.json with given page digests, or raises."""

    def __init__(self) -> None:
        self.pages = {"1": "a", "2": "b"}
        self.raises: Exception | None = None
        self.calls = 0
        self.gate: threading.Event | None = None
        self.started = threading.Event()

    def __call__(self, issue_dir: Path, options: BuildOptions) -> BuildReport:
        self.calls += 1
        self.started.set()
        if self.gate is not None:
            self.gate.wait(60)
        if self.raises is not None:
            raise self.raises
        web = options.out / issue_dir.name / "web"
        web.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "version": VERSION,
                "pages": [{"folio": f, "pdf_sha256": s} for f, s in self.pages.items()]}
        (web / "pages.json").write_text(json.dumps(data), encoding="utf-8")
        (web / "index.html").write_bytes(VIEWER)
        report = BuildReport(issue_dir.name, options.out / issue_dir.name)
        report.pages = [PageReport(f, "要闻", "gray") for f in self.pages]
        report.pages[0].errors.append("article `a` overflows by 3 characters (1 lines) on page 1")
        return report


def test_rebuilder_reports_changed_pages_and_failures(tmp_path):
    fake = FakeBuild()
    rebuilder = Rebuilder(tmp_path / "issue", tmp_path / "out", fake)
    first = rebuilder.run()
    assert first.ok and first.changed == ("1", "2") and first.pages == 2
    assert first.errors == ("article `a` overflows by 3 characters (1 lines) on page 1",)
    fake.pages["2"] = "c"
    assert rebuilder.run(["articles/b.txt"]).changed == ("2",)
    fake.raises = ManifestError([Problem("issue/issue.yaml", 7, 3, "unknown key 'x'")])
    failed = rebuilder.run(["issue.yaml"])
    assert failed.failure == "issue/issue.yaml:7:3: unknown key 'x'"
    assert failed.failure_kind == "manifest error" and failed.number == 3
    fake.raises = RuntimeError("boom")
    assert rebuilder.run().failure == "internal error: RuntimeError: boom"
    fake.raises = None
    assert rebuilder.run().changed == (), "compared with the last good build"


# --------------------------------------------------------------------------- the server

def test_the_live_script_goes_before_body_end_after_the_viewer():
    page = inject_live_script(VIEWER)
    assert page.count(LIVE_SCRIPT.encode()) == 1
    assert page.index(b"viewer.js") < page.index(SCRIPT_PATH.encode()) < page.index(b"</body>")
    assert inject_live_script(b"<p>no body end") == b"<p>no body end" + LIVE_SCRIPT.encode()


@pytest.fixture
def server(tmp_path):
    """A PreviewServer on a free port over tmp_path/out, with the issue `iss` built there."""
    web = tmp_path / "out" / "iss" / "web"
    web.mkdir(parents=True)
    (web / "index.html").write_bytes(VIEWER)
    (web / "pages.json").write_text("{}", encoding="utf-8")
    hub = EventHub()
    srv = PreviewServer(tmp_path / "out", "iss", hub, 0)
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    hub.close()
    srv.shutdown()
    srv.server_close()


def get(srv: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host} if host else {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def test_the_viewer_is_served_with_the_live_script_the_file_stays_as_built(server, tmp_path):
    assert server.server_address[0] == "127.0.0.1"
    status, body, headers = get(server, "/iss/web/index.html")
    assert status == 200 and SCRIPT_PATH.encode() in body
    assert body == inject_live_script(VIEWER)
    assert get(server, "/iss/web/")[1] == body
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    conn.request("HEAD", "/iss/web/index.html")
    assert conn.getresponse().getheader("Content-Length") == str(len(body))
    conn.close()
    assert (tmp_path / "out" / "iss" / "web" / "index.html").read_bytes() == VIEWER
    status, script, headers = get(server, SCRIPT_PATH)
    assert status == 200 and b"EventSource" in script and "javascript" in headers["Content-Type"]
    status, data, headers = get(server, "/iss/web/pages.json?v=1")
    assert (status, data, headers["Cache-Control"]) == (200, b"{}", "no-cache")
    assert get(server, "/__banmian/nothing")[0] == 404
    assert get(server, "/../../etc/passwd")[0] == 404
    assert get(server, "/iss/web/index.html", host="attacker.example:80")[0] == 403


def test_a_never_built_viewer_is_a_placeholder_that_waits(server, tmp_path):
    shutil.rmtree(tmp_path / "out" / "iss")
    status, body, _ = get(server, "/iss/web/index.html")
    assert status == 200 and b"no good build yet" in body and SCRIPT_PATH.encode() in body


class EventStream:
    """A text/event-stream reader: (event name, data) pairs in a queue, from a thread."""

    def __init__(self, port: int) -> None:
        self.events: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.conn.request("GET", "/__banmian/events")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name, data = "message", []
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if not line:
                    if data:
                        self.events.put((name, json.loads("\n".join(data))))
                    name, data = "message", []
                elif line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
        except (OSError, ValueError):
            pass
        self.events.put(("closed", None))

    def next(self, name: str, timeout: float, where=lambda data: True) -> dict:
        """The next event called `name` whose data satisfies `where` (others are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                got, data = self.events.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no {name!r} event within {timeout:.0f} s")
            if got == name and where(data):
                return data
            assert got != "closed", f"the stream ended before a {name!r} event"

    def close(self) -> None:
        self.conn.close()


def test_events_reach_every_stream_and_a_new_one_gets_the_last(server):
    first = EventStream(server.server_address[1])
    wait_until(lambda: server.hub.streams == 1, 30, "the stream to subscribe")
    server.hub.publish(ServerEvent("build", {"build": 1}, 1))
    server.hub.publish(ServerEvent("building", {"build": 2}), keep=False)
    assert first.next("build", 30) == {"build": 1}
    assert first.next("building", 30) == {"build": 2}
    late = EventStream(server.server_address[1])
    assert late.next("build", 30) == {"build": 1}, "the last outcome, not the transient event"
    server.hub.close()
    assert first.next("closed", 30) is None and late.next("closed", 30) is None
    first.close()
    late.close()


# --------------------------------------------------------------------------- the build loop

@pytest.fixture
def fake_issue(tmp_path):
    issue = tmp_path / "iss"
    (issue / "articles").mkdir(parents=True)
    (issue / "issue.yaml").write_text("pages: []\n", encoding="utf-8")
    (issue / "articles" / "a.txt").write_text("正文。\n", encoding="utf-8")
    return issue


def started(fake_issue: Path, fake: FakeBuild) -> tuple[Preview, queue.Queue]:
    pytest.importorskip("watchfiles")
    outcomes: queue.Queue = queue.Queue()
    config = PreviewConfig(fake_issue, fake_issue / "output", port=0, quiet_s=0.05)
    session = Preview(config, on_outcome=outcomes.put, build_fn=fake)
    session.start()
    return session, outcomes


def next_outcome(outcomes: queue.Queue) -> Outcome:
    try:
        return outcomes.get(timeout=60)
    except queue.Empty:
        pytest.fail("no build within 60 s")


def test_saves_rebuild_temp_files_and_the_output_inside_do_not(fake_issue):
    fake = FakeBuild()
    session, outcomes = started(fake_issue, fake)
    try:
        assert next_outcome(outcomes).number == 1, "the first build"
        assert session.url.startswith("http://127.0.0.1:") and "/iss/web/index.html" in session.url
        (fake_issue / "articles" / ".a.txt.swp").write_bytes(b"vim")
        (fake_issue / "4913").write_bytes(b"")
        (fake_issue / "articles" / "a.txt").write_text("正文改了。\n", encoding="utf-8")
        second = next_outcome(outcomes)
        assert second.trigger == ("articles/a.txt",), "editor files are not edits"
        time.sleep(0.5)  # room for a wrong rebuild caused by the build's own output
        assert outcomes.empty() and fake.calls == 2, "writing output/ inside did not rebuild"
    finally:
        assert session.stop(timeout=30)


def test_a_save_during_a_rebuild_makes_one_more(fake_issue):
    fake = FakeBuild()
    session, outcomes = started(fake_issue, fake)
    try:
        next_outcome(outcomes)
        fake.gate, fake.started = threading.Event(), threading.Event()
        (fake_issue / "articles" / "a.txt").write_text("一。\n", encoding="utf-8")
        assert fake.started.wait(60), "the second build started"
        for text in ("二。\n", "三。\n", "四。\n"):  # saved while it runs
            (fake_issue / "articles" / "a.txt").write_text(text, encoding="utf-8")
        (fake_issue / "issue.yaml").write_text("pages: [] # edited\n", encoding="utf-8")
        wait_until(lambda: session.queue.pending == {"articles/a.txt", "issue.yaml"}, 60,
                   "the watcher to see the saves")
        fake.gate.set()
        assert next_outcome(outcomes).number == 2
        third = next_outcome(outcomes)
        assert third.number == 3 and set(third.trigger) == {"articles/a.txt", "issue.yaml"}
        time.sleep(0.5)
        assert outcomes.empty() and fake.calls == 3
    finally:
        fake.gate.set()
        assert session.stop(timeout=30)


def test_manifest_errors_are_published_and_the_server_keeps_serving(fake_issue):
    fake = FakeBuild()
    session, outcomes = started(fake_issue, fake)
    try:
        next_outcome(outcomes)
        stream = EventStream(session.server.server_address[1])
        assert stream.next("build", 30)["build"] == 1
        fake.raises = ManifestError([Problem("iss/issue.yaml", 2, 5, "unknown key 'headlien'")])
        (fake_issue / "issue.yaml").write_text("pages: [x]\n", encoding="utf-8")
        error = stream.next("build-error", 60)
        assert error["failure"] == "iss/issue.yaml:2:5: unknown key 'headlien'"
        assert not error["ok"] and error["summary"].endswith("the last good pages stay")
        assert get(session.server, "/iss/web/index.html")[0] == 200
        stream.close()
    finally:
        assert session.stop(timeout=30)


# --------------------------------------------------------------------------- the command

def test_bad_input_exits_2_without_a_traceback(tmp_path, fake_issue, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(main, ["preview", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "issue folder does not exist" in result.output
    result = runner.invoke(main, ["preview", str(tmp_path)])
    assert result.exit_code == 2 and "no issue.yaml in this folder" in result.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["preview", str(fake_issue), "-o", str(tmp_path / "o"),
                                      "--port", str(port)])
        assert result.exit_code == 2, result.output
        assert f"port {port} on 127.0.0.1 is already in use" in result.output
        with pytest.raises(ServeError):
            Preview(PreviewConfig(fake_issue, tmp_path / "o", port)).start()
    result = runner.invoke(main, ["preview", str(fake_issue), "-o", str(fake_issue.parent)])
    assert result.exit_code == 2 and "into the issue folder itself" in result.output
    monkeypatch.setitem(sys.modules, "watchfiles", None)
    result = runner.invoke(main, ["preview", str(fake_issue)])
    assert result.exit_code == 2 and "pip install 'banmian[preview]'" in result.output
    assert "Traceback" not in result.output


def test_sigterm_stops_cleanly_even_before_a_good_build(tmp_path, fake_issue):
    """A first build that fails (the manifest is wrong) leaves the preview running: the viewer
    address serves a placeholder that waits; SIGTERM ends it with exit code 0."""
    pytest.importorskip("watchfiles")
    proc = subprocess.Popen([sys.executable, "-m", "layout", "preview", str(fake_issue), "-o",
                             str(tmp_path / "out"), "--port", "0"], cwd=tmp_path, text=True,
                            env={**os.environ, "BANMIAN_CACHE": str(tmp_path / "cache")},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output = Output(proc)
    try:
        url = wait_until(lambda: output.find(r"http://127\.0\.0\.1:(\d+)(/iss/web/index\.html)"),
                         120, "the address")
        assert output.find(r"build 1: .* manifest error: the last good pages stay")
        assert output.find(r"^  iss/issue\.yaml:\d+:\d+: ")
        assert b"no good build yet" in http_get(int(url.group(1)), url.group(2))
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in "".join(output.err)


class Output:
    """A subprocess's stdout and stderr, collected line by line in threads."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((proc.stdout, self.out), (proc.stderr, self.err)):
            threading.Thread(target=lambda s=stream, acc=lines: acc.extend(s), daemon=True).start()

    def find(self, pattern: str) -> re.Match | None:
        return next((m for line in list(self.out) if (m := re.search(pattern, line))), None)


@pytest.mark.slow
def test_preview_end_to_end(tmp_path):
    """Save an article: one event, a new report and page image, other pages untouched; break
    the manifest: an error event with file:line:col, the last good site stays; Ctrl-C: exit 0."""
    pytest.importorskip("watchfiles")
    issue = tmp_path / "issues" / SAMPLE.name
    shutil.copytree(SAMPLE, issue)
    out = tmp_path / "out"
    env = {**os.environ, "BANMIAN_CACHE": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "layout", "preview", str(issue), "-o", str(out),
                             "--port", "0"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output = Output(proc)
    try:
        url = wait_until(lambda: output.find(r"http://127\.0\.0\.1:(\d+)(/\S+/web/index\.html)"),
                         600, "the first build and the URL")
        port, viewer_path = int(url.group(1)), url.group(2)
        assert viewer_path == f"/{SAMPLE.name}/web/index.html"
        web = out / SAMPLE.name / "web"
        served = check_served_viewer(port, viewer_path, web)
        stream = EventStream(port)
        assert stream.next("build", 60)["build"] == 1, "a new stream gets the latest build"
        edition = json.loads((web / "pages.json").read_text(encoding="utf-8"))
        warmth = next(a for a in edition["articles"] if a["id"] == "warmth")
        assert warmth["pages"] == ["1"], "the article sits on page 1 alone"
        before = page_images(web, edition)
        report = (out / SAMPLE.name / "report.json").read_bytes()
        with open(issue / "articles" / "warmth.txt", "a", encoding="utf-8") as text:
            text.write("各单位加强值班。\n")
        event = stream.next("build", 300, where=lambda d: d["build"] >= 2)
        assert event["ok"] and event["changed"] == ["1"] and event["trigger"] == [
            "articles/warmth.txt"]
        assert (out / SAMPLE.name / "report.json").read_bytes() != report
        after = page_images(web, edition)
        assert after["1"] != before["1"], "page 1 was drawn again"
        assert {f: after[f] for f in "234"} == {f: before[f] for f in "234"}, "the rest kept"
        good = (web / "pages.json").read_bytes()
        manifest = issue / "issue.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(
            "headline:", "headlien:", 1), encoding="utf-8")
        error = stream.next("build-error", 120)
        assert re.search(r"issue\.yaml:\d+:\d+: unknown key 'headlien'", error["failure"])
        assert (web / "pages.json").read_bytes() == good and page_images(web, edition) == after
        assert http_get(port, viewer_path) == served, "the last good pages stay on screen"
        stream.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = "".join(output.err)
    assert "Traceback" not in stderr, stderr
    wait_until(lambda: any("preview stopped" in line for line in output.out), 30, "the last line")
    assert any("manifest error" in line for line in output.out)


def check_served_viewer(port: int, path: str, web: Path) -> bytes:
    """The served viewer has the live script; the file on disk is exactly what build wrote."""
    from layout.edition.web.site import read_edition
    from layout.edition.web.html import viewer_html

    served = http_get(port, path)
    on_disk = (web / "index.html").read_bytes()
    assert SCRIPT_PATH.encode() in served and b"__banmian" not in on_disk
    assert served == inject_live_script(on_disk)
    assert on_disk == viewer_html(read_edition(web)).encode("utf-8")
    return served


def http_get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        assert response.status == 200, (path, response.status)
        return response.read()
    finally:
        conn.close()


def page_images(web: Path, edition: dict) -> dict[str, dict[str, bytes]]:
    """Folio → {file: bytes} of every image of the page (thumbnails and page images)."""
    return {p["folio"]: {f: (web / f).read_bytes() for im in p["images"]
                         for f in im["files"].values()} for p in edition["pages"]}
