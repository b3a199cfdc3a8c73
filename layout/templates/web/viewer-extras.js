/* Banmian e-paper viewer, the rest: 检索 (this issue or every issue of the output root), 本期目录,
 * 往期 (a calendar of the paper's issues), 分享 (a copyable deep link) and 打印.
 * Search indexes are scripts (search-index.js, one per issue, listed in ../../archive.js) loaded
 * with <script> elements, so search works from file:// too. The tokenizer must stay the same as
 * layout/edition/search.py's (a browser test compares them). Text from data: textContent only. */
(function () {
  "use strict";

  var api = window.BanmianViewer;
  if (!api) return;
  var el = api.el, $ = function (id) { return document.getElementById(id); };
  var CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var TOKEN = new RegExp("([" + CJK + "]+)|([0-9a-z\\u00c0-\\u024f]+)", "gu");
  var FIELDS = ["title", "text"];
  var loaded = {}, engines = {};

  /* ------------------------------------------------------------------ search */

  function tokenize(text, forQuery) {
    var out = [], match;
    var normal = String(text).normalize("NFKC").toLowerCase();
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(normal)) !== null) {
      if (match[2]) { out.push(match[2]); continue; }
      var run = Array.from(match[1]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      if (!forQuery || run.length === 1) out.push(run[run.length - 1]);
    }
    return out;
  }

  /* Load the search-index.js of each issue (script elements; once each). */
  function loadIndexes(issues) {
    return Promise.all(issues.map(function (issue) {
      if (!loaded[issue.src]) {
        loaded[issue.src] = new Promise(function (resolve) {
          var script = document.createElement("script");
          script.src = issue.src;
          script.onload = function () { resolve(true); };
          script.onerror = function () { resolve(false); };
          document.head.appendChild(script);
        });
      }
      return loaded[issue.src];
    }));
  }

  function engine(slug) {
    var entry = (window.BANMIAN_SEARCH || {})[slug];
    if (!entry || !window.MiniSearch) return null;
    if (!engines[slug]) {
      engines[slug] = window.MiniSearch.loadJS(entry.index, {
        fields: FIELDS, storeFields: ["id", "headline", "page", "section", "excerpt"],
        tokenize: function (text) { return tokenize(text, false); }, processTerm: function (t) { return t; }
      });
    }
    return { mini: engines[slug], issue: entry };
  }

  /* The issues a scope covers: this one, or every issue in archive.js (this one first). */
  function scopeIssues(scope) {
    var data = api.edition(), here = { slug: data.issue.slug, src: data.search || "search-index.js", href: null };
    var archive = window.BANMIAN_ARCHIVE;
    if (scope !== "all" || !archive) return [here];
    return [here].concat(archive.issues.filter(function (i) { return i.slug !== here.slug; }).map(function (i) {
      return { slug: i.slug, src: "../../" + i.search, href: "../../" + i.href };
    }));
  }

  function search(query, scope) {
    var issues = scopeIssues(scope);
    return loadIndexes(issues).then(function () {
      var results = [];
      issues.forEach(function (issue) {
        var found = engine(issue.slug);
        if (!found) return;
        found.mini.search(query, {
          tokenize: function (text) { return tokenize(text, true); }, processTerm: function (t) { return t; },
          combineWith: "AND", boost: { title: 2 },
          prefix: function (term) { return Array.from(term).length === 1; }
        }).forEach(function (r) { results.push({ hit: r, issue: issue, date: found.issue.date }); });
      });
      results.sort(function (a, b) { return b.hit.score - a.hit.score; });
      return results;
    });
  }

  /* The query's pieces to highlight: its CJK runs and words, longest first. */
  function pieces(query) {
    return (String(query).normalize("NFKC").match(/[^\s，。、；：？！,.;:?!]+/g) || [])
      .sort(function (a, b) { return b.length - a.length; });
  }

  /* Wrap the query's pieces in <mark> inside `root` (text nodes split; no HTML parsed). */
  function highlight(root, query) {
    var words = pieces(query).map(function (w) { return w.toLowerCase(); });
    if (!root || !words.length) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var found;
      while (node && (found = firstMatch(node.nodeValue.toLowerCase(), words))) {
        var hit = node.splitText(found.at);
        node = hit.splitText(found.length);
        hit.parentNode.replaceChild(el("mark", {}, [hit.nodeValue]), hit);
      }
    });
  }

  function firstMatch(text, words) {
    var best = null;
    words.forEach(function (w) {
      var i = text.indexOf(w);
      if (i >= 0 && (!best || i < best.at)) best = { at: i, length: w.length };
    });
    return best;
  }

  function snippet(text, query) {
    var words = pieces(query), at = -1;
    words.forEach(function (w) { var i = text.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    if (at < 0) return text.slice(0, 60);
    var start = Math.max(0, at - 20);
    return (start ? "…" : "") + text.slice(start, start + 70) + (start + 70 < text.length ? "…" : "");
  }

  function articleText(id) {
    var a = api.edition().articles.filter(function (x) { return x.id === id; })[0];
    return a ? a.blocks.map(function (b) { return b.text; }).join("") : "";
  }

  function showResults(query, scope, results) {
    var box = $("search-results"), data = api.edition();
    box.textContent = "";
    box.appendChild(el("p", { className: "search-summary" }, [
      "“" + query + "”：" + (scope === "all" ? "全部期次" : "本期") + "共 " + results.length + " 篇"
    ]));
    var list = el("ol", { className: "results" });
    results.slice(0, 50).forEach(function (r) {
      var hit = r.hit, here = r.issue.slug === data.issue.slug;
      var where = (here ? "本期" : r.date) + " 第" + hit.page + "版 " + (hit.section || "");
      var text = here ? snippet(articleText(hit.id), query) : hit.excerpt;
      var link = el("a", {
        className: "result", href: here ? "#page=" + encodeURIComponent(hit.page) + "&article=" + encodeURIComponent(hit.id)
          : r.issue.href + "#page=" + encodeURIComponent(hit.page) + "&article=" + encodeURIComponent(hit.id) + "&q=" + encodeURIComponent(query),
        dataset: { article: hit.id, issue: r.issue.slug }
      }, [el("span", { className: "result-title" }, [hit.headline]), el("span", { className: "result-where" }, [where]),
        el("span", { className: "result-text" }, [text])]);
      if (here) {
        link.addEventListener("click", function (ev) {
          ev.preventDefault();
          api.state.query = query;
          api.showArticle(hit.id, true);
        });
      }
      highlight(link.querySelector(".result-title"), query);
      highlight(link.querySelector(".result-text"), query);
      list.appendChild(el("li", {}, [link]));
    });
    box.appendChild(list);
  }

  function onSearch(ev) {
    ev.preventDefault();
    var query = $("search-input").value.trim(), scope = $("search-scope").value;
    if (!query) return;
    api.toggleDrawer(false);
    document.body.classList.remove("search-open");
    $("search-button").setAttribute("aria-expanded", "false");
    api.setMode("search");
    $("search-results").textContent = "检索中…";
    search(query, scope).then(function (results) {
      api.state.query = query;
      showResults(query, scope, results);
    });
  }

  /* ------------------------------------------------------------------ 本期目录 */

  function buildContents() {
    var box = $("contents"), data = api.edition();
    box.textContent = "";
    var list = el("ol", { className: "toc" });
    data.pages.forEach(function (page, index) {
      var items = el("ul", {});
      data.articles.forEach(function (a) {
        var zone = a.zones.filter(function (z) { return z.page === page.folio; })[0];
        if (!zone) return;
        items.appendChild(el("li", {}, [el("button", {
          type: "button", className: "toc-article", onclick: function () { api.showPage(index, a.id); api.showArticle(a.id, true); }
        }, [a.headline, zone.continuation ? el("small", {}, ["（上接第" + zone.continued_from + "版）"]) : null])]));
      });
      list.appendChild(el("li", { className: "toc-page" }, [
        el("h3", {}, [el("button", { type: "button", className: "toc-section", onclick: function () { api.closePanel(); api.showPage(index, null); } },
          ["第" + page.folio + "版 " + page.section])]),
        items
      ]));
    });
    box.appendChild(list);
  }

  /* ------------------------------------------------------------------ 往期 */

  var WEEKDAYS = "一二三四五六日";
  var month = null;

  function paperIssues() {
    var archive = window.BANMIAN_ARCHIVE, name = api.edition().paper.name;
    return (archive && archive.issues || []).filter(function (i) { return i.paper === name; });
  }

  function buildCalendar() {
    var box = $("calendar"), issues = paperIssues(), data = api.edition();
    var byDate = {};
    issues.forEach(function (i) { byDate[i.date] = i; });
    if (!month) month = data.issue.date.slice(0, 7);
    var y = +month.slice(0, 4), m = +month.slice(5, 7);
    var months = Object.keys(byDate).map(function (d) { return d.slice(0, 7); });
    box.textContent = "";
    var head = el("div", { className: "cal-head" }, [
      el("button", { type: "button", className: "cal-prev", disabled: !months.some(function (x) { return x < month; }), onclick: function () { shift(-1); } }, ["上月"]),
      el("h3", { id: "cal-title" }, [y + "年" + m + "月"]),
      el("button", { type: "button", className: "cal-next", disabled: !months.some(function (x) { return x > month; }), onclick: function () { shift(1); } }, ["下月"])
    ]);
    box.appendChild(head);
    var table = el("table", { className: "month", "aria-labelledby": "cal-title" });
    var row = el("tr", {});
    Array.from(WEEKDAYS).forEach(function (d) { row.appendChild(el("th", { scope: "col" }, [d])); });
    table.appendChild(el("thead", {}, [row]));
    var body = el("tbody", {}), first = new Date(Date.UTC(y, m - 1, 1)), days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    var cells = [], lead = (first.getUTCDay() + 6) % 7;
    for (var i = 0; i < lead; i++) cells.push(el("td", {}, []));
    for (var d = 1; d <= days; d++) cells.push(dayCell(y, m, d, byDate, data.issue.date));
    while (cells.length % 7) cells.push(el("td", {}, []));
    for (var r = 0; r < cells.length; r += 7) body.appendChild(el("tr", {}, cells.slice(r, r + 7)));
    table.appendChild(body);
    box.appendChild(table);
    box.appendChild(el("p", { className: "cal-all" }, [el("a", { href: "../../index.html" }, ["全部期次（按日期检索）"])]));
  }

  function dayCell(y, m, d, byDate, today) {
    var iso = y + "-" + String(m).padStart(2, "0") + "-" + String(d).padStart(2, "0");
    var issue = byDate[iso];
    if (!issue) return el("td", {}, [String(d)]);
    var link = el("a", { href: "../../" + issue.href, title: issue.label }, [String(d)]);
    link.setAttribute("aria-label", y + "年" + m + "月" + d + "日 " + issue.label);
    if (iso === today) link.setAttribute("aria-current", "date");
    return el("td", { className: "has" }, [link]);
  }

  function shift(step) {
    var y = +month.slice(0, 4), m = +month.slice(5, 7) + step;
    if (m < 1) { y--; m = 12; } else if (m > 12) { y++; m = 1; }
    month = y + "-" + String(m).padStart(2, "0");
    buildCalendar();
  }

  /* ------------------------------------------------------------------ 分享, 打印 */

  function openShare(open) {
    var box = $("share-box");
    box.hidden = !open;
    $("share-button").setAttribute("aria-expanded", String(open));
    if (!open) return;
    $("share-url").value = api.shareUrl();
    $("share-status").textContent = "";
    $("share-native").hidden = !navigator.share;
    $("share-url").focus();
    $("share-url").select();
  }

  function copyLink() {
    var url = $("share-url").value, done = function () { $("share-status").textContent = "链接已复制"; };
    var fallback = function () {
      $("share-url").select();
      try { document.execCommand("copy"); done(); } catch (e) { $("share-status").textContent = "请手动复制链接"; }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, fallback);
    else fallback();
  }

  function share() { openShare(true); }

  function start() {
    $("search-form").hidden = false;
    $("search-button").hidden = false;
    $("search-form").addEventListener("submit", onSearch);
    $("search-button").addEventListener("click", function () {
      var open = !document.body.classList.contains("search-open");
      document.body.classList.toggle("search-open", open);
      $("search-button").setAttribute("aria-expanded", String(open));
      if (open) $("search-input").focus();
    });
    $("contents-button").addEventListener("click", function () { api.toggleDrawer(false); buildContents(); api.setMode("contents", true); });
    $("calendar-button").addEventListener("click", function () { api.toggleDrawer(false); month = null; buildCalendar(); api.setMode("calendar", true); });
    $("share-button").addEventListener("click", function () { openShare($("share-box").hidden); });
    $("share-copy").addEventListener("click", copyLink);
    $("share-close").addEventListener("click", function () { openShare(false); $("share-button").focus(); });
    $("share-native").addEventListener("click", function () {
      navigator.share({ title: document.title, url: $("share-url").value }).catch(function () {});
    });
    $("print-button").addEventListener("click", function () { window.print(); });
    api.hook({
      article: function (a, box) {
        var tools = box.querySelector(".story-tools");
        tools.appendChild(el("button", { type: "button", className: "share", onclick: share }, ["分享"]));
        tools.appendChild(el("button", { type: "button", className: "print", onclick: function () { window.print(); } }, ["打印"]));
        if (api.state.query) highlight(box.querySelector(".story-body"), api.state.query);
        if (!$("share-box").hidden) $("share-url").value = api.shareUrl();
      },
      update: function () {
        if (api.state.mode === "contents") buildContents();
      }
    });
    var q = api.state.query;
    if (q) {
      $("search-input").value = q;
      if (api.state.article) api.showArticle(api.state.article, false);  /* highlight the query */
    }
  }

  window.BanmianSearch = { tokenize: tokenize, search: search };
  start();
})();
