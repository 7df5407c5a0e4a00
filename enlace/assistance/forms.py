"""Forms of the assistance pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.accounts.roles import SECRETARIAT_ROLES
from enlace.assistance.models import (
    AssistanceRequest,
    MissionKind,
    Priority,
    RecommendationStatus,
    RequestStatus,
)
from enlace.directory.models import Expert, Institution
from enlace.directory.policies import coordinated_state_ids
from enlace.geo.models import MemberState
from enlace.workplan.models import Program

DATE = forms.DateInput(attrs={"type": "date"})


class RequestForm(forms.Form):
    """A coordinator's request: for one of her states, under a program, with an optional first document."""

    state = forms.ModelChoiceField(label=_("Member state"), queryset=MemberState.objects.none())
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    document = forms.FileField(label=_("Document (optional)"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = MemberState.objects.filter(pk__in=coordinated_state_ids(user))  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    """The Secretariat's next step for a request."""

    to = forms.ChoiceField(label=_("New status"), choices=RequestStatus.choices)
    reason = forms.CharField(label=_("Reason or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WithdrawForm(forms.Form):
    """The state withdraws its request."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(forms.Form):
    """Responsible officer, roster experts and the activities that answer the request."""

    officer = forms.ModelChoiceField(label=_("Responsible officer"), queryset=User.objects.none(), required=False)
    experts = forms.ModelMultipleChoiceField(label=_("Experts"), queryset=Expert.objects.none(), required=False)
    activity_reference = forms.CharField(
        label=_("Answering activities (reference or link)"), max_length=500, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(role_assignments__role__in=SECRETARIAT_ROLES, is_active=True).distinct()
        self.fields["officer"].queryset = staff  # type: ignore[attr-defined]
        self.fields["experts"].queryset = Expert.objects.visible_to(user).select_related("person")  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    """One more document for a request."""

    upload = forms.FileField(label=_("File"))


class MissionForm(forms.Form):
    """An assessment mission or peer review."""

    kind = forms.ChoiceField(label=_("Type"), choices=MissionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    state = forms.ModelChoiceField(label=_("Member state"), queryset=MemberState.objects.all())
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.all())
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    experts = forms.ModelMultipleChoiceField(label=_("Experts"), queryset=Expert.objects.none(), required=False)
    request = forms.ModelChoiceField(
        label=_("Assistance request"), queryset=AssistanceRequest.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = Expert.objects.visible_to(user).select_related("person")  # type: ignore[attr-defined]
        self.fields["request"].queryset = AssistanceRequest.objects.visible_to(user)  # type: ignore[attr-defined]


class FindingForm(forms.Form):
    """A vulnerability the mission found."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RecommendationForm(forms.Form):
    """What the mission recommends."""

    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_institution = forms.ModelChoiceField(
        label=_("Owner institution (optional)"), queryset=Institution.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Due"), widget=DATE)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)
    activity_reference = forms.CharField(
        label=_("Follow-up activities (reference or link)"), max_length=500, required=False
    )

    def __init__(self, *args: Any, state_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_institution"].queryset = Institution.objects.filter(state_id=state_id)  # type: ignore[attr-defined]


class RecommendationStatusForm(forms.Form):
    """A follow-up: the new status and what was done."""

    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
