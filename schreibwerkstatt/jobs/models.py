"""A background job: an export or import that runs in the worker while the person watches
its progress on a page of its own (docs/decisions.md, "Background jobs").

A job belongs to a municipality (and usually to one of its strategies); everybody who may
see that strategy there may see the job and download its result. Files (the uploaded file of
an import, the result of an export) live in the private storage `jobs` (settings.STORAGES),
outside MEDIA_ROOT and the static files, and leave it only through jobs.views.download.
"""

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

# Jobs and their files are deleted settings.JOB_RETENTION_DAYS after they were started
# (services.clean_up_jobs).


def job_storage() -> Storage:
    """The private file storage of jobs; looked up on each use so tests can swap it."""
    return storages["jobs"]


class JobQuerySet(models.QuerySet["Job"]):
    def older_than(self, moment: Any) -> "JobQuerySet":
        return self.filter(created_at__lt=moment)

    def recent_for(self, municipality: Municipality, strategy: Strategy) -> "JobQuerySet":
        """The latest jobs of a strategy started in this municipality, newest first."""
        return (
            self.filter(municipality=municipality, strategy=strategy)
            .select_related("user")
            .order_by("-created_at")
        )


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "Waiting")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        DONE = "done", pgettext_lazy("job status", "Done")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="jobs")
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=gettext_lazy("started by"),
    )
    kind = models.CharField(max_length=50)
    params = models.JSONField(default=dict, blank=True)
    # The language of the person who started it: messages and the file are written in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    # Problems that made the job fail and notes about a finished one; each a dict with
    # "message" and where it lies: "path" (JSON path) or "row" and "column" (spreadsheet).
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    upload_name = models.CharField(max_length=255, blank=True)  # name in job_storage()
    upload_filename = models.CharField(max_length=255, blank=True)  # as the person named it
    result_name = models.CharField(max_length=255, blank=True)  # name in job_storage()
    filename = models.CharField(max_length=255, blank=True)  # offered for the download
    content_type = models.CharField(max_length=100, blank=True)
    result_url = models.CharField(max_length=500, blank=True)  # e.g. the imported strategy
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease of a running job (jobs/lease.py): who runs it, when it last showed signs of
    # life, and how often it was started (an interrupted one is retried at most once).
    worker_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("background job")
        verbose_name_plural = gettext_lazy("background jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["strategy", "-created_at"], name="job_strategy_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="job_progress_0_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def has_result_file(self) -> bool:
        return self.status == self.Status.DONE and bool(self.result_name)

    @property
    def label(self) -> str:
        from .registry import get_kind

        kind = get_kind(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def state_key(self) -> str:
        """Changes whenever what the page announces changes (see jobs/partials/status.html)."""
        raw = f"{self.status}|{self.message}".encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def error_lines(self) -> list[str]:
        return [describe_problem(problem) for problem in self.errors]

    def warning_lines(self) -> list[str]:
        return [describe_problem(problem) for problem in self.warnings]

    def file_names(self) -> list[str]:
        return [name for name in (self.upload_name, self.result_name) if name]


def describe_problem(problem: dict[str, Any]) -> str:
    """One error or warning as a sentence that says where it lies."""
    message = problem.get("message", "")
    row, column, path = problem.get("row"), problem.get("column"), problem.get("path")
    if path:
        return f"{path}: {message}"
    if row is not None and column:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": row,
            "column": column,
            "message": message,
        }
    if row is not None:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": message}
    return str(message)


class WorkerHeartbeat(models.Model):
    """A running worker process (`schreibwerkstatt worker`) and when it last said so.

    The worker refreshes its row every few seconds from a thread of its own and deletes it
    when it stops; the health check and the lease of running jobs read it (jobs/lease.py).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)  # lease.this_host(): with the process namespace
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = gettext_lazy("worker")
        verbose_name_plural = gettext_lazy("workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
