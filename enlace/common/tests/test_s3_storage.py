"""Uploaded files in a private S3-compatible bucket (ENLACE_STORAGE=s3).

moto's ThreadedMotoServer is a real S3-compatible HTTP server on 127.0.0.1: the settings are built from the
environment by `enlace.config.file_storage` exactly as in production, and django-storages' S3 backend talks to the
server over HTTP (boto3 is not mocked in-process). The files go in and come out through Enlace's pages and API as
personas, and the bucket is inspected with a separate boto3 client.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto.server import ThreadedMotoServer

from enlace.accounts.models import User
from enlace.assistance.testing import make_request
from enlace.audit.models import AuditRecord
from enlace.common.testing import sign_in
from enlace.config import file_storage
from enlace.directory.models import MembershipApplication
from enlace.directory.testing import join
from enlace.exchange.models import Attachment
from enlace.exchange.testing import build_world, publish
from enlace.geo.models import MemberState
from enlace.library.models import Version, Work
from enlace.library.testing import pdf_bytes

REGION = "us-east-1"
KEY_ID, SECRET = "enlace-test-key", "enlace-test-secret"


@dataclass
class Bucket:
    """The bucket of one test, the server's address and a boto3 client of its own to look inside."""

    name: str
    endpoint: str
    client: Any

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def anonymous_get(self, key: str) -> int:
        """The status of a GET of the object's plain URL: no signature, no credentials."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{self.name}/{key}", timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """An S3-compatible server on a free loopback port for the tests of this module."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A new private bucket, and STORAGES["default"] built from ENLACE_* variables that point at it."""
    name = f"enlace-files-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name=REGION, aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET
    )
    client.create_bucket(Bucket=name, ACL="private")
    for variable, value in {
        "ENLACE_STORAGE": "s3",
        "ENLACE_S3_BUCKET": name,
        "ENLACE_S3_ENDPOINT_URL": s3_server,
        "ENLACE_S3_REGION": REGION,
        "ENLACE_S3_ACCESS_KEY_ID": KEY_ID,
        "ENLACE_S3_SECRET_ACCESS_KEY": SECRET,
        "ENLACE_S3_SSE": "AES256",
    }.items():
        monkeypatch.setenv(variable, value)
    # Assigning STORAGES sends setting_changed, whose receiver (django.test.signals.storages_changed) empties
    # django.core.files.storage.storages and resets default_storage, which every FileField here uses.
    settings.STORAGES = {**settings.STORAGES, "default": file_storage()}
    return Bucket(name=name, endpoint=s3_server, client=client)


def _download(response: Any) -> bytes:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def _nothing_on_local_disk(settings: Any) -> None:
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_a_library_document_goes_to_the_private_bucket_and_comes_back_only_through_enlace(
    bucket: Bucket, client_as: Callable[[str], Client], settings: Any
) -> None:
    content = pdf_bytes("Container terminal perimeter in the bucket")
    author = client_as("coordinator")
    response = author.post(
        "/api/v1/library/works/",
        {
            "title": "Port security assessment",
            "document_type": "report",
            "access_level": "secretariat",
            "language": "en",
            "programs": ["cybersecurity"],
            "upload": SimpleUploadedFile("assessment.pdf", content),
        },
    )
    assert response.status_code == 201, response.content
    version = Version.objects.get()
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert bucket.keys() == [version.file.name]  # one object, under the field's random name
    assert "assessment.pdf" not in version.file.name
    assert bucket.body(version.file.name) == content
    head = bucket.client.head_object(Bucket=bucket.name, Key=version.file.name)
    assert head["ServerSideEncryption"] == "AES256"  # ENLACE_S3_SSE reached the upload
    assert "Container terminal perimeter in the bucket" in version.text  # extracted from the upload's bytes
    _nothing_on_local_disk(settings)

    work = Work.objects.get()
    downloaded = author.get(f"/library/{work.identifier}/en/download/")
    assert _download(downloaded) == content
    assert downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Content-Length"] == str(len(content))
    assert AuditRecord.objects.filter(action="library.version.download").count() == 1

    # No page or API answer names the bucket, the server or the object: there is no URL of the file but Enlace's.
    for page in (
        author.get(f"/library/{work.identifier}/").content.decode(),
        author.get(f"/api/v1/library/works/{work.identifier}/").content.decode(),
        response.content.decode(),
    ):
        for leak in (bucket.name, bucket.endpoint, version.file.name, "X-Amz-"):
            assert leak not in page

    # Someone the policy keeps out gets a 404 from Enlace, and the bucket refuses the object's bare URL.
    assert client_as("anonymous").get(f"/library/{work.identifier}/en/download/").status_code == 404
    assert bucket.anonymous_get(version.file.name) == 403


@pytest.mark.django_db
def test_an_alert_attachment_is_stored_in_the_bucket_and_downloaded_by_a_reader(bucket: Bucket) -> None:
    world = build_world()
    alert = publish(world, "amber", "institution")
    author = sign_in(Client(), world.author)
    content = b"%PDF-1.7\n" + os.urandom(3000)
    page = author.post(
        f"/alerts/{alert.pk}/attachments/", {"upload": SimpleUploadedFile("ioc.pdf", content)}, follow=True
    )
    assert "The file is attached" in page.content.decode()
    attachment = Attachment.objects.get()
    assert bucket.keys() == [attachment.file.name]
    assert bucket.body(attachment.file.name) == content

    reader = sign_in(Client(), world.colleague)
    assert _download(reader.get(f"/alerts/attachments/{attachment.pk}/")) == content
    assert _download(reader.get(f"/api/v1/alerts/{alert.pk}/attachments/{attachment.pk}/")) == content
    assert sign_in(Client(), world.network_peer).get(f"/alerts/attachments/{attachment.pk}/").status_code == 404
    assert bucket.anonymous_get(attachment.file.name) == 403


@pytest.mark.django_db
def test_an_assistance_document_is_stored_in_the_bucket_and_downloaded_by_its_state(
    bucket: Bucket, persona: Callable[[str], User], client_as: Callable[[str], Client]
) -> None:
    request = make_request(persona("coordinator"), document=False)
    coordinator = client_as("coordinator")
    content = b"Note verbale 12/2026: terms of reference for the mission"
    response = coordinator.post(
        f"/assistance/requests/{request.pk}/documents/", {"upload": SimpleUploadedFile("note.txt", content)}
    )
    assert response.status_code == 302
    document = request.documents.get()
    assert bucket.keys() == [document.file.name]
    assert _download(coordinator.get(f"/assistance/documents/{document.pk}/")) == content
    api = coordinator.get(f"/api/v1/assistance-requests/{request.pk}/documents/{document.pk}/")
    assert _download(api) == content
    assert bucket.anonymous_get(document.file.name) == 403


@pytest.mark.django_db
def test_a_directory_application_letter_is_stored_in_the_bucket_and_never_overwritten(
    bucket: Bucket, client_as: Callable[[str], Client]
) -> None:
    join("CO", "csirtamericas")
    analyst = client_as("csirt_analyst")  # Colombia
    letter = b"%PDF-1.4\n% official letter of the bank CSIRT\n"
    response = analyst.post(
        "/directory/applications/new/",
        {
            "network": "csirtamericas",
            "state": MemberState.objects.get(iso2="CO").pk,
            "team_name": "CSIRT Financiero",
            "team_email": "csirt@example.org",
            "document": SimpleUploadedFile("letter.pdf", letter, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert bucket.keys() == [application.document.name]
    assert _download(analyst.get(f"/directory/applications/{application.pk}/letter.pdf")) == letter
    # The letter's key is not random (state and team name): a second file of the same name gets a new key
    # (file_overwrite=False) and the first letter stays as it was.
    second = default_storage.save(application.document.name, SimpleUploadedFile("x.pdf", b"%PDF-1.4\n% other\n"))
    assert second != application.document.name
    assert bucket.keys() == sorted([application.document.name, second])
    assert bucket.body(application.document.name) == letter
    assert bucket.anonymous_get(application.document.name) == 403


def test_the_server_does_enforce_object_acls_so_the_403_above_means_private(bucket: Bucket) -> None:
    """The control for the anonymous 403s above: the same server serves an object made public-read to anyone,
    so the refusal comes from the private ACL and not from a server that refuses every anonymous request.
    (moto does not enforce bucket-level permissions on an anonymous ListObjects; AWS, MinIO and Ceph do, with
    Block Public Access or a private bucket policy: docs/operations.md.)"""
    bucket.client.put_object(Bucket=bucket.name, Key="control/public.txt", Body=b"public", ACL="public-read")
    bucket.client.put_object(Bucket=bucket.name, Key="control/private.txt", Body=b"private")
    assert bucket.anonymous_get("control/public.txt") == 200
    assert bucket.anonymous_get("control/private.txt") == 403


def test_the_storage_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in list(os.environ):
        if variable.startswith(("ENLACE_STORAGE", "ENLACE_S3_")):
            monkeypatch.delenv(variable)
    assert file_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    monkeypatch.setenv("ENLACE_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="ENLACE_S3_BUCKET"):
        file_storage()
    monkeypatch.setenv("ENLACE_S3_BUCKET", "enlace-prod")
    options = file_storage()["OPTIONS"]
    assert file_storage()["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "enlace-prod"
    assert (options["access_key"], options["secret_key"], options["endpoint_url"]) == (None, None, None)  # role
    assert (options["default_acl"], options["querystring_auth"], options["file_overwrite"]) == (None, True, False)
    assert options["object_parameters"] == {}
    monkeypatch.setenv("ENLACE_S3_ACCESS_KEY_ID", "only-half")
    with pytest.raises(ImproperlyConfigured, match="both"):
        file_storage()
    monkeypatch.setenv("ENLACE_S3_SECRET_ACCESS_KEY", "and-the-other")
    monkeypatch.setenv("ENLACE_S3_SSE", "aws:kms")
    monkeypatch.setenv("ENLACE_S3_SSE_KMS_KEY_ID", "alias/enlace")
    assert file_storage()["OPTIONS"]["object_parameters"] == {
        "ServerSideEncryption": "aws:kms",
        "SSEKMSKeyId": "alias/enlace",
    }
    monkeypatch.setenv("ENLACE_S3_SSE", "rot13")
    with pytest.raises(ImproperlyConfigured, match="ENLACE_S3_SSE"):
        file_storage()
    monkeypatch.setenv("ENLACE_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        file_storage()


def test_a_server_started_with_s3_storage_but_no_bucket_stops_with_a_clear_error() -> None:
    """The settings module itself refuses to load, as for any other required setting."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ENLACE_S3_", "PYTEST"))}
    environment.update({"ENLACE_STORAGE": "s3", "ENLACE_SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": ""})
    script = "import enlace.settings"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured: ENLACE_STORAGE=s3 needs ENLACE_S3_BUCKET" in done.stderr
    environment["ENLACE_STORAGE"] = "local"
    ok = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert ok.returncode == 0, ok.stderr
