"""Unqualified Dublin Core (`oai_dc`) records of what the library shows the public: published public works and
public lessons learned. Used by the OAI-PMH endpoint (oai.py) and the Dublin Core XML export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from lxml import etree

from enlace.ipo.models import Access, Lesson
from enlace.library.models import DocumentType, Translation, Version, Work, WorkStatus

NS_OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_XML = "http://www.w3.org/XML/1998/namespace"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
LESSON_TYPE = "lesson"

Absolute = Callable[[str], str]


def public_works() -> QuerySet[Work]:
    """Published works open to anyone, through the library policy as an anonymous reader; archived works and
    works that are not public never appear."""
    return (
        Work.objects.visible_to(AnonymousUser())
        .filter(status=WorkStatus.PUBLISHED)
        .prefetch_related(
            "programs",
            "countries",
            Prefetch(
                "translations",
                queryset=Translation.objects.order_by("language").prefetch_related(
                    Prefetch("versions", queryset=Version.objects.order_by("-number"))
                ),
            ),
        )
    )


def public_lessons() -> QuerySet[Lesson]:
    """Lessons the public catalogue shows (the lesson policy's `public` scope)."""
    return Lesson.objects.restrict(AnonymousUser(), "public").select_related("program", "state", "event")


def work_sets(work: Work) -> list[str]:
    """The OAI sets of a work: its programs and its document type."""
    return [f"program:{p.code}" for p in work.programs.all()] + [f"type:{work.document_type}"]


def lesson_sets(lesson: Lesson) -> list[str]:
    """The OAI sets of a lesson: its program and the `lesson` type."""
    return ([f"program:{lesson.program.code}"] if lesson.program else []) + [f"type:{LESSON_TYPE}"]


def set_names() -> list[tuple[str, str]]:
    """Every set (spec, name): the two parents, one per program, one per document type and lessons."""
    from enlace.workplan.models import Program

    sets = [("program", "Programs"), ("type", "Document types")]
    sets += [(f"program:{p.code}", p.name_en) for p in Program.objects.all()]
    sets += [(f"type:{value}", value.replace("_", " ").capitalize()) for value in DocumentType.values]
    sets.append((f"type:{LESSON_TYPE}", "Lessons learned"))
    return sets


def _add(parent: etree._Element, name: str, values: Iterable[Any], lang: str | None = None) -> None:
    for value in values:
        text = str(value or "").strip()
        if text:
            element = etree.SubElement(parent, f"{{{NS_DC}}}{name}")
            element.text = text
            if lang:
                element.set(f"{{{NS_XML}}}lang", lang)


def oai_dc_root() -> etree._Element:
    """An empty `oai_dc:dc` element that declares its schema."""
    root = etree.Element(f"{{{NS_OAI_DC}}}dc", nsmap={"oai_dc": NS_OAI_DC, "dc": NS_DC, "xsi": NS_XSI})
    root.set(f"{{{NS_XSI}}}schemaLocation", f"{NS_OAI_DC} {OAI_DC_SCHEMA}")
    return root


def work_dc(work: Work, absolute: Absolute) -> etree._Element:
    """The `oai_dc` record of a work (translations and versions prefetched by `public_works`)."""
    root = oai_dc_root()
    translations = list(work.translations.all())
    _add(root, "title", [work.title], work.language)
    for translation in translations:
        if translation.language != work.language:
            _add(root, "title", [translation.title], translation.language)
    _add(root, "creator", [work.creator])
    _add(root, "subject", [s for s in work.subject.split(";")])
    _add(root, "description", [work.description], work.language)
    _add(root, "publisher", [work.publisher])
    _add(root, "contributor", [work.contributor])
    _add(root, "date", [work.date.isoformat() if work.date else (work.published_at and work.published_at.date())])
    _add(root, "type", [work.dc_type, work.document_type])
    formats = {v.content_type for t in translations for v in list(t.versions.all())[:1]}
    _add(root, "format", [work.format] if work.format else sorted(formats))
    _add(root, "identifier", [absolute(work.get_absolute_url()), work.identifier])
    _add(root, "source", [work.source])
    _add(root, "language", sorted({work.language, *(t.language for t in translations)}))
    _add(root, "relation", [work.relation])
    _add(root, "coverage", [work.coverage, *(c.name_en for c in work.countries.all())])
    _add(root, "rights", [work.rights])
    return root


def lesson_dc(lesson: Lesson, absolute: Absolute) -> etree._Element:
    """The `oai_dc` record of a public lesson."""
    from django.urls import reverse

    root = oai_dc_root()
    _add(root, "title", [lesson.title])
    _add(root, "subject", [lesson.program.name_en if lesson.program else ""])
    _add(root, "description", [lesson.observation, lesson.recommendation])
    _add(root, "publisher", ["OAS/CICTE"])
    _add(root, "date", [lesson.created_at.date().isoformat()])
    _add(root, "type", ["Text", LESSON_TYPE])
    _add(root, "identifier", [absolute(reverse("ipo:public_lesson_detail", args=[lesson.pk]))])
    event = lesson.event
    # The event is named only when it is public itself: a members-only event stays unnamed.
    public_event = event is not None and event.validated and event.access == Access.PUBLIC
    _add(
        root,
        "coverage",
        [lesson.state.name_en if lesson.state else "", event.name_en if event is not None and public_event else ""],
    )
    return root
