"""The library's search filters and facets, over a queryset of translations the user may already open."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.policy_base import is_verified
from enlace.library import search
from enlace.library.models import LANGUAGES, AccessLevel, DocumentType, Translation
from enlace.library.policies import OUT
from enlace.library.ranked import Ranked

# facet name → its filter lookup on Translation (the scalar facets on the translation's copy of its work's fields)
FACETS = {
    "program": "work__programs__code",
    "document_type": "work_document_type",
    "language": "language",
    "country": "work__countries__iso2",
    "year": "work_year",
    "access_level": "work_access_level",
}
FACET_LABELS: dict[str, dict[Any, Any]] = {
    "document_type": dict(DocumentType.choices),
    "access_level": dict(AccessLevel.choices),
    "language": dict(LANGUAGES),
}


def filter_translations(translations: QuerySet[Translation], data: dict[str, Any]) -> QuerySet[Translation]:
    """The published translations of `translations` matching the search form's cleaned `data`."""
    translations = translations.filter(work_status__in=OUT)
    if data.get("kind") == "lesson":
        return translations.none()
    for name, lookup in FACETS.items():
        if name != "language" and data.get(name) not in (None, ""):
            translations = translations.filter(**{lookup: data[name]})
    languages = [data["language"]] if data.get("language") else []
    if data.get("q"):
        return search.search(translations, data["q"], languages)
    if languages:
        translations = translations.filter(language__in=languages)
    return translations.order_by("-work__published_at", "pk")


def _labelled(name: str, counts: Counter[Any]) -> list[tuple[Any, str, int]]:
    labels = FACET_LABELS.get(name, {})
    return [
        (value, str(labels.get(value, value)), counts[value]) for value in sorted(v for v in counts if v is not None)
    ]


def facet_counts_of(ranked: Ranked) -> dict[str, list[tuple[Any, str, int]]]:
    """The facet counts of a ranked search's matches, as the search counted them in the same pass over the
    restricted matches (`ranked.Ranked`): the same counts as `facet_counts` over those matches (a test compares
    them)."""
    return {name: _labelled(name, ranked.counts[name]) for name in FACETS}


def facet_counts(translations: QuerySet[Translation]) -> dict[str, list[tuple[Any, str, int]]]:
    """For each facet, (value, label, number of matching translations): counted over the same restricted,
    matched queryset as the results, so a count never reveals a document the user may not open."""
    base = translations.order_by()
    labels = FACET_LABELS
    out: dict[str, list[tuple[Any, str, int]]] = {}
    for name, lookup in FACETS.items():
        rows = (
            base.filter(**{f"{lookup}__isnull": False})
            .values(lookup)
            .annotate(n=Count("pk", distinct=True))
            .order_by(lookup)
        )
        out[name] = [(row[lookup], str(labels.get(name, {}).get(row[lookup], row[lookup])), row["n"]) for row in rows]
    return out


KINDS = {"document": _("Documents"), "lesson": _("Lessons learned")}


def readable_lessons(user: Any) -> QuerySet[Any]:
    """The lessons `user` may read: the lesson policy's `view` for members, its `public` scope for anyone else."""
    from enlace.ipo.models import Lesson

    return Lesson.objects.restrict(user, "view" if is_verified(user) else "public")


def filter_lessons(lessons: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
    """The lessons of `lessons` (already restricted) matching the search form: words in the lesson's language
    index, program, country (the lesson's state), year; a document-only facet (type, access level) leaves none."""
    from enlace.ipo.search import search_lessons

    if data.get("kind") == "document" or data.get("document_type") or data.get("access_level"):
        return lessons.none()
    for name, lookup in (("program", "program__code"), ("country", "state__iso2"), ("year", "created_at__year")):
        if data.get(name) not in (None, ""):
            lessons = lessons.filter(**{lookup: data[name]})
    languages = [data["language"]] if data.get("language") else []
    if data.get("q"):
        return search_lessons(lessons, data["q"], languages)
    if languages:
        lessons = lessons.filter(language__in=languages)
    return lessons.order_by("-created_at", "pk")


class Results:
    """Documents then lessons as one sequence for the paginator: counts once, fetches only the page's rows."""

    def __init__(self, documents: QuerySet[Any], lessons: QuerySet[Any]) -> None:
        self.documents = documents
        self.lessons = lessons
        self.documents_count = documents.count()
        self.lessons_count = lessons.count()

    def count(self) -> int:
        """Documents and lessons together."""
        return self.documents_count + self.lessons_count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[tuple[str, Any]]:
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        first = self.documents_count
        rows: list[tuple[str, Any]] = []
        if start < first:
            rows += [("document", t) for t in self.documents[start : min(stop, first)]]
        if stop > first:
            rows += [("lesson", lesson) for lesson in self.lessons[max(start - first, 0) : stop - first]]
        return rows
