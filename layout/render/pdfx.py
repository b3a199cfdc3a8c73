"""PDF/X post-processing with pikepdf: output intent, Info keys, XMP, document ID, PDF version.

PDF/X-1a:2003 (ISO 15930-4) by default, PDF/X-4 (ISO 15930-7) as an option; the requirements
are listed in print-standards §1.1. Everything is derived from the content and the issue date,
never the wall clock, so the same issue gives byte-identical files.
"""

from __future__ import annotations

import base64
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

from layout.press import BUILD_STAMP, PressSettings


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the document says about itself (Info dictionary and XMP)."""

    title: str
    date: dt.date
    """The issue date: CreationDate and ModDate (00:00 UTC), for reproducible files."""
    author: str = ""
    subject: str = ""


class PdfxError(ValueError):
    """The settings cannot make a conforming file (e.g. PDF/X-4 without an output profile)."""


def make_pdfx(pdf: bytes, info: DocInfo, press: PressSettings) -> bytes:
    """The PDF `pdf` (one or more pages) as a PDF/X file of the press's flavour."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return _finish(doc, info, press, hashlib.sha256(pdf))


def merge_pdfx(pdfs: list[bytes], info: DocInfo, press: PressSettings) -> bytes:
    """The pages of `pdfs`, in order, as one PDF/X file (the whole issue)."""
    digest = hashlib.sha256()
    with ExitStack() as stack:
        doc = stack.enter_context(pikepdf.new())
        for data in pdfs:
            digest.update(hashlib.sha256(data).digest())
            src = stack.enter_context(pikepdf.open(io.BytesIO(data)))
            doc.pages.extend(src.pages)
        return _finish(doc, info, press, digest)


def _finish(doc: pikepdf.Pdf, info: DocInfo, press: PressSettings, digest) -> bytes:
    """The post-processing steps, in order; returns the saved bytes."""
    if press.pdfx == "X-4" and press.icc_profile is None:
        raise PdfxError("PDF/X-4 needs the print shop's output profile (print: icc_profile)")
    digest.update(repr(replace(press, icc_profile=None)).encode() + repr(info).encode())
    icc = press.icc_profile.read_bytes() if press.icc_profile is not None else None
    digest.update(icc or b"")
    key = digest.digest()
    _strip_ascii85(doc)
    for name in ("/OutputIntents", "/Metadata", "/Version"):
        if name in doc.Root:
            del doc.Root[name]
    doc.Root.OutputIntents = Array([_output_intent(doc, press, icc)])
    _info(doc, info, press)
    if press.pdfx == "X-4":
        _xmp(doc, info, press, key)
    buf = io.BytesIO()
    doc.save(buf, force_version=press.pdf_version, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.disable,  # object streams need PDF 1.5
             deterministic_id=True, fix_metadata_version=False)
    return buf.getvalue()


def _strip_ascii85(doc: pikepdf.Pdf) -> None:
    """Undo ReportLab's ASCII85 layer: binary streams are a quarter smaller."""
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        chain = list(filters) if isinstance(filters, Array) else [filters] if filters else []
        if not chain or chain[0] != Name.ASCII85Decode:
            continue
        raw = obj.read_raw_bytes()
        data = base64.a85decode(raw.strip(), adobe=True) if raw.strip().endswith(b"~>") \
            else base64.a85decode(raw)
        parms = obj.get("/DecodeParms")
        rest_parms = list(parms)[1:] if isinstance(parms, Array) else None
        rest = chain[1:]
        obj.write(data, filter=Array(rest) if len(rest) > 1 else (rest[0] if rest else None),
                  decode_parms=(Array(rest_parms) if rest_parms and len(rest) > 1
                                else rest_parms[0] if rest_parms else None),
                  type_check=False)


def _output_intent(doc: pikepdf.Pdf, press: PressSettings, icc: bytes | None) -> Dictionary:
    """The one /GTS_PDFX output intent: a registered condition (IFRA26), plus the print shop's
    profile as DestOutputProfile when the house style names one (print-standards §1.2)."""
    intent = Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(press.output_condition_id),
        RegistryName=String(press.registry),
        OutputCondition=String(press.output_condition),
        Info=String(press.output_condition))
    if icc is not None:
        intent.DestOutputProfile = doc.make_stream(icc, N=4)
        intent.Info = String(_profile_name(icc) or press.output_condition)
    return intent


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


def _info(doc: pikepdf.Pdf, info: DocInfo, press: PressSettings) -> None:
    """The Info dictionary PDF/X requires: Title, dates, Trapped, GTS_PDFXVersion (+Conformance)."""
    entries = {
        "/Title": String(info.title), "/Creator": String(BUILD_STAMP),
        "/Producer": String(f"{BUILD_STAMP} (ReportLab, pikepdf)"),
        "/CreationDate": String(pdf_date(info.date)), "/ModDate": String(pdf_date(info.date)),
        "/Trapped": Name("/False"),  # not Name.False_: that is the name /False_
        "/GTS_PDFXVersion": String(press.pdfx_version),
    }
    if info.author:
        entries["/Author"] = String(info.author)
    if info.subject:
        entries["/Subject"] = String(info.subject)
    if press.pdfx == "X-1a":
        entries["/GTS_PDFXConformance"] = String("PDF/X-1a:2003")
    doc.trailer.Info = doc.make_indirect(Dictionary(entries))


def _xmp(doc: pikepdf.Pdf, info: DocInfo, press: PressSettings, key: bytes) -> None:
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
        producer=escape(f"{BUILD_STAMP} (ReportLab, pikepdf)"), doc_id=doc_id,
        instance=instance, version=escape(press.pdfx_version))
    stream = doc.make_stream(packet.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    doc.Root.Metadata = stream


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
