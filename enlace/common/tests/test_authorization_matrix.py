"""Every URL pattern and every API operation, requested as anonymous and as every persona.

A new URL or API operation without a declared expectation here fails the suite: declare who
may reach it before it ships (see docs/permissions.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator

from enlace.accounts import actions
from enlace.accounts.models import ApiToken, User
from enlace.assistance.actions import add_finding, add_recommendation, file_request, record_mission
from enlace.audit.actions import record
from enlace.directory.attestation import confirm_token
from enlace.directory.exercises import ack_token
from enlace.directory.models import (
    AvailabilityWindow,
    Certification,
    DesignationStatus,
    Exercise,
    ExerciseTarget,
    Expert,
    MembershipApplication,
    Network,
)
from enlace.directory.testing import make_designation, make_person
from enlace.exchange.actions import add_comment, create_alert
from enlace.exchange.attachments import attach
from enlace.exchange.indicator_actions import NewIndicator, add_indicators
from enlace.exchange.taxii.collections import collection_id
from enlace.funding.testing import make_funded_world
from enlace.geo.models import MemberState
from enlace.ipo.actions import advance_lesson, link_document, save_event, submit_lesson
from enlace.library.testing import make_work
from enlace.workplan.actions import create_activity, import_plan
from enlace.workplan.models import Program, ProposedActivity
from enlace.workplan.participant_actions import import_attendance, issue_certificates
from enlace.workplan.testing import seed_bytes

MEMBERS = ["focal_point", "coordinator", "csirt_analyst", "expert", "donor", "officer", "admin"]
PERSONAS = ["anonymous", "no_mfa", *MEMBERS]
LOGIN = "→login"  # a redirect to the sign-in page
ENROL = "→mfa"  # a redirect to second-factor enrolment

Expect = dict[str, int | str]


def level(anonymous: int | str, no_mfa: int | str, members: int | str, **exceptions: int | str) -> Expect:
    """Expected answers: one for anonymous, one for a user without MFA, one for members, then exceptions."""
    return {"anonymous": anonymous, "no_mfa": no_mfa, **dict.fromkeys(MEMBERS, members), **exceptions}


PUBLIC = level(200, ENROL, 200)
MEMBER = level(LOGIN, ENROL, 200)
MEMBER_POST_ONLY = level(LOGIN, ENROL, 405)
SECRETARIAT = level(LOGIN, ENROL, 404, officer=200, admin=200)
ADMIN_ONLY = level(LOGIN, ENROL, 404, admin=200)
STATE_AND_SECRETARIAT = level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200)
# allauth's pages that hold no data (password reset by e-mail, notices): open, but enrolment comes first.
ALLAUTH_NOTICE = level(200, ENROL, 200)
REAUTH = "→/accounts/reauthenticate/"  # allauth asks to confirm the password first
TO_DASHBOARD = "→/dashboard/"

# Every named URL pattern: {name: expectations for GET}. Keyword arguments come from `url_kwargs`.
PAGES: dict[str, Expect] = {
    "common:home": PUBLIC,
    "common:health": level(200, 200, 200),
    "common:dashboard": MEMBER,
    "common:set_language": level(405, 405, 405),
    "accounts:profile": MEMBER,
    "accounts:apitoken_list": MEMBER,
    "accounts:apitoken_create": MEMBER_POST_ONLY,
    "accounts:apitoken_revoke": MEMBER_POST_ONLY,
    "accounts:user_list": ADMIN_ONLY,
    "accounts:user_mfa_reset": ADMIN_ONLY,
    "audit:auditrecord_list": SECRETARIAT,
    "audit:auditrecord_export": SECRETARIAT,
    "api-schema": level(401, 403, 200),
    "api-docs": level(401, 403, 200),
    "account_login": level(200, ENROL, TO_DASHBOARD),
    "account_signup": level(200, ENROL, TO_DASHBOARD),
    "account_logout": level("→/", 200, 200),
    "account_inactive": ALLAUTH_NOTICE,
    "account_reset_password": ALLAUTH_NOTICE,
    "account_reset_password_done": ALLAUTH_NOTICE,
    "account_reset_password_from_key": ALLAUTH_NOTICE,
    "account_reset_password_from_key_done": ALLAUTH_NOTICE,
    "account_email_verification_sent": ALLAUTH_NOTICE,
    "account_confirm_email": ALLAUTH_NOTICE,
    "account_confirm_login_code": level(LOGIN, ENROL, TO_DASHBOARD),
    "account_reauthenticate": level(LOGIN, 200, 200),
    "account_request_reauthentication_code": level(LOGIN, REAUTH, REAUTH),
    "account_confirm_reauthentication_code": level(LOGIN, REAUTH, REAUTH),
    "account_email": MEMBER,
    "account_change_password": MEMBER,
    "account_set_password": level(LOGIN, ENROL, "→/accounts/password/change/"),
    "mfa_index": level(LOGIN, 200, 200),
    "mfa_authenticate": level(LOGIN, TO_DASHBOARD, TO_DASHBOARD),
    "mfa_reauthenticate": level(LOGIN, REAUTH, 200),
    "mfa_activate_totp": level(LOGIN, REAUTH, ENROL),
    "mfa_deactivate_totp": level(LOGIN, 404, REAUTH),
    "mfa_view_recovery_codes": level(LOGIN, 404, 404),
    "mfa_generate_recovery_codes": level(LOGIN, REAUTH, REAUTH),
    "mfa_download_recovery_codes": level(LOGIN, 404, 404),
    "mfa_list_webauthn": level(LOGIN, 200, 200),
    "mfa_add_webauthn": level(LOGIN, REAUTH, ENROL),
    "mfa_reauthenticate_webauthn": level(LOGIN, REAUTH, REAUTH),
    "mfa_remove_webauthn": level(LOGIN, REAUTH, REAUTH),
    "mfa_edit_webauthn": level(LOGIN, REAUTH, REAUTH),
    "mfa_login_webauthn": level(LOGIN, TO_DASHBOARD, TO_DASHBOARD),
    "directory:network_list": MEMBER,
    "directory:network_detail": MEMBER,
    "directory:designation_list": MEMBER,
    # The world's designation is Argentina's (the coordinator persona's state), still proposed.
    "directory:reachable_now": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "directory:person_detail": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "directory:designation_create": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "directory:designation_validate": MEMBER_POST_ONLY,
    "directory:channel_create": MEMBER_POST_ONLY,
    "directory:person_confirm": MEMBER_POST_ONLY,
    "directory:person_create": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "directory:person_update": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "directory:designation_remove": MEMBER_POST_ONLY,
    "directory:state_access_log": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    # The world also has an active designation of Uruguay, which only the Secretariat sees.
    "directory:network_export": level(LOGIN, ENROL, 404, officer=200, admin=200),
    "directory:exercise_list": SECRETARIAT,
    "directory:exercise_create": SECRETARIAT,
    "directory:exercise_detail": SECRETARIAT,
    "directory:exercise_report": SECRETARIAT,
    "directory:exercise_close": MEMBER_POST_ONLY,
    "directory:exercise_cancel": MEMBER_POST_ONLY,
    "directory:exercise_trends": SECRETARIAT,
    "directory:exercise_trends_export": SECRETARIAT,
    # The world's alert is TLP:CLEAR to all members, written by the admin persona.
    "exchange:alert_list": MEMBER,
    "exchange:alert_create": level(LOGIN, ENROL, 200, expert=404, donor=404),
    "exchange:alert_detail": MEMBER,
    "exchange:alert_publish": MEMBER_POST_ONLY,
    "exchange:alert_rescope": SECRETARIAT,
    "exchange:alert_acknowledge": MEMBER_POST_ONLY,
    "exchange:alert_comment": MEMBER_POST_ONLY,
    "exchange:alert_remind": MEMBER_POST_ONLY,
    "exchange:comment_edit": MEMBER_POST_ONLY,
    "exchange:indicators_add": MEMBER_POST_ONLY,
    "exchange:indicator_search": MEMBER,
    "exchange:trends": MEMBER,
    # TAXII authenticates by API token only (a browser session is not enough): tests/test_taxii.py covers
    # what each reader sees once authenticated.
    **{
        f"taxii:{name}": level(401, 401, 401)
        for name in ("discovery", "api_root", "status", "collections", "collection", "objects", "object")
    },
    "taxii:versions": level(401, 401, 401),
    "taxii:manifest": level(401, 401, 401),
    "exchange:trends_csv": MEMBER,
    "exchange:sighting_add": MEMBER_POST_ONLY,
    "exchange:attachment_add": MEMBER_POST_ONLY,
    "exchange:attachment_download": MEMBER,
    "exchange:preferences": MEMBER,
    "exchange:alert_translate": MEMBER_POST_ONLY,
    "exchange:alert_stix": MEMBER,
    "exchange:stix_import": level(LOGIN, ENROL, 200, expert=404, donor=404),
    "exchange:misp_import": level(LOGIN, ENROL, 200, expert=404, donor=404),
    "exchange:public_list": PUBLIC,
    "exchange:public_detail": PUBLIC,
    # The library: a published public work is open to anyone (the leakage tests cover the other access
    # levels, enlace/library/tests/test_access.py); authors are the Secretariat, coordinators and focal points.
    "library:library_home": PUBLIC,
    "library:work_detail": PUBLIC,
    "library:version_current": PUBLIC,
    "library:version_download": PUBLIC,
    "library:work_create": level(LOGIN, ENROL, 404, coordinator=200, focal_point=200, officer=200, admin=200),
    "library:translation_add": MEMBER_POST_ONLY,
    # Editing the world's work (the admin's, published, in no program): the Secretariat; its author would while
    # it is a draft (enlace/library/tests/test_edit.py covers who may change which field).
    "library:work_edit": SECRETARIAT,
    "library:translation_change": MEMBER_POST_ONLY,
    "library:version_note_change": MEMBER_POST_ONLY,
    "library:version_add": MEMBER_POST_ONLY,
    "library:work_submit": MEMBER_POST_ONLY,
    "library:work_publish": MEMBER_POST_ONLY,
    "library:work_archive": MEMBER_POST_ONLY,
    # Following: any signed-in user who may open the work (enlace/library/tests/test_follow.py: 404 otherwise).
    "library:work_follow": MEMBER_POST_ONLY,
    "library:work_unfollow": MEMBER_POST_ONLY,
    # Harvesters: public works and lessons only, as OAI-PMH (errors are OAI XML with 200) and Dublin Core XML.
    "library:export_dc": PUBLIC,
    "oai:endpoint": PUBLIC,
    # Everyone reads her own notifications only (the policy filters by user).
    "notifications:notification_list": MEMBER,
    "notifications:notification_read": MEMBER_POST_ONLY,
    # The acknowledgement link needs no sign-in: its signed token is the credential.
    "directory:exercise_ack": level(200, ENROL, 200),
    "directory:person_confirm_link": level(200, ENROL, 200),
    # The world's expert entry belongs to the expert persona.
    "directory:expert_list": level(LOGIN, ENROL, 404, expert=200, officer=200, admin=200),
    "directory:expert_me": level(LOGIN, ENROL, 404, expert="→/directory/experts/"),
    "directory:expert_detail": level(LOGIN, ENROL, 404, expert=200, officer=200, admin=200),
    "directory:certification_create": MEMBER_POST_ONLY,
    "directory:expert_create": SECRETARIAT,
    "directory:expert_update": level(LOGIN, ENROL, 404, expert=200, officer=200, admin=200),
    "directory:mission_create": MEMBER_POST_ONLY,
    "directory:expert_remove": MEMBER_POST_ONLY,
    # Roster applications and the people search of the Add page; an expert's windows and certifications.
    "directory:expert_person_search": SECRETARIAT,
    "directory:expert_apply": level(LOGIN, ENROL, 404, expert="→/directory/experts/"),  # she has an entry
    "directory:expert_accept": MEMBER_POST_ONLY,
    "directory:window_create": MEMBER_POST_ONLY,
    "directory:window_update": level(LOGIN, ENROL, 404, expert=200, officer=200, admin=200),
    "directory:window_delete": MEMBER_POST_ONLY,
    "directory:certification_update": level(LOGIN, ENROL, 404, expert=200, officer=200, admin=200),
    "directory:certification_delete": MEMBER_POST_ONLY,
    "directory:expert_reinstate": MEMBER_POST_ONLY,
    # The world's application is for a team of Argentina, filed by the CSIRT analyst persona.
    "directory:application_list": MEMBER,
    "directory:application_create": level(LOGIN, ENROL, 200, expert=404, donor=404),
    "directory:application_detail": level(
        LOGIN, ENROL, 404, csirt_analyst=200, coordinator=200, officer=200, admin=200
    ),
    "directory:application_document": level(
        LOGIN, ENROL, 404, csirt_analyst=200, coordinator=200, officer=200, admin=200
    ),
    "directory:application_endorse": MEMBER_POST_ONLY,
    "directory:application_decide": MEMBER_POST_ONLY,
    # The world holds the seed work plan 2021-2022: every member reads it; only the Secretariat imports.
    "workplan:plan_list": MEMBER,
    "workplan:plan_detail": MEMBER,
    "workplan:plan_diff": MEMBER,
    "workplan:plan_import": SECRETARIAT,
    "workplan:plan_coverage": SECRETARIAT,
    # The world's activity is a cybersecurity training in Argentina (the coordinator persona's state); the
    # officer persona runs the cybersecurity program.
    "workplan:activity_list": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "workplan:activity_detail": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "workplan:activity_create": SECRETARIAT,
    # The world's participant is from Argentina (the coordinator persona's state), certified in its activity.
    "workplan:participant_list": STATE_AND_SECRETARIAT,
    "workplan:participant_export": STATE_AND_SECRETARIAT,
    "workplan:attendance_import": SECRETARIAT,
    "workplan:certificate_issue": MEMBER_POST_ONLY,
    "workplan:certificate_download": STATE_AND_SECRETARIAT,
    "workplan:certificate_verify": level(200, ENROL, 200),
    "workplan:participant_counts": STATE_AND_SECRETARIAT,
    "workplan:gender_dashboard": STATE_AND_SECRETARIAT,
    "workplan:gender_program": STATE_AND_SECRETARIAT,
    "workplan:activity_update": SECRETARIAT,
    "workplan:activity_iati": SECRETARIAT,
    "workplan:iati_export": SECRETARIAT,
    "workplan:partner_add": MEMBER_POST_ONLY,
    "workplan:partner_remove": MEMBER_POST_ONLY,
    "workplan:budget_add": MEMBER_POST_ONLY,
    "workplan:budget_remove": MEMBER_POST_ONLY,
    # The officer persona runs the cybersecurity program, the one the URL names.
    "workplan:program_report": SECRETARIAT,
    "workplan:program_report_export": SECRETARIAT,
    # The world's assistance request and mission are Argentina's (the coordinator persona's state): only she and
    # the Secretariat see them; focal points, analysts, experts and donors get nothing.
    "assistance:request_list": STATE_AND_SECRETARIAT,
    "assistance:request_create": level(LOGIN, ENROL, 404, coordinator=200),
    "assistance:request_detail": STATE_AND_SECRETARIAT,
    "assistance:request_transition": MEMBER_POST_ONLY,
    "assistance:request_withdraw": MEMBER_POST_ONLY,
    "assistance:request_assign": MEMBER_POST_ONLY,
    "assistance:document_add": MEMBER_POST_ONLY,
    "assistance:document_download": STATE_AND_SECRETARIAT,
    "assistance:mission_list": STATE_AND_SECRETARIAT,
    "assistance:mission_create": SECRETARIAT,
    "assistance:mission_detail": STATE_AND_SECRETARIAT,
    "assistance:finding_add": MEMBER_POST_ONLY,
    "assistance:recommendation_add": MEMBER_POST_ONLY,
    "assistance:recommendation_update": MEMBER_POST_ONLY,
    "assistance:followup": STATE_AND_SECRETARIAT,
    # The world's event is public and validated (Argentina); its lesson is public and validated.
    "ipo:event_list": MEMBER,
    "ipo:event_create": level(LOGIN, ENROL, 404, coordinator=200, officer=200, admin=200),
    "ipo:event_calendar": MEMBER,
    "ipo:event_detail": MEMBER,
    "ipo:event_update": SECRETARIAT,
    "ipo:event_validate": MEMBER_POST_ONLY,
    "ipo:lesson_list": MEMBER,
    "ipo:lesson_create": level(LOGIN, ENROL, 404, coordinator=200, focal_point=200, officer=200, admin=200),
    "ipo:lesson_detail": MEMBER,
    "ipo:lesson_step": MEMBER_POST_ONLY,
    "ipo:event_document_link": MEMBER_POST_ONLY,
    "ipo:lesson_document_link": MEMBER_POST_ONLY,
    "ipo:document_unlink": MEMBER_POST_ONLY,
    "workplan:public_programs": PUBLIC,
    "workplan:public_iati": PUBLIC,
    "ipo:public_event_list": PUBLIC,
    "ipo:public_event_detail": PUBLIC,
    "ipo:public_lesson_list": PUBLIC,
    "ipo:public_lesson_detail": PUBLIC,
    # The world's donor (Canada) is linked to the donor persona and funds the world's activity; its in-kind
    # donation went to Argentina (the coordinator persona's state).
    "funding:overview": level(LOGIN, ENROL, 404, donor=200, officer=200, admin=200),
    "funding:program_detail": level(LOGIN, ENROL, 404, donor=200, officer=200, admin=200),
    "funding:fund_create": SECRETARIAT,
    "funding:fund_detail": level(LOGIN, ENROL, 404, donor=200, officer=200, admin=200),
    "funding:donor_list": level(LOGIN, ENROL, 404, donor=200, officer=200, admin=200),
    "funding:donor_create": SECRETARIAT,
    "funding:donor_detail": level(LOGIN, ENROL, 404, donor=200, officer=200, admin=200),
    "funding:donor_link_user": MEMBER_POST_ONLY,
    "funding:transaction_create": SECRETARIAT,
    "funding:allocation_create": SECRETARIAT,
    "funding:requirement_create": SECRETARIAT,
    "funding:rate_list": SECRETARIAT,
    "funding:donation_list": level(LOGIN, ENROL, 404, coordinator=200, donor=200, officer=200, admin=200),
    "funding:donation_create": SECRETARIAT,
    # Corrections: whoever may record the world's transaction (cybersecurity: the officer persona's program)
    # reverses or corrects it; any Secretariat member corrects or withdraws an in-kind donation.
    "funding:transaction_reverse": SECRETARIAT,
    "funding:transaction_correct": SECRETARIAT,
    "funding:allocation_reverse": MEMBER_POST_ONLY,
    "funding:donation_update": SECRETARIAT,
    "funding:donation_withdraw": MEMBER_POST_ONLY,
}

# Every API operation in the OpenAPI schema: {"METHOD path": expectations}. Tokens are write-scoped.
API_READ_MEMBERS = level(401, 401, 200)
API_STATE = level(401, 401, 404, coordinator=200, officer=200, admin=200)
API_FUNDING = level(401, 401, 404, donor=200, officer=200, admin=200)
OPERATIONS: dict[str, Expect] = {
    "GET /api/v1/me/": API_READ_MEMBERS,
    "PATCH /api/v1/me/": API_READ_MEMBERS,
    "GET /api/v1/tokens/": API_READ_MEMBERS,
    "GET /api/v1/tokens/{id}/": level(401, 401, 404, admin=200),
    "POST /api/v1/tokens/{id}/revoke/": level(401, 401, 404, admin=200),
    "GET /api/v1/states/": API_READ_MEMBERS,
    "GET /api/v1/states/{iso2}/": API_READ_MEMBERS,
    "GET /api/v1/programs/": API_READ_MEMBERS,
    "GET /api/v1/library/works/": API_READ_MEMBERS,
    "GET /api/v1/library/works/{identifier}/": API_READ_MEMBERS,
    # Library writes: the empty body is refused (400) once the policy lets the caller in. The world's work is the
    # admin's, published, in no program: the Secretariat may change it (officers cannot publish or archive it);
    # the admin archives it (200), then republishes it (archived → published, 200); submitting is a 409.
    "POST /api/v1/library/works/": level(401, 401, 404, coordinator=400, focal_point=400, officer=400, admin=400),
    "POST /api/v1/library/works/{identifier}/translations/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/library/works/{identifier}/versions/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/library/works/{identifier}/submit/": level(401, 401, 404, officer=409, admin=409),
    "POST /api/v1/library/works/{identifier}/archive/": level(401, 401, 404, admin=200),
    "POST /api/v1/library/works/{identifier}/publish/": level(401, 401, 404, admin=200),
    # The world's work is public: every member may follow it (and stop); anonymous callers are not authenticated.
    "POST /api/v1/library/works/{identifier}/follow/": level(401, 401, 200),
    "DELETE /api/v1/library/works/{identifier}/follow/": level(401, 401, 204),
    # Changing the world's published work: the Secretariat (the empty body changes nothing: 200); a version's
    # note must be sent (400).
    "PATCH /api/v1/library/works/{identifier}/": level(401, 401, 404, officer=200, admin=200),
    "PATCH /api/v1/library/works/{identifier}/translations/{language}/": level(401, 401, 404, officer=200, admin=200),
    "PATCH /api/v1/library/works/{identifier}/translations/{language}/versions/{number}/": level(
        401, 401, 404, officer=400, admin=400
    ),
    "GET /api/v1/programs/{code}/": API_READ_MEMBERS,
    "GET /api/v1/audit-records/": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/audit-records/{seq}/": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/networks/": API_READ_MEMBERS,
    "GET /api/v1/networks/{code}/": API_READ_MEMBERS,
    "GET /api/v1/people/{id}/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "GET /api/v1/designations/": API_READ_MEMBERS,
    "POST /api/v1/designations/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "GET /api/v1/designations/{id}/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "POST /api/v1/designations/{id}/validate/": level(401, 401, 404, officer=200, admin=200),
    "POST /api/v1/designations/{id}/remove/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "GET /api/v1/networks/{code}/reachable-now/{iso2}/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "POST /api/v1/people/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "PATCH /api/v1/people/{id}/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "POST /api/v1/people/{id}/confirm/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "POST /api/v1/people/{id}/channels/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "GET /api/v1/exercises/": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/exercises/{id}/": level(401, 401, 404, officer=200, admin=200),
    "POST /api/v1/exercises/": level(401, 401, 404, officer=400, admin=400),
    # The world's exercise is running: it cannot be cancelled, but it can be closed.
    "POST /api/v1/exercises/{id}/cancel/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/exercises/{id}/close/": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/experts/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "GET /api/v1/experts/{id}/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "POST /api/v1/experts/{id}/certifications/": level(401, 401, 404, expert=400, officer=400, admin=400),
    "POST /api/v1/experts/": level(401, 401, 404, officer=400, admin=400),
    "PATCH /api/v1/experts/{id}/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "POST /api/v1/experts/{id}/missions/": level(401, 401, 404, expert=400, officer=400, admin=400),
    "POST /api/v1/experts/{id}/remove/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/experts/{id}/reinstate/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/experts/{id}/windows/": level(401, 401, 404, expert=400, officer=400, admin=400),
    "POST /api/v1/experts/{id}/accept/": level(401, 401, 404, officer=400, admin=400),  # the entry is active
    # The world's expert's window and certification: she and the Secretariat read, change and remove them.
    "GET /api/v1/availability-windows/{id}/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "PATCH /api/v1/availability-windows/{id}/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "DELETE /api/v1/availability-windows/{id}/": level(401, 401, 404, expert=204, officer=204, admin=204),
    "GET /api/v1/certifications/{id}/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "PATCH /api/v1/certifications/{id}/": level(401, 401, 404, expert=200, officer=200, admin=200),
    "DELETE /api/v1/certifications/{id}/": level(401, 401, 404, expert=204, officer=204, admin=204),
    # Applying needs the expert role and her own directory record; the world's expert already has an entry.
    "POST /api/v1/roster/apply/": level(401, 401, 404, expert=400),
    # A team head of a state applies (multipart only: the matrix's JSON body is a 415 once the policy allows).
    "POST /api/v1/applications/": level(
        401, 401, 404, csirt_analyst=415, focal_point=415, coordinator=415, officer=415, admin=415
    ),
    "GET /api/v1/applications/": API_READ_MEMBERS,
    "GET /api/v1/applications/{id}/": level(401, 401, 404, csirt_analyst=200, coordinator=200, officer=200, admin=200),
    "POST /api/v1/applications/{id}/endorse/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "POST /api/v1/applications/{id}/decide/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/alerts/": API_READ_MEMBERS,
    "GET /api/v1/alerts/trends/": API_READ_MEMBERS,
    "POST /api/v1/alerts/": level(401, 401, 400, expert=404, donor=404),
    "GET /api/v1/alerts/{id}/": API_READ_MEMBERS,
    # The admin persona wrote the world's alert: an author does not answer her own alert.
    "POST /api/v1/alerts/{id}/acknowledge/": level(401, 401, 400, admin=404),
    "GET /api/v1/alerts/{id}/comments/": API_READ_MEMBERS,
    "POST /api/v1/alerts/{id}/comments/": level(401, 401, 400),
    "GET /api/v1/alerts/{id}/indicators/": API_READ_MEMBERS,
    # Adding indicators is the author's (the admin persona) or the Secretariat's; the empty body is refused.
    "POST /api/v1/alerts/{id}/indicators/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/alerts/{id}/sightings/": level(401, 401, 400, admin=404),
    # Publishing a published alert, a rescope without a reason, a translation without text: refused as bad input
    # for the author (admin) and the Secretariat; nobody else may try.
    "POST /api/v1/alerts/{id}/publish/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/alerts/{id}/rescope/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/alerts/{id}/remind/": level(401, 401, 404, officer=202, admin=202),
    "POST /api/v1/alerts/{id}/translations/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/alerts/{id}/attachments/": API_READ_MEMBERS,
    "POST /api/v1/alerts/{id}/attachments/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/alerts/{id}/attachments/{attachment_id}/": API_READ_MEMBERS,
    "GET /api/v1/alerts/stix/": API_READ_MEMBERS,
    # The empty body is not a bundle: refused as bad input for whoever may write alerts.
    "POST /api/v1/alerts/import/stix/": level(401, 401, 400, expert=404, donor=404),
    "GET /api/v1/alerts/{id}/stix/": API_READ_MEMBERS,
    # The empty object is not MISP event JSON: refused as bad input for whoever may write alerts.
    "POST /api/v1/alerts/import/misp/": level(401, 401, 400, expert=404, donor=404),
    "GET /api/v1/indicators/": API_READ_MEMBERS,
    # The MISP feeds (the world's alert is TLP:CLEAR for all members); the public feed needs no token.
    "GET /api/v1/misp/networks/{code}/manifest.json": API_READ_MEMBERS,
    "GET /api/v1/misp/networks/{code}/hashes.csv": API_READ_MEMBERS,
    "GET /api/v1/misp/networks/{code}/{uuid}.json": API_READ_MEMBERS,
    "GET /api/v1/misp/all/manifest.json": API_READ_MEMBERS,
    "GET /api/v1/misp/all/hashes.csv": API_READ_MEMBERS,
    "GET /api/v1/misp/all/{uuid}.json": API_READ_MEMBERS,
    "GET /api/v1/misp/public/manifest.json": level(200, 401, 200),
    "GET /api/v1/misp/public/hashes.csv": level(200, 401, 200),
    "GET /api/v1/misp/public/{uuid}.json": level(200, 401, 200),
    "GET /api/v1/indicators/{id}/": API_READ_MEMBERS,
    "GET /api/v1/workplans/": API_READ_MEMBERS,
    "GET /api/v1/workplans/{term}/": API_READ_MEMBERS,
    "GET /api/v1/workplans/{term}/coverage/": level(401, 401, 404, officer=200, admin=200),
    # The world's activity involves Argentina, the coordinator persona's state.
    "GET /api/v1/activities/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "GET /api/v1/activities/{id}/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    # The empty body lacks the required fields; the world's activity is in the officer persona's program.
    "POST /api/v1/activities/": level(401, 401, 404, officer=400, admin=400),
    "PATCH /api/v1/activities/{id}/": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/activities/{id}/participant-counts/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    "GET /api/v1/participations/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    # multipart only: the matrix's JSON body is refused with 415 once the policy let the caller through
    "POST /api/v1/activities/{id}/attendance/": level(401, 401, 404, officer=415, admin=415),
    "POST /api/v1/activities/{id}/certificates/": level(401, 401, 404, officer=200, admin=200),
    # The work-plan pages' reads: the IATI export is the Secretariat's; the progress report an administrator's or
    # the program's officer's (without ?start=&end= the request is refused); participants' figures a coordinator's
    # (her states' people) and the Secretariat's.
    "GET /api/v1/activities/{id}/iati.xml": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/iati/activities.xml": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/programs/{code}/progress-report/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/programs/{code}/progress-report.pdf": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/programs/{code}/progress-report.xlsx": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/participant-counts/": API_STATE,
    "GET /api/v1/gender/": API_STATE,
    "GET /api/v1/gender/{code}/": API_STATE,
    "POST /api/v1/gender-targets/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/participations/{id}/": level(401, 401, 404, coordinator=200, officer=200, admin=200),
    # Assistance: the world's request, mission and recommendation are Argentina's (the coordinator persona's).
    "GET /api/v1/assistance-requests/": API_STATE,
    "POST /api/v1/assistance-requests/": level(401, 401, 404, coordinator=400),
    "GET /api/v1/assistance-requests/{id}/": API_STATE,
    "GET /api/v1/assistance-requests/{id}/history/": API_STATE,
    "POST /api/v1/assistance-requests/{id}/transition/": level(401, 401, 404, officer=400, admin=400),
    # The state may withdraw its submitted request; the Secretariat may not (it declines, with a reason).
    "POST /api/v1/assistance-requests/{id}/withdraw/": level(401, 401, 404, coordinator=200, officer=400, admin=400),
    "POST /api/v1/assistance-requests/{id}/assign/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/assistance-requests/{id}/documents/": API_STATE,
    "POST /api/v1/assistance-requests/{id}/documents/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "GET /api/v1/assistance-requests/{id}/documents/{document_id}/": API_STATE,
    "GET /api/v1/assistance-missions/": API_STATE,
    "POST /api/v1/assistance-missions/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/assistance-missions/{id}/": API_STATE,
    "GET /api/v1/assistance-missions/{id}/findings/": API_STATE,
    "POST /api/v1/assistance-missions/{id}/findings/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/assistance-missions/{id}/recommendations/": API_STATE,
    "POST /api/v1/assistance-missions/{id}/recommendations/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/recommendations/": API_STATE,
    "GET /api/v1/recommendations/{id}/": API_STATE,
    "POST /api/v1/recommendations/{id}/status/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "GET /api/v1/recommendations/follow-up/": API_STATE,
    "GET /api/v1/major-events/": API_READ_MEMBERS,
    "GET /api/v1/major-events/{id}/": API_READ_MEMBERS,
    # The empty body lacks the required fields; only the Secretariat and coordinators may add events.
    "POST /api/v1/major-events/": level(401, 401, 404, coordinator=400, officer=400, admin=400),
    "PATCH /api/v1/major-events/{id}/": level(401, 401, 404, officer=200, admin=200),
    # The world's event is validated already: a second validation is a wrong transition.
    "POST /api/v1/major-events/{id}/validate/": level(401, 401, 404, officer=409, admin=409),
    # The world's event and lesson each link the world's public work: every member reads the links; only the
    # Secretariat links (the empty body names no document: 400) and unlinks (204).
    "GET /api/v1/major-events/{id}/documents/": API_READ_MEMBERS,
    "POST /api/v1/major-events/{id}/documents/": level(401, 401, 404, officer=400, admin=400),
    "DELETE /api/v1/major-events/{id}/documents/{link_id}/": level(401, 401, 404, officer=204, admin=204),
    "GET /api/v1/lessons/{id}/documents/": API_READ_MEMBERS,
    "POST /api/v1/lessons/{id}/documents/": level(401, 401, 404, officer=400, admin=400),
    "DELETE /api/v1/lessons/{id}/documents/{link_id}/": level(401, 401, 404, officer=204, admin=204),
    "GET /api/v1/lessons/": API_READ_MEMBERS,
    "GET /api/v1/lessons/{id}/": API_READ_MEMBERS,
    "POST /api/v1/lessons/": level(401, 401, 404, coordinator=400, focal_point=400, officer=400, admin=400),
    # The world's lesson is validated: validating or closing it again is a wrong transition (409); the steps
    # that need fields refuse the empty body (400). Only the Secretariat takes steps.
    "POST /api/v1/lessons/{id}/validate/": level(401, 401, 404, officer=409, admin=409),
    "POST /api/v1/lessons/{id}/reject/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/lessons/{id}/identify/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/lessons/{id}/plan-action/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/lessons/{id}/update-action/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/lessons/{id}/close/": level(401, 401, 404, officer=409, admin=409),
    "GET /api/v1/funding/donors/": API_FUNDING,
    "GET /api/v1/funding/donors/{id}/": API_FUNDING,
    "POST /api/v1/funding/donors/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/funding/funds/": API_FUNDING,
    "GET /api/v1/funding/funds/{id}/": API_FUNDING,
    "POST /api/v1/funding/funds/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/funding/rates/": level(401, 401, 404, officer=200, admin=200),
    "GET /api/v1/funding/rates/{id}/": level(401, 401, 404, officer=200, admin=200),
    "POST /api/v1/funding/rates/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/funding/transactions/": API_FUNDING,
    "GET /api/v1/funding/transactions/{id}/": API_FUNDING,
    "POST /api/v1/funding/transactions/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/funding/donations/": level(401, 401, 404, coordinator=200, donor=200, officer=200, admin=200),
    "GET /api/v1/funding/donations/{id}/": level(401, 401, 404, coordinator=200, donor=200, officer=200, admin=200),
    "POST /api/v1/funding/donations/": level(401, 401, 404, officer=400, admin=400),
    # Corrections: the empty body has no reason (400) for whoever may correct; the donor and the coordinator
    # read the world's transaction or donation but may not change it: 404, as every forbidden funding write.
    "POST /api/v1/funding/transactions/{id}/reverse/": level(401, 401, 404, officer=400, admin=400),
    "POST /api/v1/funding/transactions/{id}/correct/": level(401, 401, 404, officer=400, admin=400),
    "PATCH /api/v1/funding/donations/{id}/": level(401, 401, 404, officer=200, admin=200),
    "POST /api/v1/funding/donations/{id}/withdraw/": level(401, 401, 404, officer=400, admin=400),
    "GET /api/v1/funding/gaps/programs/": API_FUNDING,
    # The funding pages' figures: the donor persona's money funds the world's cybersecurity activity.
    "GET /api/v1/funding/programs/": API_FUNDING,
    "GET /api/v1/funding/programs/{code}/": API_FUNDING,
    # Without ?program= the request is refused.
    "GET /api/v1/funding/gaps/activities/": level(401, 401, 404, donor=400, officer=400, admin=400),
}


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_names() -> set[str]:
    """Every named page URL (API routes are covered by the OpenAPI operations)."""
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith("api:")}


def api_operations() -> set[str]:
    """Every operation the OpenAPI schema documents."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}


def test_every_url_pattern_has_a_declared_expectation() -> None:
    names = url_names()
    assert names - PAGES.keys() == set(), "declare who may reach these URLs in PAGES"
    assert PAGES.keys() - names == set(), "these declared URLs no longer exist"


def test_every_api_operation_has_a_declared_expectation() -> None:
    operations = api_operations()
    assert operations - OPERATIONS.keys() == set(), "declare who may call these operations in OPERATIONS"
    assert OPERATIONS.keys() - operations == set(), "these declared operations no longer exist"


@pytest.fixture
def world(persona: Callable[[str], User], db: Any) -> dict[str, Any]:
    """The objects the parameterised URLs point at: owned by the admin persona."""
    admin = persona("admin")
    token, _secret = actions.create_api_token(admin, actor=admin, name="matrix", scope="write", days=5)
    entry = record("test.matrix", actor=admin, obj=admin)
    designation = make_designation("AR", "counterterrorism", status=DesignationStatus.PROPOSED)
    make_designation("UY", "counterterrorism")
    exercise = Exercise.objects.create(network=world_network(), created_by=admin)
    expert = Expert.objects.create(person=make_person("TT", user=persona("expert")))
    window = AvailabilityWindow.objects.create(expert=expert, starts_on=date(2030, 1, 1))
    certification = Certification.objects.create(
        expert=expert, name="GCIH", issuer="GIAC", obtained_on=date(2024, 1, 1), expires_on=date(2030, 1, 1)
    )
    application = MembershipApplication(
        network=world_network(),
        state=world_state("AR"),
        team_name="CERT.ar",
        team_email="cert@example.org",
        applicant=persona("csirt_analyst"),
    )
    application.document.save("letter.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    target = ExerciseTarget.objects.create(exercise=exercise, state=world_state("UY"), email="x@example.org", name="X")
    alert = create_alert(actor=admin, publish=True, title="Bulletin", body="Text", tlp="clear", all_members=True)
    event = save_event(
        actor=admin,
        name_en="Games",
        kind="sports",
        host_state=world_state("AR"),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 9),
        access="public",
    )
    lesson = submit_lesson(actor=admin, title="Lesson", observation="Seen", event=event, access="public")
    advance_lesson(actor=admin, lesson=lesson, step="validate")
    comment = add_comment(actor=admin, alert=alert, body="First")
    (indicator,) = add_indicators(actor=admin, alert=alert, items=[NewIndicator("evil.example")])
    attachment = attach(actor=admin, alert=alert, upload=SimpleUploadedFile("a.txt", b"plain text"))
    plan = import_plan(actor=admin, data=seed_bytes(), filename="cicte-work-plan-2021-2022.txt").plan
    activity = create_activity(
        actor=admin,
        title="National cybersecurity strategy workshop",
        program=Program.objects.get(code="cybersecurity"),
        kind="workshop",
        modality="in_person",
        starts_on=date(2022, 3, 1),
        states=[world_state("AR")],
        implements=[ProposedActivity.objects.filter(plan_program__plan=plan).order_by("source_line").first()],
    )
    import_attendance(
        actor=admin,
        activity=activity,
        data=b"name,email,sex,state,status\nAna Prieto,ana@example.org,F,AR,completed\n",
        filename="attendance.csv",
    )
    (certificate,) = issue_certificates(actor=admin, activity=activity)
    assistance = file_request(
        actor=persona("coordinator"),
        state=world_state("AR"),
        program=Program.objects.get(code="cybersecurity"),
        subject="CSIRT set-up",
        description="Help",
        documents=[SimpleUploadedFile("plan.txt", b"plain text")],
    )
    mission = record_mission(
        actor=admin,
        kind="assessment",
        title="Assessment",
        state=world_state("AR"),
        program=Program.objects.get(code="cybersecurity"),
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 5),
    )
    add_finding(actor=admin, mission=mission, title="Unpatched servers")
    recommendation = add_recommendation(
        actor=admin, mission=mission, text="Patch", due_date=date(2026, 9, 1), priority="high"
    )
    work = make_work(admin, "Guide", "Public text", publish_by=admin, access_level="public")
    event_link = link_document(actor=admin, work=work, relation="planning", event=event)
    lesson_link = link_document(actor=admin, work=work, relation="reference", lesson=lesson)
    funding = make_funded_world(admin, persona("donor"), activity)
    return {
        "funding": funding,
        "activity": activity,
        "certificate": certificate,
        "assistance": assistance,
        "document": assistance.documents.get(),
        "mission": mission,
        "recommendation": recommendation,
        "event": event,
        "lesson": lesson,
        "work": work,
        "event_link": event_link,
        "lesson_link": lesson_link,
        "alert": alert,
        "comment": comment,
        "indicator": indicator,
        "attachment": attachment,
        "expert": expert,
        "window": window,
        "certification": certification,
        "application": application,
        "exercise": exercise,
        "ack_token": ack_token(target),
        "admin": admin,
        "token": token,
        "audit_seq": entry.seq,
        "designation": designation,
    }


def world_network() -> Network:
    """The network the world's objects live in."""
    return Network.objects.get(code="counterterrorism")


def world_state(iso2: str) -> MemberState:
    """A member state by ISO code."""
    return MemberState.objects.get(iso2=iso2)


def url_kwargs(name: str, world: dict[str, Any]) -> dict[str, Any]:
    """Arguments for the URL patterns that take some."""
    work = world["work"].identifier
    return {
        "library:work_detail": {"identifier": work},
        "library:version_current": {"identifier": work, "language": "en"},
        "library:version_download": {"identifier": work, "language": "en", "number": 1},
        "library:translation_add": {"identifier": work},
        "library:work_edit": {"identifier": work},
        "library:translation_change": {"identifier": work, "language": "en"},
        "library:version_note_change": {"identifier": work, "language": "en", "number": 1},
        "library:version_add": {"identifier": work, "language": "en"},
        "library:work_submit": {"identifier": work},
        "library:work_publish": {"identifier": work},
        "library:work_archive": {"identifier": work},
        "library:work_follow": {"identifier": work},
        "library:work_unfollow": {"identifier": work},
        "accounts:apitoken_revoke": {"pk": world["token"].pk},
        "accounts:user_mfa_reset": {"pk": world["admin"].pk},
        "directory:network_detail": {"code": "counterterrorism"},
        "taxii:status": {"status_id": "6f1c9b0e-2d3a-4c5b-8e7f-9a0b1c2d3e4f"},
        "taxii:collection": {"collection_id": collection_id("all")},
        "taxii:objects": {"collection_id": collection_id("all")},
        "taxii:manifest": {"collection_id": collection_id("all")},
        "taxii:object": {"collection_id": collection_id("all"), "object_id": "report--1"},
        "taxii:versions": {"collection_id": collection_id("all"), "object_id": "report--1"},
        "directory:reachable_now": {"code": "counterterrorism", "iso2": "AR"},
        "directory:person_detail": {"pk": world["designation"].person_id},
        "directory:channel_create": {"pk": world["designation"].person_id},
        "directory:person_confirm": {"pk": world["designation"].person_id},
        "directory:person_update": {"pk": world["designation"].person_id},
        "directory:designation_validate": {"pk": world["designation"].pk},
        "directory:designation_remove": {"pk": world["designation"].pk},
        "directory:state_access_log": {"iso2": "AR"},
        "directory:network_export": {"code": "counterterrorism", "fmt": "vcf"},
        "directory:exercise_detail": {"pk": world["exercise"].pk},
        "directory:exercise_report": {"pk": world["exercise"].pk, "fmt": "pdf"},
        "directory:exercise_close": {"pk": world["exercise"].pk},
        "directory:exercise_cancel": {"pk": world["exercise"].pk},
        "directory:exercise_trends": {"code": "counterterrorism"},
        "directory:exercise_trends_export": {"code": "counterterrorism", "fmt": "csv"},
        "directory:exercise_ack": {"token": world["ack_token"]},
        "directory:person_confirm_link": {"token": confirm_token(world["designation"].person)},
        "directory:expert_detail": {"pk": world["expert"].pk},
        "directory:application_detail": {"pk": world["application"].pk},
        "directory:application_document": {"pk": world["application"].pk},
        "directory:application_endorse": {"pk": world["application"].pk},
        "directory:application_decide": {"pk": world["application"].pk},
        "directory:certification_create": {"pk": world["expert"].pk},
        "ipo:event_detail": {"pk": world["event"].pk},
        "ipo:event_update": {"pk": world["event"].pk},
        "ipo:event_validate": {"pk": world["event"].pk},
        "ipo:public_event_detail": {"pk": world["event"].pk},
        "ipo:lesson_detail": {"pk": world["lesson"].pk},
        "ipo:lesson_step": {"pk": world["lesson"].pk, "step": "reject"},
        "ipo:public_lesson_detail": {"pk": world["lesson"].pk},
        "ipo:event_document_link": {"pk": world["event"].pk},
        "ipo:lesson_document_link": {"pk": world["lesson"].pk},
        "ipo:document_unlink": {"pk": 1},
        "exchange:alert_detail": {"pk": world["alert"].pk},
        "exchange:alert_publish": {"pk": world["alert"].pk},
        "exchange:alert_rescope": {"pk": world["alert"].pk},
        "exchange:alert_acknowledge": {"pk": world["alert"].pk},
        "exchange:alert_comment": {"pk": world["alert"].pk},
        "exchange:alert_remind": {"pk": world["alert"].pk},
        "exchange:comment_edit": {"pk": world["comment"].pk},
        "exchange:public_detail": {"pk": world["alert"].pk},
        "exchange:indicators_add": {"pk": world["alert"].pk},
        "exchange:attachment_add": {"pk": world["alert"].pk},
        "exchange:alert_translate": {"pk": world["alert"].pk},
        "exchange:alert_stix": {"pk": world["alert"].pk},
        "exchange:attachment_download": {"pk": world["attachment"].pk},
        "exchange:sighting_add": {"pk": world["indicator"].pk},
        "workplan:plan_detail": {"term": "2021-2022"},
        "workplan:plan_diff": {"term": "2021-2022"},
        "workplan:plan_coverage": {"term": "2021-2022"},
        "workplan:activity_detail": {"pk": world["activity"].pk},
        "workplan:activity_update": {"pk": world["activity"].pk},
        "workplan:activity_iati": {"pk": world["activity"].pk},
        "workplan:partner_add": {"pk": world["activity"].pk},
        "workplan:partner_remove": {"pk": world["activity"].pk, "part": 1},
        "workplan:budget_add": {"pk": world["activity"].pk},
        "workplan:budget_remove": {"pk": world["activity"].pk, "part": 1},
        "workplan:program_report": {"code": "cybersecurity"},
        "workplan:program_report_export": {"code": "cybersecurity", "fmt": "pdf"},
        "workplan:participant_list": {"pk": world["activity"].pk},
        "workplan:participant_export": {"pk": world["activity"].pk},
        "workplan:attendance_import": {"pk": world["activity"].pk},
        "workplan:certificate_issue": {"pk": world["activity"].pk},
        "workplan:certificate_download": {"code": world["certificate"].code},
        "workplan:certificate_verify": {"code": world["certificate"].code},
        "workplan:gender_program": {"code": "cybersecurity"},
        "directory:expert_update": {"pk": world["expert"].pk},
        "assistance:request_detail": {"pk": world["assistance"].pk},
        "assistance:request_transition": {"pk": world["assistance"].pk},
        "assistance:request_withdraw": {"pk": world["assistance"].pk},
        "assistance:request_assign": {"pk": world["assistance"].pk},
        "assistance:document_add": {"pk": world["assistance"].pk},
        "assistance:document_download": {"pk": world["document"].pk},
        "assistance:mission_detail": {"pk": world["mission"].pk},
        "assistance:finding_add": {"pk": world["mission"].pk},
        "assistance:recommendation_add": {"pk": world["mission"].pk},
        "assistance:recommendation_update": {"pk": world["recommendation"].pk},
        "funding:program_detail": {"code": "cybersecurity"},
        "funding:fund_detail": {"pk": world["funding"]["fund"].pk},
        "funding:donor_detail": {"pk": world["funding"]["donor"].pk},
        "funding:donor_link_user": {"pk": world["funding"]["donor"].pk},
        "funding:transaction_reverse": {"pk": world["funding"]["transaction"].pk},
        "funding:transaction_correct": {"pk": world["funding"]["transaction"].pk},
        "funding:allocation_reverse": {"pk": world["funding"]["allocation"].pk},
        "funding:donation_update": {"pk": world["funding"]["donation"].pk},
        "funding:donation_withdraw": {"pk": world["funding"]["donation"].pk},
        "directory:mission_create": {"pk": world["expert"].pk},
        "directory:expert_remove": {"pk": world["expert"].pk},
        "directory:expert_reinstate": {"pk": world["expert"].pk},
        "directory:expert_accept": {"pk": world["expert"].pk},
        "directory:window_create": {"pk": world["expert"].pk},
        "directory:window_update": {"pk": world["window"].pk},
        "directory:window_delete": {"pk": world["window"].pk},
        "directory:certification_update": {"pk": world["certification"].pk},
        "directory:certification_delete": {"pk": world["certification"].pk},
        "account_confirm_email": {"key": "nonexistent-key"},
        "account_reset_password_from_key": {"uidb36": "zz", "key": "set-password"},
        "mfa_remove_webauthn": {"pk": 999999},
        "mfa_edit_webauthn": {"pk": 999999},
    }.get(name, {})


def _matches(response: Any, expected: int | str) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response.url.startswith("/accounts/login/")
    if expected == ENROL:
        return response.status_code == 302 and response.url == "/accounts/2fa/"
    if isinstance(expected, str):
        return response.status_code == 302 and response.url.startswith(expected[1:])
    return bool(response.status_code == expected)


@pytest.mark.parametrize("who", PERSONAS)
def test_pages_answer_each_persona_as_declared(
    who: str, client_as: Callable[[str], Client], world: dict[str, Any]
) -> None:
    client = client_as(who)
    wrong = []
    for name, expectations in sorted(PAGES.items()):
        response = client.get(reverse(name, kwargs=url_kwargs(name, world)))
        if response.streaming:  # a download holds its file open until its content is read
            b"".join(response.streaming_content)
        if not _matches(response, expectations[who]):
            got = f"{response.status_code} {response.get('Location', '')}"
            wrong.append(f"{name}: expected {expectations[who]}, got {got}")
    assert not wrong, f"{who}: " + "; ".join(wrong)


def _api_path(template: str, world: dict[str, Any]) -> str:
    if template.startswith("/api/v1/people/"):
        template = template.replace("{id}", str(world["designation"].person_id))
    if template.startswith("/api/v1/designations/"):
        template = template.replace("{id}", str(world["designation"].pk))
    if template.startswith("/api/v1/exercises/"):
        template = template.replace("{id}", str(world["exercise"].pk))
    if template.startswith("/api/v1/experts/"):
        template = template.replace("{id}", str(world["expert"].pk))
    if template.startswith("/api/v1/availability-windows/"):
        template = template.replace("{id}", str(world["window"].pk))
    if template.startswith("/api/v1/certifications/"):
        template = template.replace("{id}", str(world["certification"].pk))
    if template.startswith("/api/v1/indicators/"):
        template = template.replace("{id}", str(world["indicator"].pk))
    template = template.replace("{attachment_id}", str(world["attachment"].pk))
    if template.startswith("/api/v1/assistance-requests/"):
        template = template.replace("{id}", str(world["assistance"].pk))
        template = template.replace("{document_id}", str(world["document"].pk))
    if template.startswith("/api/v1/assistance-missions/"):
        template = template.replace("{id}", str(world["mission"].pk))
    if template.startswith("/api/v1/recommendations/"):
        template = template.replace("{id}", str(world["recommendation"].pk))
    template = template.replace("{uuid}", str(world["alert"].uuid))
    if template.startswith("/api/v1/alerts/"):
        template = template.replace("{id}", str(world["alert"].pk))
    if template.startswith("/api/v1/activities/"):
        template = template.replace("{id}", str(world["activity"].pk))
    if template.startswith("/api/v1/participations/"):
        template = template.replace("{id}", str(world["certificate"].participation_id))
    if template.startswith("/api/v1/major-events/"):
        template = template.replace("{id}", str(world["event"].pk))
        template = template.replace("{link_id}", str(world["event_link"].pk))
    if template.startswith("/api/v1/lessons/"):
        template = template.replace("{id}", str(world["lesson"].pk))
        template = template.replace("{link_id}", str(world["lesson_link"].pk))
    if template.startswith("/api/v1/applications/"):
        template = template.replace("{id}", str(world["application"].pk))
    for prefix, key in (
        ("donors", "donor"),
        ("funds", "fund"),
        ("rates", "rate"),
        ("transactions", "transaction"),
        ("donations", "donation"),
    ):
        if template.startswith(f"/api/v1/funding/{prefix}/"):
            template = template.replace("{id}", str(world["funding"][key].pk))
    template = template.replace("{identifier}", world["work"].identifier)
    template = template.replace("{language}", "en").replace("{number}", "1")
    return (
        template.replace("{id}", str(world["token"].pk))
        .replace("{iso2}", "AR")
        .replace("{code}", "counterterrorism" if "/networks/" in template else "cybersecurity")
        .replace("{seq}", str(world["audit_seq"]))
        .replace("{term}", "2021-2022")
    )


def _bearer(who: str, persona: Callable[[str], User]) -> dict[str, str]:
    if who == "anonymous":
        return {}
    user = persona(who)
    key_id, secret, full = ApiToken.new_key()
    token = ApiToken(user=user, name="matrix", key_id=key_id, scope="write", expires_at=_in_days(1))
    token.set_secret(secret)
    token.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {full}"}


def _in_days(days: int) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=days)


@pytest.mark.parametrize("who", PERSONAS)
def test_api_operations_answer_each_persona_as_declared(
    who: str, persona: Callable[[str], User], world: dict[str, Any]
) -> None:
    client = Client(**_bearer(who, persona))
    wrong = []
    # Deletions last: the other operations of a persona still find the world's objects.
    for operation, expectations in sorted(OPERATIONS.items(), key=lambda item: (item[0].startswith("DELETE"), item[0])):
        method, template = operation.split(" ", 1)
        path = _api_path(template, world)
        response = client.generic(method, path, data="{}", content_type="application/json")
        if response.streaming:  # a download holds its file open until its content is read
            b"".join(response.streaming_content)
        if response.status_code != expectations[who]:
            wrong.append(f"{operation}: expected {expectations[who]}, got {response.status_code}")
    assert not wrong, f"{who}: " + "; ".join(wrong)
