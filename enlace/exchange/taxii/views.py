"""TAXII 2.1 endpoints (OASIS TAXII 2.1, sections 4 and 5): read for every member over her own policy,
write (POST objects) to the network collections for those who may publish alerts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from enlace.accounts.models import ApiTokenScope, User
from enlace.audit.actions import record
from enlace.exchange import stix_import
from enlace.exchange.models import TaxiiStatus
from enlace.exchange.taxii import auth, stream
from enlace.exchange.taxii.collections import Collection, collections_for, find

MEDIA = "application/taxii+json;version=2.1"
STIX_MEDIA = "application/stix+json;version=2.1"


def _json(data: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type=MEDIA, headers=headers)


def error(status: int, title: str, description: str = "", headers: dict[str, str] | None = None) -> HttpResponse:
    """A TAXII error message resource."""
    data = {"title": title, "http_status": str(status)}
    if description:
        data["description"] = description
    return _json(data, status, headers)


def _accepts(header: str) -> bool:
    """Whether the Accept header admits TAXII 2.1 JSON (no header at all is taken as yes)."""
    if not header.strip():
        return True
    for part in header.split(","):
        media, *params = (piece.strip().lower() for piece in part.split(";"))
        version = next((p.split("=", 1)[1].strip() for p in params if p.startswith("version=")), "2.1")
        if media in {"application/taxii+json", "application/*", "*/*"} and version == "2.1":
            return True
    return False


def taxii(methods: tuple[str, ...]) -> Callable[..., Any]:
    """Authenticate by token, check the method and the Accept header, then call the view with the user."""

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @csrf_exempt  # no cookie is read: only the Authorization header authenticates
        @login_not_required
        def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            token = auth.authenticate(request.headers.get("Authorization", ""))
            if token is None:
                challenge = {"WWW-Authenticate": 'Basic realm="Enlace TAXII", Bearer realm="Enlace TAXII"'}
                return error(401, _("Authentication required"), _("Send an API token."), challenge)
            if request.method not in methods:
                return error(405, _("Method not allowed"), headers={"Allow": ", ".join(methods)})
            if not _accepts(request.headers.get("Accept", "")):
                return error(406, _("Not acceptable"), _("This server answers %(media)s.") % {"media": MEDIA})
            request.user = token.user
            request.taxii_token = token  # type: ignore[attr-defined]
            return view(request, token.user, *args, **kwargs)

        return run

    return wrap


@taxii(("GET",))
def discovery(request: HttpRequest, user: User) -> HttpResponse:
    """The server: one API root."""
    root = request.build_absolute_uri(reverse("taxii:api_root"))
    return _json(
        {
            "title": "Enlace",
            "description": _("Alerts of the CICTE networks, under TLP and sharing scope."),
            "default": root,
            "api_roots": [root],
        }
    )


@taxii(("GET",))
def api_root(request: HttpRequest, user: User) -> HttpResponse:
    """The API root: versions and the largest body a POST may carry."""
    return _json(
        {
            "title": "Enlace",
            "description": _("Alerts of the CICTE networks, under TLP and sharing scope."),
            "versions": [MEDIA],
            "max_content_length": settings.ENLACE_STIX_IMPORT_MAX_MB * 1024 * 1024,
        }
    )


@taxii(("GET",))
def collection_list(request: HttpRequest, user: User) -> HttpResponse:
    """The collections the caller may read."""
    return _json({"collections": [c.resource() for c in collections_for(user)]})


def _collection(user: User, collection_id: str) -> Collection | HttpResponse:
    found = find(user, collection_id)
    return found if found is not None else error(404, _("Not found"), _("No such collection."))


@taxii(("GET",))
def collection_detail(request: HttpRequest, user: User, collection_id: str) -> HttpResponse:
    """One collection."""
    collection = _collection(user, collection_id)
    return _json(collection.resource()) if isinstance(collection, Collection) else collection


def _query(request: HttpRequest, collection: Collection, object_id: str | None = None) -> stream.Query:
    """The filters of the request; ValueError with the reason when one is malformed."""
    params = request.GET
    query = stream.Query()
    if params.get("next"):
        query.after = stream.Key.unsign(params["next"], collection.id)
    if params.get("added_after"):
        query.added_after = stream.parse_timestamp(params["added_after"])
    if params.get("limit"):
        query.limit = int(params["limit"])
        if query.limit < 1:
            raise ValueError("limit")

    def values(name: str) -> set[str]:
        return {v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()}

    query.types = values("match[type]")
    query.ids = values("match[id]") | ({object_id} if object_id else set())
    query.versions = values("match[version]") - {"first", "last", "all"}
    query.spec_versions = values("match[spec_version]")
    return query


def _page(request: HttpRequest, user: User, collection_id: str, object_id: str | None = None) -> Any:
    collection = _collection(user, collection_id)
    if not isinstance(collection, Collection):
        return collection, None, None
    try:
        query = _query(request, collection, object_id)
    except ValueError:
        return error(400, _("Bad request"), _("A filter, the limit or the next value is malformed.")), None, None
    result = stream.page(collection.alerts(user), query)
    if object_id and not result.items and query.after is None:
        return error(404, _("Not found"), _("No such object in this collection.")), None, None
    alert_rows = sorted({key.row for key, obj in result.items if key.rank == 1})
    if result.items:
        record(
            "alert.export.taxii",
            actor=user,
            object_type="exchange.alert",
            changes={"collection": collection.id, "reports": alert_rows, "objects": len(result.items)},
        )
    headers = {}
    if result.items:
        headers["X-TAXII-Date-Added-First"] = stream.timestamp(result.items[0][0].added)
        headers["X-TAXII-Date-Added-Last"] = stream.timestamp(result.items[-1][0].added)
    return collection, result, headers


def _envelope(collection: Collection, result: stream.Page, items: list[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"more": result.more}
    if result.more and result.last is not None:
        data["next"] = result.last.sign(collection.id)
    if items:
        data["objects"] = items
    return data


@taxii(("GET", "POST"))
def objects(request: HttpRequest, user: User, collection_id: str) -> HttpResponse:
    """The objects of a collection, a page at a time; POST adds objects (imported like a STIX bundle)."""
    if request.method == "POST":
        return _post(request, user, collection_id)
    collection, result, headers = _page(request, user, collection_id)
    if result is None:
        return collection
    return _json(_envelope(collection, result, [obj for _key, obj in result.items]), headers=headers)


@taxii(("GET",))
def object_detail(request: HttpRequest, user: User, collection_id: str, object_id: str) -> HttpResponse:
    """One object (every version of it that the filters keep: Enlace keeps one)."""
    collection, result, headers = _page(request, user, collection_id, object_id)
    if result is None:
        return collection
    return _json(_envelope(collection, result, [obj for _key, obj in result.items]), headers=headers)


@taxii(("GET",))
def object_versions(request: HttpRequest, user: User, collection_id: str, object_id: str) -> HttpResponse:
    """The versions of one object."""
    collection, result, headers = _page(request, user, collection_id, object_id)
    if result is None:
        return collection
    data: dict[str, Any] = {"more": result.more}
    data["versions"] = [obj.get("modified", obj.get("created")) for _key, obj in result.items]
    return _json(data, headers=headers)


@taxii(("GET",))
def manifest(request: HttpRequest, user: User, collection_id: str) -> HttpResponse:
    """What objects a collection holds, without their content."""
    collection, result, headers = _page(request, user, collection_id)
    if result is None:
        return collection
    entries = [
        {
            "id": obj["id"],
            "date_added": stream.timestamp(key.added),
            "version": obj.get("modified", obj.get("created")),
            "media_type": STIX_MEDIA,
        }
        for key, obj in result.items
    ]
    return _json(_envelope(collection, result, entries), headers=headers)


def _status_resource(status: TaxiiStatus) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(status.id),
        "status": "complete",
        "request_timestamp": stream.timestamp(status.created_at),
        "total_count": status.total_count,
        "success_count": len(status.successes),
        "failure_count": len(status.failures),
        "pending_count": 0,
    }
    if status.successes:
        data["successes"] = status.successes
    if status.failures:
        data["failures"] = status.failures
    return data


def _post(request: HttpRequest, user: User, collection_id: str) -> HttpResponse:
    collection = _collection(user, collection_id)
    if not isinstance(collection, Collection):
        return collection
    token = request.taxii_token  # type: ignore[attr-defined]
    if not collection.can_write or token.scope != ApiTokenScope.WRITE or collection.network is None:
        return error(403, _("Forbidden"), _("This collection does not accept objects from you."))
    content_type = request.headers.get("Content-Type", "").replace(" ", "").lower()
    wrong_version = "version=" in content_type and "version=2.1" not in content_type
    if not content_type.startswith("application/taxii+json") or wrong_version:
        return error(415, _("Unsupported media type"), _("Send %(media)s.") % {"media": MEDIA})
    limit = settings.ENLACE_STIX_IMPORT_MAX_MB * 1024 * 1024
    if int(request.headers.get("Content-Length") or 0) > limit or len(request.body) > limit:
        return error(413, _("Too large"), _("The largest body accepted is %(n)s bytes.") % {"n": limit})
    try:
        envelope = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return error(400, _("Bad request"), _("The body is not JSON."))
    items = envelope.get("objects") if isinstance(envelope, dict) else None
    if not isinstance(items, list) or not items:
        return error(400, _("Bad request"), _("The body must be an envelope with objects."))
    bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": items}
    ids = [(o.get("id"), o.get("modified", o.get("created"))) for o in items if isinstance(o, dict)]
    try:
        made = stix_import.import_bundle(actor=user, data=bundle, networks=[collection.network])
    except ValidationError as exc:
        failures = [{"id": oid, "version": v, "message": "; ".join(exc.messages)} for oid, v in ids if oid]
        status = TaxiiStatus.objects.create(
            user=user, collection=collection.id, total_count=len(items), failures=failures
        )
    else:
        skipped = {entry.get("id") for entry in made.skipped}
        successes = [{"id": oid, "version": v} for oid, v in ids if oid and oid not in skipped]
        failures = [{"id": e.get("id"), "message": e.get("reason", "")} for e in made.skipped]
        status = TaxiiStatus.objects.create(
            user=user, collection=collection.id, total_count=len(items), successes=successes, failures=failures
        )
    return _json(_status_resource(status), status=202)


@taxii(("GET",))
def status_detail(request: HttpRequest, user: User, status_id: str) -> HttpResponse:
    """The status of an earlier POST (only its author sees it)."""
    status = TaxiiStatus.objects.visible_to(user).filter(pk=status_id).first()
    if status is None:
        return error(404, _("Not found"), _("No such status."))
    return _json(_status_resource(status))
