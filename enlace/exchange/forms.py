"""Forms of the exchange: an alert, a change of marking or scope, an acknowledgement, a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.directory.models import Institution, Network, Person
from enlace.exchange.models import AlertPreference, Answer, Sector, Tlp
from enlace.geo.models import MemberState

DATETIME = {"type": "datetime-local"}


def recipient_choices(author: User) -> Any:
    """Named recipients: people the author can see in the directory who have an account (all, for the
    Secretariat)."""
    users = User.objects.filter(is_active=True).select_related("institution").order_by("full_name", "email")
    if author.is_secretariat:
        return users
    visible = Person.objects.visible_to(author).exclude(user__isnull=True).values("user_id")
    return users.filter(pk__in=visible)


class ScopeFields(forms.Form):
    """The TLP marking and the sharing scope."""

    tlp = forms.ChoiceField(label=_("TLP"), choices=Tlp.choices, initial=Tlp.AMBER)
    all_members = forms.BooleanField(label=_("All members"), required=False)
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks"), queryset=Network.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    states = forms.ModelMultipleChoiceField(
        label=_("Member states"), queryset=MemberState.objects.all(), required=False
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=Institution.objects.none(), required=False
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Named recipients"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, author: User, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = Network.objects.visible_to(author)  # type: ignore[attr-defined]
        self.fields["institutions"].queryset = Institution.objects.visible_to(author).select_related("state")  # type: ignore[attr-defined]
        choices = recipient_choices(author)
        if current is not None:  # whoever is named already stays choosable
            choices = choices | User.objects.filter(pk__in=current.recipients.values("pk"))
        self.fields["recipients"].queryset = choices.distinct()  # type: ignore[attr-defined]
        self.fields["recipients"].label_from_instance = lambda u: f"{u.full_name or u.email} — {u.institution or ''}"  # type: ignore[attr-defined]


class AlertForm(ScopeFields):
    """A new alert."""

    title = forms.CharField(label=_("Title"), max_length=250)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 10}))
    kind = forms.ChoiceField(label=_("Type"), choices=[])
    severity = forms.ChoiceField(label=_("Severity"), choices=[])
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    affected_states = forms.ModelMultipleChoiceField(
        label=_("Affected states"), queryset=MemberState.objects.all(), required=False
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=[])
    expires_at = forms.DateTimeField(label=_("Expires"), required=False, widget=forms.DateTimeInput(attrs=DATETIME))
    ack_deadline = forms.DateTimeField(
        label=_("Acknowledge by"), required=False, widget=forms.DateTimeInput(attrs=DATETIME)
    )

    field_order = ["title", "body", "kind", "severity", "tlp", "sectors", "affected_states", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        from enlace.exchange.models import AlertKind, Severity

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AlertKind.choices  # type: ignore[attr-defined]
        self.fields["severity"].choices = Severity.choices  # type: ignore[attr-defined]
        self.fields["severity"].initial = "medium"
        self.fields["language"].choices = [(code[:2], name) for code, name in settings.LANGUAGES]  # type: ignore[attr-defined]


class RescopeForm(ScopeFields):
    """A change of marking or scope, with its reason (audited)."""

    reason = forms.CharField(label=_("Reason"), max_length=500)


class AcknowledgementForm(forms.Form):
    """A recipient's answer."""

    answer = forms.ChoiceField(label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    """A message in the discussion."""

    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class IndicatorsForm(forms.Form):
    """Indicators pasted one per line; the type is guessed per line unless chosen."""

    lines = forms.CharField(label=_("Indicators, one per line"), widget=forms.Textarea(attrs={"rows": 5}))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[])
    actionable = forms.BooleanField(label=_("Actionable (for detection)"), required=False, initial=True)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from enlace.exchange.indicators import IndicatorType

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Guess from each value")), *IndicatorType.choices]  # type: ignore[attr-defined]


class IndicatorSearchForm(forms.Form):
    """Search indicators by value and type."""

    q = forms.CharField(label=_("Value"), required=False, max_length=2000)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from enlace.exchange.indicators import IndicatorType

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Any")), *IndicatorType.choices]  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    """A file for an alert."""

    upload = forms.FileField(label=_("File"))
    malware_sample = forms.BooleanField(
        label=_("This is a malware sample (a zip file encrypted with the password “infected”)"), required=False
    )


class PreferenceForm(forms.ModelForm):
    """How the user wants alert e-mail."""

    class Meta:
        model = AlertPreference
        fields = ["mode", "min_severity", "networks", "critical_always"]
        widgets = {"mode": forms.RadioSelect, "networks": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = Network.objects.visible_to(author)  # type: ignore[attr-defined]


class TranslationForm(forms.Form):
    """The alert in another of Enlace's languages."""

    language = forms.ChoiceField(label=_("Language"), choices=[])
    title = forms.CharField(label=_("Title"), max_length=250)
    body = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, alert: Any, **kwargs: Any) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        choices = [(code[:2], name) for code, name in settings.LANGUAGES if code[:2] != alert.language]
        self.fields["language"].choices = choices  # type: ignore[attr-defined]


class StixImportForm(ScopeFields):
    """A STIX 2.1 bundle to import, and the scope of the alerts it makes (their TLP comes from the bundle)."""

    file = forms.FileField(label=_("STIX 2.1 bundle (JSON)"))
    title = forms.CharField(label=_("Title for indicators outside any report"), max_length=250, required=False)
    publish = forms.BooleanField(label=_("Publish at once"), required=False, initial=True)

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, author=author, **kwargs)
        del self.fields["tlp"]  # the markings in the bundle decide


class MispImportForm(ScopeFields):
    """MISP event JSON, uploaded or pasted, and the scope of the alerts it makes (their TLP comes from its tags)."""

    file = forms.FileField(label=_("MISP event JSON file"), required=False)
    text = forms.CharField(
        label=_("…or paste the MISP event JSON"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    publish = forms.BooleanField(label=_("Publish at once"), required=False, initial=True)

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, author=author, **kwargs)
        del self.fields["tlp"]  # the event's tlp:* tags decide

    def clean(self) -> dict[str, Any]:
        """The parsed document in `document` and its text in `json_text` (so a preview can carry it on)."""
        import json

        from django.conf import settings

        cleaned = super().clean() or {}
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        limit = settings.ENLACE_STIX_IMPORT_MAX_MB * 1024 * 1024
        if upload is None and not text.strip():
            raise forms.ValidationError(_("Choose a file or paste the event JSON."))
        if (upload is not None and upload.size > limit) or len(text.encode()) > limit:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit // 1048576})
        raw = upload.read() if upload is not None else text.encode()
        try:
            cleaned["json_text"] = raw.decode()
            cleaned["document"] = json.loads(cleaned["json_text"])
        except (ValueError, UnicodeDecodeError) as exc:
            raise forms.ValidationError(_("The file is not JSON.")) from exc
        return cleaned
