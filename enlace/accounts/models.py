"""Users (e-mail login), their roles and their personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from functools import cached_property

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from enlace.accounts.querysets import RestrictedQuerySet
from enlace.accounts.roles import PROGRAM_ROLES, SECRETARIAT_ROLES, STATE_ROLES, Role


def new_security_stamp() -> str:
    """A fresh random stamp for `User.security_stamp`."""
    return secrets.token_hex(16)


class UserManager(BaseUserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]  # dynamic base
    """Creates users; the queryset restricts by policy."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        """Create a user with a normalised e-mail address and a hashed password."""
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        """`createsuperuser`: a Secretariat administrator (she enrols a second factor at first sign-in)."""
        from enlace.accounts.actions import grant_role

        user = self.create_user(email, password, **fields)
        grant_role(user, Role.SECRETARIAT_ADMIN, actor=None)
        return user


class User(AbstractBaseUser):
    """A person who signs in to Enlace with her e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    institution = models.ForeignKey(
        "directory.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Part of every session's auth hash: rotating it signs the user out everywhere (e.g. after an MFA reset).
    security_stamp = models.CharField(max_length=32, default=new_security_stamp, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash covers the password; adding the stamp lets Enlace end every session of a user.
        key_salt = "enlace.accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, self.password + self.security_stamp, secret=secret, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        """Return the full name (used by allauth and e-mails)."""
        return self.full_name

    def get_short_name(self) -> str:
        """Return the full name; Enlace does not split names."""
        return self.full_name

    @cached_property
    def role_set(self) -> list[RoleAssignment]:
        """The user's role assignments, loaded once per request."""
        return list(self.role_assignments.all())

    def has_role(self, *roles: str) -> bool:
        """Return whether the user holds any of `roles`."""
        return any(a.role in roles for a in self.role_set)

    @property
    def is_secretariat(self) -> bool:
        """Whether the user is Secretariat staff (officer or administrator)."""
        return self.has_role(*SECRETARIAT_ROLES)

    @property
    def is_secretariat_admin(self) -> bool:
        """Whether the user administers Enlace for the Secretariat."""
        return self.has_role(Role.SECRETARIAT_ADMIN)

    def state_ids_for(self, *roles: str) -> set[int]:
        """The ids of the member states for which the user holds one of `roles`."""
        return {a.state_id for a in self.role_set if a.role in roles and a.state_id}

    def program_ids_for(self, *roles: str) -> set[int]:
        """The ids of the programs for which the user holds one of `roles`."""
        return {a.program_id for a in self.role_set if a.role in roles and a.program_id}


class RoleAssignment(models.Model):
    """A role held by a user, scoped to a member state or a program where the role needs one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    state = models.ForeignKey(
        "geo.MemberState", verbose_name=_("member state"), on_delete=models.PROTECT, null=True, blank=True
    )
    program = models.ForeignKey(
        "workplan.Program", verbose_name=_("program"), on_delete=models.PROTECT, null=True, blank=True
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(state__isnull=True, program__isnull=True),
                name="role_assignment_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "state"],
                condition=Q(state__isnull=False),
                name="role_assignment_unique_state",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "program"],
                condition=Q(program__isnull=False),
                name="role_assignment_unique_program",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(STATE_ROLES)) | Q(state__isnull=False),
                name="role_assignment_state_roles_have_state",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(PROGRAM_ROLES)) | Q(program__isnull=False),
                name="role_assignment_program_roles_have_program",
            ),
        ]

    def __str__(self) -> str:
        scope = self.state or self.program
        return f"{self.get_role_display()} ({scope})" if scope else str(self.get_role_display())


class ApiTokenScope(models.TextChoices):
    """What an API token may do."""

    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


def _hash_secret(secret: str) -> str:
    # The secret has 256 bits of entropy, so a plain SHA-256 is enough (no slow KDF needed).
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token: shown once, stored hashed, scoped, expiring and revocable."""

    PREFIX = "enl"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scope = models.CharField(_("scope"), max_length=8, choices=ApiTokenScope.choices, default="read")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    @staticmethod
    def new_key() -> tuple[str, str, str]:
        """Return (key_id, secret, the full token string the user copies)."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        return key_id, secret, f"{ApiToken.PREFIX}_{key_id}_{secret}"

    def set_secret(self, secret: str) -> None:
        """Store the hash of `secret`."""
        self.secret_hash = _hash_secret(secret)

    def matches(self, secret: str) -> bool:
        """Compare `secret` with the stored hash in constant time."""
        return secrets.compare_digest(self.secret_hash, _hash_secret(secret))

    @property
    def is_usable(self) -> bool:
        """Whether the token is neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        """A short status label: active, expired or revoked."""
        if self.revoked_at:
            return str(_("revoked"))
        if self.expires_at <= timezone.now():
            return str(_("expired"))
        return str(_("active"))


def signed_in_user(request: object) -> User:
    """The request's user, known to be signed in (deny-by-default middleware ran); anything else is refused."""
    from django.core.exceptions import PermissionDenied

    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
