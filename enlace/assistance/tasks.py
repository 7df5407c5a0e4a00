"""Background work of the assistance app: telling people about requests."""

from django.tasks import task


@task()
def notify_request_status(event_id: int) -> int:
    """Tell the state's coordinators, in-app and by e-mail in their language, that a request changed status."""
    from enlace.assistance.delivery import tell_status

    return tell_status(event_id)


@task()
def notify_request_filed(request_id: int) -> int:
    """Tell the program's Secretariat staff, in-app, that a state filed a request."""
    from enlace.assistance.delivery import tell_filed

    return tell_filed(request_id)
