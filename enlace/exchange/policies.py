"""Who may read, write, acknowledge and discuss alerts: TLP and scope, one path for every channel."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from enlace.accounts.policy_base import AnyUser, OwnerPolicy, Policy, is_verified, register
from enlace.accounts.roles import Role
from enlace.exchange.models import (
    Acknowledgement,
    Alert,
    AlertIndicator,
    AlertOpening,
    AlertPreference,
    AlertStatus,
    AlertTranslation,
    Attachment,
    Comment,
    Indicator,
    PendingDigest,
    Sighting,
    TaxiiStatus,
    Tlp,
)
from enlace.exchange.scope import OUT, readable_q

AUTHOR_ROLES = (Role.NATIONAL_COORDINATOR, Role.FOCAL_POINT, Role.CSIRT_ANALYST)


class AlertPolicy(Policy):
    """`view`: TLP and scope (exchange/scope.py); `public`: CLEAR alerts for anyone, signed in or not;
    `add`: Secretariat, coordinators, focal points and CSIRT analysts with an institution; `change`,
    `follow_up` (who opened and acknowledged, reminders): the author and the Secretariat; `acknowledge` and
    `comment`: whoever reads a published alert."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if action == "public":
            return queryset.filter(tlp=Tlp.CLEAR, status__in=OUT)
        if not is_verified(user):
            return queryset.none()
        if action == "acknowledge":  # the author does not answer her own alert
            queryset = queryset.exclude(created_by_id=user.pk)
        if user.is_secretariat:  # type: ignore[union-attr]
            if action in {"acknowledge", "comment"}:
                return queryset.filter(status=AlertStatus.PUBLISHED)
            return queryset if action in {"view", "change", "follow_up"} else queryset.none()
        if action == "view":
            return queryset.filter(readable_q(user))  # type: ignore[arg-type]
        if action in {"acknowledge", "comment"}:
            return queryset.filter(readable_q(user), status=AlertStatus.PUBLISHED)  # type: ignore[arg-type]
        if action in {"change", "follow_up"}:
            return queryset.filter(created_by_id=user.pk)
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if action == "public":
            return obj is None or self.scope(user, Alert.objects.filter(pk=obj.pk), action).exists()
        if not is_verified(user):
            return False
        if action == "add":
            if user.is_secretariat:  # type: ignore[union-attr]
                return True
            return user.institution_id is not None and user.has_role(*AUTHOR_ROLES)  # type: ignore[union-attr]
        if action not in {"view", "change", "follow_up", "acknowledge", "comment"}:
            return False
        if obj is None:
            return True  # the list of what she may reach; each row is checked by scope()
        return self.scope(user, Alert.objects.filter(pk=obj.pk), action).exists()


class AlertPartPolicy(Policy):
    """Acknowledgements and openings: the Secretariat, the alert's author, and the user's own rows."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user) or action != "view":
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        return queryset.filter(Q(user_id=user.pk) | Q(alert__created_by_id=user.pk))

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if obj is None:
            return is_verified(user) and action == "view"
        return self.scope(user, type(obj).objects.filter(pk=obj.pk), action).exists()  # type: ignore[attr-defined]


class CommentPolicy(Policy):
    """A comment is read by whoever reads its alert; only its author edits it."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user):
            return queryset.none()
        if action == "view":
            if user.is_secretariat:  # type: ignore[union-attr]
                return queryset
            return queryset.filter(alert__in=Alert.objects.filter(readable_q(user)))  # type: ignore[arg-type]
        if action == "change":
            return queryset.filter(author_id=user.pk)
        return queryset.none()

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if obj is None:
            return is_verified(user) and action == "view"
        return self.scope(user, Comment.objects.filter(pk=obj.pk), action).exists()


class IndicatorPolicy(Policy):
    """Indicators, their links to alerts and their sightings are read through the alerts that carry them:
    whoever reads the alert reads them. Sightings name who saw what, so only their author, the alert's
    author and the Secretariat read a sighting row (readers get the counts)."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if not is_verified(user) or action != "view":
            return queryset.none()
        if user.is_secretariat:  # type: ignore[union-attr]
            return queryset
        readable = Alert.objects.filter(readable_q(user))  # type: ignore[arg-type]
        model = queryset.model
        if model is Indicator:
            return queryset.filter(pk__in=AlertIndicator.objects.filter(alert__in=readable).values("indicator_id"))
        if model in {AlertIndicator, Attachment, AlertTranslation}:
            return queryset.filter(alert__in=readable)
        return queryset.filter(Q(user_id=user.pk) | Q(link__alert__created_by_id=user.pk))

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if obj is None:
            return is_verified(user) and action == "view"
        return self.scope(user, type(obj).objects.filter(pk=obj.pk), action).exists()  # type: ignore[attr-defined]


register(Alert, AlertPolicy())
register(AlertPreference, OwnerPolicy())
register(PendingDigest, OwnerPolicy())
register(TaxiiStatus, OwnerPolicy())
register(Indicator, IndicatorPolicy())
register(AlertIndicator, IndicatorPolicy())
register(Sighting, IndicatorPolicy())
register(Attachment, IndicatorPolicy())
register(AlertTranslation, IndicatorPolicy())
register(Acknowledgement, AlertPartPolicy())
register(AlertOpening, AlertPartPolicy())
register(Comment, CommentPolicy())
