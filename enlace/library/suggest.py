"""“Did you mean”: a corrected query when a library search finds (almost) nothing.

The known words come ONLY from documents the user may open: the folded titles (`Translation.search_title`, built
by `search.fold`) of the published translations of the RESTRICTED queryset (`Translation.objects.visible_to(user)`),
narrowed by the search's own filters and language(s), the most recent `TITLE_LIMIT` of them. Never from a global
vocabulary (PostgreSQL `ts_stat`, an FTS5 vocab table), which would hold the words of documents the user may not
open. Each query word that is not a known word is replaced by the closest known word (`difflib`, the same on both
databases), and the corrected query is proposed only if it finds more documents than the query did.
"""

from __future__ import annotations

import difflib
from typing import Any

from django.db.models import QuerySet

from enlace.library.filters import filter_translations
from enlace.library.models import Translation
from enlace.library.search import WORD, fold

SUGGEST_BELOW = 3  # a suggestion is looked for when a search finds fewer documents than this
TITLE_LIMIT = 5000  # the titles of at most this many readable translations (the most recently published) give the words
CUTOFF = 0.8  # difflib's similarity ratio a known word needs to replace a query word
MIN_LENGTH = 4  # shorter query words (articles, prepositions, acronyms) are never corrected


def _correctable(word: str) -> bool:
    return len(word) >= MIN_LENGTH and not word.isdigit()


def known_words(translations: QuerySet[Translation], data: dict[str, Any]) -> set[str]:
    """The distinct folded words of the titles of the (at most `TITLE_LIMIT` most recent) published translations of
    `translations` (already restricted to the user) that the search's filters other than the words keep."""
    browse = filter_translations(translations, {**data, "q": ""})
    titles = browse.values_list("search_title", flat=True)[:TITLE_LIMIT]
    return {word for title in titles for word in WORD.findall(title) if _correctable(word)}


def correct(query: str, words: set[str]) -> str | None:
    """`query` with each word that is not in `words` replaced by the closest of `words` (the rest of the text
    kept as typed); None when no word changes."""
    vocabulary = list(words)
    out, last, changed = [], 0, False
    for match in WORD.finditer(query):
        word = fold(match.group())
        if not _correctable(word) or word in words:
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=CUTOFF)
        if close:
            out += [query[last : match.start()], close[0]]
            last, changed = match.end(), True
    return "".join([*out, query[last:]]).strip() if changed else None


def suggestion(
    translations: QuerySet[Translation], data: dict[str, Any], found: int, shown_titles: list[str]
) -> str | None:
    """A corrected query for the search `data` over `translations` (the restricted queryset) that found `found`
    documents, or None. Nothing is read from the database when the search found enough, or when every query word
    is in the title of a document it found (`shown_titles`, already read); the corrected query is proposed only
    if it finds more documents than the query did (at most `SUGGEST_BELOW` + 1 ids are read for that)."""
    query = (data.get("q") or "").strip()
    if not query or found >= SUGGEST_BELOW or data.get("kind") == "lesson":
        return None
    words = [fold(w) for w in WORD.findall(query)]
    seen = {w for title in shown_titles for w in WORD.findall(fold(title))}
    if all(w in seen for w in words if _correctable(w)):
        return None
    corrected = correct(query, known_words(translations, data))
    if corrected is None or fold(corrected) == fold(query):
        return None
    matched = filter_translations(translations, {**data, "q": corrected})
    more = len(list(matched.order_by().values_list("pk", flat=True)[: SUGGEST_BELOW + 1]))
    return corrected if more > found else None
