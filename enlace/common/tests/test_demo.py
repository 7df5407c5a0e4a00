"""The demo `make run` loads: every persona can sign in, the directory is populated, the audit chain holds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from enlace.accounts.demo import DEMO_PASSWORD, PERSONAS
from enlace.directory.models import Channel, Designation, Exercise, Expert, Person
from enlace.exchange.models import Acknowledgement, Alert, Indicator
from enlace.workplan.models import Activity, PlanProgram, ProposedActivity, WorkPlan

pytestmark = pytest.mark.django_db


def test_demo_data_loads_and_every_persona_signs_in(settings: Any, capsys: pytest.CaptureFixture[str]) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo")
    assert "Loaded demo data: directory" in capsys.readouterr().out
    assert Person.objects.count() > 400
    assert Designation.objects.filter(status="active").count() > 500
    assert Expert.objects.filter(person__user__email="expert@enlace.demo").exists()
    assert set(Exercise.objects.values_list("status", flat=True)) == {"closed", "running", "scheduled"}
    assert Channel.objects.filter(bounced_at__isnull=False).exists()
    assert set(Alert.objects.values_list("tlp", flat=True)) == {"clear", "green", "amber", "amber+strict", "red"}
    assert Acknowledgement.objects.count() > 100
    assert Indicator.objects.count() > 400  # drawn from a pool of about 630, many shared across alerts
    assert Indicator.objects.exclude(warnings=[]).exists()  # warninglists and documentation address space
    assert WorkPlan.objects.get().term == "2021-2022"  # the seed work plan
    assert PlanProgram.objects.filter(parent=None).count() == 7
    assert ProposedActivity.objects.count() == 61
    assert Activity.objects.filter(implements__isnull=True).count() == 2  # the coverage view's "no mandate"
    assert ProposedActivity.objects.filter(implementations__isnull=False).distinct().count() == 15
    for persona in PERSONAS:
        call_command("demo_otp", persona.email)
        code = capsys.readouterr().out.strip()
        assert re.fullmatch(r"\d{6}", code)
        client = Client()
        response = client.post("/accounts/login/", {"login": persona.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302
        assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
        dashboard = client.get("/dashboard/")
        assert dashboard.status_code == 200, persona.email
        if persona.email == "focalpoint.br@enlace.demo":  # reached in-app by the running exercise
            assert "exercise" in {n.kind for n in dashboard.context["unread"]}
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_demo_data_is_refused_outside_demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo")
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo_otp", "admin@enlace.demo")
