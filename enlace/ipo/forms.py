"""Forms of IPO Americas: a major event, an observation, and one workflow step of a lesson."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.geo.models import MemberState
from enlace.ipo.actions import EVENT_FIELDS, LESSON_FIELDS, STEPS
from enlace.ipo.models import ActionStatus, Lesson, LinkRelation, MajorEvent
from enlace.library.models import Work

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.ModelForm):
    """A major event; a coordinator may only choose her own state."""

    class Meta:
        model = MajorEvent
        fields = list(EVENT_FIELDS)
        widgets = {"starts_on": DATE, "ends_on": DATE, "document_refs": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "name_en": _("Name (English)"),
            "name_es": _("Name (Spanish)"),
            "name_fr": _("Name (French)"),
            "name_pt": _("Name (Portuguese)"),
        }
        help_texts = {"document_refs": _("One per line: a title, an identifier or a web address.")}

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not author.is_secretariat:
            own = author.state_ids_for(Role.NATIONAL_COORDINATOR)
            self.fields["host_state"].queryset = MemberState.objects.filter(pk__in=own)  # type: ignore[attr-defined]


class LessonForm(forms.ModelForm):
    """A new observation: what was seen, about which event or activity, and who may read it."""

    class Meta:
        model = Lesson
        fields = list(LESSON_FIELDS)
        widgets = {"document_refs": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "activity": _("When the observation is not about a registered event."),
            "document_refs": _("One per line: a title, an identifier or a web address."),
        }

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = MajorEvent.objects.visible_to(author).select_related("host_state")  # type: ignore[attr-defined]
        self.fields["language"].required = False  # English unless told: the search indexes it in that language
        self.fields["language"].help_text = _("The language the observation is written in (for the search).")

    def clean_language(self) -> str:
        """The lesson's language, English when not given."""
        return self.cleaned_data.get("language") or "en"


class StepForm(forms.Form):
    """The fields one workflow step asks for (the view keeps only the step's own)."""

    rejection_reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea, required=False)
    analysis = forms.CharField(label=_("Analysis"), widget=forms.Textarea, required=False)
    recommendation = forms.CharField(label=_("Recommendation"), widget=forms.Textarea, required=False)
    responsible_body = forms.CharField(label=_("Responsible body"), max_length=250, required=False)
    action_description = forms.CharField(label=_("Remedial action"), widget=forms.Textarea, required=False)
    action_owner = forms.CharField(label=_("Action owner"), max_length=250, required=False)
    action_due = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    action_status = forms.ChoiceField(
        label=_("Action status"), choices=[("", "—"), *ActionStatus.choices], required=False
    )

    def step_fields(self, step: str) -> dict[str, Any]:
        """The cleaned values the step needs."""
        return {name: self.cleaned_data.get(name) for name in STEPS[step][2]}


class DocumentLinkForm(forms.Form):
    """Link a library document (by title, among those the user may read) with the kind of relation."""

    work = forms.ModelChoiceField(label=_("Library document"), queryset=Work.objects.none(), to_field_name="identifier")
    relation = forms.ChoiceField(label=_("Relation"), choices=LinkRelation.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["work"]
        field.queryset = Work.objects.visible_to(user).order_by("title")  # type: ignore[attr-defined]
