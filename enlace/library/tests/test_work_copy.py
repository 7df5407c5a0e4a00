"""Each translation's copy of its work's access and facet fields follows the work, whatever writes it.

The search reads who may open a document and its facets from the translation's copy (`Translation.work_*`),
kept by database triggers: a stale copy would show a document to the wrong people. These tests change works by
the actions, by bare ORM updates that go around them, and by saving a stale translation, on both databases."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from enlace.geo.models import MemberState
from enlace.library import actions
from enlace.library.models import Translation, Work
from enlace.library.testing import make_work, text_file
from enlace.workplan.models import Program

pytestmark = pytest.mark.django_db


def _copy(translation: Translation) -> dict[str, Any]:
    return Translation.objects.values(
        "work_status",
        "work_access_level",
        "work_owner_state_id",
        "work_author_id",
        "work_document_type",
        "work_year",
        "work_programs",
        "work_countries",
    ).get(pk=translation.pk)


def _expected(work: Work) -> dict[str, Any]:
    work = Work.objects.get(pk=work.pk)
    return {
        "work_status": work.status,
        "work_access_level": work.access_level,
        "work_owner_state_id": work.owner_state_id,
        "work_author_id": work.created_by_id,
        "work_document_type": work.document_type,
        "work_year": work.date.year if work.date else None,
        "work_programs": ",".join(str(pk) for pk in sorted(work.programs.values_list("pk", flat=True))),
        "work_countries": ",".join(str(pk) for pk in sorted(work.countries.values_list("pk", flat=True))),
    }


def _assert_copies(work: Work) -> None:
    translations = list(Translation.objects.filter(work=work))
    assert translations
    for translation in translations:
        assert _copy(translation) == _expected(work)


def _found(client: Client, word: str) -> list[str]:
    page = client.get("/library/", {"q": word}).content.decode().split('id="results"')[1]
    return re.findall(r'<a href="/library/enlace-lib-[0-9a-f]+/">([^<]+)</a>', page)


def test_a_new_work_and_its_translations_carry_the_copy(persona: Callable[[str], Any]) -> None:
    admin = persona("admin")
    work = make_work(admin, "Copied", "copyword text", date=datetime.date(2021, 5, 1), access_level="public")
    _assert_copies(work)
    assert _copy(work.translations.get())["work_status"] == "draft"
    actions.publish(actor=admin, work=work)
    actions.add_translation(
        actor=admin, work=work, language="es", title="Copiado", description="", upload=text_file("texto copiado")
    )
    _assert_copies(work)
    assert Translation.objects.filter(work=work, work_status="published").count() == 2


def test_the_actions_changes_reach_every_translation(persona: Callable[[str], Any]) -> None:
    admin = persona("admin")
    work = make_work(admin, "Reclassified", "reclassword", publish_by=admin, access_level="public")
    actions.add_translation(
        actor=admin, work=work, language="fr", title="Reclassé", description="", upload=text_file("reclassword")
    )
    chile = MemberState.objects.get(iso2="CL")
    changes = {
        "access_level": "state",
        "owner_state": chile,
        "document_type": "guide",
        "date": datetime.date(2019, 1, 2),
        "programs": list(Program.objects.order_by("pk")[:2]),
        "countries": [chile, MemberState.objects.get(iso2="AR")],
    }
    actions.change_work(actor=admin, work=work, changes=changes)
    _assert_copies(work)
    assert _copy(work.translations.first())["work_programs"].count(",") == 1
    actions.change_work(actor=admin, work=work, changes={"programs": [], "countries": []})
    _assert_copies(work)
    actions.archive(actor=admin, work=work)
    _assert_copies(work)


def test_updates_that_go_around_the_actions_still_reach_the_copy(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    admin = persona("admin")
    work = make_work(admin, "Bypassed", "bypassword", publish_by=admin, access_level="public")
    anonymous = client_as("anonymous")
    assert _found(anonymous, "bypassword") == ["Bypassed"]
    stale = Translation.objects.get(work=work)  # read while the work is public
    Work.objects.filter(pk=work.pk).update(access_level="secretariat")
    _assert_copies(work)
    assert _found(anonymous, "bypassword") == []
    # Saving the stale instance writes its old copy back in the statement: the database replaces it.
    stale.title = "Bypassed again"
    stale.save()
    _assert_copies(work)
    assert _found(anonymous, "bypassword") == []
    Translation.objects.filter(work=work).update(work_access_level="public", work_status="published")
    _assert_copies(work)
    assert _found(anonymous, "bypassword") == []
    # The link tables, written directly.
    program = Program.objects.order_by("pk").first()
    assert program is not None
    Work.programs.through.objects.create(work=work, program=program)
    _assert_copies(work)
    Work.programs.through.objects.filter(work=work).delete()
    _assert_copies(work)


def test_a_reclassified_work_leaves_the_searches_of_those_who_lost_it(
    persona: Callable[[str], Any], client_as: Callable[[str], Client]
) -> None:
    admin = persona("admin")
    work = make_work(admin, "Narrowed", "narrowword", publish_by=admin, access_level="public")
    focal_point = client_as("focal_point")
    assert _found(focal_point, "narrowword") == ["Narrowed"]
    actions.change_work(actor=admin, work=work, changes={"access_level": "secretariat"})
    assert _found(focal_point, "narrowword") == []
    assert _found(client_as("officer"), "narrowword") == ["Narrowed"]
    assert focal_point.get(f"/library/{work.identifier}/").status_code == 404
