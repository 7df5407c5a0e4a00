"""Background work of the library: telling followers about a new version."""

from django.tasks import task


@task()
def notify_followers(version_id: int) -> int:
    """Tell the followers of the version's work, in-app and in their language, that it was published."""
    from enlace.library.notices import tell_followers

    return tell_followers(version_id)
