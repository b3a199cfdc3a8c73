"""PDF objects and the file around them (PDF 32000-1 §7.3 objects, §7.5 file structure).

A small, deterministic serialiser: Python values stand for PDF objects (`Name`, `Ref`, `Raw`,
dict, list, str, bytes, numbers, bools, None), `Document` numbers indirect objects in the order
they are added and writes the header, body, cross-reference table and trailer. The same input
gives the same bytes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Name:
    """A PDF name (`/Font`); `value` without the slash."""

    value: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to indirect object `number` (generation 0)."""

    number: int


@dataclass(frozen=True, slots=True)
class Raw:
    """Bytes written into the file as they are (a hex string, a date already formatted)."""

    data: bytes


_NAME_SAFE = frozenset(range(0x21, 0x7F)) - set(b"()<>[]{}/%#")


def name_bytes(name: str) -> bytes:
    """/name with every byte outside the regular characters written as #xx (§7.3.5)."""
    return b"/" + b"".join(bytes([b]) if b in _NAME_SAFE else b"#%02X" % b
                           for b in name.encode("utf-8"))


def number(value: float) -> bytes:
    """An integer, or a real with at most 4 decimals and no exponent (§7.3.3)."""
    if isinstance(value, int):
        return b"%d" % value
    if value == int(value) and abs(value) < 1e15:
        return b"%d" % int(value)
    text = b"%.4f" % value
    text = text.rstrip(b"0").rstrip(b".")
    return b"0" if text in (b"-0", b"") else text


def text_string(value: str) -> bytes:
    """A text string (§7.9.2.2): PDFDocEncoding-safe ASCII as a literal, else UTF-16BE with BOM."""
    if value.isascii() and all(32 <= ord(c) < 127 for c in value):
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def serialise(value: object) -> bytes:
    """One direct object as bytes."""
    if isinstance(value, Name):
        return name_bytes(value.value)
    if isinstance(value, Ref):
        return b"%d 0 R" % value.number
    if isinstance(value, Raw):
        return value.data
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        return text_string(value)
    if isinstance(value, bytes):
        return b"<" + value.hex().upper().encode("ascii") + b">"
    if value is None:
        return b"null"
    if isinstance(value, dict):
        body = b" ".join(name_bytes(k) + b" " + serialise(v) for k, v in value.items())
        return b"<< " + body + b" >>"
    if isinstance(value, (list, tuple)):
        return b"[" + b" ".join(serialise(v) for v in value) + b"]"
    raise TypeError(f"no PDF form for {type(value).__name__}")


class Document:
    """Indirect objects in the order added, written out as one PDF file."""

    def __init__(self, version: str = "1.4") -> None:
        self.version = version
        self.bodies: list[bytes | None] = []

    def reserve(self) -> Ref:
        """A number for an object whose body comes later (`put`)."""
        self.bodies.append(None)
        return Ref(len(self.bodies))

    def put(self, ref: Ref, value: object) -> Ref:
        self.bodies[ref.number - 1] = serialise(value)
        return ref

    def add(self, value: object) -> Ref:
        return self.put(self.reserve(), value)

    def stream(self, data: bytes, entries: dict | None = None, compress: bool = True) -> Ref:
        """A stream object; Flate-compressed unless `compress` is False or it is already
        filtered (`entries` with /Filter, e.g. DCTDecode)."""
        return self.put_stream(self.reserve(), data, entries, compress)

    def put_stream(self, ref: Ref, data: bytes, entries: dict | None = None,
                   compress: bool = True) -> Ref:
        """The stream object numbered `ref` (reserved earlier)."""
        entries = dict(entries or {})
        if compress and "Filter" not in entries:
            data = zlib.compress(data, 6)
            entries["Filter"] = Name("FlateDecode")
        entries["Length"] = len(data)
        self.bodies[ref.number - 1] = serialise(entries) + b"\nstream\n" + data + b"\nendstream"
        return ref

    def write(self, root: Ref, info: Ref, file_id: bytes) -> bytes:
        """The file: header, objects, xref table, trailer with /ID [file_id file_id] (§14.4)."""
        out = [b"%PDF-" + self.version.encode("ascii") + b"\n%\xe2\xe3\xcf\xd3\n"]
        offsets, at = [], len(out[0])
        for n, body in enumerate(self.bodies, 1):
            if body is None:
                raise ValueError(f"object {n} was reserved but never written")
            chunk = b"%d 0 obj\n" % n + body + b"\nendobj\n"
            offsets.append(at)
            out.append(chunk)
            at += len(chunk)
        size = len(self.bodies) + 1
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        xref += [b"%010d 00000 n \n" % off for off in offsets]
        trailer = serialise({"Size": size, "Root": root, "Info": info,
                             "ID": [file_id, file_id]})
        out += xref + [b"trailer\n", trailer, b"\nstartxref\n%d\n%%%%EOF\n" % at]
        return b"".join(out)
