"""Security notices sent by the background worker."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from enlace.accounts.models import ApiToken


@task()
def notify_api_token_created(token_id: int) -> None:
    """Tell a user, in her language, that an API token was created on her account."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None:
        return
    user = token.user
    with translation.override(user.preferred_language):
        subject = render_to_string("accounts/email/api_token_created_subject.txt", {"token": token}).strip()
        body = render_to_string("accounts/email/api_token_created.txt", {"token": token, "user": user})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
