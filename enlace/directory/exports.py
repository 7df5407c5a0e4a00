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
