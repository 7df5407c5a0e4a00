"""Library pages: search with facets (HTMX partial results), work detail, downloads, upload forms, workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from lxml import etree

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import is_verified, policy_for
from enlace.audit.actions import record
from enlace.common.middleware import client_ip
from enlace.common.ratelimit import under_rate_limit
from enlace.directory.forms import add_errors
from enlace.library import actions, dublin_core, oai
from enlace.library.filters import (
    FACET_LABELS,
    KINDS,
    Results,
    facet_counts,
    facet_counts_of,
    filter_lessons,
    filter_translations,
    readable_lessons,
)
from enlace.library.forms import (
    SearchForm,
    TranslationEditForm,
    TranslationForm,
    VersionForm,
    VersionNoteForm,
    WorkEditForm,
    WorkForm,
)
from enlace.library.models import Follow, Translation, Version, Work
from enlace.library.policies import OUT, locked_fields
from enlace.library.ranked import Ranked
from enlace.library.search import INDEX_FIELDS, snippet_safe, snippets
from enlace.library.suggest import suggestion

EXPORT_NS = "https://enlace.oas.org/ns/library-dc-export"  # the container of the Dublin Core export


def event_links(user: Any, work: Work) -> dict[str, Any]:
    """The major events and lessons linked to `work` that `user` may read (members: their pages; everyone else:
    the public catalogue's pages); an event or lesson she may not read is not named."""
    from enlace.ipo.models import DocumentLink

    members = is_verified(user)
    links = DocumentLink.objects.restrict(user, "view" if members else "public").filter(work=work)
    return {"ipo_links": links.select_related("event", "lesson"), "ipo_member_pages": members}


def _work(request: HttpRequest, identifier: str, action: str = "view") -> Work:
    """The work, if the user may do `action` on it; 404 otherwise (forbidden looks like missing)."""
    return get_object_or_404(Work.objects.restrict(request.user, action), identifier=identifier)


@login_not_required
def library_home(request: HttpRequest) -> HttpResponse:
    """Search the works the user may open: results, snippets and facet counts from one restricted queryset."""
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    readable = Translation.objects.visible_to(request.user)
    matched = filter_translations(readable, data)
    # Lessons the reader may read, searched in their own language index: restricted BEFORE matching and counting.
    lessons = filter_lessons(readable_lessons(request.user), data).select_related("program", "state")
    documents: Any = matched.select_related("work").defer(*INDEX_FIELDS)
    if data.get("q"):
        # The ranked search runs once, for the ids of every match in rank order with the facet counts; the count is
        # their number and the page's rows are read by id (a ranked search per facet made the page ~8x the search).
        documents = Ranked(matched, readable.select_related("work").defer(*INDEX_FIELDS))
    results = Results(documents, lessons)
    page: Any = Paginator(results, 20).get_page(request.GET.get("page"))  # type: ignore[arg-type]  # a sliceable sequence
    shown = list(page.object_list)
    found = snippets([row for kind, row in shown if kind == "document"], data["q"]) if data.get("q") else {}
    languages, types = FACET_LABELS["language"], FACET_LABELS["document_type"]
    # Labels from the facets' dicts: a model's get_FOO_display rebuilds its choices' dict on every call.
    rows = [
        (
            kind,
            row,
            snippet_safe(found.get(row.pk, "") if kind == "document" else getattr(row, "snippet", "")),
            languages.get(row.language, row.language),
            types.get(row.work.document_type, "") if kind == "document" else "",
        )
        for kind, row in shown
    ]
    facets = facet_counts_of(documents) if data.get("q") else facet_counts(matched)
    kinds = (("document", results.documents_count), ("lesson", results.lessons_count))
    facets["kind"] = [(value, str(KINDS[value]), n) for value, n in kinds if n]
    query = request.GET.copy()
    query.pop("page", None)
    # "Did you mean": only when (almost) nothing was found, from the words of titles the user may open.
    titles = [row.title for kind, row in shown if kind == "document"]
    corrected = suggestion(readable, data, results.documents_count, titles) if data.get("q") else None
    suggested = query.copy()
    suggested["q"] = corrected or ""
    context: dict[str, Any] = {
        "form": form,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "rows": rows,
        "documents_count": results.documents_count,
        "lessons_count": results.lessons_count,
        "lesson_member_pages": is_verified(request.user),
        "facets": facets,
        "query_without_page": query.urlencode(),
        "suggestion": corrected,
        "suggestion_query": suggested.urlencode(),
        "can_add": policy_for(Work).can(request.user, "add"),
    }
    # The drafts panel: on the library's home, not beside search results.
    if request.user.is_authenticated and not data.get("q"):
        context["pending"] = (
            Work.objects.restrict(request.user, "change").exclude(status__in=OUT).order_by("-created_at")[:20]
        )
    template = "library/library_home.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_not_required
def work_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    """A work: metadata, citation, its translations with every version, and what the user may do."""
    work = _work(request, identifier)
    translations = work.translations.prefetch_related(
        Prefetch("versions", queryset=Version.objects.order_by("-number"))
    )
    policy = policy_for(Work)
    can_change = policy.can(request.user, "change", work)
    # Whoever may open the work and is signed in may follow it (no query for anonymous readers).
    following = (
        Follow.objects.filter(user=signed_in_user(request), work=work).exists() if is_verified(request.user) else None
    )
    return render(
        request,
        "library/work_detail.html",
        {
            "work": work,
            "translations": translations,
            "programs": list(work.programs.all()),
            "countries": list(work.countries.all()),
            "can_change": can_change,
            "can_publish": policy.can(request.user, "publish", work),
            "can_archive": policy.can(request.user, "archive", work),
            "following": following,
            "translation_form": TranslationForm() if can_change else None,
            "version_form": VersionForm() if can_change else None,
            **event_links(request.user, work),
        },
    )


@login_not_required
def version_download(request: HttpRequest, identifier: str, language: str, number: int | None = None) -> FileResponse:
    """A version's file (the current one without a number), always as a download with safe headers; audited."""
    versions = Version.objects.visible_to(request.user).select_related("translation__work")
    versions = versions.filter(translation__work__identifier=identifier, translation__language=language)
    version = get_object_or_404(versions, number=number) if number else versions.order_by("-number").first()
    if version is None:
        return get_object_or_404(Version.objects.none(), pk=0)  # type: ignore[return-value]  # raises 404
    record(
        "library.version.download",
        actor=request.user,
        obj=version.translation.work,
        changes={"language": language, "number": version.number, "sha256": version.sha256},
    )
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def work_create(request: HttpRequest) -> HttpResponse:
    """Upload a new work (a draft): metadata, access level and its first file."""
    actor = signed_in_user(request)
    if not policy_for(Work).can(actor, "add"):
        return get_object_or_404(Work.objects.none(), pk=0)  # type: ignore[return-value]  # raises 404
    form = WorkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        metadata = {k: v for k, v in form.cleaned_data.items() if k not in {"upload", "change_note", "language"}}
        if not metadata.get("owner_state") and actor.institution_id:
            metadata["owner_state"] = actor.institution.state  # type: ignore[union-attr]
        try:
            work = actions.create_work(
                actor=actor,
                metadata=metadata,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["upload"],
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The work is saved as a draft."))
            return redirect(work)
    status = 400 if request.method == "POST" else 200
    return render(request, "library/work_form.html", {"form": form}, status=status)


def _edit_context(work: Work, form: WorkEditForm, **forms: Any) -> dict[str, Any]:
    """The edit page: the work's form, then one form per translation and one per version (prefixed)."""
    translations = list(
        work.translations.prefetch_related(Prefetch("versions", queryset=Version.objects.order_by("-number")))
    )
    rows = []
    for translation in translations:
        key = f"t-{translation.language}"
        translation_form = forms.get(key) or TranslationEditForm(
            prefix=key, initial={"title": translation.title, "description": translation.description}
        )
        versions = [
            (
                version,
                forms.get(f"{key}-v{version.number}")
                or VersionNoteForm(prefix=f"{key}-v{version.number}", initial={"change_note": version.change_note}),
            )
            for version in translation.versions.all()
        ]
        rows.append((translation, translation_form, versions))
    return {"work": work, "form": form, "translation_rows": rows}


def work_edit(request: HttpRequest, identifier: str) -> HttpResponse:
    """Change a work's metadata, programs, type, countries and access (who may: `policies.locked_fields`)."""
    work = _work(request, identifier, "change")
    actor = signed_in_user(request)
    locked = locked_fields(actor, work)
    form = WorkEditForm(request.POST or None, instance=work, locked=locked)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields if name not in locked}
        try:
            actions.change_work(actor=actor, work=work, changes=changes)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(work)
    status = 400 if request.method == "POST" else 200
    return render(request, "library/work_edit.html", _edit_context(work, form), status=status)


@require_POST
def translation_change(request: HttpRequest, identifier: str, language: str) -> HttpResponse:
    """Change the title and description of a work in one language."""
    work = _work(request, identifier, "change")
    translation = get_object_or_404(work.translations, language=language)
    key = f"t-{language}"
    form = TranslationEditForm(request.POST, prefix=key)
    if form.is_valid():
        actions.change_translation(actor=signed_in_user(request), translation=translation, **form.cleaned_data)
        messages.success(request, _("The changes are saved."))
        return redirect("library:work_edit", identifier=identifier)
    context = _edit_context(work, WorkEditForm(instance=work, locked=locked_fields(request.user, work)), **{key: form})
    return render(request, "library/work_edit.html", context, status=400)


@require_POST
def version_note_change(request: HttpRequest, identifier: str, language: str, number: int) -> HttpResponse:
    """Correct the change note of one version."""
    work = _work(request, identifier, "change")
    versions = Version.objects.filter(translation__work=work, translation__language=language)
    version = get_object_or_404(versions, number=number)
    key = f"t-{language}-v{number}"
    form = VersionNoteForm(request.POST, prefix=key)
    if form.is_valid():
        actions.change_version_note(actor=signed_in_user(request), version=version, **form.cleaned_data)
        messages.success(request, _("The changes are saved."))
        return redirect("library:work_edit", identifier=identifier)
    context = _edit_context(work, WorkEditForm(instance=work, locked=locked_fields(request.user, work)), **{key: form})
    return render(request, "library/work_edit.html", context, status=400)


@require_POST
def translation_add(request: HttpRequest, identifier: str) -> HttpResponse:
    """Add a language to a work, with its first file."""
    work = _work(request, identifier, "change")
    form = TranslationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_translation(actor=signed_in_user(request), work=work, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The translation is added."))
            return redirect(work)
    return _form_errors(request, work, form)


@require_POST
def version_add(request: HttpRequest, identifier: str, language: str) -> HttpResponse:
    """Add a version to one translation: it becomes the current one."""
    work = _work(request, identifier, "change")
    translation = get_object_or_404(work.translations, language=language)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_version(actor=signed_in_user(request), translation=translation, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The new version is added."))
            return redirect(work)
    return _form_errors(request, work, form)


def _form_errors(request: HttpRequest, work: Work, form: Any) -> HttpResponse:
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return render(request, "library/form_errors.html", {"work": work, "errors": errors}, status=400)


def _transition(request: HttpRequest, identifier: str, policy_action: str, action: Any, done: str) -> HttpResponse:
    work = _work(request, identifier, policy_action)
    try:
        action(actor=signed_in_user(request), work=work)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(work)


@require_POST
def work_submit(request: HttpRequest, identifier: str) -> HttpResponse:
    """Send a draft for review."""
    return _transition(request, identifier, "change", actions.submit_for_review, _("The work is sent for review."))


@require_POST
def work_publish(request: HttpRequest, identifier: str) -> HttpResponse:
    """Publish a work (Secretariat officers of its programs; administrators)."""
    return _transition(request, identifier, "publish", actions.publish, _("The work is published."))


@require_POST
def work_archive(request: HttpRequest, identifier: str) -> HttpResponse:
    """Archive a published work."""
    return _transition(request, identifier, "archive", actions.archive, _("The work is archived."))


@require_POST
def work_follow(request: HttpRequest, identifier: str) -> HttpResponse:
    """Follow a work the user may open: she is told of its new versions."""
    work = _work(request, identifier, "follow")
    actions.follow(actor=signed_in_user(request), work=work)
    messages.success(request, _("You follow this work: you will be told when a new version is published."))
    return redirect(work)


@require_POST
def work_unfollow(request: HttpRequest, identifier: str) -> HttpResponse:
    """Stop following a work."""
    work = _work(request, identifier, "follow")
    actions.unfollow(actor=signed_in_user(request), work=work)
    messages.success(request, _("You no longer follow this work."))
    return redirect(work)


# Harvesters: per client address, this many requests per minute (then 503 with Retry-After, as OAI-PMH allows).
HARVEST_LIMIT = 120


def _harvest_limited(request: HttpRequest, name: str) -> HttpResponse | None:
    if under_rate_limit(f"{name}:{client_ip(request) or 'unknown'}", HARVEST_LIMIT, 60):
        return None
    response = HttpResponse(_("Too many requests; try again in a minute."), status=503, content_type="text/plain")
    response["Retry-After"] = "60"
    return response


@login_not_required
@csrf_exempt  # harvesters POST form-encoded requests without a session; nothing is written
@require_http_methods(["GET", "POST"])
def oai_endpoint(request: HttpRequest) -> HttpResponse:
    """OAI-PMH 2.0 (enlace/library/oai.py): public works and public lessons in Dublin Core."""
    limited = _harvest_limited(request, "oai")
    if limited is not None:
        return limited
    data = request.POST if request.method == "POST" else request.GET
    args = {name: data.getlist(name) for name in data}
    repository = oai.Repository(request.build_absolute_uri(reverse("oai:endpoint")), request.build_absolute_uri)
    root, _params = repository.handle(args)
    return HttpResponse(oai.serialize(root), content_type="text/xml; charset=utf-8")


@login_not_required
def dc_export(request: HttpRequest) -> HttpResponse:
    """Every published public work as Dublin Core XML (one oai_dc:dc element per work)."""
    limited = _harvest_limited(request, "dc-export")
    if limited is not None:
        return limited
    root = etree.Element(f"{{{EXPORT_NS}}}records", nsmap={None: EXPORT_NS})
    for work in dublin_core.public_works().order_by("-modified_at", "pk"):
        root.append(dublin_core.work_dc(work, request.build_absolute_uri))
    response = HttpResponse(oai.serialize(root), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enlace-library-dc.xml"'
    return response
