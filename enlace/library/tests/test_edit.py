"""Editing a work after creation: the page and the API, who may change what, the audit trail, and the search index
and facets, which follow the change at once (a narrowed access level hides the work from those who lose it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from enlace.audit.models import AuditRecord
from enlace.geo.models import MemberState
from enlace.library.models import Work
from enlace.library.testing import make_work
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db
API = "/api/v1/library/works/"


def api_as(user: Any) -> APIClient:
    """An API client authenticated as `user`."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def program(code: str) -> Program:
    """A program by code."""
    return Program.objects.get(code=code)


def other_program() -> Program:
    """A program the officer persona does not work in."""
    found = Program.objects.exclude(code="cybersecurity").order_by("code").first()
    assert found is not None
    return found


def test_the_author_edits_her_draft_on_a_prefilled_page(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    author = persona("coordinator")
    work = make_work(author, "Port security guide", "harbour text", subject="ports", document_type="guide")
    client = client_as("coordinator")
    page = client.get(f"/library/{work.identifier}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Port security guide"' in html
    assert 'value="ports"' in html
    assert f'action="/library/{work.identifier}/en/edit/"' in html  # the translation's own form
    assert "/en/v1/note/" in html  # and the version's note
    response = client.post(
        f"/library/{work.identifier}/edit/",
        {
            "title": "Harbour security guide",
            "subject": "harbours",
            "publisher": "OAS/CICTE",
            "dc_type": "Text",
            "document_type": "manual",
            "access_level": "public",
            "programs": [program("cybersecurity").pk],
            "countries": [MemberState.objects.get(iso2="UY").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    work.refresh_from_db()
    assert (work.title, work.subject, work.document_type, work.access_level) == (
        "Harbour security guide",
        "harbours",
        "manual",
        "public",
    )
    assert [p.code for p in work.programs.all()] == ["cybersecurity"]
    assert [c.iso2 for c in work.countries.all()] == ["UY"]
    translation = work.translations.get()
    assert translation.title == "Harbour security guide"  # the original language follows the work's title
    assert "harbour security guide" in translation.search_title
    entry = AuditRecord.objects.get(action="library.work.edit", object_id=str(work.pk))
    assert entry.changes["title"] == {"before": "Port security guide", "after": "Harbour security guide"}
    assert entry.changes["document_type"] == {"before": "guide", "after": "manual"}
    assert entry.changes["countries"] == {"before": [], "after": ["UY"]}
    assert "creator" not in entry.changes  # only what changed


def test_a_refused_form_is_400_and_changes_nothing(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    work = make_work(persona("coordinator"), "Port security guide", "x")
    response = client_as("coordinator").post(
        f"/library/{work.identifier}/edit/",
        {"title": "New", "document_type": "report", "access_level": "networks"},
    )
    assert response.status_code == 400
    assert "Choose at least one network." in response.content.decode()
    work.refresh_from_db()
    assert work.title == "Port security guide"
    assert not AuditRecord.objects.filter(action="library.work.edit").exists()


@pytest.mark.parametrize("name", ["anonymous", "focal_point", "donor", "coordinator"])
def test_who_may_not_change_a_work_finds_no_edit_page(
    name: str, persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    """A published work: its author (a coordinator) no longer changes it; nobody outside the Secretariat does."""
    admin = persona("admin")
    work = make_work(persona("coordinator"), "Published guide", "x", access_level="public", publish_by=admin)
    client = client_as(name)
    for url in (f"/library/{work.identifier}/edit/", f"/library/{work.identifier}/en/edit/"):
        response = client.post(url, {"title": "Defaced", "t-en-title": "Defaced"})
        assert response.status_code in {404, 302}, (name, url)
        if response.status_code == 302:
            assert response.url.startswith("/accounts/login/")
    assert client.post(f"/library/{work.identifier}/en/v1/note/", {"t-en-v1-change_note": "x"}).status_code in {
        404,
        302,
    }
    if name != "anonymous":
        assert api_as(persona(name)).patch(f"{API}{work.identifier}/", {"title": "Defaced"}).status_code == 404
    work.refresh_from_db()
    assert work.title == "Published guide"
    assert work.translations.get().title == "Published guide"


def test_an_officer_who_may_not_publish_changes_metadata_but_not_the_audience(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    admin = persona("admin")
    work = make_work(
        persona("coordinator"), "Border guide", "x", access_level="public", programs=[other_program()], publish_by=admin
    )
    officer = api_as(persona("officer"))
    url = f"{API}{work.identifier}/"
    assert officer.patch(url, {"description": "Revised"}, format="json").status_code == 200
    for change in ({"access_level": "secretariat"}, {"programs": ["cybersecurity"]}):
        response = officer.patch(url, change, format="json")
        assert response.status_code == 403, change
        assert "Only those who may publish this work may change" in response.json()["detail"]
    # The same value is not a change: an unchanged full form passes.
    assert officer.patch(url, {"access_level": "public", "title": "Border guide"}, format="json").status_code == 200
    page = client_as("officer").get(f"/library/{work.identifier}/edit/").content.decode()
    assert 'name="access_level"' in page
    assert "disabled" in page.split('name="access_level"')[1].split(">")[0]
    work.refresh_from_db()
    assert (work.description, work.access_level) == ("Revised", "public")
    assert [p.code for p in work.programs.all()] == [other_program().code]


def test_a_disabled_field_posted_on_the_page_is_ignored(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    admin = persona("admin")
    work = make_work(
        persona("coordinator"), "Border guide", "x", access_level="public", programs=[other_program()], publish_by=admin
    )
    response = client_as("officer").post(
        f"/library/{work.identifier}/edit/",
        {"title": "Border guide, 2nd ed.", "document_type": "report", "access_level": "secretariat"},
    )
    assert response.status_code == 302
    work.refresh_from_db()
    assert (work.title, work.access_level) == ("Border guide, 2nd ed.", "public")


def test_on_a_draft_the_secretariat_changes_the_audience_but_only_publishers_the_programs(
    persona: Callable[[str], Any],
) -> None:
    work = make_work(persona("coordinator"), "Draft", "x", programs=[other_program()])
    officer = api_as(persona("officer"))
    url = f"{API}{work.identifier}/"
    assert officer.patch(url, {"access_level": "public"}, format="json").status_code == 200
    # Adding her own program would let her publish a work she may not publish: refused.
    assert officer.patch(url, {"programs": ["cybersecurity"]}, format="json").status_code == 403
    author = api_as(persona("coordinator"))
    assert author.patch(url, {"programs": ["cybersecurity"]}, format="json").status_code == 200
    assert api_as(persona("admin")).patch(url, {"programs": []}, format="json").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"access_level": "networks"}, "networks"),
        ({"access_level": "state", "owner_state": None}, "owner_state"),
        ({"document_type": "poem"}, "document_type"),
        ({"countries": ["XX"]}, "countries"),
        ({"title": ""}, "title"),
        ({"language": "es"}, "language"),
        ({"identifier": "mine"}, "identifier"),
        ({"status": "published"}, "status"),
    ],
)
def test_bad_api_input_is_400_and_writes_nothing(
    body: dict[str, Any], field: str, persona: Callable[[str], Any]
) -> None:
    work = make_work(persona("coordinator"), "Draft", "x")
    response = api_as(persona("coordinator")).patch(f"{API}{work.identifier}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    work.refresh_from_db()
    assert (work.title, work.access_level, work.status) == ("Draft", "secretariat", "draft")
    assert not AuditRecord.objects.filter(action="library.work.edit").exists()


def test_put_is_not_offered(persona: Callable[[str], Any]) -> None:
    work = make_work(persona("coordinator"), "Draft", "x")
    assert api_as(persona("coordinator")).put(f"{API}{work.identifier}/", {}, format="json").status_code == 405


def test_the_search_finds_the_new_title_and_the_facets_follow_at_once(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    admin = persona("admin")
    work = make_work(
        admin,
        "Quetzal habitat report",
        "cloud forest survey",
        access_level="public",
        programs=[program("cybersecurity")],
        countries=[MemberState.objects.get(iso2="GT")],
        publish_by=admin,
    )
    response = api_as(admin).patch(
        f"{API}{work.identifier}/",
        {"title": "Jaguar corridor report", "programs": [other_program().code], "countries": ["BZ"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["translations"][0]["title"] == "Jaguar corridor report"
    anonymous = client_as("anonymous")
    found = anonymous.get("/library/", {"q": "jaguar"}).content.decode().split('id="results"')[1]
    assert "Jaguar corridor report" in found
    assert f'data-facet="program" data-value="{other_program().code}"' in found
    assert 'data-facet="program" data-value="cybersecurity"' not in found
    assert 'data-facet="country" data-value="BZ"' in found
    assert 'data-facet="country" data-value="GT"' not in found
    old = anonymous.get("/library/", {"q": "quetzal"}).content.decode().split('id="results"')[1]
    assert "Jaguar corridor report" not in old
    listed = api_as(persona("donor")).get(API, {"q": "jaguar"}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["identifier"] for row in rows] == [work.identifier]


def _search_page(client: Client, **params: str) -> str:
    return client.get("/library/", params).content.decode().split('id="results"')[1]


def test_narrowing_the_access_level_hides_the_work_from_those_who_lose_it(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    """Leakage: a public work becomes Secretariat-only; the anonymous reader and a member lose it at once on the
    search page (results, snippets, facet counts), in the API (list, search, detail) and on its pages."""
    admin = persona("admin")
    work = make_work(
        admin,
        "Ocelot border study",
        "ocelot crossings",
        access_level="public",
        programs=[program("cybersecurity")],
        countries=[MemberState.objects.get(iso2="CR")],
        publish_by=admin,
    )
    make_work(admin, "Margay note", "margay ocelot", access_level="public", document_type="guide", publish_by=admin)
    readers = {"anonymous": client_as("anonymous"), "donor": client_as("donor")}
    for client in readers.values():
        page = _search_page(client, q="ocelot")
        assert "Ocelot border study" in page
        assert 'data-facet="country" data-value="CR"' in page
        assert "2 documents" in page
    response = api_as(persona("officer")).patch(  # the officer may publish it: a cybersecurity work
        f"{API}{work.identifier}/", {"access_level": "secretariat"}, format="json"
    )
    assert response.status_code == 200, response.content
    entry = AuditRecord.objects.get(action="library.work.edit", object_id=str(work.pk))
    assert entry.changes == {"access_level": {"before": "public", "after": "secretariat"}}
    for name, client in readers.items():
        for params in ({"q": "ocelot"}, {}, {"country": "CR"}, {"access_level": "secretariat"}):
            page = _search_page(client, **params)
            assert "Ocelot border study" not in page, (name, params)
            assert "ocelot crossings" not in page, (name, params)
            assert 'data-facet="country" data-value="CR"' not in page, (name, params)
            assert 'data-facet="program" data-value="cybersecurity"' not in page, (name, params)
            assert 'data-facet="access_level" data-value="secretariat"' not in page, (name, params)
            assert 'data-facet="document_type" data-value="report"' not in page, (name, params)
        assert "1 document" in _search_page(client, q="ocelot")
        assert client.get(f"/library/{work.identifier}/").status_code == 404
        assert client.get(f"/library/{work.identifier}/en/download/").status_code == 404
    donor = api_as(persona("donor"))
    for params in ({}, {"q": "ocelot"}):
        listed = donor.get(API, params).json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        assert work.identifier not in {row["identifier"] for row in rows}, params
    assert donor.get(f"{API}{work.identifier}/").status_code == 404
    assert APIClient().get(API, {"q": "ocelot"}).status_code == 401
    officer_page = _search_page(client_as("officer"), q="ocelot")
    assert "Ocelot border study" in officer_page
    assert 'data-facet="access_level" data-value="secretariat"' in officer_page


def test_a_translation_title_and_a_version_note_are_edited_and_indexed(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from enlace.library import actions

    admin = persona("admin")
    work = make_work(admin, "Tapir guide", "x", access_level="public", publish_by=admin)
    actions.add_translation(
        actor=admin,
        work=work,
        language="es",
        title="Guía del tapir",
        description="",
        upload=SimpleUploadedFile("g.txt", b"texto"),
    )
    officer = client_as("officer")
    response = officer.post(
        f"/library/{work.identifier}/es/edit/", {"t-es-title": "Guía del danto", "t-es-description": "Revisada"}
    )
    assert response.status_code == 302
    spanish = work.translations.get(language="es")
    assert (spanish.title, spanish.description) == ("Guía del danto", "Revisada")
    page = _search_page(client_as("anonymous"), q="danto", language="es")
    assert "Guía del danto" in page
    assert officer.post(f"/library/{work.identifier}/es/edit/", {"t-es-title": ""}).status_code == 400
    response = officer.post(f"/library/{work.identifier}/en/v1/note/", {"t-en-v1-change_note": "First edition"})
    assert response.status_code == 302
    assert work.translations.get(language="en").versions.get().change_note == "First edition"
    api = api_as(persona("admin"))
    response = api.patch(f"{API}{work.identifier}/translations/es/", {"title": "Guía del tapir"}, format="json")
    assert response.status_code == 200, response.content
    assert work.translations.get(language="es").description == "Revisada"  # not sent, not changed
    response = api.patch(f"{API}{work.identifier}/translations/es/versions/1/", {"change_note": "v1"}, format="json")
    assert response.status_code == 200
    assert api.patch(f"{API}{work.identifier}/translations/fr/", {"title": "x"}, format="json").status_code == 404
    assert api.patch(f"{API}{work.identifier}/translations/es/versions/9/", {"change_note": ""}).status_code == 404
    assert api.patch(f"{API}{work.identifier}/translations/es/", {"title": ""}, format="json").status_code == 400
    actions_logged = list(
        AuditRecord.objects.filter(object_id=str(work.pk), action__endswith=".edit").values_list("action", flat=True)
    )
    assert sorted(actions_logged) == sorted(
        ["library.translation.edit", "library.version.edit", "library.translation.edit", "library.version.edit"]
    )
    donor = api_as(persona("donor"))
    assert donor.patch(f"{API}{work.identifier}/translations/es/", {"title": "x"}, format="json").status_code == 404
    assert Work.objects.get(pk=work.pk).translations.get(language="es").title == "Guía del tapir"
