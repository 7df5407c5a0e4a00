"""Forms of the participant pages: the attendance upload, the program-and-period filter and the gender target."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.workplan.models import Program


class AttendanceUploadForm(forms.Form):
    """An attendance list to preview."""

    file = forms.FileField(
        label=gettext_lazy("Attendance list (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: name, e-mail, sex, state, institution, institution type, status, language. The first row holds "
            "the titles."
        ),
    )


class PeriodForm(forms.Form):
    """Which program and period to count."""

    program = forms.ModelChoiceField(
        Program.objects.all(), required=False, label=gettext_lazy("Program"), empty_label=gettext_lazy("All programs")
    )
    starts = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            raise ValidationError(_("The end date is before the start date."))
        return data


class GenderTargetForm(forms.Form):
    """A program's target share of women from a year on."""

    share_percent = forms.IntegerField(label=gettext_lazy("Target share of women (%)"), min_value=0, max_value=100)
    from_year = forms.IntegerField(label=gettext_lazy("From year"), min_value=2000, max_value=2100)
