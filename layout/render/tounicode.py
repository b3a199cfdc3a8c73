"""ToUnicode CMaps that are right for characters beyond the BMP (rare Han in CJK Ext. B–H).

ReportLab writes each subset's ToUnicode entry as `<%04X>` of the code point, so U+2A6A5 becomes
the odd-length `<2A6A5>` and text extraction, search and copy lose the character. PDF 32000-1
§9.10.3 wants the destination as UTF-16BE: `<D869DEA5>`. `install()` puts a writer that does
that in ReportLab's place (ReportLab looks the function up at call time, per font subset).
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts

_ORIGINAL = ttfonts.makeToUnicodeCMap


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap for a subset: byte code i → the UTF-16BE of subset[i]."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
    ]
    # at most 100 entries per bfchar block (PDF 32000-1 §9.10.3, as in §9.7.6.2 for CMaps)
    for start in range(0, len(subset), 100):
        chunk = subset[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{start + i:02X}> <{_utf16(cp)}>" for i, cp in enumerate(chunk)]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _utf16(cp: int) -> str:
    """The UTF-16BE code units of a code point, hex (a surrogate pair beyond U+FFFF)."""
    return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()


def install() -> None:
    """Make ReportLab write UTF-16BE ToUnicode CMaps (idempotent)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
