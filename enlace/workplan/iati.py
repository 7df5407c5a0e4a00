"""The IATI 2.03 export of activities (`iati-activities`), built with lxml; see docs/workplan.md for the codes.

Transactions come from the funding app and sex-disaggregated results from the participants register, each
read once for the whole document (`activity_transactions`, `activity_results`) and only as far as the viewer's
policies for those models allow (the public file: neither).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from lxml import etree

from enlace.accounts.policy_base import AnyUser
from enlace.workplan.models import Activity, ActivityStatus

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# OECD DAC CRS 5-digit purpose codes (sector vocabulary 1) for each CICTE program.
PROGRAM_SECTORS: dict[str, str] = {
    "cybersecurity": "15210",  # Security system management and reform
    "wmd-1540": "15210",  # Security system management and reform
    "violent-extremism": "15220",  # Civilian peace-building, conflict prevention and resolution (includes PVE)
    "border-security": "15210",  # Security system management and reform
    "mass-gatherings": "15210",  # Security system management and reform
    "terrorism-financing": "15130",  # Legal and judicial development
    "counterterrorism-network": "15210",  # Security system management and reform
}
DEFAULT_SECTOR = "15210"
# DAC region "America, regional", for an activity that names no member state.
AMERICA_REGIONAL = "498"
# IATI OrganisationType of the publisher: multilateral.
REPORTING_ORG_TYPE = "40"
REPORTING_ORG_NAME = "Organization of American States (OAS) - CICTE Secretariat"
DELIVERED = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION, ActivityStatus.CLOSED)


@dataclass(frozen=True)
class Transaction:
    """One IATI transaction: `kind` is the TransactionType code (1 incoming funds, 2 commitment, 3 disbursement,
    4 expenditure, 11 incoming commitment…), `value` in `currency` on `day`."""

    kind: int
    day: date
    value: Decimal
    currency: str = "USD"
    description: str = ""
    provider: str = ""
    provider_ref: str = ""
    receiver: str = ""
    receiver_ref: str = ""
    value_day: date | None = None  # the day for currency conversion when it is not `day` (a reversal's)


@dataclass(frozen=True)
class ResultIndicator:
    """One output indicator of an activity with its actual values by sex over a period, such as
    `ResultIndicator("People trained", date(2022, 1, 1), date(2022, 12, 31), {"female": 12, "male": 9})`."""

    title: str
    period_start: date
    period_end: date
    actual_by_sex: dict[str, int] = field(default_factory=dict)
    result_title: str = ""


# Incoming money names its donor as the provider; disbursements and expenditure are the publisher's own.
INCOMING = (1, 11, 13)


def activity_transactions(activities: Sequence[Activity], viewer: AnyUser) -> dict[int, list[Transaction]]:
    """The funding app's transactions the viewer may see recorded against these activities, by activity id, oldest
    first (one query). Pledges (13) are included: IATI's type says what they are, and no total is made here.
    A reversal is exported with its negative value (IATI 2.03 allows them for reversals), dated the day it was
    entered, with the original's value date (the rate both convert at) and its reason as description."""
    from enlace.funding.models import Transaction as Money

    found: dict[int, list[Transaction]] = {}
    rows = (
        Money.objects.restrict(viewer, "view")
        .filter(activity_id__in=[a.pk for a in activities])
        .select_related("donor")
        .order_by("value_date", "pk")
    )
    for row in rows:
        donor = row.donor.name if row.donor and row.type in INCOMING else ""
        found.setdefault(row.activity_id, []).append(  # type: ignore[arg-type]
            Transaction(
                row.type,
                row.entered_on or row.value_date,
                row.value,
                row.currency,
                row.reason or row.description,
                provider=donor,
                value_day=row.value_date,
            )
        )
    return found


# IATI's sex dimension values, by ISO/IEC 5218 code; "not applicable" has no IATI counterpart and is left out.
IATI_SEX = {2: "female", 1: "male", 0: "not known"}


def activity_results(activities: Sequence[Activity], viewer: AnyUser) -> dict[int, list[ResultIndicator]]:
    """For each activity with participants the viewer may see: the people who attended or completed it (certified
    included), by sex, over the activity's dates (one query)."""
    from django.db.models import Count

    from enlace.workplan.participants import REACHED, Participation

    by_activity: dict[int, dict[str, int]] = {}
    rows = (
        Participation.objects.restrict(viewer, "view")
        .filter(activity_id__in=[a.pk for a in activities], status__in=REACHED)
        .values_list("activity_id", "participant__sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for activity_id, sex, n in rows:
        if sex in IATI_SEX:
            by_activity.setdefault(activity_id, {})[IATI_SEX[sex]] = n
    found: dict[int, list[ResultIndicator]] = {}
    for activity in activities:
        if activity.pk in by_activity:
            counts = {
                sex: by_activity[activity.pk][sex] for sex in IATI_SEX.values() if sex in by_activity[activity.pk]
            }
            title = gettext("People who attended or completed the activity")  # in the export's language
            found[activity.pk] = [
                ResultIndicator(title, activity.starts_on, activity.ends_on or activity.starts_on, counts)
            ]
    return found


def identifier(activity: Activity) -> str:
    """The activity's IATI identifier: the publisher's organisation identifier, then the activity's number."""
    return f"{settings.ENLACE_IATI_ORG_REF}-WP-{activity.pk}"


def export_queryset(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """What the export reads, in a fixed number of queries whatever the number of activities."""
    return queryset.select_related("program").prefetch_related("states", "partners", "budgets").order_by("pk")


def build(activities: Iterable[Activity], *, viewer: AnyUser, today: date | None = None) -> etree._Element:
    """The `iati-activities` document (version 2.03) for these activities, with the transactions and participants
    the viewer may see."""
    today = today or timezone.localdate()
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": _timestamp()})
    rows = list(activities)
    with translation.override(settings.ENLACE_IATI_LANGUAGE):  # the narratives' language, not the reader's
        transactions, results = activity_transactions(rows, viewer), activity_results(rows, viewer)
        for activity in rows:
            root.append(_activity(activity, today, transactions.get(activity.pk, []), results.get(activity.pk, [])))
    return root


def serialize(root: etree._Element) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _timestamp() -> str:
    return timezone.now().replace(microsecond=0).isoformat()


# Characters XML 1.0 cannot carry (control characters pasted from word processors, for instance).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> Any:
    element = etree.SubElement(parent, tag, {k: _xml_text(v) for k, v in (attrs or {}).items() if v != ""})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _narrative(parent: etree._Element, tag: str, text: str, attrs: dict[str, str] | None = None) -> Any:
    element = _sub(parent, tag, attrs)
    _sub(element, "narrative", {XML_LANG: settings.ENLACE_IATI_LANGUAGE}, text)
    return element


def _activity(
    activity: Activity, today: date, transactions: Sequence[Transaction], results: Sequence[ResultIndicator]
) -> etree._Element:
    element = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": _timestamp(),
            XML_LANG: settings.ENLACE_IATI_LANGUAGE,
            "default-currency": "USD",
            "humanitarian": "0",
        },
    )
    _sub(element, "iati-identifier", text=identifier(activity))
    _narrative(
        element, "reporting-org", REPORTING_ORG_NAME, {"ref": settings.ENLACE_IATI_ORG_REF, "type": REPORTING_ORG_TYPE}
    )
    _narrative(element, "title", activity.title)
    description = activity.description or f"{activity.program.name_en}: {activity.get_kind_display()}"
    _narrative(element, "description", description, {"type": "1"})
    partners = activity.partners.all()
    for partner in partners:
        attrs = {"ref": partner.ref, "type": str(partner.org_type or ""), "role": str(partner.role)}
        _narrative(element, "participating-org", partner.name, attrs)
    if not partners:  # IATI asks for one at least: the publisher answers for what it recorded alone
        attrs = {"ref": settings.ENLACE_IATI_ORG_REF, "type": REPORTING_ORG_TYPE, "role": "2"}
        _narrative(element, "participating-org", REPORTING_ORG_NAME, attrs)
    _sub(element, "activity-status", {"code": str(activity.status)})
    for kind, day in _dates(activity, today):
        _sub(element, "activity-date", {"iso-date": day.isoformat(), "type": str(kind)})
    _sub(element, "activity-scope", {"code": "3" if len(activity.states.all()) > 1 else "4"})
    _countries(element, [s.iso2 for s in activity.states.all()])
    sector = PROGRAM_SECTORS.get(activity.program.code, DEFAULT_SECTOR)
    _sub(element, "sector", {"vocabulary": "1", "code": sector, "percentage": "100"})
    _sub(element, "policy-marker", {"vocabulary": "1", "code": "1", "significance": str(activity.gender_significance)})
    for budget in activity.budgets.all():
        node = _sub(element, "budget", {"type": str(budget.kind), "status": "1"})
        _sub(node, "period-start", {"iso-date": budget.period_start.isoformat()})
        _sub(node, "period-end", {"iso-date": budget.period_end.isoformat()})
        _sub(
            node,
            "value",
            {"currency": budget.currency, "value-date": budget.period_start.isoformat()},
            str(budget.value),
        )
    for transaction in transactions:
        _transaction(element, transaction)
    for indicator in results:
        _result(element, indicator)
    return element


def _dates(activity: Activity, today: date) -> list[tuple[int, date]]:
    """Planned start (1) and end (3); actual start (2) once under way, actual end (4) once over."""
    under_way = activity.status in DELIVERED and activity.starts_on <= today
    dates = [(2 if under_way else 1, activity.starts_on)]
    if activity.ends_on:
        over = activity.status in (ActivityStatus.FINALISATION, ActivityStatus.CLOSED) and activity.ends_on <= today
        dates.append((4 if over else 3, activity.ends_on))
    return dates


def _countries(element: etree._Element, codes: list[str]) -> None:
    if not codes:
        _sub(element, "recipient-region", {"code": AMERICA_REGIONAL, "vocabulary": "1", "percentage": "100"})
        return
    for code, share in zip(sorted(codes), split_percentages(len(codes)), strict=True):
        _sub(element, "recipient-country", {"code": code, "percentage": str(share)})


def split_percentages(count: int) -> list[Decimal]:
    """`count` shares of 100 with two decimals that add up to exactly 100 (the first takes the remainder)."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [Decimal(100) - share * (count - 1), *([share] * (count - 1))]


def _transaction(element: etree._Element, transaction: Transaction) -> None:
    node = _sub(element, "transaction")
    _sub(node, "transaction-type", {"code": str(transaction.kind)})
    _sub(node, "transaction-date", {"iso-date": transaction.day.isoformat()})
    attrs = {"currency": transaction.currency, "value-date": (transaction.value_day or transaction.day).isoformat()}
    _sub(node, "value", attrs, str(transaction.value))
    if transaction.description:
        _narrative(node, "description", transaction.description)
    if transaction.provider or transaction.provider_ref:
        _narrative(node, "provider-org", transaction.provider, {"ref": transaction.provider_ref})
    if transaction.receiver or transaction.receiver_ref:
        _narrative(node, "receiver-org", transaction.receiver, {"ref": transaction.receiver_ref})


def _result(element: etree._Element, indicator: ResultIndicator) -> None:
    result = _sub(element, "result", {"type": "1", "aggregation-status": "1"})
    _narrative(result, "title", indicator.result_title or indicator.title)
    node = _sub(result, "indicator", {"measure": "1", "ascending": "1"})
    _narrative(node, "title", indicator.title)
    period = _sub(node, "period")
    _sub(period, "period-start", {"iso-date": indicator.period_start.isoformat()})
    _sub(period, "period-end", {"iso-date": indicator.period_end.isoformat()})
    for sex, value in indicator.actual_by_sex.items():
        actual = _sub(period, "actual", {"value": str(value)})
        _sub(actual, "dimension", {"name": "sex", "value": sex})
