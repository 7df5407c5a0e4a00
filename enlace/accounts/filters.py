"""One filter class per model, shared by pages and API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role


class UserFilter(django_filters.FilterSet):
    """Find accounts by name or e-mail, role and state."""

    q = django_filters.CharFilter(label=_("Name or e-mail"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Role"), field_name="role_assignments__role", choices=Role.choices, distinct=True
    )

    class Meta:
        model = User
        fields = ["q", "role"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        """Match the name or the e-mail address."""
        return queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value))
