"""Read an uploaded work-plan file (plain text or DOCX) into numbered paragraphs, or say where and why it cannot."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

BULLET = "·"
BULLETS = ("\u00b7", "\u2022", "\u25aa", "\u2023", "\u25e6", "\uf0b7", "-", "\u2013", "*")  # \uf0b7: Symbol-font bullet
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED = 50 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the source: its 1-based line (text) or paragraph (DOCX) number and its raw text."""

    number: int
    text: str


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be imported: a stable code, where (line or paragraph number, or none) and a message."""

    code: str
    message: str
    where: int | None = None
    unit: str = "line"  # "line" for text files, "paragraph" for DOCX

    def location(self) -> str:
        """'line 12' / 'paragraph 12' in the active language, or '' for a problem of the whole file."""
        if self.where is None:
            return ""
        if self.unit == "paragraph":
            return str(_("paragraph %(n)d") % {"n": self.where})
        return str(_("line %(n)d") % {"n": self.where})

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else str(self.message)


class PlanImportError(Exception):
    """The file cannot be imported; `problems` say where and why. Nothing has been written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems

    @property
    def codes(self) -> list[str]:
        """The problems' codes, in order."""
        return [p.code for p in self.problems]


@dataclass(frozen=True)
class Source:
    """The paragraphs of a file and how its positions are counted."""

    paragraphs: list[Paragraph]
    format: str  # "text" or "docx"

    @property
    def unit(self) -> str:
        """What a position counts: lines of a text file, paragraphs of a DOCX."""
        return "paragraph" if self.format == "docx" else "line"


def read(data: bytes, filename: str = "") -> Source:
    """Return the paragraphs of `data` (DOCX when it is a ZIP or named .docx, text otherwise)."""
    if not data.strip():
        raise PlanImportError([Problem("empty", str(_("The file is empty.")), None)])
    if data.startswith(_OLE_MAGIC):
        message = _("This is a Word 97-2003 (.doc) file, which cannot be read: save it as .docx or as plain text.")
        raise PlanImportError([Problem("not_docx", str(message))])
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith(".docx"):
        return Source(_read_docx(data), "docx")
    return Source(_read_text(data), "text")


def _read_text(data: bytes) -> list[Paragraph]:
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = data[: exc.start].count(b"\n") + 1
        message = _("This is not UTF-8 text (byte %(offset)d is 0x%(byte)02x): upload plain text or a DOCX.") % {
            "offset": exc.start,
            "byte": data[exc.start],
        }
        raise PlanImportError([Problem("not_text", str(message), where)]) from exc
    lines = text.splitlines()
    for number, content in enumerate(lines, start=1):
        if _CONTROL.search(content):
            binary = _("This line holds control characters: the file looks binary, not text.")
            raise PlanImportError([Problem("not_text", str(binary), number)])
    return [Paragraph(n, line) for n, line in enumerate(lines, start=1)]


def _read_docx(data: bytes) -> list[Paragraph]:
    import docx  # python-docx; imported here so text imports do not pay for it
    from docx.opc.exceptions import PackageNotFoundError

    not_a_package = _("it is not a ZIP package with a Word main document part")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _not_docx(not_a_package) from exc
    if unpacked > MAX_UNPACKED:  # a ZIP bomb would exhaust memory before python-docx sees a paragraph
        raise _not_docx(_("it unpacks to more than %(mb)d MB") % {"mb": MAX_UNPACKED // (1024 * 1024)})
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _not_docx(not_a_package) from exc
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged package
        raise _not_docx(_("its XML is damaged")) from exc
    formats = _numbering_formats(document)
    paragraphs = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = paragraph.text
        kind = _list_kind(paragraph, formats)
        if kind == "bullet" and text.strip() and not text.lstrip().startswith(tuple(BULLETS)):
            text = f"{BULLET} {text}"
        elif kind == "number" and text.strip() and not re.match(r"\s*\d", text):
            text = f"1. {text}"
        paragraphs.append(Paragraph(number, text))
    return paragraphs


def _not_docx(reason: object) -> PlanImportError:
    message = _("This file is not a Word document (.docx) that can be read: %(reason)s") % {"reason": reason}
    return PlanImportError([Problem("not_docx", str(message))])


def _numbering_formats(document: Any) -> dict[tuple[str, str], str]:
    """{(numId, ilvl): numFmt} from the document's numbering part ('bullet', 'decimal', …)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.findall(f"{_W}abstractNum"):
        levels = {}
        for lvl in node.findall(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            levels[lvl.get(f"{_W}ilvl", "0")] = fmt.get(f"{_W}val", "") if fmt is not None else ""
        abstract[node.get(f"{_W}abstractNumId")] = levels
    formats = {}
    for num in numbering.findall(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        levels = abstract.get(ref.get(f"{_W}val") if ref is not None else None, {})
        for ilvl, fmt in levels.items():
            formats[(num.get(f"{_W}numId", ""), ilvl)] = fmt
    return formats


def _list_kind(paragraph: Any, formats: dict[tuple[str, str], str]) -> str:
    """'bullet', 'number' or '' for a paragraph, from its own numbering or its list style."""
    ppr = paragraph._p.pPr  # python-docx exposes no public accessor for numbering
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is not None and num_pr.numId is not None:
        num_id = str(num_pr.numId.val)
        ilvl = str(num_pr.ilvl.val) if num_pr.ilvl is not None else "0"
        fmt = formats.get((num_id, ilvl), "")
        if fmt == "bullet":
            return "bullet"
        if fmt and fmt != "none":
            return "number"
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "Bullet" in style:
        return "bullet"
    if "Number" in style and "List" in style:
        return "number"
    return ""
