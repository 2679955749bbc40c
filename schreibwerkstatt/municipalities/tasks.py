"""Periodic tasks of municipalities (settings.PERIODIC_TASKS)."""

from django_tasks import task

from . import services


@task()
def record_expired_support_accesses() -> int:
    return services.record_expired_support_accesses()
