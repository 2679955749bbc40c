"""Periodic jobs (settings.PERIODIC_TASKS; `schreibwerkstatt worker` enqueues them hourly).

They decide themselves what is due and record what they sent (see reminders.py), so running
them more often, twice, or after a restart sends nothing twice.
"""

from django_tasks import task

from . import reminders


@task()
def send_reminders() -> int:
    """Due-soon and overdue steps to their owners, stale measures to their leads."""
    return reminders.send_reminders()


@task()
def send_weekly_digests() -> int:
    """The weekly overview, on Mondays (a missed Monday up to Wednesday)."""
    return reminders.send_weekly_digests()
