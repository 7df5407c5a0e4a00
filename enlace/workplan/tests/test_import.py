"""The work-plan import through `python -m enlace import_workplan`: the seed exactly, DOCX, Spanish, idempotence,
new terms, and every refusal (by its code, with nothing written)."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from enlace.audit.models import AuditRecord
from enlace.workplan.actions import import_plan
from enlace.workplan.models import PlanObjective, PlanProgram, ProposedActivity, WorkPlan
from enlace.workplan.reader import PlanImportError
from enlace.workplan.testing import SEED, docx_from_text, seed_bytes, spanish_bytes

pytestmark = pytest.mark.django_db

# Counted in the file by hand: (CICTE program, objectives, activities, [(sub-program, objectives, activities)]).
SEED_PROGRAMS = [
    ("cybersecurity", "Cybersecurity", 1, 10, []),
    (
        "wmd-1540",
        "Strengthening regimes for the non-proliferation of weapons of mass destruction, including the "
        "implementation of United Nations Security Council resolution 1540 (2004)",
        2,
        9,
        [],
    ),
    ("violent-extremism", "Preventing violent extremism", 1, 5, []),
    (
        "border-security",
        "Border security (air, land, sea)",
        0,
        0,
        [
            ("Maritime protection", 1, 5),
            ("Aviation security", 1, 3),
            ("Cargo and container security", 1, 8),
            ("Supply chain security / authorized economic operators", 1, 5),
        ],
    ),
    ("mass-gatherings", "Security of mass gatherings, including tourist destinations and major events", 1, 6, []),
    ("terrorism-financing", "Technical and legislative assistance against the funding of terrorism", 1, 6, []),
    ("counterterrorism-network", "Inter-American Counterterrorism Network", 1, 4, []),
]


def _counts() -> dict[str, int]:
    return {
        "plans": WorkPlan.objects.count(),
        "programs": PlanProgram.objects.count(),
        "objectives": PlanObjective.objects.count(),
        "activities": ProposedActivity.objects.count(),
        "audit": AuditRecord.objects.count(),
    }


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _command(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_workplan", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _refused(path: Path, *args: str) -> str:
    """Run the command expecting a refusal; return what it wrote on stderr."""
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="nothing was written"):
        call_command("import_workplan", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def _refusal_codes(data: bytes, filename: str = "plan.txt", **kwargs: Any) -> list[str]:
    before = _counts()
    with pytest.raises(PlanImportError) as caught:
        import_plan(actor=None, data=data, filename=filename, **kwargs)
    assert _counts() == before, "a refused import wrote something"
    return caught.value.codes


def test_the_seed_imports_exactly(tmp_path: Path) -> None:
    out = _command(SEED)
    assert "Imported the work plan 2021-2022 (en): 7 programs, 4 subprograms, 11 objectives, 61 activities" in out
    plan = WorkPlan.objects.get()
    assert (plan.term, plan.language, plan.source_format) == ("2021-2022", "en", "text")
    tops = list(PlanProgram.objects.filter(plan=plan, parent=None).order_by("position"))
    assert len(tops) == 7
    for top, (code, title, objectives, activities, subs) in zip(tops, SEED_PROGRAMS, strict=True):
        assert (top.program.code if top.program else None, top.title) == (code, title)
        assert (top.objectives.count(), top.activities.count()) == (objectives, activities)
        found = [(s.title, s.objectives.count(), s.activities.count()) for s in top.subprograms.order_by("position")]
        assert found == subs
    bullets = sum(1 for line in SEED.read_text().splitlines() if line.startswith("· "))
    assert ProposedActivity.objects.count() == bullets == 61
    first = ProposedActivity.objects.get(plan_program=tops[0], position=1)
    assert (
        first.text
        == "Support for the development and implementation of national cybersecurity strategies and frameworks."
    )
    assert (first.source_line, tops[0].source_line, tops[6].source_line) == (36, 28, 175)
    wmd = list(PlanObjective.objects.filter(plan_program=tops[1]).values_list("text", flat=True))
    assert wmd[0].startswith("In general, continue to promote")
    assert wmd[1].startswith("Similarly, support")
    meeting = ProposedActivity.objects.get(plan_program=tops[6], position=3).text
    assert meeting.endswith("to facilitate the exchange of information and good practices among the member states.")
    assert plan.preamble == "(Approved at the fourth plenary session held on October 8, 2021)"
    assert plan.introduction.startswith("The novel coronavirus (COVID-19) pandemic")
    assert plan.introduction.count("\n\n") == 9  # ten paragraphs
    assert plan.outreach_heading == "Outreach: communications, consultations, cooperation"
    assert plan.outreach.endswith("the private sector, and other strategic partners.")
    texts = [plan.preamble, plan.introduction, plan.outreach]
    texts += list(PlanProgram.objects.values_list("title", flat=True))
    texts += list(PlanObjective.objects.values_list("text", flat=True))
    texts += list(ProposedActivity.objects.values_list("text", flat=True))
    for text in texts:
        assert not any(debris in text for debris in ("bookmark", ".docx", "_Hlk")), text
        assert text == text.strip()
        assert "\t" not in text
        assert "  " not in text
    record = AuditRecord.objects.get(action="workplan.import")
    assert record.changes["activities"] == 61
    assert record.changes["debris_removed"] == 4


def test_importing_the_same_file_again_changes_nothing() -> None:
    _command(SEED)
    before = _counts()
    assert before["audit"] >= 1
    out = _command(SEED, "--term", "2021-2022", "--language", "en")
    assert "already imported, unchanged: nothing written" in out
    assert _counts() == before  # no row and no audit record added


def test_a_docx_built_from_the_seed_imports_the_same_plan(tmp_path: Path) -> None:
    path = _write(tmp_path, "CICTE work plan.docx", docx_from_text(SEED.read_text()))
    out = _command(path)
    assert "7 programs, 4 subprograms, 11 objectives, 61 activities" in out
    plan = WorkPlan.objects.get()
    assert plan.source_format == "docx"
    text_plan = import_plan(actor=None, data=seed_bytes(), filename="seed.txt")
    assert text_plan.created is False  # the same content read from text: same fingerprint, nothing written
    assert ProposedActivity.objects.count() == 61
    network = PlanProgram.objects.get(plan=plan, program__code="counterterrorism-network")
    assert network.title == "Inter-American Counterterrorism Network"


def test_a_spanish_plan_in_the_same_shape_imports(tmp_path: Path) -> None:
    out = _command(_write(tmp_path, "plan-es.txt", spanish_bytes()), "--language", "es")
    assert "(es): 3 programs, 2 subprograms, 4 objectives, 9 activities" in out
    plan = WorkPlan.objects.get()
    assert (plan.term, plan.language, plan.introduction_heading) == ("2021-2022", "es", "Introducción")
    codes = list(PlanProgram.objects.filter(parent=None).order_by("position").values_list("program__code", flat=True))
    assert codes == ["cybersecurity", "border-security", "counterterrorism-network"]
    subs = list(PlanProgram.objects.exclude(parent=None).order_by("position").values_list("title", flat=True))
    assert subs == ["Protección marítima", "Seguridad de la aviación"]
    assert plan.outreach_heading == "Divulgación: comunicaciones, consultas, cooperación"
    assert not ProposedActivity.objects.filter(text__contains="docx").exists()
    assert not ProposedActivity.objects.filter(text__contains="bookmark").exists()


def test_a_new_term_is_a_new_plan() -> None:
    import_plan(actor=None, data=seed_bytes(), filename="2021.txt")
    text = (
        SEED.read_text()
        .replace("· Peer review exercises. \n", "")
        .replace(
            "· Design and deployment of cybersecurity awareness campaigns.",
            "· Design and deployment of national cybersecurity awareness campaigns.",
        )
    )
    text = text.replace("· Exchanges of experiences", "· Annual meeting of the Network.\n· Exchanges of experiences")
    result = import_plan(actor=None, data=text.encode(), filename="2023.txt", term="2023-2024")
    assert result.created
    assert result.plan.term == "2023-2024"
    assert WorkPlan.objects.count() == 2
    assert result.plan.previous() == WorkPlan.objects.get(term="2021-2022")
    assert ProposedActivity.objects.filter(plan_program__plan=result.plan).count() == 61  # -1 +1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n\n", "empty"),
        ("garbage.bin", bytes(random.Random(5).randrange(256) for _ in range(4096)), "not_text"),  # noqa: S311
        ("nul.txt", b"1. Cybersecurity\nObjective:\x00\n", "not_text"),
        ("latin1.txt", "1. Seguridad marítima\n".encode("latin-1"), "not_text"),
        ("fake.docx", b"1. Cybersecurity\nObjective:\nText\nProposed activities:\n- one\n", "not_docx"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "not_docx"),
        ("notes.txt", b"I. Introduction\n\nA plan with prose and no numbered program.\n", "no_programs"),
    ],
)
def test_unreadable_files_are_refused_with_their_reason_and_nothing_is_written(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    assert _refusal_codes(data, name) == [code]
    assert f"[{code}]" in _refused(_write(tmp_path, name, data))


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    assert _refusal_codes(buffer.getvalue(), "plan.zip") == ["not_docx"]


def test_a_language_contradicting_the_headings_is_refused_at_the_first_heading(tmp_path: Path) -> None:
    assert _refusal_codes(seed_bytes(), language="es") == ["language"]
    err = _refused(SEED, "--language", "es")
    assert f"{SEED}, line 30: [language]" in err  # line 30 is the first "Objective:"
    spanish = _write(tmp_path, "es.txt", spanish_bytes())
    assert "[language]" in _refused(spanish, "--language", "en")
    mixed = spanish_bytes().replace(b"Actividades propuestas:", b"Proposed activities:", 1)
    with pytest.raises(PlanImportError) as caught:
        import_plan(actor=None, data=mixed, filename="mixed.txt")
    assert caught.value.codes == ["language"]
    assert caught.value.problems[0].where == 18  # the first English heading
    assert WorkPlan.objects.count() == 0


def test_a_changed_plan_under_an_already_imported_term_is_refused(tmp_path: Path) -> None:
    _command(SEED)
    before = _counts()
    changed = seed_bytes().replace(b"Peer review exercises.", b"Peer review exercises in five states.")
    assert _refusal_codes(changed, "changed.txt") == ["term_changed"]
    err = _refused(_write(tmp_path, "changed.txt", changed))
    assert "[term_changed]" in err
    assert "2021-2022" in err
    assert _counts() == before
    assert ProposedActivity.objects.filter(text="Peer review exercises.").exists()


@pytest.mark.parametrize(
    ("text", "codes", "line"),
    [
        ("1. Cyber\n\nObjective:\nProtect.\n\n· early bullet\nProposed activities:\n· one\n", ["unexpected_bullet"], 6),
        ("1. Cyber\nObjective:\nProtect.\nProposed activities:\n· one\nA stray paragraph.\n", ["unexpected_text"], 6),
        (
            "1. Cyber\nObjective:\nProtect.\n\n1. Ports\nObjective:\nSecure.\nProposed activities:\n· x\n",
            ["incomplete"],
            1,
        ),
        ("1. Cyber\nSome prose before any heading.\n", ["unexpected_text", "incomplete", "incomplete"], 2),
    ],
)
def test_a_plan_out_of_shape_is_refused_at_the_line_that_breaks_it(text: str, codes: list[str], line: int) -> None:
    with pytest.raises(PlanImportError) as caught:
        import_plan(actor=None, data=text.encode(), filename="x.txt", term="2025-2026")
    assert caught.value.codes == codes
    assert caught.value.problems[0].where == line
    assert WorkPlan.objects.count() == 0


def test_a_term_must_be_given_or_found_and_well_formed() -> None:
    plan = b"1. Cyber\nObjective:\nProtect.\nProposed activities:\n- one\n"
    assert _refusal_codes(plan) == ["term"]
    assert _refusal_codes(plan, term="2021") == ["term"]
    assert import_plan(actor=None, data=plan, filename="x.txt", term="2025-2026").counts["activities"] == 1


def test_refusal_messages_are_in_english_when_english_is_active(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(PlanImportError) as caught:
        import_plan(actor=None, data=b"", filename="empty.txt")
    assert str(caught.value.problems[0]) == "The file is empty."


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_damaged_word_document_and_a_zip_bomb_are_refused() -> None:
    good = zipfile.ZipFile(io.BytesIO(docx_from_text("1. Cyber\n")))
    members = {name: good.read(name) for name in good.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed"
    assert _refusal_codes(_zip(members), "damaged.docx") == ["not_docx"]
    bomb = _zip({"word/document.xml": b"\0" * (60 * 1024 * 1024)})
    assert _refusal_codes(bomb, "bomb.docx") == ["not_docx"]


def test_mangled_plans_are_imported_or_refused_never_crash() -> None:
    """Random deletions, swaps and insertions in the seed: the import either works or reports problems."""
    rng = random.Random(2021)  # noqa: S311  (reproducible mutations, not a secret)
    lines = SEED.read_text().splitlines()
    noise = ["1.", "· stray", "Objective:", "Proposed activities:", "II. Other", "Objetivo:", "\t", "x" * 500]
    outcomes = {"imported": 0, "refused": 0}
    codes: list[str] = []
    for n in range(60):
        mangled = list(lines)
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(mangled))
            choice = rng.random()
            if choice < 0.4:
                del mangled[i]
            elif choice < 0.7:
                j = rng.randrange(len(mangled))
                mangled[i], mangled[j] = mangled[j], mangled[i]
            else:
                mangled.insert(i, rng.choice(noise))
        try:
            import_plan(actor=None, data="\n".join(mangled).encode(), filename="m.txt", term=f"{2100 + n}-{2101 + n}")
            outcomes["imported"] += 1
        except PlanImportError as exc:
            codes.extend(exc.codes or [""])  # a refusal always names at least one problem
            outcomes["refused"] += 1
    assert outcomes["imported"] > 0
    assert outcomes["refused"] > 0
    assert "" not in codes
    assert set(codes) <= {"unexpected_bullet", "unexpected_text", "incomplete", "language", "no_programs"}
