"""Periodic jobs of the workshops (settings.PERIODIC_TASKS).

They decide themselves what is due and record what they sent (SentNotice), so running them
more often, twice, or after a restart sends nothing twice.
"""

from django_tasks import task

from . import announcements, reminders


@task()
def send_session_reminders() -> int:
    """The reminders a day and an hour before each session (reminders.py)."""
    return reminders.send_session_reminders()


@task()
def announce_new_series() -> int:
    """New public series to the visitors who asked to be told (announcements.py)."""
    return announcements.announce_new_series()
