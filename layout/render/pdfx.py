"""PDF/X keys — output intent, Info keys, XMP, document ID, PDF version — and the issue PDF.

PDF/X-1a:2003 (ISO 15930-4) by default, PDF/X-4 (ISO 15930-7) as an option; the requirements
are listed in print-standards §1.1. Everything is derived from the content and the issue date,
never the wall clock, so the same issue gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import ImageCms

from layout.errors import BadInput
from layout.press import BUILD_STAMP, PressSettings
from layout.render.pdfobj import Name as PdfName


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the document says about itself (Info dictionary and XMP)."""

    title: str
    date: dt.date
    """The issue date: CreationDate and ModDate (00:00 UTC), for reproducible files."""
    author: str = ""
    subject: str = ""


class PdfxError(BadInput, ValueError):
    """The settings cannot make a conforming file (e.g. PDF/X-4 without an output profile)."""


@dataclass(frozen=True, slots=True)
class PdfxKeys:
    """Everything PDF/X adds to a file, as plain values (`pdfobj` names and strings), so the page
    writer (render/pdf.py) and the issue merge below write the same keys."""

    version: str
    """The header's PDF version."""
    intent: dict[str, object]
    """The /GTS_PDFX OutputIntent, without its DestOutputProfile stream."""
    profile: bytes | None
    """The print shop's ICC profile (DestOutputProfile, N 4), if the house style names one."""
    info: dict[str, object]
    xmp: bytes | None
    """The XMP packet (PDF/X-4 only)."""
    file_id: bytes
    """The trailer /ID: a hash of the content and the keys, never random or timed."""


def pdfx_keys(info: DocInfo, press: PressSettings, content_digest: bytes) -> PdfxKeys:
    """The PDF/X keys of a file whose content hashes to `content_digest` (print-standards §1.1)."""
    if press.pdfx == "X-4" and press.icc_profile is None:
        raise PdfxError("PDF/X-4 needs the print shop's output profile (print: icc_profile)")
    icc = press.icc_profile.read_bytes() if press.icc_profile is not None else None
    digest = hashlib.sha256(content_digest)
    digest.update(repr(replace(press, icc_profile=None)).encode() + repr(info).encode())
    digest.update(icc or b"")
    key = digest.digest()
    return PdfxKeys(press.pdf_version, _output_intent(press, icc), icc, _info(info, press),
                    _xmp(info, press, key) if press.pdfx == "X-4" else None, key[:16])


def merge_pdfx(pdfs: list[bytes], info: DocInfo, press: PressSettings) -> bytes:
    """The pages of `pdfs`, in order, as one PDF/X file (the whole issue). Each page keeps its own
    font subsets, whose names differ wherever their programs do (render/sfnt.py `subset_tag`)."""
    digest = hashlib.sha256()
    with ExitStack() as stack:
        doc = stack.enter_context(pikepdf.new())
        for data in pdfs:
            digest.update(hashlib.sha256(data).digest())
            src = stack.enter_context(pikepdf.open(io.BytesIO(data)))
            doc.pages.extend(src.pages)
        keys = pdfx_keys(info, press, digest.digest())
        for name in ("/OutputIntents", "/Metadata", "/Version"):
            if name in doc.Root:
                del doc.Root[name]
        intent = Dictionary({f"/{k}": _pike(v) for k, v in keys.intent.items()})
        if keys.profile is not None:
            intent.DestOutputProfile = doc.make_stream(keys.profile, N=4)
        doc.Root.OutputIntents = Array([intent])
        doc.trailer.Info = doc.make_indirect(
            Dictionary({f"/{k}": _pike(v) for k, v in keys.info.items()}))
        if keys.xmp is not None:
            doc.Root.Metadata = doc.make_stream(keys.xmp, Type=Name.Metadata, Subtype=Name.XML)
        buf = io.BytesIO()
        doc.save(buf, force_version=keys.version, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable,  # object streams need 1.5
                 deterministic_id=True, fix_metadata_version=False)
        return buf.getvalue()


def _pike(value: object):
    """A `pdfobj` value as a pikepdf object."""
    if isinstance(value, PdfName):
        return Name("/" + value.value)
    if isinstance(value, str):
        return String(value)
    return value


def _output_intent(press: PressSettings, icc: bytes | None) -> dict[str, object]:
    """The one /GTS_PDFX output intent: a registered condition (IFRA26), plus the print shop's
    profile as DestOutputProfile when the house style names one (print-standards §1.2)."""
    description = (_profile_name(icc) if icc is not None else None) or press.output_condition
    return {"Type": PdfName("OutputIntent"), "S": PdfName("GTS_PDFX"),
            "OutputConditionIdentifier": press.output_condition_id,
            "RegistryName": press.registry, "OutputCondition": press.output_condition,
            "Info": description}


def _profile_name(icc: bytes) -> str | None:
    """The profile's description tag, if Pillow can read it."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.getProfileDescription(profile).strip() or None
    except (OSError, ImageCms.PyCMSError):
        return None


def pdf_date(date: dt.date) -> str:
    """00:00 UTC of `date` as a PDF date string (PDF 32000-1 §7.9.4)."""
    return f"D:{date:%Y%m%d}000000+00'00'"


def xmp_date(date: dt.date) -> str:
    """The same instant as `pdf_date`, in XMP (ISO 8601) form: Info and XMP dates agree."""
    return f"{date:%Y-%m-%d}T00:00:00+00:00"


def _info(info: DocInfo, press: PressSettings) -> dict[str, object]:
    """The Info dictionary PDF/X requires: Title, dates, Trapped, GTS_PDFXVersion (+Conformance)."""
    entries: dict[str, object] = {
        "Title": info.title, "Creator": BUILD_STAMP, "Producer": BUILD_STAMP,
        "CreationDate": pdf_date(info.date), "ModDate": pdf_date(info.date),
        "Trapped": PdfName("False"), "GTS_PDFXVersion": press.pdfx_version,
    }
    if info.author:
        entries["Author"] = info.author
    if info.subject:
        entries["Subject"] = info.subject
    if press.pdfx == "X-1a":
        entries["GTS_PDFXConformance"] = "PDF/X-1a:2003"
    return entries


def _xmp(info: DocInfo, press: PressSettings, key: bytes) -> bytes:
    """XMP metadata for PDF/X-4: pdfxid:GTS_PDFXVersion, xmpMM ids, dc:title; written by hand so
    that no library adds a wall-clock MetadataDate."""
    doc_id = uuid.UUID(bytes=key[:16], version=4)
    instance = uuid.UUID(bytes=hashlib.sha256(key + b"instance").digest()[:16], version=4)
    date = xmp_date(info.date)
    optional = ""
    if info.author:
        optional += f"   <dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>\n"
    if info.subject:
        optional += (f"   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">"
                     f"{escape(info.subject)}</rdf:li></rdf:Alt></dc:description>\n")
    packet = XMP_TEMPLATE.format(
        title=escape(info.title), optional=optional, date=date, tool=escape(BUILD_STAMP),
        producer=escape(BUILD_STAMP), doc_id=doc_id,
        instance=instance, version=escape(press.pdfx_version))
    return packet.encode("utf-8")


XMP_TEMPLATE = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
{optional}   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{tool}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
"""XMP packet (ISO 16684-1) with the PDF/X-4 keys of print-standards §1.1."""
