"""CSV cells that spreadsheets will not run as formulas (CSV injection)."""

import re

_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s().-]+$")


def safe_cell(value: object) -> str:
    """The text of `value`, prefixed with a quote when a spreadsheet could read it as a formula.

    A leading =, @, tab or carriage return is always neutralised; + and - only when what follows is not
    a plain number (phone numbers such as "+54 11 4819-7000" stay as they are).
    """
    text = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    if text[:1] in {"=", "@", "\t", "\r"} or (text[:1] in {"+", "-"} and not _PLAIN_NUMBER.match(text)):
        return "'" + text
    return text
