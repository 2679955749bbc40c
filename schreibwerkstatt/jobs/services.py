"""Starting, running and clearing away background jobs."""

import logging
import posixpath
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

from .lease import current_worker_id, recover_abandoned_jobs
from .models import Job, WorkerHeartbeat, job_storage
from .registry import JobError, JobResult, get_kind

logger = logging.getLogger(__name__)


class ProgressReporter:
    """`report_progress(percent, message=None)` for a job function.

    Only changes reach the database, and the percentage never goes back. A job that writes
    inside one transaction (an import) shows its progress from there when it commits; the
    message set before tells meanwhile what is happening.
    """

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, percent: float, message: str | None = None) -> None:
        value = max(self.job.progress, min(100, int(percent)))
        text = self.job.message if message is None else str(message)[:500]
        if (value, text) == (self.job.progress, self.job.message):
            return
        # A progress report is a sign of life as well (jobs/lease.py).
        Job.objects.filter(pk=self.job.pk).update(
            progress=value, message=text, heartbeat_at=timezone.now()
        )
        self.job.progress, self.job.message = value, text

    def part(self, start: int, end: int, message: str | None = None) -> Callable[[int, int], None]:
        """A `progress(done, total)` callback for the share of the work from start to end %."""
        self(start, message)

        def report(done: int, total: int) -> None:
            self(start + (end - start) * (done / total if total else 1))

        return report


def _suffix(filename: str) -> str:
    extension = posixpath.splitext(posixpath.basename(filename))[1].lower()
    return extension if extension[1:].isalnum() and len(extension) <= 10 else ""


def start_job(
    kind: str,
    *,
    municipality: Municipality,
    user: Any,
    strategy: Strategy | None = None,
    params: dict[str, Any] | None = None,
    upload: UploadedFile | None = None,
) -> Job:
    """Record a job (and keep its uploaded file privately); the worker starts it once the
    surrounding transaction has committed."""
    if get_kind(kind) is None:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        municipality=municipality,
        strategy=strategy,
        user=user,
        params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        message=_("The job is waiting to start …"),
    )
    if upload is not None:
        # Our own name, never the uploaded one, so nobody can steer where the file lands.
        job.upload_filename = posixpath.basename(upload.name or "")[:255]
        job.upload_name = job_storage().save(
            f"{job.pk}/upload{_suffix(job.upload_filename)}", upload
        )
    job.save()
    # Who took data out or put data in, for the audit log (schreibwerkstatt/audit).
    from schreibwerkstatt.audit.models import Kind as AuditKind
    from schreibwerkstatt.audit.services import record

    record(
        AuditKind.IMPORT if upload is not None else AuditKind.EXPORT,
        actor=user,
        municipality=municipality,
        obj=job,
        details={"job": kind, "filename": job.upload_filename},
    )
    from .tasks import run_job as run_job_task

    transaction.on_commit(partial(run_job_task.enqueue, str(job.pk)))
    return job


def run_job(job_id: str) -> None:
    """Do a queued job: call its kind's function and keep the outcome. Runs in the worker."""
    job = Job.objects.select_related("municipality", "strategy", "user").filter(pk=job_id).first()
    if job is None or job.status != Job.Status.QUEUED:
        return  # deleted meanwhile, or already taken by another worker
    with translation.override(job.language):
        started = timezone.now()
        message = _("The job has started …")
        claimed = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING,
            started_at=started,
            message=message,
            worker_id=current_worker_id(),
            heartbeat_at=started,
            attempts=F("attempts") + 1,
        )
        if not claimed:
            return
        job.status, job.started_at, job.message = Job.Status.RUNNING, started, message
        job.worker_id, job.heartbeat_at, job.attempts = (
            current_worker_id(),
            started,
            job.attempts + 1,
        )
        if job.strategy is not None:
            # Permissions and links of a joint strategy depend on the municipality it is seen from.
            job.strategy.context_municipality = job.municipality
        try:
            kind = get_kind(job.kind)
            if kind is None:
                raise JobError(_("This kind of job is not known (any more)."))
            result = kind.run(job, ProgressReporter(job))
        except JobError as error:
            _finish(job, Job.Status.FAILED, error.message, errors=error.problems)
        except Exception:
            logger.exception("Background job %s (%s) failed", job.pk, job.kind)
            _finish(
                job,
                Job.Status.FAILED,
                _(
                    "The job stopped because of an unexpected error; nothing was changed. "
                    "Please try again later. If it happens again, please tell the operators."
                ),
            )
        else:
            _keep_result(job, result)
        finally:
            _delete_upload(job)


def _keep_result(job: Job, result: JobResult) -> None:
    if result.content is not None:
        content = (
            ContentFile(result.content)
            if isinstance(result.content, bytes)
            else File(result.content)
        )
        job.result_name = job_storage().save(f"{job.pk}/result{_suffix(result.filename)}", content)
        job.filename = result.filename
        job.content_type = result.content_type
    job.result_url = result.url
    job.save(update_fields=["result_name", "filename", "content_type", "result_url"])
    _finish(job, Job.Status.DONE, result.message, warnings=result.warnings)


def _finish(
    job: Job,
    status: str,
    message: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    warnings: list[dict[str, Any]] | None = None,
) -> None:
    job.status = status
    job.message = str(message)[:500]
    job.errors = errors or []
    job.warnings = warnings or []
    job.finished_at = timezone.now()
    if status == Job.Status.DONE:
        job.progress = 100
    job.save(update_fields=["status", "message", "errors", "warnings", "finished_at", "progress"])


def _delete_upload(job: Job) -> None:
    if job.upload_name:
        job_storage().delete(job.upload_name)
        job.upload_name = ""
        job.save(update_fields=["upload_name"])


def delete_job_files(names: list[str]) -> None:
    storage = job_storage()
    for name in names:
        storage.delete(name)


def clean_up_jobs(now: datetime | None = None) -> int:
    """Delete jobs (and so their files) started more than JOB_RETENTION_DAYS ago; retry or fail jobs
    that a dead worker left running (workers look every few seconds themselves, this is the
    backstop); forget workers not seen for a day. Returns the number of jobs deleted."""
    now = now or timezone.now()
    recover_abandoned_jobs(now)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    # JOB_RETENTION_DAYS (docs/datenschutz.md); read at run time so an operator's change
    # takes effect without a code change.
    keep_for = timedelta(days=settings.JOB_RETENTION_DAYS)
    deleted, _per_model = Job.objects.older_than(now - keep_for).delete()
    return deleted
