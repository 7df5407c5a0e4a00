"""Turn the paragraphs of an approved work plan into programs → sub-programs → objectives → proposed activities.

The shape (see docs/workplan.md): optional Roman-numbered sections ("I. Introduction", "II. Main programs",
"III. Outreach…"); in the programs section each program starts with a numbered title ("1. Cybersecurity" —
Word's lost numbering makes every one "1."), then "Objective:" with one or more paragraphs, then "Proposed
activities:" with one bullet per activity. A plain line followed by "Objective:" is a sub-program (the four of
Border security). Spanish plans use "Objetivo:" and "Actividades propuestas:".
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.workplan.data import PROGRAM_PATTERNS
from enlace.workplan.reader import Paragraph, PlanImportError, Problem, Source

LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
HEADINGS = {
    "objective": {"en": r"objectives?", "es": r"objetivos?"},
    "activities": {"en": r"proposed activities", "es": r"actividades propuestas"},
}
_HEADING = {
    (kind, lang): re.compile(rf"^(?:{pattern})\s*(?::\s*(?P<rest>.*))?$", re.IGNORECASE)
    for kind, by_lang in HEADINGS.items()
    for lang, pattern in by_lang.items()
}
_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,5})\s*[.)]\s+(?P<title>\S.*)$")
_PROGRAM = re.compile(r"^\d{1,2}\s*[.)](?:\s+(?P<title>.*))?$")
_BULLET = re.compile("^(?:[\u00b7\u2022\u25aa\u2023\u25e6\uf0b7]\\s*|[-\u2013*]\\s+)")  # bullets, Symbol font, dashes
_TERM = re.compile("\\b(20\\d{2})\\s*[-\u2013\u2014/]\\s*(20\\d{2})\\b")  # hyphen, en or em dash, slash
# Debris left by Word's export to text: bookmark markers and stray file names of the document's versions.
DEBRIS = (re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE), re.compile(r"(?<!\S)[\w.\-]+\.docx?(?!\S)"))
MAX_PROBLEMS = 20
NO_PROGRAMS = gettext_lazy(
    "No program found: a program starts with a numbered title such as “1. Cybersecurity”, followed by "
    "“Objective:” and “Proposed activities:”."
)
UNEXPECTED_BULLET = gettext_lazy("A bullet outside a list of proposed activities (after “Proposed activities:”).")
UNEXPECTED_TEXT = gettext_lazy(
    "This paragraph is neither a program title (“1. …”), a sub-program title followed by “Objective:”, a "
    "heading, an objective paragraph nor a bullet of the proposed activities."
)


@dataclass
class Item:
    """An objective paragraph or a proposed-activity bullet, with where it came from."""

    text: str
    line: int


@dataclass
class Node:
    """A program or a sub-program."""

    title: str
    line: int
    objectives: list[Item] = field(default_factory=list)
    activities: list[Item] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    program_code: str | None = None

    def as_data(self) -> dict[str, Any]:
        """The content that identifies this node (no source positions)."""
        return {
            "title": self.title,
            "objectives": [i.text for i in self.objectives],
            "activities": [i.text for i in self.activities],
            "children": [c.as_data() for c in self.children],
        }


@dataclass
class ParsedPlan:
    """Everything read from the file, before anything is written."""

    language: str
    term: str
    unit: str
    preamble: str = ""
    introduction_heading: str = ""
    introduction: str = ""
    programs_heading: str = ""
    outreach_heading: str = ""
    outreach: str = ""
    programs: list[Node] = field(default_factory=list)
    debris_removed: int = 0

    def fingerprint(self) -> str:
        """SHA-256 of the content (not of the bytes): the same plan as text or DOCX has the same fingerprint."""
        content = {
            "language": self.language,
            "preamble": self.preamble,
            "introduction": [self.introduction_heading, self.introduction],
            "programs_heading": self.programs_heading,
            "outreach": [self.outreach_heading, self.outreach],
            "programs": [p.as_data() for p in self.programs],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def counts(self) -> dict[str, int]:
        """How many programs, sub-programs, objectives and proposed activities."""
        nodes = [*self.programs, *(c for p in self.programs for c in p.children)]
        return {
            "programs": len(self.programs),
            "subprograms": sum(len(p.children) for p in self.programs),
            "objectives": sum(len(n.objectives) for n in nodes),
            "activities": sum(len(n.activities) for n in nodes),
        }


def clean(text: str) -> tuple[str, int]:
    """The paragraph without debris and with runs of white space made one space; and how much debris went."""
    removed = 0
    for pattern in DEBRIS:
        text, n = pattern.subn(" ", text)
        removed += n
    return re.sub(r"\s+", " ", text).strip(), removed


def match_program(title: str) -> str | None:
    """The code of the CICTE program a plan's program title names, or None."""
    for code, pattern in PROGRAM_PATTERNS:
        if re.search(pattern, title, re.IGNORECASE):
            return code
    return None


def _heading(text: str) -> tuple[str, str, str] | None:
    for (kind, lang), pattern in _HEADING.items():
        m = pattern.match(text)
        if m:
            return kind, lang, (m.group("rest") or "").strip()
    return None


class _Parser:
    def __init__(self, source: Source, language: str | None, term: str | None) -> None:
        self.unit = source.unit
        self.requested_language = language
        self.requested_term = term
        self.problems: list[Problem] = []
        self.languages: dict[str, int] = {}
        self.debris = 0
        self.paragraphs: list[Paragraph] = []
        for p in source.paragraphs:
            text, removed = clean(p.text)
            self.debris += removed
            if text:
                self.paragraphs.append(Paragraph(p.number, text))

    def problem(self, code: str, message: str, where: int | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(code, message, where, self.unit))

    def parse(self) -> ParsedPlan:
        segments = self._segments()
        k = next((i for i, (_h, paras) in enumerate(segments) if any(_PROGRAM.match(p.text) for p in paras)), None)
        plan = ParsedPlan(language="", term="", unit=self.unit, debris_removed=self.debris)
        if k is None:
            self.problem("no_programs", str(NO_PROGRAMS))
            raise PlanImportError(self.problems)
        intro: list[str] = []
        if k > 0:
            plan.preamble = "\n\n".join(p.text for p in segments[0][1])
            for heading, paras in segments[1:k]:
                if heading is not None and not plan.introduction_heading:
                    plan.introduction_heading = heading.text
                elif heading is not None:
                    intro.append(heading.text)
                intro.extend(p.text for p in paras)
        heading, paras = segments[k]
        plan.programs_heading = heading.text if heading is not None else ""
        first = next(i for i, p in enumerate(paras) if _PROGRAM.match(p.text))
        intro.extend(p.text for p in paras[:first])
        plan.introduction = "\n\n".join(intro)
        plan.programs = self._programs(paras[first:])
        outreach: list[str] = []
        for heading, paras in segments[k + 1 :]:
            if heading is not None and not plan.outreach_heading:
                plan.outreach_heading = heading.text
            elif heading is not None:
                outreach.append(heading.text)
            outreach.extend(p.text for p in paras)
        plan.outreach = "\n\n".join(outreach)
        plan.language = self._language()
        plan.term = self._term(plan)
        if self.problems:
            raise PlanImportError(self.problems)
        return plan

    def _segments(self) -> list[tuple[Paragraph | None, list[Paragraph]]]:
        """The paragraphs split at Roman-numbered section headings: [(heading or None, paragraphs)]."""
        segments: list[tuple[Paragraph | None, list[Paragraph]]] = [(None, [])]
        for p in self.paragraphs:
            m = _ROMAN.match(p.text)
            if m:
                segments.append((Paragraph(p.number, m.group("title")), []))
            else:
                segments[-1][1].append(p)
        return segments

    def _programs(self, paras: list[Paragraph]) -> list[Node]:
        programs: list[Node] = []
        program: Node | None = None
        node: Node | None = None
        state = "head"
        awaiting_title = False
        for index, p in enumerate(paras):
            text = p.text
            if awaiting_title and program is not None:
                program.title, awaiting_title = text, False
                continue
            m = _PROGRAM.match(text)
            if m:
                program = node = Node(title=(m.group("title") or "").strip(), line=p.number)
                programs.append(program)
                awaiting_title, state = not program.title, "head"
                continue
            if node is None or program is None:  # cannot happen: paras start at a program heading
                continue
            heading = _heading(text)
            if heading:
                kind, lang, rest = heading
                self.languages.setdefault(lang, p.number)
                state = kind
                if rest:
                    (node.objectives if kind == "objective" else node.activities).append(Item(rest, p.number))
                continue
            bullet = _BULLET.match(text)
            if bullet and state == "activities":
                node.activities.append(Item(text[bullet.end() :].strip(), p.number))
                continue
            if bullet:
                self.problem("unexpected_bullet", str(UNEXPECTED_BULLET), p.number)
                continue
            if self._objective_follows(paras, index):
                node = Node(title=text, line=p.number)
                program.children.append(node)
                state = "subhead"
                continue
            if state == "objective":
                node.objectives.append(Item(text, p.number))
                continue
            self.problem("unexpected_text", str(UNEXPECTED_TEXT), p.number)
        for program in programs:
            self._check(program)
            program.program_code = match_program(program.title)
        return programs

    @staticmethod
    def _objective_follows(paras: list[Paragraph], index: int) -> bool:
        following = paras[index + 1] if index + 1 < len(paras) else None
        heading = _heading(following.text) if following is not None else None
        return heading is not None and heading[0] == "objective"

    def _check(self, program: Node) -> None:
        if not program.title:
            self.problem("incomplete", _("This program has no title."), program.line)
        for node in program.children or [program]:
            if not node.objectives:
                self.problem("incomplete", _("“%(title)s” has no objective.") % {"title": node.title}, node.line)
            if not node.activities:
                message = _("“%(title)s” has no proposed activities.") % {"title": node.title}
                self.problem("incomplete", message, node.line)

    def _language(self) -> str:
        found = list(self.languages)
        if len(found) > 1:
            message = _("The headings are in more than one language (%(found)s): a plan is written in one language.")
            self.problem("language", message % {"found": ", ".join(found)}, self.languages[found[1]])
            return found[0]
        detected = found[0] if found else None
        wanted = self.requested_language
        if wanted and detected and wanted != detected:
            message = _("You chose the language “%(wanted)s” but the headings of this plan are in “%(found)s”.")
            self.problem("language", message % {"wanted": wanted, "found": detected}, self.languages[detected])
        return wanted or detected or "en"

    def _term(self, plan: ParsedPlan) -> str:
        if self.requested_term:
            m = re.fullmatch(r"(\d{4})-(\d{4})", self.requested_term.strip())
            if not m or not 0 <= int(m.group(2)) - int(m.group(1)) <= 5:
                self.problem("term", _("The term must be written as two years, such as 2021-2022."))
                return ""
            return self.requested_term.strip()
        m = _TERM.search(f"{plan.preamble}\n{plan.introduction_heading}\n{plan.introduction}")
        if not m:
            self.problem("term", _("No term (such as 2021-2022) found in the introduction: give the term."))
            return ""
        return f"{m.group(1)}-{m.group(2)}"


def parse(source: Source, *, language: str | None = None, term: str | None = None) -> ParsedPlan:
    """Read the plan in `source`; raise PlanImportError naming every problem (up to 20) with its line."""
    if language is not None and language not in LANGUAGES:
        raise PlanImportError([Problem("language", _("The language must be en or es."))])
    return _Parser(source, language, term).parse()
