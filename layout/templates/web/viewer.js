/* Banmian e-paper viewer: page images with hot zones (热区), 版面导航, 版面翻页, 放大/缩小/默认.
 * Static: reads window.BANMIAN_EDITION from pages.js (works from file:// and any static host).
 * All text from the data goes into the page through textContent, never as HTML.
 * window.BanmianViewer.update(edition) swaps in new data (a rebuilt issue) in place. */
(function () {
  "use strict";

  var data = window.BANMIAN_EDITION;
  var ZOOM_STEP = 1.25, ZOOM_MIN = 0.5, ZOOM_MAX = 6;
  var state = { page: 0, zoom: 1, article: null };
  var articles = {};
  var $ = function (id) { return document.getElementById(id); };

  if (!data || !data.pages || !data.pages.length) {
    document.body.classList.add("no-data");
    return;
  }
  function indexArticles() {
    articles = {};
    data.articles.forEach(function (a) { articles[a.id] = a; });
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
  function images(page, role) { return page.images.filter(function (im) { return im.role === role; }); }
  function srcset(list, format) {
    return list.filter(function (im) { return im.files[format]; })
      .map(function (im) { return encodeURI(im.files[format]) + " " + im.width + "w"; }).join(", ");
  }

  /* 版面导航: one button per page with its thumbnail. */
  function buildThumbs() {
    var list = $("thumbs");
    list.textContent = "";
    data.pages.forEach(function (page, i) {
      var thumb = images(page, "thumb")[0];
      var file = thumb && (thumb.files.jpeg || thumb.files[Object.keys(thumb.files)[0]]);
      var button = el("button", { type: "button", className: "thumb", dataset: { index: String(i) } }, [
        file ? el("img", { src: encodeURI(file), alt: "", width: thumb.width, height: thumb.height }) : null,
        el("span", { className: "thumb-label" }, [pageLabel(page)])
      ]);
      button.addEventListener("click", function () { showPage(i, null); });
      list.appendChild(el("li", {}, [button]));
    });
  }

  function showPage(index, articleId) {
    if (index < 0 || index >= data.pages.length) return;
    var changed = index !== state.page || !$("page-image").getAttribute("src");
    state.page = index;
    var page = data.pages[index];
    if (changed) {
      setImage(page);
      buildZones(page);
      $("stage").scrollTop = 0;
      $("stage").scrollLeft = 0;
    }
    showPageParts(page, articleId);
  }

  /* Everything about the current page but its image and hot zones. */
  function showPageParts(page, articleId) {
    var index = state.page;
    $("page-title").textContent = pageLabel(page);
    $("prev-page").disabled = index === 0;
    $("next-page").disabled = index === data.pages.length - 1;
    $("pdf-link").href = encodeURI(page.pdf);
    document.querySelectorAll("#thumbs .thumb").forEach(function (b, i) {
      if (i === index) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
    });
    listArticles(page);
    if (articleId && articles[articleId]) showArticle(articleId, false);
    else closeArticle(false);
    layoutSheet();
    updateHash();
  }

  function setImage(page) {
    var pages = images(page, "page");
    var largest = pages[pages.length - 1] || images(page, "thumb")[0];
    var sheet = $("sheet");
    sheet.style.aspectRatio = page.width_pt + " / " + page.height_pt;
    $("page-webp").srcset = srcset(pages, "webp");
    var img = $("page-image");
    img.draggable = false;
    img.srcset = srcset(pages, "jpeg");
    img.src = encodeURI(largest.files.jpeg || largest.files[Object.keys(largest.files)[0]]);
    img.alt = "第" + page.folio + "版 " + page.section + " 版面图";
  }

  /* 热区: one focusable link per rectangle, positioned in % of the page (normalised rects). */
  function buildZones(page) {
    var layer = $("zones");
    layer.textContent = "";
    data.articles.forEach(function (a) {
      a.zones.forEach(function (zone) {
        if (zone.page !== page.folio) return;
        var label = a.headline + (zone.continuation ? "（上接第" + zone.continued_from + "版）" : "");
        zone.rects_norm.forEach(function (r) {
          var link = el("a", {
            className: "zone", href: encodeURI(a.html), title: label,
            dataset: { article: a.id }
          });
          link.setAttribute("aria-label", label);
          link.style.left = (r.x * 100) + "%";
          link.style.top = (r.y * 100) + "%";
          link.style.width = (r.w * 100) + "%";
          link.style.height = (r.h * 100) + "%";
          link.addEventListener("click", function (ev) {
            ev.preventDefault();
            if (dragged && ev.detail !== 0) return;  /* a pan, not a click (Enter has detail 0) */
            showArticle(a.id, true);
          });
          link.addEventListener("mouseenter", function () { mark(a.id, "hover", true); });
          link.addEventListener("mouseleave", function () { mark(a.id, "hover", false); });
          link.addEventListener("focus", function () { mark(a.id, "hover", true); });
          link.addEventListener("blur", function () { mark(a.id, "hover", false); });
          layer.appendChild(link);
        });
      });
    });
  }

  /* Highlight every rectangle of an article together (an article may have several). */
  function mark(id, cls, on) {
    document.querySelectorAll("#zones .zone").forEach(function (z) {
      if (z.dataset.article === id) z.classList.toggle(cls, on);
      else if (cls === "active" && on) z.classList.remove(cls);
    });
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

  /* The article in the side panel: kicker, headline, deck, byline, photos, text, 录入. */
  function showArticle(id, focus) {
    var a = articles[id];
    if (!a) return;
    state.article = id;
    var box = $("article");
    box.textContent = "";
    var header = el("header", {}, [
      a.kicker ? el("p", { className: "kicker" }, [a.kicker]) : null,
      el("h2", { id: "article-headline" }, [a.headline]),
      a.deck ? el("p", { className: "deck" }, [a.deck]) : null,
      a.byline ? el("p", { className: "byline" }, [a.byline]) : null
    ]);
    box.appendChild(el("div", { className: "story-tools" }, [
      el("button", { type: "button", className: "back", onclick: function () { closeArticle(true); } }, ["返回本版标题"]),
      el("a", { href: encodeURI(a.html), className: "open" }, ["打开文章页"])
    ]));
    box.appendChild(header);
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
    box.hidden = false;
    $("page-articles").hidden = true;
    $("panel").scrollTop = 0;
    mark(id, "active", true);
    updateHash();
    if (focus) {
      box.focus({ preventScroll: true });
      /* on a phone the panel sits below the page: bring the article into view */
      if (window.matchMedia("(max-width: 900px)").matches) box.scrollIntoView({ block: "start" });
    }
  }

  /* 转第N版 / 上接第N版: buttons that turn to the other part of the article. */
  function jumps(a) {
    var here = data.pages[state.page].folio;
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

  function closeArticle(focus) {
    state.article = null;
    $("article").hidden = true;
    $("page-articles").hidden = false;
    mark("", "active", true);
    updateHash();
    if (focus) { var first = $("article-list").querySelector("button"); if (first) first.focus(); }
  }

  /* 默认 fits the whole page into the stage; 放大/缩小 scale that by ZOOM_STEP. */
  function fitWidth() {
    var stage = $("stage"), page = data.pages[state.page];
    var aspect = page.width_pt / page.height_pt;
    var w = stage.clientWidth - 24, h = stage.clientHeight - 24;
    return Math.max(120, Math.min(w, h > 200 ? h * aspect : w));
  }

  function layoutSheet() {
    var width = Math.round(fitWidth() * state.zoom);
    $("sheet").style.width = width + "px";
    $("page-image").sizes = width + "px";
    $("page-webp").sizes = width + "px";
    $("zoom-level").textContent = Math.round(state.zoom * 100) + "%";
    $("zoom-in").disabled = state.zoom >= ZOOM_MAX;
    $("zoom-out").disabled = state.zoom <= ZOOM_MIN;
    $("stage").classList.toggle("zoomed", state.zoom > 1);
  }

  function setZoom(zoom) {
    var stage = $("stage");
    var cx = (stage.scrollLeft + stage.clientWidth / 2) / Math.max(1, stage.scrollWidth);
    var cy = (stage.scrollTop + stage.clientHeight / 2) / Math.max(1, stage.scrollHeight);
    state.zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, zoom));
    layoutSheet();
    stage.scrollLeft = cx * stage.scrollWidth - stage.clientWidth / 2;
    stage.scrollTop = cy * stage.scrollHeight - stage.clientHeight / 2;
  }

  function updateHash() {
    var hash = "#page=" + encodeURIComponent(data.pages[state.page].folio) +
      (state.article ? "&article=" + encodeURIComponent(state.article) : "");
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) params[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    });
    var index = params.page ? pageIndex(params.page) : 0;
    showPage(index < 0 ? 0 : index, params.article || null);
  }

  /* Drag to pan a zoomed page; a drag is not a click on a hot zone. */
  var dragged = false;
  function enablePan() {
    var stage = $("stage"), start = null;
    stage.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      start = { x: ev.clientX, y: ev.clientY, left: stage.scrollLeft, top: stage.scrollTop };
      dragged = false;
    });
    stage.addEventListener("pointermove", function (ev) {
      if (!start) return;
      var dx = ev.clientX - start.x, dy = ev.clientY - start.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 6) return;
      dragged = true;
      stage.scrollLeft = start.left - dx;
      stage.scrollTop = start.top - dy;
    });
    window.addEventListener("pointerup", function () { start = null; });
  }

  function onKey(ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var keys = {
      ArrowLeft: function () { showPage(state.page - 1, null); },
      ArrowRight: function () { showPage(state.page + 1, null); },
      PageUp: function () { showPage(state.page - 1, null); },
      PageDown: function () { showPage(state.page + 1, null); },
      "+": function () { setZoom(state.zoom * ZOOM_STEP); },
      "=": function () { setZoom(state.zoom * ZOOM_STEP); },
      "-": function () { setZoom(state.zoom / ZOOM_STEP); },
      "0": function () { setZoom(1); },
      Escape: function () { if (state.article) closeArticle(true); }
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  }

  /* New data for the same issue (the live preview after a rebuild): the reader keeps the page,
   * zoom, scroll position and open article; the page image is set again only if its files
   * changed (the caller gives changed files new URLs). */
  function update(edition) {
    if (!edition || !edition.pages || !edition.pages.length) return false;
    var old = data.pages[state.page], stage = $("stage"), panel = $("panel");
    var keep = { left: stage.scrollLeft, top: stage.scrollTop, panel: panel.scrollTop,
      nav: $("thumbs").parentNode.scrollTop };
    data = edition;
    indexArticles();
    var index = pageIndex(old.folio);
    state.page = index >= 0 ? index : Math.min(state.page, data.pages.length - 1);
    var page = data.pages[state.page];
    if (index < 0 || JSON.stringify(page.images) !== JSON.stringify(old.images)) setImage(page);
    buildThumbs();
    buildZones(page);
    showPageParts(page, articles[state.article] ? state.article : null);
    stage.scrollLeft = keep.left;
    stage.scrollTop = keep.top;
    panel.scrollTop = keep.panel;
    $("thumbs").parentNode.scrollTop = keep.nav;
    return true;
  }

  window.BanmianViewer = { update: update, edition: function () { return data; } };
  buildThumbs();
  $("prev-page").addEventListener("click", function () { showPage(state.page - 1, null); });
  $("next-page").addEventListener("click", function () { showPage(state.page + 1, null); });
  $("zoom-in").addEventListener("click", function () { setZoom(state.zoom * ZOOM_STEP); });
  $("zoom-out").addEventListener("click", function () { setZoom(state.zoom / ZOOM_STEP); });
  $("zoom-reset").addEventListener("click", function () { setZoom(1); });
  document.addEventListener("keydown", onKey);
  window.addEventListener("resize", layoutSheet);
  window.addEventListener("hashchange", fromHash);
  enablePan();
  state.page = -1;
  fromHash();
})();
