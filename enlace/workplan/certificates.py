"""The certificate PDF, printed in the participant's language, with its public verification link."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _

from enlace.workplan.participants import Certificate, CertificateKind


def _date(value: date) -> str:
    return str(formats.date_format(value, "DATE_FORMAT"))


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF, in the participant's preferred language."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    participation = certificate.participation
    activity = participation.activity
    with translation.override(participation.participant.language):
        title = str(CertificateKind(certificate.kind).label)
        verb = (
            _("has completed the activity")
            if certificate.kind == CertificateKind.COMPLETION
            else _("has attended the activity")
        )
        if activity.ends_on and activity.ends_on != activity.starts_on:
            dates = _("from %(start)s to %(end)s") % {
                "start": _date(activity.starts_on),
                "end": _date(activity.ends_on),
            }
        else:
            dates = _("on %(date)s") % {"date": _date(activity.starts_on)}
        lines = [
            (_("The Secretariat of the Inter-American Committee against Terrorism (CICTE) certifies that"), "body"),
            (participation.participant.full_name, "name"),
            (verb, "body"),
            (activity.title, "activity"),
            (f"{activity.program.name} · {dates}", "body"),
            (_("Issued on %(date)s.") % {"date": _date(certificate.issued_on)}, "small"),
            (_("Check that this certificate is genuine at %(url)s") % {"url": verify_url}, "small"),
        ]
    styles = getSampleStyleSheet()
    looks = {
        "body": ParagraphStyle("body", parent=styles["BodyText"], fontSize=14, leading=20, alignment=1),
        "name": ParagraphStyle("name", parent=styles["Title"], fontSize=26, leading=34),
        "activity": ParagraphStyle("activity", parent=styles["Heading2"], fontSize=18, leading=24, alignment=1),
        "small": ParagraphStyle("small", parent=styles["BodyText"], fontSize=9, leading=12, alignment=1),
    }
    story: list[object] = [Paragraph(escape(title), styles["Title"]), Spacer(1, 10 * mm)]
    for text, look in lines:
        story += [Paragraph(escape(text), looks[look]), Spacer(1, 5 * mm)]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=landscape(A4), title=title, author="Enlace", topMargin=25 * mm, bottomMargin=15 * mm
    )
    document.build(story)
    return out.getvalue()
