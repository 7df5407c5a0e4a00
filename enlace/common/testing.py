"""Test helpers: personas (one per role) built by factories, and signing in as them over HTTP."""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from typing import Any

import pyotp
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from enlace.accounts.actions import grant_role
from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.directory.models import Institution, InstitutionKind
from enlace.geo.models import MemberState
from enlace.workplan.models import Program


class Inbox:
    """An aiosmtpd handler that keeps every message a real SMTP server on loopback receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refused: set[str] = set()  # addresses the server refuses with a permanent 550

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.refused:
            return "550 5.1.1 User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        """The messages sent to `address`."""
        return [m for m in self.messages if address in m["To"]]


PASSWORD = "Correct-horse-battery-9"  # test-only password
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


@dataclass(frozen=True)
class PersonaSpec:
    """What a persona is: its role and where the role applies."""

    role: str | None
    state: str | None = None
    program: str | None = None
    mfa: bool = True


PERSONAS: dict[str, PersonaSpec] = {
    "admin": PersonaSpec(Role.SECRETARIAT_ADMIN),
    "officer": PersonaSpec(Role.SECRETARIAT_OFFICER, program="cybersecurity"),
    "coordinator": PersonaSpec(Role.NATIONAL_COORDINATOR, state="AR"),
    "focal_point": PersonaSpec(Role.FOCAL_POINT, state="CL"),
    "csirt_analyst": PersonaSpec(Role.CSIRT_ANALYST, state="CO"),
    "expert": PersonaSpec(Role.EXPERT),
    "donor": PersonaSpec(Role.DONOR),
    "no_mfa": PersonaSpec(Role.FOCAL_POINT, state="CL", mfa=False),
}


def make_institution(state: str | None = None, kind: str = InstitutionKind.GOVERNMENT) -> Institution:
    """Create an institution in `state` (ISO2) or none."""
    n = next(_counter)
    member_state = MemberState.objects.get(iso2=state) if state else None
    return Institution.objects.create(name=f"Institution {n}", acronym=f"I{n}", kind=kind, state=member_state)


def make_user(
    role: str | None = None,
    *,
    state: str | None = None,
    program: str | None = None,
    mfa: bool = True,
    email: str | None = None,
    language: str = "en",
) -> User:
    """Create an active user with a role, a password and (by default) a TOTP authenticator."""
    n = next(_counter)
    user = User.objects.create_user(
        email or f"user{n}@example.org",
        PASSWORD,
        full_name=f"Test User {n}",
        preferred_language=language,
        institution=make_institution(state),
    )
    if role:
        grant_role(
            user,
            role,
            actor=None,
            state=MemberState.objects.get(iso2=state) if state else None,
            program=Program.objects.get(code=program) if program else None,
        )
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_persona(name: str) -> User:
    """Create the user for the persona called `name`."""
    spec = PERSONAS[name]
    return make_user(spec.role, state=spec.state, program=spec.program, mfa=spec.mfa, email=f"{name}@example.org")


def totp_now(secret: str = TOTP_SECRET) -> str:
    """The current TOTP code for `secret`, never one about to change step (slow machines cross the boundary)."""
    totp = pyotp.TOTP(secret)
    if totp.interval - time.time() % totp.interval < 2:
        time.sleep(2)
    return totp.now()


def sign_in_browser(page: Any, base_url: str, user: User) -> None:
    """Sign in through the real pages in a Playwright page: password, then the TOTP code."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("input[name=code]", totp_now())
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def sign_in(client: Client, user: User) -> Client:
    """Sign in through the real pages: password, then the TOTP code when the user has one."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if response["Location"].startswith("/accounts/2fa/authenticate"):
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_now()})
        assert response.status_code == 302, response.content[:500]
    return client
