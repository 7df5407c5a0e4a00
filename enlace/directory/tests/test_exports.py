"""Exports: vCard 4.0 that vobject parses, CSV that round-trips, audited per state, watermarked, rate limited."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
import vobject
from django.test import Client

from enlace.accounts.models import User
from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.directory.testing import make_designation, make_person

pytestmark = pytest.mark.django_db


def test_vcard_export_parses_with_vobject_and_carries_the_watermark(client_as: Callable[[str], Client]) -> None:
    ar = make_designation("AR", "counterterrorism")
    ar.person.full_name = "María José O'Neill; Jr., \\ test"
    ar.person.save()
    make_designation("UY", "counterterrorism")
    response = client_as("officer").get("/directory/networks/counterterrorism/export.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    assert "attachment" in response["Content-Disposition"]
    cards = list(vobject.readComponents(response.content.decode()))
    assert len(cards) == 2
    names = {card.fn.value for card in cards}
    assert "María José O'Neill; Jr., \\ test" in names
    export = AuditRecord.objects.filter(action="directory.export")
    assert {r.changes["state"] for r in export} == {"AR", "UY"}
    export_id = export.first().changes["export_id"]  # type: ignore[union-attr]
    assert all(export_id in card.note.value for card in cards)
    assert all(card.version.value == "4.0" for card in cards)


def test_csv_export_round_trips_and_every_row_is_watermarked(client_as: Callable[[str], Client]) -> None:
    make_designation("AR", "counterterrorism")
    response = client_as("officer").get("/directory/networks/counterterrorism/export.csv?state=AR")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["state"] for r in rows} == {"AR"}
    assert {r["kind"] for r in rows} == {"email", "mobile", "phone"}  # the Secretariat sees every channel
    export_id = AuditRecord.objects.get(action="directory.export").changes["export_id"]
    assert {r["export_id"] for r in rows} == {export_id}


def test_export_contains_only_what_the_exporter_may_see(persona: Callable[[str], User]) -> None:
    focal = persona("focal_point")  # Chile
    make_designation("CL", "counterterrorism", person=make_person("CL", user=focal), role="alternate")
    make_designation("BR", "counterterrorism")
    make_designation("BR", "unscr-1540")
    client = sign_in(Client(), focal)
    rows = list(
        csv.DictReader(io.StringIO(client.get("/directory/networks/counterterrorism/export.csv").content.decode()))
    )
    brazil = [r for r in rows if r["state"] == "BR"]
    assert {r["kind"] for r in brazil} == {"email"}  # no own-state or Secretariat-only channel of another state
    assert client.get("/directory/networks/unscr-1540/export.csv").status_code == 404


def test_exports_are_rate_limited(client_as: Callable[[str], Client], settings: object) -> None:
    make_designation("AR", "counterterrorism")
    client = client_as("officer")
    from enlace.directory.views import networks as views

    statuses = [
        client.get("/directory/networks/counterterrorism/export.csv").status_code for _ in range(views.EXPORT_LIMIT + 1)
    ]
    assert statuses[:-1] == [200] * views.EXPORT_LIMIT
    assert statuses[-1] == 429


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    from enlace.common.csvsafe import safe_cell

    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+54 11 4819-7000") == "+54 11 4819-7000"
    assert safe_cell("-12") == "-12"
    assert safe_cell(None) == ""


def test_printable_pdf_directory_is_watermarked_and_audited(client_as: Callable[[str], Client]) -> None:
    make_designation("AR", "counterterrorism")
    make_designation("UY", "counterterrorism")
    response = client_as("officer").get("/directory/networks/counterterrorism/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    export_id = (
        AuditRecord.objects.filter(action="directory.export", changes__format="pdf").first().changes["export_id"]
    )  # type: ignore[union-attr]
    assert export_id.encode() in response.content  # in the document's metadata; also drawn on every page


def test_printable_pdf_wraps_a_value_too_wide_for_its_column(client_as: Callable[[str], Client]) -> None:
    from pypdf import PdfReader

    from enlace.directory.models import Channel, ChannelKind

    short = make_designation("AR", "counterterrorism")
    wide = make_designation("UY", "counterterrorism")
    link = "https://messenger.example.org/" + "x" * 40 + "/" + "y" * 40 + "/contact"
    Channel.objects.create(person=wide.person, kind=ChannelKind.MESSENGER, value=link)
    response = client_as("officer").get("/directory/networks/counterterrorism/export.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert short.person.full_name in text
    assert short.person.institution.name in text
    # The link is wider than its column: it is laid out as a wrapping paragraph, so it is broken across lines.
    assert link not in text
    assert link in text.replace("\n", "")
