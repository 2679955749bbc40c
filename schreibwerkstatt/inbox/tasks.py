"""Periodic job (settings.PERIODIC_TASKS; `schreibwerkstatt worker` enqueues it hourly). It
decides itself whether a digest is due and records what it sent (digest.py), so running it
more often, twice, or after a restart sends nothing twice."""

from django_tasks import task

from . import digest


@task()
def send_digests() -> int:
    """The weekly digest of notifications, on Mondays (a missed Monday up to Wednesday)."""
    return digest.send_digests()
