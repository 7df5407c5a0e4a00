"""Reading an attendance list (CSV or XLSX) into rows, with each row's problems said in the user's language.

Nothing is written here: the preview shows what was read, the import writes it (participant_actions.py).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from enlace.geo.models import MemberState
from enlace.workplan.participants import ParticipantInstitutionKind, ParticipationStatus, Sex

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_UNPACKED = 30 * 1024 * 1024  # an XLSX is a ZIP: refuse bombs before openpyxl opens it


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: how headers and codes are compared."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").replace("-", " ").split())


HEADERS = {
    "name": {"name", "full name", "nombre", "nombre completo", "nom", "nom complet", "nome", "nome completo"},
    "email": {"email", "e mail", "mail", "correo", "correo electronico", "courriel", "adresse e mail"},
    "sex": {"sex", "sexo", "sexe", "gender", "genero", "genre"},
    "state": {"state", "member state", "country", "pais", "pays", "estado miembro", "etat membre"},
    "institution": {"institution", "institucion", "instituicao", "organization", "organisation", "organizacion"},
    "institution_type": {
        "institution type",
        "type of institution",
        "tipo de institucion",
        "type d institution",
        "tipo de instituicao",
        "sector",
    },
    "status": {"status", "estatus", "situacion", "statut", "situacao", "estado de participacion"},
    "language": {"language", "preferred language", "idioma", "langue", "lingua", "idioma preferido"},
}
REQUIRED = ("name",)

SEX_WORDS = {
    Sex.FEMALE: {"2", "f", "female", "woman", "w", "mujer", "femenino", "femme", "feminin", "feminino", "mulher"},
    Sex.MALE: {"1", "m", "male", "man", "hombre", "masculino", "homme", "masculin", "h"},
    Sex.NOT_KNOWN: {"0", "", "not known", "unknown", "no se sabe", "desconocido", "inconnu", "desconhecido"},
    Sex.NOT_APPLICABLE: {"9", "not applicable", "n/a", "na", "no aplica", "non applicable", "nao se aplica"},
}

LANGUAGE_WORDS = {
    "en": {"en", "english", "ingles", "anglais"},
    "es": {"es", "spanish", "espanol", "castellano", "espagnol", "espanhol"},
    "fr": {"fr", "french", "frances", "francais"},
    "pt": {"pt", "pt br", "portuguese", "portugues", "portugais"},
}
# The language a participant's certificate is printed in when the list does not say: her state's.
STATE_LANGUAGES = {
    "BR": "pt",
    "HT": "fr",
    **dict.fromkeys(("AG", "BS", "BB", "BZ", "CA", "DM", "GD", "GY", "JM", "KN", "LC", "VC", "TT", "US"), "en"),
}

STATUS_WORDS = {
    ParticipationStatus.INVITED: {"invited", "invitado", "invitada", "invite", "invitee", "convidado"},
    ParticipationStatus.REGISTERED: {"registered", "inscrito", "inscrita", "registrado", "inscrit", "inscrite"},
    ParticipationStatus.ATTENDED: {"attended", "asistio", "asistente", "present", "presente", "participo"},
    ParticipationStatus.COMPLETED: {"completed", "completo", "completado", "aprobado", "termine", "concluido"},
    ParticipationStatus.CERTIFIED: {"certified", "certificado", "certificada", "certifie", "certifiee"},
}


@dataclass
class Problem:
    """What is wrong in a row: its number in the file (the header is row 1), the column and why."""

    row: int
    column: str
    message: str


@dataclass
class Row:
    """One participant as read from the list."""

    number: int
    name: str = ""
    email: str = ""
    sex: int = Sex.NOT_KNOWN
    state: MemberState | None = None
    institution: str = ""
    institution_kind: str = ""
    status: str = ParticipationStatus.ATTENDED
    language: str = ""
    problems: list[Problem] = field(default_factory=list)

    def get_sex_display(self) -> str:
        """The sex as a label."""
        return str(Sex(self.sex).label)

    def get_status_display(self) -> str:
        """The status as a label."""
        return str(ParticipationStatus(self.status).label)

    def get_institution_kind_display(self) -> str:
        """The institution type as a label."""
        return str(ParticipantInstitutionKind(self.institution_kind).label) if self.institution_kind else ""


@dataclass
class Sheet:
    """Every row read, and the problems of the file and of its rows."""

    rows: list[Row]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """Whether the whole list can be imported."""
        return not self.problems and bool(self.rows)


class AttendanceError(Exception):
    """The file cannot be read at all."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _table(data: bytes, filename: str) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise AttendanceError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise AttendanceError(_("The file is neither a CSV nor an XLSX spreadsheet."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in line] for line in csv.reader(io.StringIO(text), dialect)]


def _xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise AttendanceError(_("The file is not a readable XLSX spreadsheet.")) from exc
    if unpacked > MAX_UNPACKED:
        raise AttendanceError(_("The spreadsheet unpacks to more than %(mb)d MB.") % {"mb": MAX_UNPACKED // 2**20})
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [
                ["" if cell is None else str(cell).strip() for cell in line]
                for line in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
            ]
        finally:
            book.close()
    # A malformed file fails anywhere in zipfile, openpyxl or lxml, with their own exception types.
    except Exception as exc:
        raise AttendanceError(_("The file is not a readable XLSX spreadsheet.")) from exc


def _columns(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        folded = _fold(title)
        for key, names in HEADERS.items():
            if folded in names and key not in found:
                found[key] = index
    problems = [
        Problem(1, key, _("The column “%(column)s” is missing.") % {"column": key})
        for key in REQUIRED
        if key not in found
    ]
    return found, problems


def _states() -> dict[str, MemberState]:
    states: dict[str, MemberState] = {}
    for state in MemberState.objects.all():
        for name in (state.iso2, state.iso3, state.name_en, state.name_es, state.name_fr, state.name_pt):
            if name:
                states[_fold(name)] = state
    return states


def _lookup(words: Mapping[Any, set[str]], value: str) -> Any:
    folded = _fold(value)
    for key, names in words.items():
        if folded in names:
            return key
    return None


def _kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind in ParticipantInstitutionKind:
        kinds[_fold(kind.value)] = kind.value
        kinds[_fold(str(kind.label))] = kind.value
    extra = {
        "gobierno": "government",
        "government": "government",
        "academia": "academia",
        "universidad": "academia",
        "university": "academia",
        "private": "private",
        "sector privado": "private",
        "empresa": "private",
        "sociedad civil": "civil_society",
        "ngo": "civil_society",
        "ong": "civil_society",
        "organismo internacional": "international",
        "otro": "other",
        "autre": "other",
        "outro": "other",
    }
    kinds.update(extra)
    return kinds


def read_sheet(data: bytes, filename: str = "") -> Sheet:
    """Read the list: every row with its values and problems; AttendanceError when the file is unreadable."""
    table = [line for line in _table(data, filename) if any(cell for cell in line)]
    if not table:
        raise AttendanceError(_("The file is empty."))
    if len(table) > MAX_ROWS + 1:
        raise AttendanceError(_("The list has more than %(rows)d rows.") % {"rows": MAX_ROWS})
    columns, problems = _columns(table[0])
    if problems:
        return Sheet([], problems)
    states, kinds = _states(), _kinds()
    rows: list[Row] = []
    emails: dict[str, int] = {}
    people: dict[tuple[str, int | None], int] = {}
    for number, line in enumerate(table[1:], start=2):
        row = _row(number, line, columns, states, kinds, emails)
        if row.name and not row.email:  # matched by name and state: twice in one list is one person twice
            key = (_fold(row.name), row.state.pk if row.state else None)
            if key in people:
                message = _("The same person (name and member state, no e-mail) is on row %(row)d.")
                row.problems.append(Problem(number, "name", message % {"row": people[key]}))
            people.setdefault(key, number)
        rows.append(row)
    all_problems = [p for row in rows for p in row.problems]
    if not rows:
        all_problems.append(Problem(1, "", _("The list has no participants.")))
    return Sheet(rows, all_problems)


def _row(
    number: int,
    line: list[str],
    columns: dict[str, int],
    states: dict[str, MemberState],
    kinds: dict[str, str],
    emails: dict[str, int],
) -> Row:
    def cell(key: str) -> str:
        index = columns.get(key)
        return line[index] if index is not None and index < len(line) else ""

    row = Row(number)

    def problem(column: str, message: str) -> None:
        row.problems.append(Problem(number, column, message))

    row.name = " ".join(cell("name").split())[:200]
    if not row.name:
        problem("name", _("The name is empty."))
    row.email = cell("email").lower()
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            problem("email", _("“%(value)s” is not an e-mail address.") % {"value": row.email})
        else:
            if row.email in emails:
                problem("email", _("The same e-mail is on row %(row)d.") % {"row": emails[row.email]})
            emails.setdefault(row.email, number)
    sex = _lookup(SEX_WORDS, cell("sex"))
    if sex is None:
        problem("sex", _("“%(value)s” is not a sex code (F, M, 0, 1, 2 or 9).") % {"value": cell("sex")})
    else:
        row.sex = int(sex)
    if cell("state"):
        state = states.get(_fold(cell("state")))
        if state is None:
            problem("state", _("“%(value)s” is not a member state.") % {"value": cell("state")})
        row.state = state
    row.institution = cell("institution")[:200]
    if cell("institution_type"):
        kind = kinds.get(_fold(cell("institution_type")))
        if kind is None:
            problem(
                "institution_type", _("“%(value)s” is not an institution type.") % {"value": cell("institution_type")}
            )
        row.institution_kind = kind or ""
    if cell("status"):
        status = _lookup(STATUS_WORDS, cell("status"))
        if status is None:
            problem("status", _("“%(value)s” is not a participation status.") % {"value": cell("status")})
        else:
            row.status = str(status)
    if cell("language"):
        language = _lookup(LANGUAGE_WORDS, cell("language"))
        if language is None:
            problem(
                "language",
                _("“%(value)s” is not a certificate language (en, es, fr, pt).") % {"value": cell("language")},
            )
        else:
            row.language = str(language)
    return row
