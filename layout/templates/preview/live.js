/* Banmian live preview. `banmian preview` adds this script to the viewer it serves; it is never
 * part of a web package. It listens to the server's events (/__banmian/events): after a rebuild
 * it fetches pages.json, gives the images and deep-zoom tiles of pages whose PDF changed new URLs
 * (?v=<sha-256>) and hands the data to window.BanmianViewer.update, so the reader keeps page,
 * zoom and article.
 * Build problems, or a manifest error (the last good pages stay), show in a banner.
 * All text goes into the page through textContent. */
(function () {
  "use strict";

  var STYLE = [
    ".bm-live { flex: none; padding: 0.3rem 1rem; font: 14px/1.5 system-ui, sans-serif;",
    "  border-bottom: 2px solid #2e7d32; background: #eaf4ea; color: #1b3d1c; }",
    ".bm-live-warn { border-color: #b26a00; background: #fff4de; color: #4a2c00; }",
    ".bm-live-error { border-color: #b3191c; background: #fde8e8; color: #5c0b0d; }",
    ".bm-live-busy, .bm-live-offline { border-color: #777; background: #eee; color: #333; }",
    ".bm-live-head { display: flex; gap: 1rem; align-items: baseline; }",
    ".bm-live-status { flex: 1 1 auto; margin: 0; }",
    ".bm-live-toggle { font-size: 12px; padding: 0 0.6em; }",
    ".bm-live-details { max-height: 30vh; overflow: auto; }",
    ".bm-live-details ul { margin: 0.2rem 0; padding-left: 1.2rem; }",
    ".bm-live-details pre { margin: 0.2rem 0; white-space: pre-wrap; font-size: 13px; }",
    "li.bm-live-problem-error { color: #8e1114; }"
  ].join("\n");
  var banner, status, details, toggle;
  var collapsed = false, fetches = 0, applied = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function makeBanner() {
    var style = el("style");
    style.textContent = STYLE;
    document.head.appendChild(style);
    banner = el("section", "bm-live bm-live-busy");
    banner.setAttribute("aria-label", "版面预览");
    status = el("p", "bm-live-status", "版面预览 · connecting…");
    status.setAttribute("role", "status");
    toggle = el("button", "bm-live-toggle", "hide details");
    toggle.type = "button";
    toggle.hidden = true;
    toggle.addEventListener("click", function () {
      collapsed = !collapsed;
      details.hidden = collapsed;
      toggle.textContent = collapsed ? "show details" : "hide details";
      relayout();
    });
    var head = el("div", "bm-live-head");
    head.appendChild(status);
    head.appendChild(toggle);
    details = el("div", "bm-live-details");
    details.hidden = true;
    banner.appendChild(head);
    banner.appendChild(details);
    document.body.insertBefore(banner, document.body.firstChild);
  }

  /* The viewer fits the page to the space left: tell it the banner changed size. */
  function relayout() { window.dispatchEvent(new Event("resize")); }

  function setStatus(kind, text) {
    banner.className = "bm-live bm-live-" + kind;
    status.textContent = "版面预览 · " + text;
  }

  function showOutcome(info) {
    var kind = !info.ok || info.errors.length ? "error" : info.warnings.length ? "warn" : "ok";
    setStatus(kind, info.summary);
    details.textContent = "";
    if (info.failure) details.appendChild(el("pre", "bm-live-failure", info.failure));
    if (info.errors.length || info.warnings.length) {
      var list = el("ul");
      info.errors.forEach(function (text) { list.appendChild(el("li", "bm-live-problem-error", "error: " + text)); });
      info.warnings.forEach(function (text) { list.appendChild(el("li", "bm-live-problem-warning", "warning: " + text)); });
      details.appendChild(list);
    }
    toggle.hidden = !details.firstChild;
    details.hidden = collapsed || !details.firstChild;
    relayout();
  }

  /* Pages whose PDF is unchanged keep their image URLs (the browser keeps its copy); the others
   * get a query naming the new PDF, so only they are loaded again. Article photos likewise. */
  function withFreshUrls(edition, old) {
    var oldPages = {}, oldArticles = {};
    old.pages.forEach(function (p) { oldPages[p.folio] = p; });
    old.articles.forEach(function (a) { oldArticles[a.id] = a; });
    edition.pages.forEach(function (page) {
      var before = oldPages[page.folio];
      if (before && before.pdf_sha256 === page.pdf_sha256) {
        page.images = before.images;
        page.tiles = before.tiles;
        page.pdf = before.pdf;
        return;
      }
      var version = "?v=" + page.pdf_sha256.slice(0, 16);
      page.images.forEach(function (im) {
        Object.keys(im.files).forEach(function (format) { im.files[format] += version; });
      });
      if (page.tiles) page.tiles.version = version;  /* viewer.js adds it to every tile URL */
      page.pdf += version;
    });
    edition.articles.forEach(function (a) {
      var before = oldArticles[a.id];
      a.images.forEach(function (im, i) {
        var prev = before && before.images[i];
        if (prev && prev.source_sha256 === im.source_sha256) im.file = prev.file;
        else if (im.source_sha256) im.file += "?v=" + im.source_sha256.slice(0, 16);
      });
    });
    return edition;
  }

  function refresh(info) {
    var viewer = window.BanmianViewer;
    if (!viewer) {
      /* the placeholder of a never-built issue: load the real viewer once there is one */
      if (!document.getElementById("viewer")) location.reload();
      return;
    }
    if (info.build === applied) return;
    var mine = ++fetches;
    fetch("pages.json", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (edition) {
        if (mine !== fetches) return;  /* a later build's data is on its way */
        viewer.update(withFreshUrls(edition, viewer.edition()));
        applied = info.build;
      })
      .catch(function (err) { setStatus("error", "could not load pages.json: " + err.message); });
  }

  function listen() {
    var source = new EventSource("/__banmian/events");
    source.addEventListener("building", function () { setStatus("busy", "rebuilding…"); });
    source.addEventListener("build", function (ev) {
      var info = JSON.parse(ev.data);
      showOutcome(info);
      refresh(info);
    });
    source.addEventListener("build-error", function (ev) { showOutcome(JSON.parse(ev.data)); });
    source.addEventListener("error", function () {
      setStatus("offline", "the preview server is not answering; showing the last pages");
    });
  }

  makeBanner();
  listen();
})();
