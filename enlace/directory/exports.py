"""Exports of a network's contacts: vCard 4.0 and CSV, each carrying a per-export watermark."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from enlace.common.csvsafe import safe_cell
from enlace.directory.models import Channel, ChannelKind, Designation

VCARD_KINDS = {
    ChannelKind.PHONE: ("TEL", "voice,work"),
    ChannelKind.HOTLINE: ("TEL", "voice,text"),
    ChannelKind.MOBILE: ("TEL", "cell"),
    ChannelKind.EMAIL: ("EMAIL", "work"),
}
CSV_COLUMNS = [
    "network",
    "state",
    "role",
    "name",
    "institution",
    "time_zone",
    "kind",
    "value",
    "priority",
    "export_id",
]


@dataclass(frozen=True)
class Watermark:
    """A unique id for one export, traceable to who made it and when (kept in the audit trail)."""

    export_id: str
    exporter: str
    at: datetime

    @classmethod
    def new(cls, exporter: str, at: datetime) -> Watermark:
        """A fresh watermark for `exporter`."""
        return cls(str(uuid.uuid4()), exporter, at)

    def note(self) -> str:
        """The text written into the file."""
        return f"Enlace export {self.export_id} for {self.exporter} at {self.at.isoformat()}; do not forward."


def _escape(value: str) -> str:
    # RFC 6350 §3.4: backslash, comma, semicolon and newline are escaped in text values.
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    # RFC 6350 §3.2: lines longer than 75 octets are folded with CRLF + space.
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > 74:
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def vcards(designations: Iterable[Designation], channels: dict[tuple[str, int], list[Channel]], mark: Watermark) -> str:
    """One vCard 4.0 per designee, with the channels the exporter may see and the watermark as NOTE."""
    lines: list[str] = []
    seen: set[tuple[str, int]] = set()
    for designation in designations:
        key = (
            ("person", designation.person_id) if designation.person_id else ("institution", designation.institution_id)
        )
        if key in seen:
            continue
        seen.add(key)  # type: ignore[arg-type]
        designee = designation.designee
        name = designee.full_name if designation.person_id else designee.name  # type: ignore[union-attr]
        organisation = designee.institution.name if designation.person_id else designee.name  # type: ignore[union-attr]
        lines += ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(name)}", f"ORG:{_escape(organisation)}"]
        lines.append("KIND:individual" if designation.person_id else "KIND:org")
        lines.append(f"TZ:{designee.time_zone}")
        for channel in channels.get(key, []):  # type: ignore[arg-type]
            spec = VCARD_KINDS.get(channel.kind)  # type: ignore[call-overload]
            if spec:
                prop, kind = spec
                lines.append(f'{prop};TYPE="{kind}";PREF={min(channel.priority, 100)}:{_escape(channel.value)}')
        lines += [
            f"NOTE:{_escape(mark.note())}",
            f"UID:urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'enlace:{key[0]}:{key[1]}')}",
        ]
        lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def csv_rows(
    designations: Iterable[Designation], channels: dict[tuple[str, int], list[Channel]], mark: Watermark
) -> str:
    """One row per designation and visible channel; every row carries the export id."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for designation in designations:
        key = (
            ("person", designation.person_id) if designation.person_id else ("institution", designation.institution_id)
        )
        designee = designation.designee
        name = designee.full_name if designation.person_id else designee.name  # type: ignore[union-attr]
        institution = designee.institution.name if designation.person_id else designee.name  # type: ignore[union-attr]
        base = [
            designation.network.code,
            designation.state.iso2,
            designation.role,
            name,
            institution,
            designee.time_zone,
        ]
        for channel in channels.get(key, []) or [None]:  # type: ignore[arg-type, list-item]
            row = (
                base + ([channel.kind, channel.value, channel.priority] if channel else ["", "", ""]) + [mark.export_id]
            )
            writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


# Left and right padding of a reportlab table cell (6 points each, its default).
CELL_PADDING = 12


def pdf_directory(
    network_name: str,
    designations: Iterable[Designation],
    channels: dict[tuple[str, int], list[Channel]],
    mark: Watermark,
    labels: dict[str, str],
) -> bytes:
    """A printable directory of a network: one section per state, the watermark on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    out = io.BytesIO()

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 7)  # type: ignore[attr-defined]
        canvas.drawString(15 * mm, 10 * mm, mark.note())  # type: ignore[attr-defined]
        canvas.drawRightString(195 * mm, 10 * mm, str(canvas.getPageNumber()))  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    story: list[object] = [Paragraph(_xml(network_name), styles["Title"]), Spacer(1, 4 * mm)]
    current_state = None
    rows: list[list[object]] = []
    widths = [28 * mm, 62 * mm, 90 * mm]
    cell_style = ParagraphStyle("cell", parent=styles["BodyText"], fontName="Helvetica", fontSize=8, leading=10)

    def cell(lines: list[str], width: float) -> object:
        # Laying out a Paragraph costs ~100x a plain string (most of a whole-network export's time); plain
        # strings do not wrap, so only a cell with a line too wide for its column becomes a Paragraph.
        if all(stringWidth(line, "Helvetica", 8) <= width - CELL_PADDING for line in lines):
            return "\n".join(lines)
        return Paragraph("<br/>".join(_xml(line) for line in lines), cell_style)

    def flush() -> None:
        if rows:
            table = Table([[labels[k] for k in ("role", "name", "channels")], *rows], colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8, 10),
                        ("FONT", (0, 1), (-1, -1), "Helvetica", 8, 10),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.extend([table, Spacer(1, 5 * mm)])
            rows.clear()

    for designation in designations:
        if designation.state_id != current_state:
            flush()
            current_state = designation.state_id
            story.append(Paragraph(_xml(designation.state.name), styles["Heading2"]))
        key = (
            ("person", designation.person_id) if designation.person_id else ("institution", designation.institution_id)
        )
        designee = designation.designee
        name = designee.full_name if designation.person_id else designee.name  # type: ignore[union-attr]
        institution = designee.institution.name if designation.person_id else ""  # type: ignore[union-attr]
        lines = [f"{c.get_kind_display()}: {c.value}" for c in channels.get(key, [])]  # type: ignore[arg-type]
        rows.append(
            [
                cell([str(designation.role_label)], widths[0]),
                cell([name, institution] if institution else [name], widths[1]),
                cell(lines or ["—"], widths[2]),
            ]
        )
    flush()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=network_name,
        author="Enlace",
        subject=mark.note(),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _xml(text: str) -> str:
    """Escape text for reportlab's paragraph markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
