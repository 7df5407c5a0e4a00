"""Every write to alerts: create, publish, change marking or scope, acknowledge, open, discuss, remind."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.exchange.models import (
    TLP_RANK,
    Acknowledgement,
    Alert,
    AlertOpening,
    AlertStatus,
    AlertTranslation,
    Comment,
    Sector,
    Tlp,
)

SCOPE_FIELDS = ("networks", "states", "institutions", "recipients")


def _require(actor: User, action: str, obj: Any = None) -> None:
    model = obj.__class__ if obj is not None else Alert
    if not policy_for(model).can(actor, action, obj):
        raise PermissionDenied


def _scope_snapshot(alert: Alert) -> dict[str, Any]:
    snapshot: dict[str, Any] = {"all_members": alert.all_members}
    for field in SCOPE_FIELDS:
        snapshot[field] = sorted(getattr(alert, field).values_list("pk", flat=True))
    return snapshot


def _check(tlp: str, scope: dict[str, Any], sectors: Iterable[str]) -> None:
    errors: dict[str, list[str]] = {}
    if tlp not in Tlp.values:
        errors["tlp"] = [_("Choose a TLP marking.")]
    if tlp == Tlp.RED and (scope["all_members"] or any(scope[f] for f in ("networks", "states", "institutions"))):
        errors["tlp"] = [_("TLP:RED goes to named recipients only: remove the networks, states and institutions.")]
    if tlp == Tlp.RED and not scope["recipients"]:
        errors["recipients"] = [_("Name the recipients of a TLP:RED alert.")]
    if tlp != Tlp.CLEAR and not (scope["all_members"] or any(scope[f] for f in SCOPE_FIELDS)):
        errors["networks"] = [_("Choose who receives the alert: networks, states, institutions or named people.")]
    unknown = sorted(set(sectors) - set(Sector.values))
    if unknown:
        errors["sectors"] = [_("Unknown sectors: %(sectors)s") % {"sectors": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_alert(*, actor: User, publish: bool, **fields: Any) -> Alert:
    """Create an alert (a draft, or published at once); the author's institution is the originator."""
    _require(actor, "add")
    if actor.institution_id is None:
        raise ValidationError(_("Your account has no institution: an alert needs an originator."))
    scope: dict[str, Any] = {f: list(fields.pop(f, []) or []) for f in SCOPE_FIELDS}
    scope["all_members"] = bool(fields.pop("all_members", False))
    affected = list(fields.pop("affected_states", []) or [])
    _check(fields.get("tlp", Tlp.AMBER), {**scope, "recipients": scope["recipients"]}, fields.get("sectors", []))
    _check_dates(fields.get("valid_from"), fields.get("expires_at"))
    alert = Alert(**fields, all_members=scope["all_members"], originator_id=actor.institution_id, created_by=actor)
    alert.full_clean(exclude=["originator", "created_by"])
    alert.save()
    for field in SCOPE_FIELDS:
        getattr(alert, field).set(scope[field])
    alert.affected_states.set(affected)
    record("alert.create", actor=actor, obj=alert, changes={"tlp": alert.tlp, "scope": _scope_snapshot(alert)})
    if publish:
        _publish(alert, actor)
    return alert


def _check_dates(valid_from: datetime | None, expires_at: datetime | None) -> None:
    if expires_at and expires_at <= (valid_from or timezone.now()):
        raise ValidationError({"expires_at": _("The expiry must come after the start of validity.")})


def _publish(alert: Alert, actor: User) -> None:
    alert.status = AlertStatus.PUBLISHED
    alert.published_at = timezone.now()
    alert.save(update_fields=["status", "published_at", "updated_at"])
    record("alert.publish", actor=actor, obj=alert, changes={"tlp": alert.tlp})
    from enlace.exchange.tasks import notify_alert

    transaction.on_commit(lambda: notify_alert.enqueue(alert.pk, "published"))


@transaction.atomic
def publish(*, actor: User, alert: Alert) -> Alert:
    """Publish a draft: the scope is notified after commit."""
    _require(actor, "change", alert)
    if alert.status != AlertStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    _publish(alert, actor)
    return alert


@transaction.atomic
def change_marking_or_scope(*, actor: User, alert: Alert, reason: str, tlp: str, **scope_fields: Any) -> Alert:
    """Change the TLP or the scope (author or Secretariat only); a wider audience is notified again."""
    _require(actor, "change", alert)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the marking or scope changes.")})
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    before = {"tlp": locked.tlp, **_scope_snapshot(locked)}
    scope: dict[str, Any] = {f: list(scope_fields.get(f, []) or []) for f in SCOPE_FIELDS}
    scope["all_members"] = bool(scope_fields.get("all_members", False))
    _check(tlp, scope, locked.sectors)
    locked.tlp = tlp
    locked.all_members = scope["all_members"]
    locked.save(update_fields=["tlp", "all_members", "updated_at"])
    for field in SCOPE_FIELDS:
        getattr(locked, field).set(scope[field])
    after = {"tlp": locked.tlp, **_scope_snapshot(locked)}
    if before == after:
        return locked
    lowered = TLP_RANK[Tlp(after["tlp"])] < TLP_RANK[Tlp(before["tlp"])]
    record(
        "alert.downgrade" if lowered else "alert.rescope",
        actor=actor,
        obj=locked,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
        reason=reason,
    )
    if locked.status == AlertStatus.PUBLISHED:
        from enlace.exchange.tasks import notify_alert

        # The task notifies only who can read it now and was not notified before.
        transaction.on_commit(lambda: notify_alert.enqueue(locked.pk, "widened"))
    return locked


@transaction.atomic
def acknowledge(*, actor: User, alert: Alert, answer: str, note: str = "") -> Acknowledgement:
    """Record (or change) the user's answer: received, acting or not affected."""
    _require(actor, "acknowledge", alert)
    ack, created = Acknowledgement.objects.update_or_create(
        alert=alert,
        user=actor,
        defaults={
            "answer": answer,
            "note": note,
            "answered_at": timezone.now(),
            "institution_id": actor.institution_id,
        },
    )
    record("alert.acknowledge", actor=actor, obj=alert, changes={"answer": answer, "first": created})
    from enlace.notifications.actions import close

    close(f"alert:{alert.pk}:{actor.pk}")
    return ack


def record_opening(*, actor: User, alert: Alert) -> None:
    """Note the first time the user opens the alert ("who has seen it"); later openings change nothing."""
    if AlertOpening.objects.filter(alert=alert, user=actor).exists():
        return
    try:
        with transaction.atomic():
            AlertOpening.objects.create(alert=alert, user=actor, institution_id=actor.institution_id)
    except IntegrityError:  # opened twice at the same moment
        return


@transaction.atomic
def add_comment(*, actor: User, alert: Alert, body: str) -> Comment:
    """Post to the alert's discussion (seen by whoever sees the alert)."""
    _require(actor, "comment", alert)
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    comment = Comment.objects.create(alert=alert, author=actor, body=body)
    record("alert.comment", actor=actor, obj=alert, changes={"comment": comment.pk})
    return comment


@transaction.atomic
def edit_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    """Change one's own message; the previous text is kept in the audit trail."""
    if not policy_for(Comment).can(actor, "change", comment):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    before = comment.body
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    record(
        "alert.comment.edit", actor=actor, obj=comment.alert, changes={"comment": comment.pk, "body": [before, body]}
    )
    return comment


@transaction.atomic
def remind_silent(*, actor: User, alert: Alert) -> None:
    """Ask every reader who has not acknowledged yet to do so (author or Secretariat)."""
    _require(actor, "follow_up", alert)
    if alert.status != AlertStatus.PUBLISHED:
        raise ValidationError(_("Only a published alert can be followed up."))
    record("alert.remind", actor=actor, obj=alert)
    from enlace.exchange.tasks import notify_alert

    transaction.on_commit(lambda: notify_alert.enqueue(alert.pk, "reminder"))


@transaction.atomic
def save_preference(*, actor: User, form: Any) -> None:
    """Save the user's own alert e-mail preference (a ModelForm bound to her row); audited."""
    preference = form.save(commit=False)
    if preference.user_id != actor.pk:
        raise PermissionDenied
    preference.save()
    form.save_m2m()
    record("alert.preference", actor=actor, obj=preference, changes={"mode": preference.mode})


@transaction.atomic
def translate(*, actor: User, alert: Alert, language: str, title: str, body: str) -> AlertTranslation:
    """Add or change the alert's text in another language (author or Secretariat); audited."""
    _require(actor, "change", alert)
    if language == alert.language:
        raise ValidationError({"language": _("This is the alert's own language: edit the alert instead.")})
    if language not in {code[:2] for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Choose one of Enlace's languages.")})
    translation, created = AlertTranslation.objects.update_or_create(
        alert=alert, language=language, defaults={"title": title, "body": body, "translated_by": actor}
    )
    record("alert.translate", actor=actor, obj=alert, changes={"language": language, "new": created})
    return translation


def in_language(alert: Alert, language: str) -> tuple[str, str, str]:
    """The alert's title, text and their language for a reader of `language` (its own text when untranslated)."""
    wanted = (language or "en")[:2]
    if wanted != alert.language:
        for item in alert.translations.all():
            if item.language == wanted:
                return item.title, item.body, item.language
    return alert.title, alert.body, alert.language
