"""Print-production settings of a house style: PDF/X flavour and output intent, bleed and marks,
ink and image-resolution limits, and the print files' names (print-standards.md §1–2)."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, replace
from pathlib import Path

from layout import __version__

PDFX_FLAVOURS = ("X-1a", "X-4")
"""PDF/X-1a:2003 (ISO 15930-4: CMYK/gray only, no transparency, PDF ≤ 1.4) or PDF/X-4 (ISO 15930-7)."""

CHECKSUMS = "SHA256SUMS"
"""The checksum list beside the print files (`sha256sum -c SHA256SUMS`)."""
FILE_FIELDS = ("paper", "yyyymmdd", "date", "page", "issue", "number")
"""Placeholders a file-name pattern may use, e.g. `{paper}_{yyyymmdd}_{page}.pdf`."""

BUILD_STAMP = f"Banmian {__version__}"
"""What the slug line says made the file: fixed per release, never the wall clock (determinism)."""


@dataclass(frozen=True, slots=True)
class PressSettings:
    """What the print shop expects of our files. Defaults: coldset newsprint (IFRA26), no bleed."""

    pdfx: str = "X-1a"
    """`X-1a` (PDF/X-1a:2003) or `X-4` (PDF/X-4; needs `icc_profile`)."""
    output_condition_id: str = "IFRA26"
    """OutputConditionIdentifier: a condition of the ICC characterisation registry."""
    output_condition: str = "Coldset offset on newsprint (ISO 12647-3), 26 % TVI"
    registry: str = "http://www.color.org"
    icc_profile: Path | None = None
    """The print shop's CMYK output profile: embedded as DestOutputProfile, used for images."""
    bleed_mm: float = 0.0
    """Bleed around the trim box; coldset newspaper pages normally have none (§3)."""
    marks: bool = False
    """Crop and registration marks and a slug line outside the bleed (MediaBox enlarged)."""
    tac_limit: float = 220.0
    """Total area coverage limit in % (WAN-IFRA newspaper profile: 220 %, §1.2)."""
    warn_ppi: float = 170.0
    """Images below this effective resolution at placed size are a preflight warning (§2.1)."""
    error_ppi: float = 100.0
    """…and below this an error."""
    image_ppi: int = 300
    """Photos are resampled to at most this resolution at their placed size."""
    jpeg_quality: int = 88
    """JPEG quality of the photos in the print PDFs."""
    file_pattern: str = "{paper}_{yyyymmdd}_{page}.pdf"
    paper: str | None = None
    """ASCII name of the paper in file names; default: the issue folder's first word."""
    build_stamp: str = BUILD_STAMP

    @property
    def pdfx_version(self) -> str:
        """The GTS_PDFXVersion value."""
        return "PDF/X-1:2003" if self.pdfx == "X-1a" else "PDF/X-4"

    @property
    def pdf_version(self) -> str:
        """The highest PDF version the flavour allows (X-1a:2003: 1.4; X-4: 1.6)."""
        return "1.4" if self.pdfx == "X-1a" else "1.6"


def paper_slug(issue_slug: str, press: PressSettings) -> str:
    """The paper's ASCII name: the setting, else the issue folder's first dash-separated word."""
    raw = press.paper or issue_slug.split("-")[0]
    slug = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return slug or "paper"


def page_label(folio: str) -> str:
    """A folio as it appears in file names: `1` → `01`, `A3` stays."""
    return folio.zfill(2) if folio.isdigit() else folio


def file_name(press: PressSettings, issue_slug: str, date: dt.date, number: int,
              page: str) -> str:
    """A page PDF's name from the house-style pattern (`yunchuan_20261124_01.pdf`)."""
    values = {"paper": paper_slug(issue_slug, press), "yyyymmdd": date.strftime("%Y%m%d"),
              "date": date.isoformat(), "page": page_label(page),
              "issue": issue_slug, "number": str(number)}
    return press.file_pattern.format(**values)


MAX_PATTERN_LENGTH = 200
"""Characters in a file-name pattern (file systems allow 255 bytes per name)."""


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot name print files, or None if it can. Fields are bare names:
    a format spec or conversion (`{page:>9}`, `{page!r}`) could make names of any length or
    make two pages one file, so neither is allowed."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"file pattern is {len(pattern)} characters long (at most {MAX_PATTERN_LENGTH})"
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"file pattern {pattern!r}: {exc}"
    for _, field, spec, conversion in parts:
        if field is not None and (spec or conversion):
            return (f"file pattern {pattern!r}: write fields bare, like {{{field}}} "
                    f"(no format spec or conversion)")
    fields = [f for _, f, _, _ in parts if f is not None]
    unknown = sorted(set(fields) - set(FILE_FIELDS))
    if unknown:
        return (f"file pattern {pattern!r}: unknown field {{{unknown[0]}}} "
                f"(use {', '.join('{' + f + '}' for f in FILE_FIELDS)})")
    if "page" not in fields:
        return f"file pattern {pattern!r} must contain {{page}}"
    if "/" in pattern or "\\" in pattern or not pattern.endswith(".pdf"):
        return f"file pattern {pattern!r} must be a file name ending in .pdf"
    return None


def icc_problem(path: Path) -> str | None:
    """Why `path` is not a usable CMYK output profile (ICC.1 header: 'acsp', class, space)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(128)
    except OSError as exc:
        return f"cannot read ICC profile {path.name}: {exc.strerror}"
    if len(head) < 128 or head[36:40] != b"acsp":
        return f"{path.name} is not an ICC profile"
    if head[12:16] != b"prtr" or head[16:20] != b"CMYK":
        return (f"{path.name} is a {head[16:20].decode('latin-1').strip()} "
                f"{head[12:16].decode('latin-1')} profile; the press needs a CMYK output (prtr) one")
    return None


def profile_path(root: Path, name: str) -> Path:
    """Where the manifest's `icc_profile` is: an absolute path, or relative to the issue folder."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else root / path


def with_overrides(press: PressSettings, spec: object, root: Path) -> PressSettings:
    """The house style's settings with the manifest's `print:` keys that are set (None: unset)."""
    keys = {"pdfx": "pdfx", "output_condition": "output_condition_id", "bleed_mm": "bleed_mm",
            "marks": "marks", "tac_limit": "tac_limit", "paper": "paper",
            "file_pattern": "file_pattern"}
    changes = {field: getattr(spec, key) for key, field in keys.items()
               if getattr(spec, key, None) is not None}
    icc = getattr(spec, "icc_profile", None)
    if icc:
        changes["icc_profile"] = profile_path(root, icc).resolve()
    return replace(press, **changes)
