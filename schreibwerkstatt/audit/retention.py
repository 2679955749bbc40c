"""Retention: personal data in logs is kept only as long as the settings say
(docs/datenschutz.md). Run periodically by the worker (settings.PERIODIC_TASKS); the jobs
app deletes its own files after JOB_RETENTION_DAYS (jobs/services.clean_up_jobs)."""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from .services import delete_events_before


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Delete audit events older than AUDIT_RETENTION_DAYS and login records (django-axes:
    successful logins, failed logins, pending lockout counters) older than
    LOGIN_LOG_RETENTION_DAYS, and finished entries of the task queue (their arguments may
    hold an e-mail address, e.g. a password reset) older than JOB_RETENTION_DAYS. Returns
    how many rows of each went."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    audit_cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    login_cutoff = now - timedelta(days=settings.LOGIN_LOG_RETENTION_DAYS)
    task_cutoff = now - timedelta(days=settings.JOB_RETENTION_DAYS)
    return {
        "audit_events": delete_events_before(audit_cutoff),
        "access_logs": AccessLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "access_failures": AccessFailureLog.objects.filter(attempt_time__lt=login_cutoff).delete()[
            0
        ],
        "access_attempts": AccessAttempt.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "task_results": DBTaskResult.objects.finished()
        .filter(finished_at__lt=task_cutoff)
        .delete()[0],
    }
