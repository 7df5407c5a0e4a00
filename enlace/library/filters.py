"""The library's search filters and facets, over a queryset of translations the user may already open."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from enlace.library import search
from enlace.library.models import LANGUAGES, AccessLevel, DocumentType, Translation
from enlace.library.policies import OUT

# facet name → (lookup on Translation, filter lookup)
FACETS = {
    "program": "work__programs__code",
    "document_type": "work__document_type",
    "language": "language",
    "country": "work__countries__iso2",
    "year": "work__date__year",
    "access_level": "work__access_level",
}


def filter_translations(translations: QuerySet[Translation], data: dict[str, Any]) -> QuerySet[Translation]:
    """The published translations of `translations` matching the search form's cleaned `data`."""
    translations = translations.filter(work__status__in=OUT)
    for name, lookup in FACETS.items():
        if name != "language" and data.get(name) not in (None, ""):
            translations = translations.filter(**{lookup: data[name]})
    languages = [data["language"]] if data.get("language") else []
    if data.get("q"):
        return search.search(translations, data["q"], languages)
    if languages:
        translations = translations.filter(language__in=languages)
    return translations.order_by("-work__published_at", "pk")


def facet_counts(translations: QuerySet[Translation]) -> dict[str, list[tuple[Any, str, int]]]:
    """For each facet, (value, label, number of matching translations): counted over the same restricted,
    matched queryset as the results, so a count never reveals a document the user may not open."""
    base = translations.order_by()
    labels: dict[str, dict[Any, Any]] = {
        "document_type": dict(DocumentType.choices),
        "access_level": dict(AccessLevel.choices),
        "language": dict(LANGUAGES),
    }
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
