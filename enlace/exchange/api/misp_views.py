"""The MISP feed over the API: `manifest.json`, `<uuid>.json` and `hashes.csv` per network, for everything the
caller may read, and for the public TLP:CLEAR alerts. Authenticated by the personal API token in a header
(MISP's feed setting "Headers": `Authorization: Bearer enl_…`), never by a token in the URL; every read audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from enlace.audit.actions import record
from enlace.common.api.permissions import TokenScopeAllows
from enlace.directory.models import Network
from enlace.exchange import misp
from enlace.exchange.models import Alert

JSON = "application/json"


class AnyAccept(BaseContentNegotiation):
    """MISP asks for `application/json, text/plain, text/*`; the feed answers JSON or CSV whatever it asks."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: Any, format_suffix: str | None = None) -> Any:
        return renderers[0], renderers[0].media_type


class FeedView(APIView):
    """Base of the feed files: which alerts (`feed`), serialised by `answer`."""

    permission_classes = [TokenScopeAllows]
    content_negotiation_class = AnyAccept
    feed_name = ""

    def alerts(self, request: Request, **kwargs: Any) -> QuerySet[Alert]:
        """The alerts the caller may read that belong to this feed."""
        network = Network.objects.visible_to(request.user).filter(code=kwargs.get("code", "")).first()
        if network is None:
            raise Http404
        return misp.feed_alerts(Alert.objects.visible_to(request.user), network_id=network.pk)

    def audit(self, request: Request, file: str, alerts: list[Alert], **kwargs: Any) -> None:
        record(
            "alert.export.misp",
            actor=request.user,
            object_type="exchange.alert",
            changes={"feed": kwargs.get("code", self.feed_name), "file": file, "alerts": [a.pk for a in alerts]},
        )

    def manifest(self, request: Request, **kwargs: Any) -> HttpResponse:
        alerts = list(self.alerts(request, **kwargs))
        self.audit(request, "manifest.json", alerts, **kwargs)
        return HttpResponse(misp.dumps(misp.manifest(alerts)), content_type=JSON)

    def event(self, request: Request, uuid: str, **kwargs: Any) -> HttpResponse:
        alert = self.alerts(request, **kwargs).filter(uuid=uuid).first()
        if alert is None:
            raise Http404
        self.audit(request, f"{uuid}.json", [alert], **kwargs)
        return HttpResponse(misp.dumps(misp.event(alert)), content_type=JSON)

    def hashes(self, request: Request, **kwargs: Any) -> HttpResponse:
        alerts = list(self.alerts(request, **kwargs))
        self.audit(request, "hashes.csv", alerts, **kwargs)
        return HttpResponse(misp.hashes_csv(alerts), content_type="text/csv; charset=utf-8")


class AllFeed(FeedView):
    """Every alert the caller may read, whatever its scope."""

    feed_name = "all"

    def alerts(self, request: Request, **kwargs: Any) -> QuerySet[Alert]:
        return misp.feed_alerts(Alert.objects.visible_to(request.user))


class PublicFeed(FeedView):
    """The published TLP:CLEAR alerts, for anyone (the public bulletins page shows the same)."""

    feed_name = "public"
    permission_classes = [AllowAny]

    def alerts(self, request: Request, **kwargs: Any) -> QuerySet[Alert]:
        return misp.feed_alerts(Alert.objects.restrict(request.user, "public"))


MANIFEST = {(200, JSON): OpenApiTypes.OBJECT}
CSV = {(200, "text/csv"): OpenApiTypes.STR}


class NetworkManifestView(FeedView):
    """`manifest.json` of the feed: event uuid → summary (MISP reads it first)."""

    @extend_schema(operation_id="misp_network_manifest", responses=MANIFEST)
    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        """The feed's manifest."""
        return self.manifest(request, **kwargs)


class NetworkEventView(FeedView):
    """`<uuid>.json`: one alert as a MISP event; outside the feed or the caller's reach, a 404."""

    @extend_schema(operation_id="misp_network_event", responses=MANIFEST)
    def get(self, request: Request, uuid: str = "", **kwargs: Any) -> HttpResponse:
        """One event of the feed."""
        return self.event(request, uuid, **kwargs)


class NetworkHashesView(FeedView):
    """`hashes.csv`: the md5 of each attribute value and its event uuid (MISP's feed cache)."""

    @extend_schema(operation_id="misp_network_hashes", responses=CSV)
    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        """The feed's attribute hashes."""
        return self.hashes(request, **kwargs)


class AllManifestView(AllFeed):
    """`manifest.json` of the feed: event uuid → summary (MISP reads it first)."""

    @extend_schema(operation_id="misp_all_manifest", responses=MANIFEST)
    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        """The feed's manifest."""
        return self.manifest(request, **kwargs)


class AllEventView(AllFeed):
    """`<uuid>.json`: one alert as a MISP event; outside the feed or the caller's reach, a 404."""

    @extend_schema(operation_id="misp_all_event", responses=MANIFEST)
    def get(self, request: Request, uuid: str = "", **kwargs: Any) -> HttpResponse:
        """One event of the feed."""
        return self.event(request, uuid, **kwargs)


class AllHashesView(AllFeed):
    """`hashes.csv`: the md5 of each attribute value and its event uuid (MISP's feed cache)."""

    @extend_schema(operation_id="misp_all_hashes", responses=CSV)
    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        """The feed's attribute hashes."""
        return self.hashes(request, **kwargs)


class PublicManifestView(PublicFeed):
    """`manifest.json` of the feed: event uuid → summary (MISP reads it first)."""

    @extend_schema(operation_id="misp_public_manifest", responses=MANIFEST)
    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        """The feed's manifest."""
        return self.manifest(request, **kwargs)


class PublicEventView(PublicFeed):
    """`<uuid>.json`: one alert as a MISP event; outside the feed or the caller's reach, a 404."""

    @extend_schema(operation_id="misp_public_event", responses=MANIFEST)
    def get(self, request: Request, uuid: str = "", **kwargs: Any) -> HttpResponse:
        """One event of the feed."""
        return self.event(request, uuid, **kwargs)


class PublicHashesView(PublicFeed):
    """`hashes.csv`: the md5 of each attribute value and its event uuid (MISP's feed cache)."""

    @extend_schema(operation_id="misp_public_hashes", responses=CSV)
    def get(self, request: Request, **kwargs: Any) -> HttpResponse:
        """The feed's attribute hashes."""
        return self.hashes(request, **kwargs)
