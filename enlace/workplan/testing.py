"""Test helpers: the seed plan as text and as a DOCX built with python-docx, and the Spanish slice."""

from __future__ import annotations

import io
import re
from pathlib import Path

from enlace.workplan.data import SEED_PLAN

SEED = SEED_PLAN
SPANISH = Path(__file__).resolve().parent / "tests" / "data" / "plan-trabajo-es.txt"


def seed_bytes() -> bytes:
    """The approved 2021-2022 plan exactly as exported to text (with its debris)."""
    return SEED.read_bytes()


def spanish_bytes() -> bytes:
    """A Spanish plan in the same shape: a translated slice of the seed (3 programs, 2 sub-programs)."""
    return SPANISH.read_bytes()


def docx_from_text(text: str) -> bytes:
    """A Word document of `text` as Word would hold it: bullets as "List Bullet" paragraphs (no bullet character),
    program titles as "List Number" paragraphs (no "1."), everything else as plain paragraphs."""
    import docx

    document = docx.Document()
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        numbered = re.match(r"^\d+\.\s*(.*)$", line.strip())
        if numbered:
            title = numbered.group(1)
            while not title and index + 1 < len(lines):  # "1." alone, the title on the next line
                index += 1
                title = lines[index].strip()
            document.add_paragraph(title, style="List Number")
        elif line.startswith("· "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
        index += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
