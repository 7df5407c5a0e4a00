"""Alert pages: list and search, detail with acknowledgement and discussion, writing, follow-up, public."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from enlace.accounts.models import signed_in_user
from enlace.accounts.policy_base import policy_for
from enlace.audit.actions import record
from enlace.common.generic import PolicyDetailView, PolicyListView
from enlace.directory.forms import add_errors
from enlace.exchange import actions, attachments, followup, stix, stix_import
from enlace.exchange.filters import AlertFilter
from enlace.exchange.forms import (
    AcknowledgementForm,
    AlertForm,
    AttachmentForm,
    CommentForm,
    IndicatorsForm,
    PreferenceForm,
    RescopeForm,
    StixImportForm,
    TranslationForm,
)
from enlace.exchange.indicator_views import indicator_rows
from enlace.exchange.markdown import render as render_markdown
from enlace.exchange.models import (
    Acknowledgement,
    Alert,
    AlertPreference,
    AlertStatus,
    Attachment,
    Comment,
    Tlp,
)


class AlertListView(PolicyListView):
    """The alerts the user may read, newest first, with her own acknowledgement state."""

    model = Alert
    template_name = "exchange/alert_list.html"
    filterset_class = AlertFilter

    def get_queryset(self) -> Any:
        mine = Acknowledgement.objects.filter(alert=OuterRef("pk"), user_id=signed_in_user(self.request).pk)
        return super().get_queryset().select_related("originator").annotate(acknowledged=Exists(mine))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = policy_for(Alert).can(self.request.user, "add")
        return context


class AlertDetailView(PolicyDetailView):
    """One alert: its text, who it went to, the reader's answer, the discussion, and for the author and the
    Secretariat who opened and who acknowledged."""

    model = Alert
    template_name = "exchange/alert_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("originator", "created_by").prefetch_related("translations")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        alert, user = self.object, signed_in_user(self.request)
        if alert.status != AlertStatus.DRAFT:
            actions.record_opening(actor=user, alert=alert)
        if alert.tlp != Tlp.CLEAR:  # reading a marked alert is a sensitive read
            record("alert.view", actor=user, obj=alert, changes={"tlp": alert.tlp})
        policy = policy_for(Alert)
        wanted = alert.language if self.request.GET.get("original") else translation.get_language()
        title, body, shown = actions.in_language(alert, wanted or "en")
        context.update(shown_title=title, shown_language=shown, translated=shown != alert.language)
        context["html"] = render_markdown(body)
        context["translations"] = list(alert.translations.all())
        context["mine"] = Acknowledgement.objects.filter(alert=alert, user=user).first()
        context["can_acknowledge"] = policy.can(user, "acknowledge", alert)
        context["can_comment"] = policy.can(user, "comment", alert)
        context["can_change"] = policy.can(user, "change", alert)
        context["ack_form"] = AcknowledgementForm(initial={"answer": getattr(context["mine"], "answer", None)})
        context["comment_form"] = CommentForm()
        context["comments"] = Comment.objects.visible_to(user).filter(alert=alert).select_related("author")
        context["indicators"] = indicator_rows(alert, user)
        context["indicators_form"] = IndicatorsForm()
        context["attachments"] = Attachment.objects.visible_to(user).filter(alert=alert)
        context["attachment_form"] = AttachmentForm()
        context["translation_form"] = TranslationForm(alert=alert)
        if policy.can(user, "follow_up", alert):
            context["follow_up"] = followup.status(alert)
        return context


class AlertCreateView(View):
    """Write an alert: save it as a draft or publish it at once."""

    template_name = "exchange/alert_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Alert).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = AlertForm(author=user, initial={"language": (user.preferred_language or "en")[:2]})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = AlertForm(request.POST, author=user)
        if form.is_valid():
            try:
                alert = actions.create_alert(actor=user, publish="publish" in request.POST, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if alert.status == AlertStatus.PUBLISHED:
                    messages.success(request, _("The alert is published; its readers are being notified."))
                else:
                    messages.success(request, _("The draft is saved. Only you and the Secretariat can see it."))
                return redirect("exchange:alert_detail", pk=alert.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def _alert(request: HttpRequest, pk: int, action: str) -> Alert:
    return get_object_or_404(Alert.objects.restrict(request.user, action), pk=pk)


@require_POST
def alert_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft."""
    alert = _alert(request, pk, "change")
    try:
        actions.publish(actor=signed_in_user(request), alert=alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The alert is published; its readers are being notified."))
    return redirect("exchange:alert_detail", pk=pk)


class AlertRescopeView(View):
    """Change the marking or the scope (author or Secretariat), with a reason; audited."""

    template_name = "exchange/alert_rescope.html"

    def _initial(self, alert: Alert) -> dict[str, Any]:
        return {
            "tlp": alert.tlp,
            "all_members": alert.all_members,
            **{f: list(getattr(alert, f).all()) for f in actions.SCOPE_FIELDS},
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        alert = _alert(request, pk, "change")
        form = RescopeForm(author=signed_in_user(request), current=alert, initial=self._initial(alert))
        return render(request, self.template_name, {"form": form, "alert": alert})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alert = _alert(request, pk, "change")
        form = RescopeForm(request.POST, author=signed_in_user(request), current=alert)
        if form.is_valid():
            try:
                actions.change_marking_or_scope(actor=signed_in_user(request), alert=alert, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The marking and scope are saved."))
                return redirect("exchange:alert_detail", pk=pk)
        return render(request, self.template_name, {"form": form, "alert": alert}, status=400)


@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer an alert: received, acting, not affected."""
    alert = _alert(request, pk, "acknowledge")
    form = AcknowledgementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer."))
        return redirect("exchange:alert_detail", pk=pk)
    actions.acknowledge(actor=signed_in_user(request), alert=alert, **form.cleaned_data)
    messages.success(request, _("Your answer is recorded."))
    return redirect("exchange:alert_detail", pk=pk)


@require_POST
def alert_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Post to the discussion."""
    alert = _alert(request, pk, "comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.add_comment(actor=signed_in_user(request), alert=alert, body=form.cleaned_data["body"])
    else:
        messages.error(request, _("Write a message."))
    return redirect("exchange:alert_detail", pk=pk)


@require_POST
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one's own message."""
    comment = get_object_or_404(Comment.objects.restrict(request.user, "change"), pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.edit_comment(actor=signed_in_user(request), comment=comment, body=form.cleaned_data["body"])
    return redirect("exchange:alert_detail", pk=comment.alert_id)


@require_POST
def alert_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind the readers who have not acknowledged."""
    alert = _alert(request, pk, "follow_up")
    try:
        actions.remind_silent(actor=signed_in_user(request), alert=alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A reminder is on its way to the readers who have not answered."))
    return redirect("exchange:alert_detail", pk=pk)


class PublicBulletinListView(PolicyListView):
    """TLP:CLEAR alerts for anyone, signed in or not."""

    model = Alert
    policy_action = "public"
    template_name = "exchange/public_list.html"
    paginate_by = 20

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("originator")


class PublicBulletinDetailView(PolicyDetailView):
    """One TLP:CLEAR alert, public."""

    model = Alert
    policy_action = "public"
    template_name = "exchange/public_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["html"] = render_markdown(self.object.body)
        return context


public_list = login_not_required(PublicBulletinListView.as_view())
public_detail = login_not_required(PublicBulletinDetailView.as_view())


@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to an alert (author or Secretariat); the type is sniffed, malware only as an encrypted zip."""
    alert = _alert(request, pk, "change")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("exchange:alert_detail", pk=pk)
    try:
        attachments.attach(actor=signed_in_user(request), alert=alert, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file is attached."))
    return redirect("exchange:alert_detail", pk=pk)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment, always as a download (a malware sample as opaque bytes), to the alert's readers; audited."""
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user).select_related("alert"), pk=pk)
    record(
        "alert.attachment.download",
        actor=request.user,
        obj=attachment.alert,
        changes={"attachment": attachment.pk, "sha256": attachment.sha256},
    )
    content_type = "application/octet-stream" if attachment.malware_sample else attachment.content_type
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=content_type
    )


def alert_stix(request: HttpRequest, pk: int) -> HttpResponse:
    """The alert as a STIX 2.1 bundle, downloaded by one of its readers; audited."""
    alert = get_object_or_404(stix.export_queryset(Alert.objects.visible_to(request.user)), pk=pk)
    record("alert.export.stix", actor=request.user, obj=alert, changes={"tlp": alert.tlp, "via": "page"})
    response = HttpResponse(stix.dumps(stix.bundle([alert], bundle_key=str(alert.uuid))), content_type=stix.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="enlace-alert-{alert.pk}.stix.json"'
    return response


class StixImportView(View):
    """Authors import a STIX 2.1 bundle: its reports become alerts with the chosen scope; all or nothing."""

    template_name = "exchange/stix_import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(Alert).can(request.user, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": StixImportForm(author=signed_in_user(request))})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = StixImportForm(request.POST, request.FILES, author=user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload, publish, title = data.pop("file"), data.pop("publish"), data.pop("title")
            limit = settings.ENLACE_STIX_IMPORT_MAX_MB * 1024 * 1024
            try:
                if upload.size > limit:
                    raise ValidationError(_("The bundle is larger than %(mb)s MB.") % {"mb": limit // 1048576})
                try:
                    bundle = json.loads(upload.read())
                except (ValueError, UnicodeDecodeError) as exc:
                    raise ValidationError(_("The file is not JSON.")) from exc
                made = stix_import.import_bundle(
                    actor=user, data=bundle, title=title or upload.name, publish=publish, **data
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_errors(form, exc)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("%(n)d alert(s) imported.") % {"n": len(made.alerts)})
                for skipped in made.skipped:
                    messages.warning(request, f"{skipped['id']}: {skipped['reason']}")
                return redirect("exchange:alert_list")
        return render(request, self.template_name, {"form": form}, status=400)


class PreferenceView(View):
    """The user's alert e-mail preference (in-app notices always arrive)."""

    template_name = "exchange/preferences.html"

    def _form(self, request: HttpRequest, data: Any = None) -> PreferenceForm:
        user = signed_in_user(request)
        current = AlertPreference.objects.restrict(user, "change").filter(user=user).first()
        return PreferenceForm(data, instance=current or AlertPreference(user=user), author=user)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        actions.save_preference(actor=signed_in_user(request), form=form)
        messages.success(request, _("Your alert e-mail preference is saved."))
        return redirect("exchange:preferences")


@require_POST
def alert_translate(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or change the alert's text in another language (author or Secretariat)."""
    alert = _alert(request, pk, "change")
    form = TranslationForm(request.POST, alert=alert)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("exchange:alert_detail", pk=pk)
    actions.translate(actor=signed_in_user(request), alert=alert, **form.cleaned_data)
    messages.success(request, _("The translation is saved."))
    return redirect("exchange:alert_detail", pk=pk)
