"""Who may open, write and publish library works: ONE policy for works, translations and versions.

`view`: a published (or archived) work by its access level — public: anyone, signed in or not; networks:
members actively designated in one of the chosen networks (the exchange's rule, directory
`member_network_ids`); state: users of an institution of the owning state; secretariat: Secretariat staff.
Drafts and works in review: their author and the Secretariat. `change` (metadata, translations, versions,
submitting for review): the author while not published, and the Secretariat. `publish` / `archive`:
Secretariat officers of one of the work's programs, and administrators. `reclassify` (the fields that decide who
may publish a work and who may read a published one: `AUDIENCE_FIELDS`, `PUBLISHING_FIELDS`): the author while
not published, and those who may publish it (`locked_fields`: what a user may not change on a work). `add`: the
Secretariat, national coordinators and focal points with an institution. `follow` (and stop following): any
signed-in user who may `view` the work, never anonymous; whether a follower may still open it is checked again
when a new version is announced (`notices.py`). Forbidden looks like missing: views only
fetch from `restrict()`, so the pages and downloads answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from enlace.accounts.policy_base import AnyUser, Policy, is_verified, policy_for, register
from enlace.accounts.roles import Role
from enlace.directory.policies import member_network_ids
from enlace.library.models import AccessLevel, Translation, Version, Work, WorkStatus

OUT = (WorkStatus.PUBLISHED, WorkStatus.ARCHIVED)
AUTHOR_ROLES = (Role.NATIONAL_COORDINATOR, Role.FOCAL_POINT)
# Who may read a published work: changing these on a published (or archived) work is a publishing decision.
AUDIENCE_FIELDS = frozenset({"access_level", "networks", "owner_state"})
# Who may publish the work: changing these is never left to someone who could then publish it herself.
PUBLISHING_FIELDS = frozenset({"programs"})


def readable_q(user: AnyUser, work_id: str = "pk") -> Q:
    """The works `user` may open (as a condition on Work; `work_id`: the work's id as the queried model names it)."""
    public = Q(status__in=OUT, access_level=AccessLevel.PUBLIC)
    if not is_verified(user):
        return public
    if user.is_secretariat:  # type: ignore[union-attr]
        return Q(pk__isnull=False)
    networks = member_network_ids(user)
    through = Work.networks.through
    # EXISTS per row, not `pk IN (every work of her networks)`: PostgreSQL charged that hashed list to every row
    # of a nested loop and read every work to fetch a page of 20 by id.
    in_her_networks = Exists(through.objects.filter(work_id=OuterRef(work_id), network_id__in=networks))
    allowed = Q(access_level=AccessLevel.PUBLIC) | (Q(access_level=AccessLevel.NETWORKS) & Q(in_her_networks))
    institution = user.institution  # type: ignore[union-attr]
    if institution is not None and institution.state_id is not None:
        allowed |= Q(access_level=AccessLevel.STATE, owner_state_id=institution.state_id)
    return Q(created_by_id=user.pk) | (Q(status__in=OUT) & allowed)


def _publishable_q(user: AnyUser) -> Q:
    if user.has_role(Role.SECRETARIAT_ADMIN):  # type: ignore[union-attr]
        return Q(pk__isnull=False)
    programs = user.program_ids_for(Role.SECRETARIAT_OFFICER)  # type: ignore[union-attr]
    return Q(pk__in=Work.programs.through.objects.filter(program_id__in=programs).values("work_id"))


def work_q(user: AnyUser, action: str, work_id: str = "pk") -> Q | None:
    """The condition on Work for `action`, or None when `user` may do nothing of the kind."""
    if action == "view":
        return readable_q(user, work_id)
    if not is_verified(user):
        return None
    if action == "follow":
        return readable_q(user, work_id)
    if action == "change":
        if user.is_secretariat:  # type: ignore[union-attr]
            return Q(pk__isnull=False)
        return Q(created_by_id=user.pk) & ~Q(status__in=OUT)
    if action in {"publish", "archive"} and user.is_secretariat:  # type: ignore[union-attr]
        return _publishable_q(user)
    if action == "reclassify":
        own_draft = Q(created_by_id=user.pk) & ~Q(status__in=OUT)
        return own_draft | _publishable_q(user) if user.is_secretariat else own_draft  # type: ignore[union-attr]
    return None


# A translation's copy of the work's fields the conditions name (`Translation.work_*`, kept by the database).
COPIED = {
    "pk": "work_id",
    "status": "work_status",
    "access_level": "work_access_level",
    "owner_state_id": "work_owner_state_id",
    "created_by_id": "work_author_id",
}


def _through(condition: Q, prefix: str) -> Q:
    """`condition` on Work, rewritten as a condition on a model whose translation is reached through `prefix`
    ("" for Translation itself): on the translation's copy of the field where it has one, else through its work.
    A subquery is left as it is: it names the work's id itself (see `readable_q`)."""

    def lookup(name: str) -> str:
        field, _, rest = name.partition("__")
        copied = COPIED.get(field)
        return prefix + (copied + ("__" + rest if rest else "") if copied else "work__" + name)

    children = [
        _through(child, prefix)
        if isinstance(child, Q)
        else child
        if isinstance(child, Exists)
        else (lookup(child[0]), child[1])  # type: ignore[index]  # a Q's other children are (lookup, value) pairs
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


class LibraryPolicy(Policy):
    """Works, translations and versions: each row is reachable exactly when its work is (module docstring)."""

    def scope(self, user: AnyUser, queryset: models.QuerySet[Any], action: str) -> models.QuerySet[Any]:
        if queryset.model is Work:
            condition = work_q(user, action)
            return queryset.none() if condition is None else queryset.filter(condition)
        # The condition on the translation's copy of its work's fields (not `work_id IN (works the user may
        # open)`, nor through a join with every work): the database checks it on the rows a search matched.
        prefix = "" if queryset.model is Translation else "translation__"
        condition = work_q(user, action, work_id=prefix + "work_id")
        return queryset.none() if condition is None else queryset.filter(_through(condition, prefix))

    def can(self, user: AnyUser, action: str, obj: models.Model | None = None) -> bool:
        if action == "add":
            if not is_verified(user) or obj is not None:
                return False
            if user.is_secretariat:  # type: ignore[union-attr]
                return True
            return user.institution_id is not None and user.has_role(*AUTHOR_ROLES)  # type: ignore[union-attr]
        if work_q(user, action) is None:
            return False
        if obj is None:
            return True
        return self.scope(user, type(obj).objects.filter(pk=obj.pk), action).exists()  # type: ignore[attr-defined]


def locked_fields(user: AnyUser, work: Work) -> frozenset[str]:
    """The fields of `work` that `user` (who may `change` it) may not change: its programs unless she may
    `reclassify` it; on a published or archived work, its audience too unless she may `reclassify` it."""
    if policy_for(Work).can(user, "reclassify", work):
        return frozenset()
    return PUBLISHING_FIELDS | AUDIENCE_FIELDS if work.status in OUT else PUBLISHING_FIELDS


register(Work, LibraryPolicy())
register(Translation, LibraryPolicy())
register(Version, LibraryPolicy())
