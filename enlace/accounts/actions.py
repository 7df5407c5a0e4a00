"""Every write to users, roles and API tokens: atomic, audited, side effects after commit."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import ApiToken, RoleAssignment, User, new_security_stamp
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import diff, record
from enlace.geo.timezones import available_time_zones

if TYPE_CHECKING:
    from enlace.geo.models import MemberState
    from enlace.workplan.models import Program

MAX_TOKEN_DAYS = 365


def _require(actor: User, action: str, obj: object) -> None:
    # __class__, not type(): request.user is a lazy proxy whose type() is SimpleLazyObject.
    if not policy_for(obj.__class__).can(actor, action, obj):  # type: ignore[arg-type]
        raise PermissionDenied


PROFILE_FIELDS = ("full_name", "preferred_language", "time_zone")


@transaction.atomic
def update_profile(user: User, *, actor: User, **fields: str) -> User:
    """Change a user's name, preferred language or time zone (only the fields given)."""
    _require(actor, "change", user)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    if "preferred_language" in fields and fields["preferred_language"] not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})
    if "time_zone" in fields and fields["time_zone"] not in available_time_zones():
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    before = {name: getattr(user, name) for name in fields}
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(fields))
    changes = diff(before, fields)
    if changes:
        record("user.update", actor=actor, obj=user, changes=changes)
    return user


def set_preferred_language(user: User, code: str, *, actor: User) -> None:
    """Remember the language a user switched to."""
    if user.preferred_language != code:
        update_profile(user, actor=actor, preferred_language=code)


@transaction.atomic
def create_api_token(user: User, *, actor: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the full secret, which is never stored."""
    _require(actor, "add", ApiToken(user=user))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": _("A token lives between 1 and %(max)d days.") % {"max": MAX_TOKEN_DAYS}})
    key_id, secret, full = ApiToken.new_key()
    token = ApiToken(user=user, name=name, key_id=key_id, scope=scope, expires_at=timezone.now() + timedelta(days=days))
    token.set_secret(secret)
    token.full_clean()
    token.save()
    record("api_token.create", actor=actor, obj=token, changes={"name": name, "scope": scope, "days": days})
    from enlace.accounts.tasks import notify_api_token_created

    transaction.on_commit(lambda: notify_api_token_created.enqueue(token.pk))
    return token, full


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Revoke a token at once; a revoked token never authenticates again."""
    _require(actor, "delete", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("api_token.revoke", actor=actor, obj=token)
    return token


def touch_api_token(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (not audited: it is not a change of data)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def grant_role(
    user: User,
    role: str,
    *,
    actor: User | None,
    state: MemberState | None = None,
    program: Program | None = None,
) -> RoleAssignment:
    """Give `user` a role (scoped to a state or program where the role needs one)."""
    assignment = RoleAssignment(user=user, role=role, state=state, program=program)
    if actor is not None:
        _require(actor, "add", assignment)
    assignment.full_clean()
    assignment.save()
    record(
        "role.grant",
        actor=actor,
        obj=assignment,
        changes={
            "user": user.pk,
            "role": role,
            "state": state.pk if state else None,
            "program": program.pk if program else None,
        },
    )
    return assignment


@transaction.atomic
def reset_mfa(user: User, *, actor: User | None, reason: str) -> int:
    """Remove every second factor of `user`, end her sessions and revoke her tokens; return factors removed."""
    from allauth.mfa.models import Authenticator

    if actor is not None:
        _require(actor, "reset_mfa", user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the second factor is being reset.")})
    removed, _detail = Authenticator.objects.filter(user=user).delete()
    # Whoever held the lost factor may hold a session or a token too: end them all.
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.security_stamp = new_security_stamp()
    user.save(update_fields=["security_stamp"])
    changes = {"authenticators_removed": removed, "tokens_revoked": revoked, "sessions_ended": True}
    record("user.mfa_reset", actor=actor, obj=user, changes=changes, reason=reason)
    return removed
