/* Banmian e-paper viewer: the page in OpenSeadragon (deep-zoom tiles, hot zones as overlays),
 * 版面导航, 版面翻页 (buttons, ← →, swipe), 整版/适宽/放大/缩小 (and pinch, double tap), the article
 * panel (a full-screen sheet on a phone) with 上一篇/下一篇 and text size, 上一期/下一期.
 * Static: reads window.BANMIAN_EDITION (pages.js) and window.BANMIAN_ARCHIVE (../../archive.js,
 * optional), so it works from file:// and any static host. All text from the data goes into the
 * page through textContent, never as HTML. viewer-extras.js adds search, 本期目录, 往期, 分享, 打印.
 * window.BanmianViewer.update(edition) swaps in new data (a rebuilt issue) in place. */
(function () {
  "use strict";

  var data = window.BANMIAN_EDITION;
  var OSD = window.OpenSeadragon;
  var ZOOM_STEP = 1.25, SWIPE_PX = 60, TAP_DELAY_MS = 260;
  var TEXT_SIZES = [0.875, 1, 1.125, 1.25, 1.5];
  var state = { page: -1, article: null, fit: "page", mode: "page", textSize: 1, query: "" };
  var articles = {}, order = [], viewer = null, hooks = [];
  var $ = function (id) { return document.getElementById(id); };
  var phone = window.matchMedia("(max-width: 760px)");

  document.documentElement.className = "js";
  if (!data || !data.pages || !data.pages.length || !OSD) {
    document.documentElement.className = "no-js";
    return;
  }

  function indexArticles() {
    articles = {};
    order = [];
    data.articles.forEach(function (a) { articles[a.id] = a; order.push(a.id); });
  }
  indexArticles();

  /* Build an element: el("p", {className: "x"}, ["text", child]) — text nodes only. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "dataset") Object.assign(node.dataset, props[key]);
      else if (key in node) node[key] = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function pageLabel(page) { return "第" + page.folio + "版：" + page.section; }
  function pageIndex(folio) {
    for (var i = 0; i < data.pages.length; i++) if (data.pages[i].folio === folio) return i;
    return -1;
  }
  function currentPage() { return data.pages[state.page]; }
  function images(page, role) { return page.images.filter(function (im) { return im.role === role; }); }
  function file(image) { return image.files.jpeg || image.files[Object.keys(image.files)[0]]; }
  function baseName(path) { return decodeURI(path.split("?")[0].split("/").pop()); }

  /* ------------------------------------------------------------------ the page (OpenSeadragon) */

  /* The page's deep-zoom pyramid as an OpenSeadragon tile source defined inline from
   * pages.json (nothing fetched but tiles): level `maxLevel` is full size, each level below half
   * of it; tile files are t<scale>_<col>_<row>.jpg in the page's tile folder. A version query
   * (live preview) is added to tile URLs. */
  function tileSource(page) {
    var t = page.tiles;
    if (!t) return { type: "image", url: encodeURI(file(images(page, "page").pop() || page.images[0])) };
    var maxLevel = Math.ceil(Math.log(Math.max(t.width, t.height)) / Math.LN2);
    var smallest = t.scale_factors[t.scale_factors.length - 1];
    var dir = encodeURI(t.dir) + "/", version = t.version || "";
    return {
      width: t.width, height: t.height, tileSize: t.tile_size, tileOverlap: 0,
      minLevel: maxLevel - Math.round(Math.log(smallest) / Math.LN2), maxLevel: maxLevel,
      getTileUrl: function (level, x, y) {
        return dir + "t" + Math.pow(2, maxLevel - level) + "_" + x + "_" + y + ".jpg" + version;
      }
    };
  }

  function makeViewer() {
    viewer = OSD({
      element: $("stage"), drawer: "canvas", showNavigationControl: false, keyboardNavEnabled: false,
      visibilityRatio: 1, constrainDuringPan: true, minZoomImageRatio: 0.5, maxZoomPixelRatio: 3,
      animationTime: 0.25, springStiffness: 9, blendTime: 0.1, immediateRender: false,
      crossOriginPolicy: false, loadTilesWithAjax: false, placeholderFillStyle: "#ffffff",
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true, scrollToZoom: false },
      gestureSettingsTouch: { clickToZoom: false, dblClickToZoom: true, pinchToZoom: true, flickEnabled: false },
      gestureSettingsPen: { clickToZoom: false, dblClickToZoom: true }
    });
    viewer.canvas.setAttribute("aria-label", "版面图");
    viewer.canvas.removeAttribute("tabindex");
    viewer.addHandler("open", onOpen);
    viewer.addHandler("zoom", zoomChanged);
    viewer.addHandler("canvas-click", onCanvasClick);
    viewer.addHandler("canvas-double-click", function () { clearTimeout(tapTimer); });
    viewer.addHandler("canvas-scroll", onWheel);
    viewer.addHandler("canvas-press", function (ev) {
      press = { x: ev.position.x, y: ev.position.y, t: Date.now(), zoom: viewer.viewport.getZoom() };
    });
    viewer.addHandler("canvas-pinch", function () { if (press) press.pinch = true; });
    viewer.addHandler("canvas-release", onRelease);
  }

  function onOpen() {
    buildZones(currentPage());
    applyFit(true);
    mark(state.article || "", "active", true);
  }

  /* 整版 fits the whole page; 适宽 fits its width with the top of the page in view. */
  function applyFit(immediately) {
    if (!viewer || !viewer.world.getItemCount()) return;
    var vp = viewer.viewport;
    if (state.fit === "width") {
      var size = vp.getContainerSize();
      vp.fitBounds(new OSD.Rect(0, 0, 1, size.y / Math.max(1, size.x)), immediately);
    } else {
      vp.goHome(immediately);
    }
  }

  function setFit(fit) {
    state.fit = fit;
    remember("fit", fit);
    applyFit(false);
  }

  /* 100 % is the whole page (整版). */
  function zoomPercent() {
    if (!viewer || !viewer.world.getItemCount()) return 100;
    return viewer.viewport.getZoom() / viewer.viewport.getHomeZoom() * 100;
  }

  /* The zoom shown, and which of 整版 / 适宽 the view is at (OpenSeadragon's zoom 1 = the page's
   * width fills the viewer). */
  function zoomChanged() {
    var vp = viewer.viewport, zoom = vp.getZoom(), near = function (a, b) { return Math.abs(a / b - 1) < 0.01; };
    $("zoom-level").textContent = Math.round(zoomPercent()) + "%";
    $("zoom-reset").setAttribute("aria-pressed", String(near(zoom, vp.getHomeZoom())));
    $("fit-width").setAttribute("aria-pressed", String(near(zoom, 1)));
    $("zoom-in").disabled = zoom >= vp.getMaxZoom() * 0.999;
    $("zoom-out").disabled = zoom <= vp.getMinZoom() * 1.001;
  }

  function zoomBy(factor) {
    if (!viewer) return;
    viewer.viewport.zoomBy(factor);
    viewer.viewport.applyConstraints();
  }

  /* Wheel: scroll the page up and down; with Ctrl (and a touchpad pinch) zoom at the pointer. */
  function onWheel(ev) {
    ev.preventDefaultAction = true;
    var vp = viewer.viewport, original = ev.originalEvent;
    if (original.ctrlKey || original.metaKey) {
      vp.zoomBy(ev.scroll > 0 ? 1.2 : 1 / 1.2, vp.pointFromPixel(ev.position, true));
    } else {
      var dy = original.deltaY || (ev.scroll > 0 ? -80 : 80);
      var dx = original.deltaX || 0;
      vp.panBy(vp.deltaPointsFromPixels(new OSD.Point(dx, dy)));
    }
    vp.applyConstraints();
  }

  /* A quick horizontal swipe on a page that is not zoomed past its width turns the page. */
  var press = null;
  function onRelease(ev) {
    if (!press || !ev.insideElementPressed) return;
    var dx = ev.position.x - press.x, dy = ev.position.y - press.y;
    var quick = Date.now() - press.t < 700, zoomed = press.pinch || Math.abs(viewer.viewport.getZoom() / press.zoom - 1) > 0.02;
    press = null;
    if (!quick || zoomed || Math.abs(dx) < SWIPE_PX || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
    var vp = viewer.viewport, bounds = vp.getBounds(true);
    if (bounds.width < 0.98) return;  /* zoomed in: the drag was a pan */
    showPage(state.page + (dx < 0 ? 1 : -1), null);
  }

  /* A tap on a hot zone opens its article (after a moment, so a double tap can zoom instead). */
  var tapTimer = null;
  function onCanvasClick(ev) {
    if (!ev.quick) return;
    var zone = ev.originalTarget && ev.originalTarget.closest && ev.originalTarget.closest(".zone");
    clearTimeout(tapTimer);
    if (!zone) return;
    tapTimer = setTimeout(function () { showArticle(zone.dataset.article, true); }, TAP_DELAY_MS);
  }

  /* 热区: one focusable link per rectangle, an overlay that scales with the page. */
  function buildZones(page) {
    viewer.clearOverlays();
    var aspect = page.height_pt / page.width_pt;
    data.articles.forEach(function (a) {
      a.zones.forEach(function (zone) {
        if (zone.page !== page.folio) return;
        var label = a.headline + (zone.continuation ? "（上接第" + zone.continued_from + "版）" : "");
        zone.rects_norm.forEach(function (r) {
          var link = el("a", { className: "zone", href: encodeURI(a.html), title: label, dataset: { article: a.id } });
          link.setAttribute("aria-label", label);
          link.addEventListener("click", function (ev) {
            ev.preventDefault();
            if (ev.detail === 0) showArticle(a.id, true);  /* Enter on a focused zone */
          });
          ["mouseenter", "focus"].forEach(function (n) { link.addEventListener(n, function () { mark(a.id, "hover", true); }); });
          ["mouseleave", "blur"].forEach(function (n) { link.addEventListener(n, function () { mark(a.id, "hover", false); }); });
          link.addEventListener("focus", function () { revealZone(r, aspect); });
          viewer.addOverlay({ element: link, location: new OSD.Rect(r.x, r.y * aspect, r.w, r.h * aspect) });
        });
      });
    });
  }

  /* Keep a zone reached with Tab on screen. */
  function revealZone(r, aspect) {
    var b = viewer.viewport.getBounds(), cx = r.x + r.w / 2, cy = (r.y + r.h / 2) * aspect;
    if (cx < b.x || cx > b.x + b.width || cy < b.y || cy > b.y + b.height) {
      viewer.viewport.panTo(new OSD.Point(cx, cy));
    }
  }

  /* Highlight every rectangle of an article together (an article may have several). */
  function mark(id, cls, on) {
    document.querySelectorAll(".zone").forEach(function (z) {
      if (z.dataset.article === id) z.classList.toggle(cls, on);
      else if (cls === "active" && on) z.classList.remove(cls);
    });
  }

  /* ------------------------------------------------------------------ pages */

  function buildThumbs() {
    var list = $("thumbs");
    list.textContent = "";
    data.pages.forEach(function (page, i) {
      var thumb = images(page, "thumb")[0];
      var button = el("button", { type: "button", className: "thumb", dataset: { index: String(i) } }, [
        thumb ? el("img", { src: encodeURI(file(thumb)), alt: "", width: thumb.width, height: thumb.height }) : null,
        el("span", { className: "thumb-label" }, [pageLabel(page)])
      ]);
      button.addEventListener("click", function () {
        showPage(i, null);
        if (phone.matches) toggleDrawer(false);
      });
      list.appendChild(el("li", {}, [button]));
    });
  }

  function showPage(index, articleId) {
    if (index < 0 || index >= data.pages.length) return;
    var changed = index !== state.page;
    state.page = index;
    var page = currentPage();
    if (changed) openPage(page);
    showPageParts(page, articleId);
  }

  function openPage(page) {
    viewer.open(tileSource(page));
    var printed = images(page, "page")[0] || page.images[0];
    $("page-image").src = encodeURI(file(printed));
    $("page-image").alt = "第" + page.folio + "版 " + page.section + " 版面图";
  }

  /* Everything about the current page but its image and hot zones. */
  function showPageParts(page, articleId) {
    var index = state.page;
    $("page-title").textContent = pageLabel(page);
    $("prev-page").disabled = index === 0;
    $("next-page").disabled = index === data.pages.length - 1;
    document.querySelectorAll(".page-pdf").forEach(function (link) {
      link.href = encodeURI(page.pdf);
      link.setAttribute("download", baseName(page.pdf));
    });
    document.querySelectorAll("#thumbs .thumb").forEach(function (b, i) {
      if (i === index) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
    });
    listArticles(page);
    if (articleId && articles[articleId]) showArticle(articleId, false);
    else if (state.mode === "article" || state.mode === "page") setMode("page");
    updateHash();
  }

  /* 本版标题: the articles on this page, as buttons. */
  function listArticles(page) {
    var list = $("article-list");
    list.textContent = "";
    var seen = {};
    data.articles.forEach(function (a) {
      a.zones.forEach(function (zone) {
        if (zone.page !== page.folio || seen[a.id]) return;
        seen[a.id] = true;
        var button = el("button", { type: "button", className: "article-link" }, [
          a.headline, zone.continuation ? el("small", {}, ["（上接第" + zone.continued_from + "版）"]) : null
        ]);
        button.addEventListener("click", function () { showArticle(a.id, true); });
        button.addEventListener("mouseenter", function () { mark(a.id, "hover", true); });
        button.addEventListener("mouseleave", function () { mark(a.id, "hover", false); });
        list.appendChild(el("li", {}, [button]));
      });
    });
  }

  /* ------------------------------------------------------------------ the panel */

  var MODES = { page: "page-articles", article: "article", search: "search-results", contents: "contents", calendar: "calendar" };
  var TITLES = { page: "本版标题", article: "稿件", search: "检索结果", contents: "本期目录", calendar: "往期" };

  /* One of the panel's views; on a phone every view but 本版标题 is a full-screen sheet. */
  function setMode(mode, focus) {
    state.mode = mode;
    Object.keys(MODES).forEach(function (m) { $(MODES[m]).hidden = m !== mode; });
    $("panel-title").textContent = TITLES[mode];
    $("panel-back").hidden = mode === "page" && !phone.matches;
    $("panel-back").textContent = mode === "page" || phone.matches ? "返回版面" : "返回本版标题";
    document.body.classList.toggle("sheet-open", mode !== "page" || document.body.classList.contains("list-open"));
    if (mode !== "article") {
      state.article = null;
      if (viewer) mark("", "active", true);
      document.body.classList.remove("article-open");
    }
    $("panel").scrollTop = 0;
    updateHash();
    if (focus && $(MODES[mode]).querySelector("button, a")) $(MODES[mode]).querySelector("button, a").focus();
  }

  function closePanel() {
    document.body.classList.remove("list-open");
    setMode("page");
    if (phone.matches) $("articles-button").focus();
    else { var first = $("article-list").querySelector("button"); if (first) first.focus(); }
  }

  /* The article: kicker, headline, deck, byline, photos, text, 录入, with its tools. */
  function showArticle(id, focus) {
    var a = articles[id];
    if (!a) return;
    var home = pageIndex(a.page);
    if (a.pages.indexOf(currentPage().folio) < 0 && home >= 0) {
      state.page = home;  /* an article on another page (上一篇/下一篇, search): turn to it */
      openPage(currentPage());
      showPageParts(currentPage(), null);
    }
    setMode("article");
    state.article = id;
    document.body.classList.add("article-open");
    var box = $("article");
    box.textContent = "";
    box.appendChild(articleTools(a));
    box.appendChild(el("header", {}, [
      a.kicker ? el("p", { className: "kicker" }, [a.kicker]) : null,
      el("h2", { id: "article-headline" }, [a.headline]),
      a.deck ? el("p", { className: "deck" }, [a.deck]) : null,
      a.byline ? el("p", { className: "byline" }, [a.byline]) : null
    ]));
    box.appendChild(jumps(a));
    a.images.forEach(function (im) {
      box.appendChild(el("figure", {}, [
        el("img", { src: encodeURI(im.file), alt: im.caption || "", width: im.width, height: im.height }),
        im.caption || im.credit ? el("figcaption", {}, [im.caption || "", im.credit ? el("span", { className: "credit" }, [" " + im.credit]) : null]) : null
      ]));
    });
    var body = el("div", { className: "story-body" });
    a.blocks.forEach(function (b) {
      if (b.type === "subhead") body.appendChild(el("h3", {}, [b.text]));
      else body.appendChild(el("p", { className: b.kind === "body" ? "" : b.kind }, [b.text]));
    });
    box.appendChild(body);
    if (a.credit) box.appendChild(el("p", { className: "credit" }, ["（" + a.credit + "）"]));
    if (a.entered_by) box.appendChild(el("p", { className: "entered-by" }, ["录入：" + a.entered_by]));
    box.appendChild(articleSteps(a));
    hooks.forEach(function (h) { if (h.article) h.article(a, box); });
    mark(id, "active", true);
    updateHash();
    if (focus) box.focus({ preventScroll: true });
  }

  function articleTools(a) {
    return el("div", { className: "story-tools" }, [
      el("span", { className: "text-size", role: "group", "aria-label": "字号" }, [
        el("button", { type: "button", className: "smaller", onclick: function () { textSize(-1); } }, ["A−"]),
        el("button", { type: "button", className: "larger", onclick: function () { textSize(1); } }, ["A+"])
      ]),
      el("a", { href: encodeURI(a.html), className: "open" }, ["文章页"])
    ]);
  }

  /* 上一篇 / 下一篇: the issue's articles in page and reading order. */
  function articleSteps(a) {
    var i = order.indexOf(a.id);
    var step = function (cls, label, target) {
      if (!target) return el("span", { className: cls + " none" }, []);
      var t = articles[target];
      return el("button", { type: "button", className: cls, onclick: function () { showArticle(target, true); } }, [
        el("span", { className: "step-label" }, [label]), el("span", { className: "step-title" }, [t.headline])
      ]);
    };
    return el("nav", { className: "story-steps", "aria-label": "上一篇/下一篇" }, [
      step("prev-article", "上一篇", order[i - 1]), step("next-article", "下一篇", order[i + 1])
    ]);
  }

  /* 转第N版 / 上接第N版: buttons that turn to the other part of the article. */
  function jumps(a) {
    var here = currentPage().folio;
    var nav = el("p", { className: "jumps" });
    a.pages.forEach(function (folio) {
      if (folio === here) return;
      var before = pageIndex(folio) < state.page;
      nav.appendChild(el("button", {
        type: "button", onclick: function () { showPage(pageIndex(folio), a.id); }
      }, [(before ? "上接第" : "转第") + folio + "版"]));
    });
    return nav;
  }

  function textSize(step) {
    var i = TEXT_SIZES.indexOf(state.textSize) + step;
    if (i < 0 || i >= TEXT_SIZES.length) return;
    state.textSize = TEXT_SIZES[i];
    document.documentElement.style.setProperty("--story-scale", String(state.textSize));
    remember("textSize", String(state.textSize));
  }

  /* ------------------------------------------------------------------ issues, hash, keys */

  /* 上一期 / 下一期: the same paper's issues in the output root (archive.js). */
  function issueNav() {
    var archive = window.BANMIAN_ARCHIVE, issues = archive && archive.issues || [];
    var mine = issues.filter(function (i) { return i.paper === data.paper.name; });
    var at = -1;
    mine.forEach(function (i, n) { if (i.slug === data.issue.slug) at = n; });
    [["prev-issue", mine[at - 1]], ["next-issue", mine[at + 1]]].forEach(function (pair) {
      var link = $(pair[0]), issue = at >= 0 ? pair[1] : null;
      link.hidden = !issue;
      if (issue) {
        link.href = "../../" + issue.href;
        link.title = issue.date + " " + issue.label;
      }
    });
  }

  function shareUrl() { return location.href.split("#")[0] + hash(); }
  function hash() {
    return "#page=" + encodeURIComponent(currentPage().folio) +
      (state.article ? "&article=" + encodeURIComponent(state.article) : "");
  }
  function updateHash() {
    if (state.page < 0) return;
    if (location.hash !== hash()) history.replaceState(null, "", hash());
  }

  function params() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }

  function fromHash() {
    var p = params(), index = p.page ? pageIndex(p.page) : 0;
    if (p.q) state.query = p.q;
    showPage(index < 0 ? 0 : index, p.article || null);
  }

  function onKey(ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var keys = {
      ArrowLeft: function () { showPage(state.page - 1, null); },
      ArrowRight: function () { showPage(state.page + 1, null); },
      PageUp: function () { showPage(state.page - 1, null); },
      PageDown: function () { showPage(state.page + 1, null); },
      "+": function () { zoomBy(ZOOM_STEP); },
      "=": function () { zoomBy(ZOOM_STEP); },
      "-": function () { zoomBy(1 / ZOOM_STEP); },
      "0": function () { setFit("page"); },
      w: function () { setFit("width"); },
      Escape: function () { if (state.mode !== "page" || document.body.classList.contains("drawer-open")) { toggleDrawer(false); closePanel(); } }
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  }

  function toggleDrawer(open) {
    document.body.classList.toggle("drawer-open", open);
    $("backdrop").hidden = !open;
    $("menu-button").setAttribute("aria-expanded", String(open));
    if (open) { var current = document.querySelector('#thumbs [aria-current="page"]'); if (current) current.focus(); }
  }

  function remember(key, value) {
    try { window.localStorage.setItem("banmian." + key, value); } catch (e) { /* private mode, file:// */ }
  }
  function recall(key) {
    try { return window.localStorage.getItem("banmian." + key); } catch (e) { return null; }
  }

  /* New data for the same issue (the live preview after a rebuild): the reader keeps the page,
   * zoom and open article; the page is opened again only if its files changed (the caller
   * gives changed files new URLs). */
  function update(edition) {
    if (!edition || !edition.pages || !edition.pages.length) return false;
    var vp = viewer.viewport, old = currentPage();
    var keep = { panel: $("panel").scrollTop, zoom: vp.getZoom(), center: vp.getCenter() };
    var article = state.article;
    data = edition;
    indexArticles();
    var index = pageIndex(old.folio);
    state.page = index >= 0 ? index : Math.min(state.page, data.pages.length - 1);
    var page = currentPage();
    buildThumbs();
    if (index < 0 || JSON.stringify([page.images, page.tiles]) !== JSON.stringify([old.images, old.tiles])) {
      viewer.addOnceHandler("open", function () {  /* after onOpen's fit: the reader's view back */
        viewer.viewport.zoomTo(keep.zoom, null, true);
        viewer.viewport.panTo(keep.center, true);
      }, null, 1, -1);
      openPage(page);
    } else {
      buildZones(page);
    }
    showPageParts(page, articles[article] ? article : null);
    if (!articles[article] && state.mode === "article") setMode("page");
    $("panel").scrollTop = keep.panel;
    issueNav();
    hooks.forEach(function (h) { if (h.update) h.update(data); });
    return true;
  }

  function start() {
    var fit = recall("fit"), size = parseFloat(recall("textSize"));
    state.fit = fit === "width" || fit === "page" ? fit : (phone.matches ? "width" : "page");
    if (TEXT_SIZES.indexOf(size) >= 0) { state.textSize = size; textSize(0); }
    makeViewer();
    buildThumbs();
    issueNav();
    $("prev-page").addEventListener("click", function () { showPage(state.page - 1, null); });
    $("next-page").addEventListener("click", function () { showPage(state.page + 1, null); });
    $("zoom-in").addEventListener("click", function () { zoomBy(ZOOM_STEP); });
    $("zoom-out").addEventListener("click", function () { zoomBy(1 / ZOOM_STEP); });
    $("zoom-reset").addEventListener("click", function () { setFit("page"); });
    $("fit-width").addEventListener("click", function () { setFit("width"); });
    $("panel-back").addEventListener("click", closePanel);
    $("articles-button").addEventListener("click", function () {
      document.body.classList.add("list-open");
      setMode("page", true);
    });
    $("backdrop").addEventListener("click", function () { toggleDrawer(false); });
    $("menu-button").addEventListener("click", function () {
      toggleDrawer(!document.body.classList.contains("drawer-open"));
    });
    document.addEventListener("keydown", onKey);
    window.addEventListener("hashchange", function () {
      var p = params();
      if (p.page !== currentPage().folio || (p.article || null) !== state.article) fromHash();
    });
    fromHash();
  }

  window.BanmianViewer = {
    update: update, edition: function () { return data; }, el: el, state: state,
    showPage: showPage, showArticle: showArticle, setMode: setMode, closePanel: closePanel,
    pageIndex: pageIndex, shareUrl: shareUrl, mark: mark, toggleDrawer: toggleDrawer,
    osd: function () { return viewer; }, zoomPercent: zoomPercent, phone: phone,
    hook: function (h) { hooks.push(h); }, applyFit: applyFit
  };
  start();
})();
