"""Periodic tasks of the audit log (settings.PERIODIC_TASKS)."""

from django_tasks import task

from .retention import apply_retention


@task()
def apply_retention_periods() -> dict[str, int]:
    return apply_retention()
