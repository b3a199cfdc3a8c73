"""report.html: the build report (report.json) laid out for people: per page the PDF/X verdict,
errors and warnings, fonts, colour spaces, ink coverage and image resolutions."""

from __future__ import annotations

from html import escape
from string import Template

from layout.files import TEMPLATES
from layout.press import BUILD_STAMP

TEMPLATE = TEMPLATES / "report.html"


def report_html(data: dict) -> bytes:
    """The HTML page for the report data of `report_json` (UTF-8 bytes)."""
    summary = data["summary"]
    counts = (f"<span>{summary['pages']} pages</span>"
              f"<span class=\"{'error' if summary['errors'] else 'ok'}\">"
              f"{summary['errors']} errors</span>"
              f"<span class=\"{'warning' if summary['warnings'] else 'ok'}\">"
              f"{summary['warnings']} warnings</span>")
    title = f"{data['newspaper']} {data['date']} 第{data['number']}期 — preflight"
    html = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=escape(title), summary=counts, stamp=escape(BUILD_STAMP),
        pages="\n".join(_page(p) for p in data["pages"]))
    return html.encode("utf-8")


def _page(page: dict) -> str:
    pre = page.get("preflight") or {}
    verdict = (f"<span class=\"ok\">{escape(pre['pdfx'])}: conforms</span>" if pre.get("pdfx_ok")
               else f"<span class=\"bad\">{escape(pre.get('pdfx', 'PDF/X'))}: fails</span>")
    link = f"<a href=\"print/{escape(pre['file'])}\">{escape(pre['file'])}</a>" \
        if pre.get("file") else ""
    rows = [("File", link), ("PDF/X", verdict),
            ("Colour", escape(f"{page['color']}: {', '.join(pre.get('colour_spaces', []))}")),
            ("Max ink (TAC)", f"{pre.get('max_tac', 0):.0f} %"),
            ("Overprint", "black overprints" if pre.get("overprint") else "none"),
            ("Missing glyphs", escape(" ".join(pre.get("missing_glyphs", []))) or "none"),
            ("Overflow", escape(", ".join(pre.get("overflow", []))) or "none")]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (f"<h2>第{escape(page['folio'])}版 {escape(page['section'])}</h2>\n"
            f"<table>{table}</table>\n{_findings(page)}{_fonts(pre)}{_images(pre)}")


def _findings(page: dict) -> str:
    items = [f"<li class=\"error\">{escape(e)}</li>" for e in page["errors"]]
    items += [f"<li class=\"warning\">{escape(w)}</li>" for w in page["warnings"]]
    return f"<ul>{''.join(items)}</ul>\n" if items else "<p class=\"ok\">No problems.</p>\n"


def _fonts(pre: dict) -> str:
    fonts = pre.get("fonts", [])
    if not fonts:
        return ""
    yes = {True: "yes", False: "<span class=\"bad\">no</span>"}
    rows = "".join(f"<tr><td><code>{escape(f['name'])}</code></td><td>{yes[f['embedded']]}</td>"
                   f"<td>{yes[f['subset']]}</td><td>{yes[f['truetype']]}</td>"
                   f"<td>{'yes' if f['used'] else 'no'}</td></tr>" for f in fonts)
    return ("<table><tr><th>Font</th><th>Embedded</th><th>Subset</th><th>TrueType</th>"
            f"<th>Used</th></tr>{rows}</table>\n")


def _images(pre: dict) -> str:
    images = pre.get("images", [])
    if not images:
        return ""
    rows = "".join(f"<tr><td>{escape(i['file'])}</td><td>{i['ppi']:.0f} ppi</td>"
                   f"<td>{i['placed_mm'][0]:.0f} × {i['placed_mm'][1]:.0f} mm</td>"
                   f"<td>{escape(i.get('colour_space') or '')}</td>"
                   f"<td>{'' if i.get('tac') is None else format(i['tac'], '.0f') + ' %'}</td></tr>"
                   for i in images)
    return ("<table><tr><th>Image</th><th>Resolution</th><th>Placed</th><th>Colour</th>"
            f"<th>Ink (TAC)</th></tr>{rows}</table>\n")
