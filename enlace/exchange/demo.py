"""Demo alerts: a year of exchange across networks and TLP levels, with answers, openings and discussion.

Written straight to the tables (no notification tasks, no e-mail): the demo database starts as if the year
had happened. The demo personas read, answered and discussed some of them; the newest few await them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone, translation

from enlace.accounts.models import User
from enlace.audit.actions import record
from enlace.directory.models import Institution, Network
from enlace.exchange.models import (
    Acknowledgement,
    Alert,
    AlertIndicator,
    AlertKind,
    AlertOpening,
    AlertStatus,
    Answer,
    Comment,
    Indicator,
    Sector,
    Severity,
    Sighting,
    Tlp,
)
from enlace.geo.models import MemberState

SUBJECTS = (
    ("Ransomware campaign against {sector} operators", "alert", ["energy", "maritime", "health"]),
    ("Phishing wave impersonating the ministry of finance", "alert", ["finance", "government"]),
    ("Critical vulnerability in VPN gateways actively exploited", "advisory", ["government", "telecom"]),
    ("DDoS attacks on electoral authority websites", "alert", ["elections", "government"]),
    ("Credential stuffing against online banking", "alert", ["finance"]),
    ("Suspicious drone activity near port facilities", "notice_of_action", ["maritime", "defence"]),
    ("Monthly bulletin: regional threat landscape", "bulletin", ["government", "telecom", "finance"]),
    ("Request for information: malware sample targeting SCADA", "rfi", ["energy", "water"]),
    ("Data leak of customs declarations offered for sale", "alert", ["transport", "government"]),
    ("Fraudulent domains registered ahead of the regional summit", "advisory", ["major_events", "government"]),
    ("Supply-chain compromise of an accounting software update", "advisory", ["finance", "education"]),
    ("Extremist propaganda channel recruiting online", "notice_of_action", ["defence"]),
    ("Airport check-in systems hit by wiper malware", "alert", ["aviation", "transport"]),
    ("Vulnerability in hospital patient-record platform", "advisory", ["health"]),
)
BODY = """**Summary.** {title}. Reported by {originator} on {day}.

**What we see**

- Activity observed since {day}, mostly outside office hours
- Infrastructure reused from earlier campaigns in the region

**What to do**

1. Check your logs for the indicators shared in the discussion
2. Apply the vendor's patches and rotate exposed credentials
3. Tell us through the acknowledgement whether you are affected
"""
TLP_WEIGHTS = ((Tlp.CLEAR, 12), (Tlp.GREEN, 35), (Tlp.AMBER, 30), (Tlp.AMBER_STRICT, 10), (Tlp.RED, 13))
REPLIES = (
    "Seen in our sensors too, blocking now.",
    "No sign of it on our side so far.",
    "Could you share the hashes of the second-stage payload?",
    "Our national CERT issued a local advisory based on this.",
    "Confirmed: two institutions affected, details by phone.",
)


def load() -> None:
    """Create the alerts (skipped when any exist)."""
    if Alert.objects.exists():
        return
    rng = random.Random(2026)  # noqa: S311  (fictitious demo data)
    authors = list(
        User.objects.filter(email__endswith="@enlace.demo", institution__isnull=False).exclude(
            email__in=["donor@enlace.demo", "expert@enlace.demo"]
        )
    )
    readers = list(User.objects.filter(email__endswith="@enlace.demo"))
    if not authors:
        return
    networks = {n.code: n for n in Network.objects.all()}
    states = list(MemberState.objects.all())
    institutions = list(Institution.objects.filter(kind="csirt")[:40])
    now = timezone.now()
    made = 0
    pool = _pool(rng)
    for n in range(240):
        author = rng.choice(authors)
        title_tpl, kind, sectors = rng.choice(SUBJECTS)
        sector = rng.choice(sectors)
        title = title_tpl.format(sector=Sector(sector).label.lower())
        tlp = rng.choices([t for t, _ in TLP_WEIGHTS], [w for _, w in TLP_WEIGHTS])[0]
        published = now - timedelta(days=365 * (1 - n / 240), hours=rng.randint(0, 23))
        alert = Alert.objects.create(
            title=title,
            body=BODY.format(title=title, originator=author.institution.name, day=published.date()),
            kind=AlertKind(kind),
            tlp=tlp,
            severity=rng.choice(list(Severity)),
            sectors=sorted(set(rng.sample(sectors, k=min(2, len(sectors))))),
            language="en",
            status=AlertStatus.PUBLISHED,
            valid_from=published,
            expires_at=published + timedelta(days=rng.choice([30, 60, 90])),
            ack_deadline=published + timedelta(hours=rng.choice([24, 48, 72])) if tlp != Tlp.CLEAR else None,
            originator_id=author.institution_id,
            created_by=author,
            created_at=published,
            published_at=published,
            all_members=tlp == Tlp.CLEAR or rng.random() < 0.1,
        )
        alert.affected_states.set(rng.sample(states, k=rng.randint(1, 4)))
        if tlp == Tlp.RED:
            alert.recipients.set([u for u in rng.sample(readers, k=3) if u.pk != author.pk])
        elif not alert.all_members:
            alert.networks.set(
                [networks["csirtamericas"]] + ([networks["counterterrorism"]] if rng.random() < 0.3 else [])
            )
            if rng.random() < 0.3:
                alert.states.set(rng.sample(states, k=2))
            if rng.random() < 0.2 and institutions:
                alert.institutions.set(rng.sample(institutions, k=min(3, len(institutions))))
        _indicators(alert, author, pool, rng)
        _activity(alert, readers, rng, recent=n >= 232)
        made += 1
    from enlace.exchange.indicator_actions import check

    check(list(Indicator.objects.values_list("pk", flat=True)))
    record("demo.exchange", actor=None, object_type="exchange.alert", changes={"alerts": made}, reason="demo data")


def _pool(rng: random.Random) -> list[tuple[str, str]]:
    """Fictitious observables (documentation address space, .example domains, random hashes), some of them
    reused across alerts so that correlation shows, and a few well-known values the warninglists flag."""
    hexes = "0123456789abcdef"
    pool = [("ipv4", f"203.0.113.{i}") for i in range(1, 60)] + [("ipv4", f"198.51.100.{i}") for i in range(1, 60)]
    pool += [("domain", f"{word}-{i}.example") for i in range(40) for word in ("login", "update", "cdn")]
    pool += [("url", f"https://portal-{i}.example/invoice.php?id={i}") for i in range(40)]
    pool += [("sha256", "".join(rng.choice(hexes) for _ in range(64))) for _ in range(150)]
    pool += [("md5", "".join(rng.choice(hexes) for _ in range(32))) for _ in range(60)]
    pool += [("email", f"billing{i}@payments.example") for i in range(20)]
    pool += [("cve", cve) for cve in ("CVE-2024-3400", "CVE-2023-4966", "CVE-2024-21762", "CVE-2023-34362")]
    pool += [("ipv4", "8.8.8.8"), ("domain", "google.com"), ("md5", "d41d8cd98f00b204e9800998ecf8427e")]
    return pool


def _indicators(alert: Alert, author: User, pool: list[tuple[str, str]], rng: random.Random) -> None:
    """Up to a dozen observables for the alert, drawn from the shared pool."""
    when = alert.published_at or timezone.now()
    for kind, value in rng.sample(pool, k=rng.randint(0, 12)):
        indicator, _created = Indicator.objects.get_or_create(
            type=kind, value=value, defaults={"first_seen": when, "last_seen": when}
        )
        AlertIndicator.objects.get_or_create(
            alert=alert,
            indicator=indicator,
            defaults={"actionable": rng.random() < 0.8, "added_by": author, "added_at": when},
        )


def _activity(alert: Alert, readers: list[User], rng: random.Random, recent: bool) -> None:
    published = alert.published_at or timezone.now()
    """Openings, answers and a few messages by the demo personas who may read the alert."""
    from enlace.accounts.policy_base import policy_for
    from enlace.exchange.delivery import notice_title
    from enlace.notifications.actions import notify

    policy = policy_for(Alert)
    for user in readers:
        if user.pk == alert.created_by_id or not policy.can(user, "view", alert):
            continue
        if recent:  # the newest alerts still await the personas
            with translation.override(user.preferred_language):
                title = notice_title(alert)
            notify(user=user, kind="alert", key=f"alert:{alert.pk}:{user.pk}", title=title, url=f"/alerts/{alert.pk}/")
            continue
        if rng.random() < 0.8:
            opened = published + timedelta(minutes=rng.randint(5, 600))
            AlertOpening.objects.create(alert=alert, user=user, institution_id=user.institution_id, opened_at=opened)
            if rng.random() < 0.7:
                Acknowledgement.objects.create(
                    alert=alert,
                    user=user,
                    institution_id=user.institution_id,
                    answer=rng.choice(list(Answer)),
                    answered_at=opened + timedelta(minutes=rng.randint(1, 120)),
                )
            links = list(alert.indicator_links.all()[:3])
            if links and rng.random() < 0.3:
                Sighting.objects.create(
                    link=rng.choice(links),
                    user=user,
                    institution_id=user.institution_id,
                    kind=rng.choice(["seen", "seen", "false_positive", "expired"]),
                    seen_at=opened + timedelta(hours=2),
                )
            if rng.random() < 0.15:
                Comment.objects.create(
                    alert=alert, author=user, body=rng.choice(REPLIES), created_at=opened + timedelta(minutes=30)
                )
