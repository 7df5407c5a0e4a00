"""The work-plan import form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.workplan.models import PlanLanguage


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
