"""The work-plan import form and the activity form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.directory.models import Institution
from enlace.workplan.models import (
    Activity,
    ActivityBudget,
    ActivityPartner,
    GenderSignificance,
    PlanLanguage,
    Program,
    ProposedActivity,
)


class PlanImportForm(forms.Form):
    """Upload an approved work plan as plain text or DOCX, with its term and language when they must be given."""

    file = forms.FileField(
        allow_empty_file=True,  # the import reports an empty file itself, like any other unreadable one
        label=_("Work plan file"),
        help_text=_("The approved plan as plain text (.txt, UTF-8) or a Word document (.docx), in English or Spanish."),
    )
    term = forms.RegexField(
        label=_("Term"),
        regex=r"^\d{4}-\d{4}$",
        required=False,
        max_length=9,
        help_text=_("Such as 2021-2022. Leave empty to read it from the plan's introduction."),
        error_messages={"invalid": _("Write the term as two years, such as 2021-2022.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the plan"),
        choices=[("", _("Read it from the headings")), *PlanLanguage.choices],
        required=False,
    )


class ProposedActivityChoice(forms.ModelMultipleChoiceField):
    """Proposed activities labelled with their plan's term and program, so an officer can tell them apart."""

    def label_from_instance(self, obj: Any) -> str:
        node = obj.plan_program
        program = node.parent.title if node.parent_id else node.title
        return f"{node.plan.term} · {program[:60]} · {obj.text[:140]}"


class ActivityForm(forms.ModelForm):
    """An activity: what, when, where, who, its IATI status and the proposed activities it implements."""

    implements = ProposedActivityChoice(
        queryset=ProposedActivity.objects.none(),
        required=False,
        label=_("Proposed activities it implements"),
        help_text=_("The mandates of the work plan this activity carries out (one or more)."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "program",
            "kind",
            "modality",
            "starts_on",
            "ends_on",
            "venue",
            "description",
            "states",
            "status",
            "gender_significance",
            "implements",
            "responsible_officer",
            "public",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["implements"].queryset = (  # type: ignore[attr-defined]
            ProposedActivity.objects.restrict(user, "view")
            .select_related("plan_program__plan", "plan_program__parent")
            .order_by("-plan_program__plan__term", "source_line")  # the order of the document
        )
        programs = Program.objects.restrict(user, "view")
        if not user.is_secretariat_admin:  # an officer records activities of her own programs
            programs = programs.filter(pk__in=user.program_ids_for(Role.SECRETARIAT_OFFICER))
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        officers = User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.SECRETARIAT_OFFICER, Role.SECRETARIAT_ADMIN]
        ).distinct()
        self.fields["responsible_officer"].queryset = officers.order_by("full_name")  # type: ignore[attr-defined]
        self.fields["gender_significance"].required = False

    def clean_gender_significance(self) -> int:
        """Left empty, the marker says gender equality is a significant objective (the model's default)."""
        value = self.cleaned_data.get("gender_significance")
        return GenderSignificance.SIGNIFICANT if value in (None, "") else int(value)


class PartnerForm(forms.ModelForm):
    """An organisation taking part in an activity, in an IATI role."""

    class Meta:
        model = ActivityPartner
        fields = ["name", "role", "org_type", "ref", "institution"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Institution.objects.restrict(user, "view").order_by("name")
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class BudgetForm(forms.ModelForm):
    """A budget of an activity for one period."""

    class Meta:
        model = ActivityBudget
        fields = ["period_start", "period_end", "value", "currency", "kind"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }
