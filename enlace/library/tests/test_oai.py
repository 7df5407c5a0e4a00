"""OAI-PMH 2.0 and the Dublin Core export: every response valid against the official schemas (shipped in
enlace/library/oai_schemas/), errors as OAI XML with HTTP 200, stateless signed paging, and nothing that is not
public and published ever disseminated."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from enlace.directory.models import Network
from enlace.geo.models import MemberState
from enlace.ipo.testing import make_event, make_lesson
from enlace.library import actions, oai
from enlace.library.models import Work
from enlace.library.testing import make_work
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "oai_schemas"
NS = {
    "o": oai.NS_OAI,
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


# Both schemas at once, so that OAI-PMH's strict `<any namespace="##other">` in <metadata> checks the oai_dc part.
BOTH = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:enlace:tests:oai">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
</xs:schema>"""


@pytest.fixture(scope="module")
def schemas() -> tuple[etree.XMLSchema, etree.XMLSchema]:
    """OAI-PMH with oai_dc, and oai_dc alone (with simple DC), loaded from the local files only."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    pmh = etree.XMLSchema(etree.fromstring(BOTH, parser, base_url=str(SCHEMAS) + "/"))
    oai_dc = etree.XMLSchema(etree.parse(str(SCHEMAS / "oai_dc.xsd"), parser))
    return pmh, oai_dc


def harvest(client: Client, schemas: Any, **args: str) -> etree._Element:
    """GET /oai/ with `args`; the response must be 200 XML, valid OAI-PMH, with each oai_dc record valid too."""
    response = client.get("/oai/", args)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    pmh, oai_dc = schemas
    pmh.assertValid(root)
    for record in root.iterfind(".//oai_dc:dc", NS):
        oai_dc.assertValid(etree.fromstring(etree.tostring(record)))
    return root


def error_code(root: etree._Element) -> str | None:
    """The OAI error code of a response, if any."""
    error = root.find("o:error", NS)
    return None if error is None else error.get("code")


def identifiers(root: etree._Element) -> list[str]:
    """The OAI identifiers listed in a response."""
    return [e.text or "" for e in root.iterfind(".//o:header/o:identifier", NS)]


@pytest.fixture
def repository(persona: Callable[[str], Any]) -> dict[str, Any]:
    """A published public work per program, non-public works of every level, a draft, an archived work, and
    public / members / state / unvalidated lessons."""
    admin = persona("admin")
    cyber = Program.objects.get(code="cybersecurity")
    common = {"countries": [MemberState.objects.get(iso2="AR")]}
    public = make_work(
        admin,
        "Public guide",
        "openword",
        publish_by=admin,
        access_level="public",
        programs=[cyber],
        creator="CICTE",
        subject="cybersecurity; incident response",
        description="A public guide",
        date=datetime.date(2025, 5, 1),
        rights="CC BY 4.0",
        **common,
    )
    hidden = {
        "networks": make_work(
            admin,
            "Networks manual",
            "x",
            publish_by=admin,
            access_level="networks",
            networks=[Network.objects.get(code="csirtamericas")],
            programs=[cyber],
        ),
        "state": make_work(
            admin,
            "State guide",
            "x",
            publish_by=admin,
            access_level="state",
            owner_state=MemberState.objects.get(iso2="AR"),
            programs=[cyber],
        ),
        "secretariat": make_work(
            admin, "Secretariat note", "x", publish_by=admin, access_level="secretariat", programs=[cyber]
        ),
        "draft": make_work(admin, "Draft public", "x", access_level="public", programs=[cyber]),
        "archived": make_work(admin, "Archived public", "x", publish_by=admin, access_level="public"),
    }
    actions.archive(actor=admin, work=hidden["archived"])
    public_event = make_event(access="public")
    members_event = make_event(access="members", name_en="Closed summit")
    lessons = {
        "public": make_lesson(admin, access="public", event=members_event, program=cyber, title="Open lesson"),
        "members": make_lesson(admin, access="members", title="Members lesson"),
        "state": make_lesson(admin, access="state", state="AR", title="State lesson"),
        "observation": make_lesson(admin, access="public", stage="observation", title="Unvalidated lesson"),
    }
    return {"public": public, "hidden": hidden, "lessons": lessons, "public_event": public_event}


def test_identify_and_formats_and_sets_are_valid(repository: dict[str, Any], schemas: Any) -> None:
    client = Client()
    identify = harvest(client, schemas, verb="Identify")
    assert identify.findtext("o:Identify/o:deletedRecord", namespaces=NS) == "no"
    assert identify.findtext("o:Identify/o:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert identify.findtext("o:Identify/o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    formats = harvest(client, schemas, verb="ListMetadataFormats")
    assert [e.text for e in formats.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc"]
    sets = [e.text for e in harvest(client, schemas, verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert {"program", "program:cybersecurity", "type", "type:report", "type:lesson"} <= set(sets)


def test_list_records_holds_only_public_published_works_and_public_lessons(
    repository: dict[str, Any], schemas: Any
) -> None:
    root = harvest(Client(), schemas, verb="ListRecords", metadataPrefix="oai_dc")
    listed = identifiers(root)
    host = oai.repository_id()
    lesson = repository["lessons"]["public"]
    assert sorted(listed) == sorted([f"oai:{host}:{repository['public'].identifier}", f"oai:{host}:lesson-{lesson.pk}"])
    text = etree.tostring(root).decode()
    for work in repository["hidden"].values():
        assert work.title not in text
        assert work.identifier not in text
    for name in ("Members lesson", "State lesson", "Unvalidated lesson", "Closed summit"):
        assert name not in text  # a members-only event is not even named in a public lesson's coverage
    titles = [e.text for e in root.iterfind(".//dc:title", NS)]
    assert titles == ["Public guide", "Open lesson"]
    for expected in ("CC BY 4.0", "Argentina", "http://testserver/library/", "incident response"):
        assert expected in text


@pytest.mark.parametrize("level", ["networks", "state", "secretariat", "draft", "archived"])
def test_get_record_of_a_non_public_work_is_id_does_not_exist(
    level: str, repository: dict[str, Any], schemas: Any
) -> None:
    identifier = f"oai:{oai.repository_id()}:{repository['hidden'][level].identifier}"
    for verb, extra in (("GetRecord", {"metadataPrefix": "oai_dc"}), ("ListMetadataFormats", {})):
        root = harvest(Client(), schemas, verb=verb, identifier=identifier, **extra)
        assert error_code(root) == "idDoesNotExist"


def test_get_record_of_a_public_work(repository: dict[str, Any], schemas: Any) -> None:
    identifier = f"oai:{oai.repository_id()}:{repository['public'].identifier}"
    root = harvest(Client(), schemas, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert root.findtext(".//dc:title", namespaces=NS) == "Public guide"
    assert [e.text for e in root.iterfind(".//o:setSpec", NS)] == ["program:cybersecurity", "type:report"]
    assert root.find("o:request", NS).get("verb") == "GetRecord"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Delete"}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "oai:x:y"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2025-01-01"},
         "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2027-01-01T00:00:00Z"},
         "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2000-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "program:nothing"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "bad set!"}, "badArgument"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai dc"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": "oai:nowhere:1", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ],
)  # fmt: skip
def test_errors_are_oai_xml_with_http_200(
    args: dict[str, str], code: str, repository: dict[str, Any], schemas: Any
) -> None:
    root = harvest(Client(), schemas, **args)
    assert error_code(root) == code
    if code in {"badVerb", "badArgument"}:
        assert dict(root.find("o:request", NS).attrib) == {}


def test_a_repeated_argument_is_bad(repository: dict[str, Any], schemas: Any) -> None:
    response = Client().get("/oai/?verb=Identify&verb=Identify")
    assert response.status_code == 200
    assert error_code(etree.fromstring(response.content)) == "badVerb"
    response = Client().get("/oai/?verb=ListSets&resumptionToken=a&resumptionToken=b")
    assert error_code(etree.fromstring(response.content)) == "badArgument"


def test_post_is_accepted_like_get(repository: dict[str, Any], schemas: Any) -> None:
    response = Client(enforce_csrf_checks=True).post("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert response.status_code == 200
    schemas[0].assertValid(etree.fromstring(response.content))
    assert len(identifiers(etree.fromstring(response.content))) == 2


def test_sets_and_dates_select(repository: dict[str, Any], schemas: Any) -> None:
    client = Client()
    host = oai.repository_id()
    lesson = f"oai:{host}:lesson-{repository['lessons']['public'].pk}"
    work = f"oai:{host}:{repository['public'].identifier}"
    listing = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    assert identifiers(harvest(client, schemas, **listing, set="type:lesson")) == [lesson]
    assert identifiers(harvest(client, schemas, **listing, set="type:report")) == [work]
    assert sorted(identifiers(harvest(client, schemas, **listing, set="program:cybersecurity"))) == sorted(
        [work, lesson]
    )
    today = timezone.now().date()
    assert len(identifiers(harvest(client, schemas, **listing, **{"from": today.isoformat()}))) == 2
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert error_code(harvest(client, schemas, **listing, **{"from": tomorrow})) == "noRecordsMatch"


def test_resumption_tokens_page_through_everything_once(
    repository: dict[str, Any], schemas: Any, persona: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = persona("admin")
    for n in range(5):
        make_work(admin, f"Extra {n}", "x", publish_by=admin, access_level="public")
    monkeypatch.setattr(oai, "PAGE_SIZE", 3)
    client = Client()
    root = harvest(client, schemas, verb="ListRecords", metadataPrefix="oai_dc")
    seen = identifiers(root)
    cursors = []
    while (token := root.find(".//o:resumptionToken", NS)) is not None and token.text:
        assert token.get("completeListSize") == "7"
        cursors.append(token.get("cursor"))
        root = harvest(client, schemas, verb="ListRecords", resumptionToken=token.text)
        seen += identifiers(root)
    assert root.find(".//o:resumptionToken", NS).get("cursor") == "6"  # the last page: an empty token
    assert cursors == ["0", "3"]
    assert len(seen) == len(set(seen)) == 7
    # A token is bound to its verb and cannot be altered.
    first = harvest(client, schemas, verb="ListIdentifiers", metadataPrefix="oai_dc")
    text = first.find(".//o:resumptionToken", NS).text
    assert error_code(harvest(client, schemas, verb="ListRecords", resumptionToken=text)) == "badResumptionToken"
    assert error_code(harvest(client, schemas, verb="ListIdentifiers", resumptionToken=text[:-2] + "xx")) == (
        "badResumptionToken"
    )


def test_a_work_archived_after_harvest_disappears(repository: dict[str, Any], schemas: Any, persona: Any) -> None:
    work: Work = repository["public"]
    actions.archive(actor=persona("admin"), work=work)
    identifier = f"oai:{oai.repository_id()}:{work.identifier}"
    root = harvest(Client(), schemas, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert error_code(root) == "idDoesNotExist"
    assert identifier not in identifiers(harvest(Client(), schemas, verb="ListIdentifiers", metadataPrefix="oai_dc"))


def test_harvesters_are_rate_limited(repository: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from enlace.library import views

    monkeypatch.setattr(views, "HARVEST_LIMIT", 2)
    client = Client()
    assert [client.get("/oai/", {"verb": "Identify"}).status_code for _ in range(3)] == [200, 200, 503]
    assert client.get("/oai/", {"verb": "Identify"})["Retry-After"] == "60"


def test_dc_export_lists_public_works_only(repository: dict[str, Any], schemas: Any) -> None:
    response = Client().get("/library/export/dc.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    records = root.findall("oai_dc:dc", NS)
    assert [r.findtext("dc:title", namespaces=NS) for r in records] == ["Public guide"]
    for record in records:
        schemas[1].assertValid(etree.fromstring(etree.tostring(record)))
    for work in repository["hidden"].values():
        assert work.identifier.encode() not in response.content


def test_list_records_query_count_does_not_grow(repository: dict[str, Any], schemas: Any, persona: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            harvest(Client(), schemas, verb="ListRecords", metadataPrefix="oai_dc")
        return len(queries)

    before = count()
    admin = persona("admin")
    cyber = Program.objects.get(code="cybersecurity")
    for n in range(4):
        make_work(admin, f"More {n}", "x", publish_by=admin, access_level="public", programs=[cyber])
        make_lesson(admin, access="public", program=cyber, title=f"More lesson {n}")
    assert count() == before
