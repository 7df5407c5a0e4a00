"""Channels are checked before they are stored: phone numbers, e-mail addresses and PGP keys."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date

import gnupg
import pytest
from django.test import Client

from enlace.audit.models import AuditRecord
from enlace.directory.models import Channel
from enlace.directory.testing import make_designation, make_person

pytestmark = pytest.mark.django_db


def _public_key(expire: str = "2035-01-01") -> str:
    """A fresh ed25519 public key made by gpg (no passphrase), armoured."""
    with tempfile.TemporaryDirectory() as home:
        gpg = gnupg.GPG(gnupghome=home)
        spec = gpg.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            name_email="duty@example.org",
            name_real="Duty Officer",
            no_protection=True,
            expire_date=expire,
            key_usage="sign",
            subkey_type="ECDH",
            subkey_curve="cv25519",
        )
        fingerprint = str(gpg.gen_key(spec))
        assert fingerprint
        return str(gpg.export_keys(fingerprint))


def _add(client: Client, person_id: int, **data: object) -> object:
    return client.post(f"/directory/people/{person_id}/channels/", {"priority": 1, "visibility": "network", **data})


def test_coordinator_adds_a_phone_number_normalised_for_her_country(client_as: Callable[[str], Client]) -> None:
    person = make_person("AR")
    response = _add(client_as("coordinator"), person.pk, kind="phone", value="011 4819 7000")
    assert response.status_code == 302
    assert person.channels.filter(kind="phone").latest("pk").value == "+54 11 4819-7000"
    assert AuditRecord.objects.filter(action="channel.add", changes__state="AR").exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("phone", "12", "not valid"),
        ("phone", "call me maybe", "not a phone number"),
        ("email", "nobody@", "valid e-mail"),
        ("pgp", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nxyz", "private key"),
        ("pgp", "ssh-ed25519 AAAA", "ASCII-armoured"),
        (
            "pgp",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----",
            "could not be read",
        ),
    ],
)
def test_bad_channel_values_are_refused_and_nothing_is_saved(
    kind: str, value: str, message: str, client_as: Callable[[str], Client]
) -> None:
    person = make_person("AR")
    before = Channel.objects.count()
    response = _add(client_as("coordinator"), person.pk, kind=kind, value=value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Channel.objects.count() == before


def test_pgp_key_is_read_for_fingerprint_and_expiry(client_as: Callable[[str], Client]) -> None:
    person = make_person("AR")
    response = _add(client_as("coordinator"), person.pk, kind="pgp", value=_public_key())
    assert response.status_code == 302
    channel = person.channels.get(kind="pgp")
    assert len(channel.key_fingerprint) == 40
    assert channel.key_expires_on == date(2035, 1, 1)
    assert "duty@example.org" in channel.value


def test_expired_pgp_key_is_refused(client_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch) -> None:
    armored = _public_key(expire="2030-01-01")
    monkeypatch.setattr("enlace.directory.channels.timezone.localdate", lambda: date(2031, 1, 1))
    person = make_person("AR")
    response = _add(client_as("coordinator"), person.pk, kind="pgp", value=armored)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not person.channels.filter(kind="pgp").exists()


def test_other_states_and_network_members_cannot_add_channels(client_as: Callable[[str], Client]) -> None:
    uruguayan = make_designation("UY", "counterterrorism")
    response = _add(client_as("coordinator"), uruguayan.person_id, kind="email", value="x@example.org")  # type: ignore[arg-type]
    assert response.status_code == 404
    assert not Channel.objects.filter(value="x@example.org").exists()
