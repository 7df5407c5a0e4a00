"""Background work of the exchange: notifying the readers of an alert."""

from django.tasks import task

from enlace.exchange.models import Alert, AlertStatus


@task()
def notify_alert(alert_id: int, reason: str) -> int:
    """Tell the alert's readers: all of them when published, the new ones when the scope widened, the silent
    ones for a reminder. Returns how many were told."""
    from enlace.exchange.delivery import Keyring, already_told, readers, silent_readers, tell

    alert = Alert.objects.filter(pk=alert_id, status=AlertStatus.PUBLISHED).select_related("originator").first()
    if alert is None:
        return 0
    if reason == "reminder":
        targets = silent_readers(alert)
    elif reason == "widened":
        told = already_told(alert)
        targets = [u for u in readers(alert) if u.pk not in told]
    else:
        targets = readers(alert)
    with Keyring() as keyring:  # each reader's key imported once for the whole batch
        for user in targets:
            tell(alert, user, reason, keyring)
    return len(targets)


@task()
def check_indicators(indicator_ids: list[int]) -> int:
    """Check new indicators against the MISP warninglists (loading the lists takes about a second)."""
    from enlace.exchange.indicator_actions import check

    return check(indicator_ids)


@task()
def send_alert_digests() -> int:
    """Daily: one e-mail per reader who chose the digest, listing the alerts since the last one."""
    from enlace.exchange.delivery import send_digests

    return send_digests()
