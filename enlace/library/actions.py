"""Every write to the library: atomic, checked against the policy, audited; the search index is rebuilt in the
same transaction as the write that changes what it indexes."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.library import files, search
from enlace.library.models import AccessLevel, Follow, Translation, Version, Work, WorkStatus

M2M = ("programs", "countries", "networks")
M2M_KEYS = {"programs": "code", "countries": "iso2", "networks": "code"}  # how the audit trail names them


def _check(actor: User, action: str, work: Work | None = None) -> None:
    if not policy_for(Work).can(actor, action, work):
        raise PermissionDenied


def _read_upload(upload: UploadedFile) -> tuple[bytes, str, str]:
    """The bytes, safe name and sniffed type of an upload; refuses oversize files and types not allowed."""
    limit = settings.ENLACE_LIBRARY_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError({"upload": _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}})
    content = upload.read()
    name = (upload.name or "document").replace("/", "_").replace("\\", "_")[:255]
    kind = files.sniff(content, name)
    if kind not in files.ALLOWED:
        raise ValidationError(
            {"upload": _("Files of this type (%(type)s) cannot be added to the library.") % {"type": kind}}
        )
    return content, name, kind


def _add_version(translation: Translation, upload: UploadedFile, change_note: str, actor: User) -> Version:
    content, name, kind = _read_upload(upload)
    latest = translation.versions.aggregate(n=Max("number"))["n"] or 0
    version = Version(
        translation=translation,
        number=latest + 1,
        change_note=change_note,
        name=name,
        size=len(content),
        content_type=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        text=files.extract_text(content, kind),
        uploaded_by=actor,
    )
    upload.seek(0)
    version.file.save(name, upload, save=False)
    version.save()
    search.index_translation(translation)
    return version


@transaction.atomic
def create_work(
    *, actor: User, metadata: dict[str, Any], language: str, upload: UploadedFile, change_note: str = ""
) -> Work:
    """A new draft work with its first translation (in `language`) and that translation's v1."""
    _check(actor, "add")
    relations = {key: metadata.pop(key, []) for key in M2M}
    work = Work.objects.create(created_by=actor, language=language, **metadata)
    for key, values in relations.items():
        getattr(work, key).set(values)
    translation = Translation.objects.create(
        work=work, language=language, title=work.title, description=work.description
    )
    version = _add_version(translation, upload, change_note, actor)
    record(
        "library.work.create",
        actor=actor,
        obj=work,
        changes={"access_level": work.access_level, "language": language, "sha256": version.sha256},
    )
    return work


@transaction.atomic
def add_translation(
    *, actor: User, work: Work, language: str, title: str, description: str, upload: UploadedFile
) -> Translation:
    """A new language of a work, with its v1."""
    _check(actor, "change", work)
    if work.translations.filter(language=language).exists():
        raise ValidationError({"language": _("This work already has a translation in this language.")})
    translation = Translation.objects.create(work=work, language=language, title=title, description=description)
    version = _add_version(translation, upload, "", actor)
    _touch(work)
    record("library.translation.add", actor=actor, obj=work, changes={"language": language, "sha256": version.sha256})
    _announce(work, version)
    return translation


@transaction.atomic
def add_version(*, actor: User, translation: Translation, upload: UploadedFile, change_note: str) -> Version:
    """A new version of a translation; it becomes the current one, the older ones stay citable."""
    _check(actor, "change", translation.work)
    version = _add_version(translation, upload, change_note, actor)
    _touch(translation.work)
    record(
        "library.version.add",
        actor=actor,
        obj=translation.work,
        changes={"language": translation.language, "number": version.number, "sha256": version.sha256},
    )
    _announce(translation.work, version)
    return version


def _announce(work: Work, version: Version) -> None:
    """A version added to a PUBLISHED work is published at once: after commit, its followers are told (those
    who may still open the work then; never its uploader). Versions of drafts, works in review and archived works
    announce nothing (a work's first publication is not a new version)."""
    if work.status != WorkStatus.PUBLISHED:
        return
    from enlace.library.tasks import notify_followers

    version_id = version.pk
    transaction.on_commit(lambda: notify_followers.enqueue(version_id))


EDITABLE = (
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "dc_type", "format", "source",
    "relation", "coverage", "rights", "document_type", "access_level", "owner_state",
)  # fmt: skip


def _value(work: Work, name: str) -> Any:
    """A field's value as the audit trail records it (related rows by their codes, sorted)."""
    if name == "owner_state":
        return work.owner_state.iso2 if work.owner_state else None
    if name in M2M:
        return sorted(getattr(work, name).values_list(M2M_KEYS[name], flat=True))
    value = getattr(work, name)
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def change_work(*, actor: User, work: Work, changes: dict[str, Any]) -> Work:
    """Change a work's metadata, programs, type, countries and access; audited with each changed field before and
    after, and every translation re-indexed in the same transaction (search and facets see the change at once).
    Fields the actor may not change (`policies.locked_fields`) are refused when their value would change."""
    from enlace.library.policies import locked_fields

    _check(actor, "change", work)
    unknown = set(changes) - set(EDITABLE) - set(M2M)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in sorted(unknown)})
    work = Work.objects.select_for_update().get(pk=work.pk)
    before = {name: _value(work, name) for name in changes}
    after = dict(before)
    for name, value in changes.items():
        if name in M2M:
            after[name] = sorted(getattr(v, M2M_KEYS[name]) for v in value)
        elif name == "owner_state":
            after[name] = value.iso2 if value else None
        else:
            after[name] = value.isoformat() if hasattr(value, "isoformat") else value
    changed = sorted(name for name in changes if after[name] != before[name])
    refused = sorted(set(changed) & locked_fields(actor, work))
    if refused:
        labels = [str(Work._meta.get_field(name).verbose_name) for name in refused]  # type: ignore[union-attr]  # concrete fields
        raise PermissionDenied(
            _("Only those who may publish this work may change: %(fields)s.") % {"fields": ", ".join(labels)}
        )
    if not changed:
        return work
    old_title, old_description = work.title, work.description
    for name in changed:
        if name not in M2M:
            setattr(work, name, changes[name])
    access = changes.get("access_level", work.access_level)
    networks = changes["networks"] if "networks" in changes else list(work.networks.all())
    if access == AccessLevel.NETWORKS and not networks:
        raise ValidationError({"networks": [_("Choose at least one network.")]})
    if access == AccessLevel.STATE and work.owner_state_id is None:
        raise ValidationError({"owner_state": [_("Choose the owning state.")]})
    work.modified_at = timezone.now()
    work.full_clean(exclude=["identifier", "created_by"], validate_unique=False, validate_constraints=False)
    work.save()
    for name in changed:
        if name in M2M:
            getattr(work, name).set(changes[name])
    # The translation in the original language carries the work's own title and description: it follows them.
    original = work.translations.filter(language=work.language).first()
    if original is not None:
        fields = []
        if "title" in changed and original.title == old_title:
            original.title = work.title
            fields.append("title")
        if "description" in changed and original.description == old_description:
            original.description = work.description
            fields.append("description")
        if fields:
            original.save(update_fields=fields)
    for translation in work.translations.all():
        search.index_translation(translation)
    record(
        "library.work.edit",
        actor=actor,
        obj=work,
        changes={name: {"before": before[name], "after": after[name]} for name in changed},
    )
    return work


@transaction.atomic
def change_translation(*, actor: User, translation: Translation, title: str, description: str) -> Translation:
    """Change the title and description of a work in one language; audited, and its index row rebuilt."""
    _check(actor, "change", translation.work)
    before = {"title": translation.title, "description": translation.description}
    after = {"title": title, "description": description}
    changed = [name for name in after if after[name] != before[name]]
    if not changed:
        return translation
    translation.title, translation.description = title, description
    translation.full_clean(exclude=["work"], validate_unique=False, validate_constraints=False)
    translation.save(update_fields=["title", "description"])
    search.index_translation(translation)
    _touch(translation.work)
    record(
        "library.translation.edit",
        actor=actor,
        obj=translation.work,
        changes={
            "language": translation.language,
            **{name: {"before": before[name], "after": after[name]} for name in changed},
        },
    )
    return translation


@transaction.atomic
def change_version_note(*, actor: User, version: Version, change_note: str) -> Version:
    """Correct the change note of one version (its file never changes: a new file is a new version); audited."""
    translation = version.translation
    _check(actor, "change", translation.work)
    if version.change_note == change_note:
        return version
    before = version.change_note
    version.change_note = change_note
    version.save(update_fields=["change_note"])
    _touch(translation.work)
    record(
        "library.version.edit",
        actor=actor,
        obj=translation.work,
        changes={
            "language": translation.language,
            "number": version.number,
            "change_note": {"before": before, "after": change_note},
        },
    )
    return version


def _touch(work: Work) -> None:
    """Mark the work changed for harvesters (its OAI-PMH datestamp)."""
    work.modified_at = timezone.now()
    Work.objects.filter(pk=work.pk).update(modified_at=work.modified_at)


def _move(work: Work, actor: User, action: str, allowed_from: set[str], to: str) -> Work:
    _check(actor, action, work)
    if work.status not in allowed_from:
        raise ValidationError(_("This work cannot move from “%(status)s”.") % {"status": work.get_status_display()})
    before = work.status
    work.status = to
    if to == WorkStatus.PUBLISHED and work.published_at is None:
        work.published_at = timezone.now()
    work.modified_at = timezone.now()
    work.save(update_fields=["status", "published_at", "modified_at"])
    for translation in work.translations.all():
        search.index_translation(translation)
    record(f"library.work.{action}", actor=actor, obj=work, changes={"status": [before, to]})
    return work


@transaction.atomic
def submit_for_review(*, actor: User, work: Work) -> Work:
    """Draft → in review (the author or the Secretariat)."""
    return _move(work, actor, "change", {WorkStatus.DRAFT}, WorkStatus.REVIEW)


@transaction.atomic
def publish(*, actor: User, work: Work) -> Work:
    """Draft or in review → published (Secretariat officers of one of its programs; administrators)."""
    return _move(
        work, actor, "publish", {WorkStatus.DRAFT, WorkStatus.REVIEW, WorkStatus.ARCHIVED}, WorkStatus.PUBLISHED
    )


@transaction.atomic
def archive(*, actor: User, work: Work) -> Work:
    """Published → archived (still readable and citable, marked as such)."""
    return _move(work, actor, "archive", {WorkStatus.PUBLISHED}, WorkStatus.ARCHIVED)


@transaction.atomic
def follow(*, actor: User, work: Work) -> Follow:
    """`actor` follows `work` (she must be allowed to open it); following twice is one follow, audited once."""
    _check(actor, "follow", work)
    row, created = Follow.objects.get_or_create(user=actor, work=work)
    if created:
        record("library.work.follow", actor=actor, obj=work, changes={"following": True})
    return row


@transaction.atomic
def unfollow(*, actor: User, work: Work) -> bool:
    """`actor` stops following `work`; returns whether she was following it (audited only then)."""
    _check(actor, "follow", work)
    deleted, _rows = Follow.objects.filter(user=actor, work=work).delete()
    if deleted:
        record("library.work.unfollow", actor=actor, obj=work, changes={"following": False})
    return bool(deleted)
