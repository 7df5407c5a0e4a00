"""Forms of the library: a new work with its first file, a new translation, a new version, the search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.directory.models import Network
from enlace.geo.models import MemberState
from enlace.library.models import LANGUAGES, AccessLevel, DocumentType, Work
from enlace.workplan.models import Program

DC_FIELDS = [
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "dc_type",
    "format",
    "source",
    "relation",
    "coverage",
    "rights",
]


class WorkForm(forms.ModelForm):
    """A new work: Dublin Core metadata, programs, type, countries, access, and the first file."""

    upload = forms.FileField(label=_("File"))
    change_note = forms.CharField(label=_("Note on this version"), required=False)
    programs = forms.ModelMultipleChoiceField(
        label=_("Programs"), queryset=Program.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries covered"), queryset=MemberState.objects.all(), required=False
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks (for the “chosen networks” access level)"),
        queryset=Network.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Work
        fields = [*DC_FIELDS, "language", "document_type", "access_level", "owner_state"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("access_level") == AccessLevel.NETWORKS and not data.get("networks"):
            self.add_error("networks", _("Choose at least one network."))
        if data.get("access_level") == AccessLevel.STATE and not data.get("owner_state"):
            self.add_error("owner_state", _("Choose the owning state."))
        return data


class WorkEditForm(WorkForm):
    """A work's metadata after creation: the fields of the new-work form but its file and original language;
    the fields the user may not change on this work (`policies.locked_fields`) are shown disabled."""

    upload = None  # type: ignore[assignment]  # no file here: a new file is a new version
    change_note = None  # type: ignore[assignment]

    class Meta(WorkForm.Meta):
        fields = [*DC_FIELDS, "document_type", "access_level", "owner_state"]

    def __init__(self, *args: Any, locked: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("programs", "countries", "networks"):
                self.initial[name] = list(getattr(self.instance, name).all())
        for name in locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Only those who may publish this work may change this.")

    def _post_clean(self) -> None:
        """The instance is changed by `actions.change_work`, not by the form."""


class TranslationEditForm(forms.Form):
    """The title and description of a work in one language."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VersionNoteForm(forms.Form):
    """The change note of one version."""

    change_note = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TranslationForm(forms.Form):
    """A new language of a work, with its first file."""

    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    upload = forms.FileField(label=_("File"))


class VersionForm(forms.Form):
    """A new version of one translation."""

    change_note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}))
    upload = forms.FileField(label=_("File"))


class SearchForm(forms.Form):
    """The library search: words, the language indexes to search, and facet filters."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("", _("Documents and lessons learned")),
            ("document", _("Documents")),
            ("lesson", _("Lessons learned")),
        ],
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("All languages")), *LANGUAGES], required=False)
    program = forms.CharField(required=False, widget=forms.HiddenInput)
    document_type = forms.ChoiceField(
        label=_("Document type"), choices=[("", _("Any")), *DocumentType.choices], required=False
    )
    country = forms.CharField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200, widget=forms.HiddenInput)
    access_level = forms.ChoiceField(
        label=_("Access level"), choices=[("", _("Any")), *AccessLevel.choices], required=False
    )
