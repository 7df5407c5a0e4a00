"""Library files: the type sniffed from the content (the exchange's sniffer), a size limit, and the text
extracted for search (PDF with pypdf, DOCX with python-docx, XLSX with openpyxl, PPTX and ODT as zip + XML)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree  # parses our own members after a size check; no DTDs expanded

from enlace.exchange.attachments import sniff

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ALLOWED = {"application/pdf", DOCX, XLSX, PPTX, ODT, "text/plain", "image/png", "image/jpeg", "image/gif"}
MAX_TEXT = 2_000_000  # characters of extracted text kept for the index
MAX_XML_MEMBER = 20 * 1024 * 1024  # bytes of one zip member read for its text (zip bombs stop here)

__all__ = ["ALLOWED", "extract_text", "sniff"]


def _xml_text(archive: zipfile.ZipFile, names: list[str]) -> str:
    """The character data of the given XML members, space-separated."""
    out: list[str] = []
    for name in names:
        info = archive.getinfo(name)
        if info.file_size > MAX_XML_MEMBER:
            continue
        data = archive.read(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            continue  # no entity expansion, ever
        root = ElementTree.fromstring(data)  # noqa: S314  # DTDs refused above
        out.append(" ".join(t.strip() for t in root.itertext() if t.strip()))
    return "\n".join(out)


def _pdf(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx(content: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def _zip_xml(content: bytes, pattern: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(pattern, n))
        return _xml_text(archive, names)


def extract_text(content: bytes, content_type: str) -> str:
    """The plain text of a file for the search index; empty for images or when the file cannot be read."""
    try:
        if content_type == "application/pdf":
            text = _pdf(content)
        elif content_type == DOCX:
            text = _docx(content)
        elif content_type == XLSX:
            text = _xlsx(content)
        elif content_type == PPTX:
            text = _zip_xml(content, r"ppt/slides/slide\d+\.xml")
        elif content_type == ODT:
            text = _zip_xml(content, r"content\.xml")
        elif content_type == "text/plain":
            text = content.decode("utf-8", errors="replace")
        else:
            return ""
    except Exception:  # a damaged file is still stored; it just adds nothing to the index
        return ""
    return text.replace("\x00", " ")[:MAX_TEXT]
