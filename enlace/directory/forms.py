"""Forms of the directory: designations, people, channels, exercises, the roster, applications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.renderers import get_default_renderer
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.directory.models import (
    AvailabilityKind,
    ChannelKind,
    DesignationRole,
    Institution,
    Network,
    Person,
    Skill,
    Visibility,
    fold,
)
from enlace.directory.policies import coordinated_state_ids
from enlace.directory.roster import FIRST_MISSION_YEAR
from enlace.geo.models import MemberState
from enlace.geo.timezones import time_zone_choices

LANGUAGE_CHOICES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("pt", _("Portuguese"))]


class NominationForm(forms.Form):
    """A state's nomination of a person or an institution in a network."""

    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())
    state = forms.ModelChoiceField(label=_("Member state"), queryset=MemberState.objects.none())
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution (24/7 office)"), queryset=Institution.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=DesignationRole.choices)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Required for a deputy."),
    )
    note_verbale_number = forms.CharField(label=_("Note verbale number"), max_length=64, required=False)
    note_verbale_date = forms.DateField(
        label=_("Note verbale date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = (
            MemberState.objects.all()
            if user.is_secretariat
            else MemberState.objects.filter(pk__in=coordinated_state_ids(user))
        )
        self.fields["network"].queryset = Network.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["state"].queryset = states  # type: ignore[attr-defined]
        people = Person.objects.restrict(user, "change").filter(institution__state__in=states)
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            people.select_related("institution")
        )
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            state__in=states, always_on_duty=True
        )


class PersonForm(forms.Form):
    """A person of the directory: name, institution, languages, time zone and on-call hours."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    on_call_hours = forms.JSONField(
        label=_("On-call hours"),
        required=False,
        initial=dict,
        help_text=_('Local times by weekday, 0 = Monday: {"0": [["08:00", "18:00"]], …}. Empty: office hours.'),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Institution.objects.select_related("state")
        if not user.is_secretariat:
            institutions = institutions.filter(state_id__in=coordinated_state_ids(user))
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class ChannelForm(forms.Form):
    """A new way to reach a person: the value is checked for its kind (phone, e-mail, PGP key…)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ChannelKind.choices)
    value = forms.CharField(
        label=_("Value"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=64_000,
        help_text=_("A phone number with its country code, an e-mail address, or an ASCII-armoured public key."),
    )
    priority = forms.IntegerField(label=_("Priority"), min_value=1, max_value=9, initial=1)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices)


class ExerciseForm(forms.Form):
    """A reachability exercise to launch now."""

    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all())
    states = forms.ModelMultipleChoiceField(
        label=_("Member states"), queryset=MemberState.objects.all(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    escalate_after = forms.IntegerField(
        label=_("Escalate after (minutes)"), min_value=5, max_value=7 * 24 * 60, initial=60
    )
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    channels = forms.MultipleChoiceField(
        label=_("Channels"), widget=forms.CheckboxSelectMultiple, initial=["email", "in_app"], choices=()
    )
    start_at = forms.DateTimeField(
        label=_("Start at (your time zone; leave empty to start now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from enlace.directory.delivery import installed

        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = [(code, channel.label) for code, channel in installed().items()]  # type: ignore[attr-defined]

    def clean_start_at(self) -> Any:
        start_at = self.cleaned_data.get("start_at")
        if start_at and start_at > timezone.now() + timedelta(days=366):
            raise forms.ValidationError(_("An exercise can be scheduled at most a year ahead."))
        return start_at


class CertificationForm(forms.Form):
    """A certification an expert holds."""

    name = forms.CharField(label=_("Certification"), max_length=200)
    issuer = forms.CharField(label=_("Issuer"), max_length=200)
    obtained_on = forms.DateField(label=_("Obtained"), widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label=_("Expires"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group, each group named by its legend."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        renderer = renderer or get_default_renderer()
        context = self.get_context(name, value, attrs)
        groups = []
        for group, options, _index in context["widget"]["optgroups"]:
            boxes = format_html_join(
                "",
                "<div>{}</div>",
                ((SafeString(renderer.render(o["template_name"], {"widget": o})),) for o in options),
            )
            groups.append(format_html('<fieldset class="group"><legend>{}</legend>{}</fieldset>', group, boxes))
        widget_id = context["widget"]["attrs"].get("id", "")
        return format_html('<div id="{}">{}</div>', widget_id, SafeString("".join(groups)))


def person_label(person: Person) -> str:
    """A person as the roster's people search lists her: name, institution, state."""
    state = person.institution.state
    return f"{person.full_name} — {person.institution}" + (f" ({state.iso2})" if state else "")


class ExpertForm(forms.Form):
    """A roster entry: summary, skills, languages (an expert's windows have their own form)."""

    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"), queryset=Skill.objects.all(), required=False, widget=GroupedCheckboxes
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].widget.choices = _grouped(Skill.objects.select_related("program"))


PERSON_SEARCH_MIN = 2
PERSON_SEARCH_LIMIT = 20


def roster_candidates(user: User) -> QuerySet[Person]:
    """The people the user may see who are not on the roster yet."""
    return Person.objects.visible_to(user).filter(expert__isnull=True)


def search_people(user: User, query: str) -> list[Person]:
    """Candidates whose name contains `query`, ignoring case and accents; nothing under two letters."""
    folded = fold(query.strip())
    if len(folded) < PERSON_SEARCH_MIN:
        return []
    matches = roster_candidates(user).filter(search_name__contains=folded).select_related("institution__state")
    return list(matches[:PERSON_SEARCH_LIMIT])


class RosterPersonForm(forms.Form):
    """The person put on the roster, chosen from the search results (the page renders the search itself)."""

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Search for the person and choose her in the results."),
            "invalid_choice": _("Choose a person from the search results."),
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = roster_candidates(user)  # type: ignore[attr-defined]


class AvailabilityWindowForm(forms.Form):
    """One availability window of an expert."""

    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty when there is no end."),
    )
    kind = forms.ChoiceField(label=_("Availability"), choices=AvailabilityKind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


def _grouped(skills: Iterable[Skill]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The vocabulary as (program, [(skill id, skill)]) in the active language."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for skill in skills:
        groups.setdefault(skill.program.name, []).append((skill.pk, skill.name))
    return list(groups.items())


class MissionForm(forms.Form):
    """A mission or training the expert delivered."""

    title = forms.CharField(label=_("Title"), max_length=200)
    state = forms.ModelChoiceField(label=_("Member state"), queryset=MemberState.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_MISSION_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year  # a mission is recorded once done (the action refuses later years)
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["year"].initial = this_year


class ApplicationForm(forms.Form):
    """A team's application to join CSIRTAmericas (or another network)."""

    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all(), to_field_name="code")
    state = forms.ModelChoiceField(label=_("Member state"), queryset=MemberState.objects.all())
    team_name = forms.CharField(label=_("Team"), max_length=200)
    team_email = forms.EmailField(label=_("Team e-mail"))
    document = forms.FileField(label=_("Official letter (PDF, 10 MB at most)"))


class DecisionForm(forms.Form):
    """The Secretariat's decision on an application."""

    accept = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Accept")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    meeting_on = forms.DateField(
        label=_("Introductory meeting"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    """Why a designation ends or is suspended."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a model ValidationError on the form, under its field when the form has it; an error without fields
    (raised with a message, not a dict) on the form as a whole."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)
