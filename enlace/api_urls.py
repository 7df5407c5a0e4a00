"""The REST API, version 1, and its OpenAPI schema."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from enlace.accounts.api.views import ApiTokenViewSet, MeView
from enlace.assistance.api.views import AssistanceMissionViewSet, AssistanceRequestViewSet, RecommendationViewSet
from enlace.audit.api.views import AuditRecordViewSet
from enlace.directory.api.roster_parts import AvailabilityWindowViewSet, CertificationViewSet, ExpertApplyView
from enlace.directory.api.views import (
    ApplicationViewSet,
    DesignationViewSet,
    ExerciseViewSet,
    ExpertViewSet,
    NetworkViewSet,
    PersonViewSet,
)
from enlace.exchange.api import misp_views
from enlace.exchange.api.views import AlertViewSet, IndicatorViewSet
from enlace.funding.api.views import (
    DonationViewSet,
    DonorViewSet,
    FundingGapViewSet,
    FundingProgramViewSet,
    FundViewSet,
    RateViewSet,
    TransactionViewSet,
)
from enlace.geo.api.views import MemberStateViewSet
from enlace.ipo.api.views import LessonViewSet, MajorEventViewSet
from enlace.library.api.views import WorkViewSet
from enlace.workplan.api.activities import ActivityViewSet
from enlace.workplan.api.participants import (
    ActivityCountsView,
    AttendanceImportView,
    CertificateIssueView,
    GenderTargetView,
    ParticipationViewSet,
)
from enlace.workplan.api.reports import (
    ActivityIatiView,
    GenderDashboardView,
    GenderProgramView,
    IatiExportView,
    ParticipantCountsView,
    ProgressReportPdfView,
    ProgressReportView,
    ProgressReportXlsxView,
)
from enlace.workplan.api.views import ProgramViewSet, WorkPlanViewSet


class Router(DefaultRouter):
    """The v1 router, without the browsable root (the schema documents the API)."""

    include_root_view = False
    include_format_suffixes = False


router = Router()
router.register("tokens", ApiTokenViewSet, basename="apitoken")
router.register("states", MemberStateViewSet, basename="memberstate")
router.register("programs", ProgramViewSet, basename="program")
router.register("workplans", WorkPlanViewSet, basename="workplan")
router.register("activities", ActivityViewSet, basename="activity")
router.register("participations", ParticipationViewSet, basename="participation")
router.register("library/works", WorkViewSet, basename="libraryworks")
router.register("audit-records", AuditRecordViewSet, basename="auditrecord")
router.register("networks", NetworkViewSet, basename="network")
router.register("people", PersonViewSet, basename="person")
router.register("designations", DesignationViewSet, basename="designation")
router.register("exercises", ExerciseViewSet, basename="exercise")
router.register("experts", ExpertViewSet, basename="expert")
router.register("availability-windows", AvailabilityWindowViewSet, basename="availabilitywindow")
router.register("certifications", CertificationViewSet, basename="certification")
router.register("applications", ApplicationViewSet, basename="application")
router.register("alerts", AlertViewSet, basename="alert")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("assistance-requests", AssistanceRequestViewSet, basename="assistancerequest")
router.register("assistance-missions", AssistanceMissionViewSet, basename="assistancemission")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("major-events", MajorEventViewSet, basename="majorevent")
router.register("lessons", LessonViewSet, basename="lesson")
router.register("funding/donors", DonorViewSet, basename="fundingdonor")
router.register("funding/funds", FundViewSet, basename="fundingfund")
router.register("funding/rates", RateViewSet, basename="fundingrate")
router.register("funding/transactions", TransactionViewSet, basename="fundingtransaction")
router.register("funding/donations", DonationViewSet, basename="fundingdonation")
router.register("funding/gaps", FundingGapViewSet, basename="fundinggap")
router.register("funding/programs", FundingProgramViewSet, basename="fundingprogram")

v1: list[URLPattern | URLResolver] = [
    path("me/", MeView.as_view(), name="me"),
    path(
        "activities/<int:pk>/participant-counts/",
        ActivityCountsView.as_view(),
        name="activity-participant-counts",
    ),
    path("activities/<int:pk>/attendance/", AttendanceImportView.as_view(), name="activity-attendance-import"),
    path("activities/<int:pk>/certificates/", CertificateIssueView.as_view(), name="activity-certificates-issue"),
    path("gender-targets/", GenderTargetView.as_view(), name="gender-targets"),
    path("gender/", GenderDashboardView.as_view(), name="gender-dashboard"),
    path("gender/<slug:code>/", GenderProgramView.as_view(), name="gender-program"),
    path("participant-counts/", ParticipantCountsView.as_view(), name="participant-counts"),
    path("programs/<slug:code>/progress-report/", ProgressReportView.as_view(), name="program-progress-report"),
    path(
        "programs/<slug:code>/progress-report.pdf", ProgressReportPdfView.as_view(), name="program-progress-report-pdf"
    ),
    path(
        "programs/<slug:code>/progress-report.xlsx",
        ProgressReportXlsxView.as_view(),
        name="program-progress-report-xlsx",
    ),
    path("iati/activities.xml", IatiExportView.as_view(), name="iati-activities"),
    path("activities/<int:pk>/iati.xml", ActivityIatiView.as_view(), name="activity-iati"),
    path("roster/apply/", ExpertApplyView.as_view(), name="roster-apply"),
    # The MISP feeds (docs/exchange.md): MISP appends manifest.json, <uuid>.json and hashes.csv to a base URL.
    path("misp/networks/<slug:code>/manifest.json", misp_views.NetworkManifestView.as_view(), name="misp-manifest"),
    path("misp/networks/<slug:code>/hashes.csv", misp_views.NetworkHashesView.as_view(), name="misp-hashes"),
    path("misp/networks/<slug:code>/<uuid:uuid>.json", misp_views.NetworkEventView.as_view(), name="misp-event"),
    path("misp/all/manifest.json", misp_views.AllManifestView.as_view(), name="misp-all-manifest"),
    path("misp/all/hashes.csv", misp_views.AllHashesView.as_view(), name="misp-all-hashes"),
    path("misp/all/<uuid:uuid>.json", misp_views.AllEventView.as_view(), name="misp-all-event"),
    path("misp/public/manifest.json", misp_views.PublicManifestView.as_view(), name="misp-public-manifest"),
    path("misp/public/hashes.csv", misp_views.PublicHashesView.as_view(), name="misp-public-hashes"),
    path("misp/public/<uuid:uuid>.json", misp_views.PublicEventView.as_view(), name="misp-public-event"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[IsAuthenticated]),
        name="api-docs",
    ),
]
