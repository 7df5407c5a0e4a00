"""Forms for the profile, API tokens and MFA reset."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from enlace.accounts.actions import MAX_TOKEN_DAYS
from enlace.accounts.models import ApiTokenScope
from enlace.geo.timezones import time_zone_choices


class ProfileForm(forms.Form):
    """The fields a user may change about herself."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, help_text=_("Dates and times are shown in this zone.")
    )


class ApiTokenForm(forms.Form):
    """A new personal API token."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("Say what the token is for."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiTokenScope.choices, initial=ApiTokenScope.READ)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=90)


class MfaResetForm(forms.Form):
    """Why a user's second factors are being removed."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
