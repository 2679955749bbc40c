"""Leases: a running job stays taken only while its worker shows signs of life.

A worker (`schreibwerkstatt worker`) keeps a row in WorkerHeartbeat and refreshes it, and
the `heartbeat_at` of the jobs it runs, from a thread of its own every ninth of
settings.JOB_LEASE_SECONDS (5 s of 45 s). Progress reports refresh a job's heartbeat too.

A running job is abandoned when its heartbeat is older than the lease and its worker's
heartbeat is as well (or its worker is unknown): the worker was killed, the machine went
down. Each worker looks for abandoned jobs when it starts and then every fifth of the lease
from its heartbeat thread, and the hourly clean-up looks as well. An abandoned job of a kind
that only reads (`retry_safe`, the exports) is queued once more; a second interruption, or
any of a kind that writes (the imports), marks it failed with a message saying so.

Checking the worker's own heartbeat as well keeps a live worker's job from being taken away
while the job holds its row locked in a long transaction (an import on PostgreSQL).
A restarted worker takes up at once the jobs of dead workers on the same host (their process
is gone), without waiting for the lease to run out.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Collection
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, WorkerHeartbeat
from .registry import get_kind

logger = logging.getLogger(__name__)

# An interrupted job of a retry-safe kind is started at most this often in all.
MAX_ATTEMPTS = 2

_current_worker_id = ""  # set in a worker process by WorkerLease.start()


def lease_length() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def heartbeat_every() -> float:
    return settings.JOB_LEASE_SECONDS / 9


def check_every() -> float:
    return settings.JOB_LEASE_SECONDS / 5


def current_worker_id() -> str:
    """The worker this process is ("" outside `schreibwerkstatt worker`)."""
    return _current_worker_id


def beat(worker_id: str, now: datetime | None = None) -> None:
    """The worker and the jobs it runs are alive."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=this_host(),
            pid=os.getpid(),
            started_at=now,
            seen_at=now,
        )
    Job.objects.filter(status=Job.Status.RUNNING, worker_id=worker_id).update(heartbeat_at=now)


def live_workers(now: datetime | None = None) -> QuerySet[WorkerHeartbeat]:
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - lease_length())


def worker_alive(now: datetime | None = None) -> bool:
    """Some worker has shown signs of life within the lease (for the health check)."""
    return live_workers(now).exists()


def oldest_ready_task_age(now: datetime | None = None) -> timedelta | None:
    """How long the oldest task that could run now has waited in the django-tasks database
    queue (None when none waits)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return None
    enqueued_at, run_after = oldest
    since = enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after)
    return max(timedelta(0), now - since)


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return True  # our own number now, so its old holder has ended
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # somebody else's process
    return False


def this_host() -> str:
    """Where process numbers mean the same: the host name and, on Linux, the process
    namespace (containers sharing a host name do not share their process numbers)."""
    try:
        namespace = f"/{os.stat('/proc/self/ns/pid').st_ino}"
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}{namespace}"[:255]


def forget_dead_workers_here(own_worker_id: str) -> list[str]:
    """Delete the heartbeat rows of workers on this host whose process has ended; returns
    their ids. Their jobs are abandoned for certain, without waiting for the lease."""
    dead = [
        row.pk
        for row in WorkerHeartbeat.objects.filter(hostname=this_host()).exclude(pk=own_worker_id)
        if _process_gone(row.pid)
    ]
    if dead:
        WorkerHeartbeat.objects.filter(pk__in=dead).delete()
    return dead


def abandoned_jobs(
    now: datetime | None = None, dead_workers: Collection[str] = ()
) -> QuerySet[Job]:
    now = now or timezone.now()
    cutoff = now - lease_length()
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    silent = stale & ~Q(worker_id__in=live_workers(now).values("pk"))
    return Job.objects.filter(status=Job.Status.RUNNING).filter(
        silent | Q(worker_id__in=list(dead_workers))
    )


def interrupted_message(job: Job) -> str:
    kind = get_kind(job.kind)
    if kind is not None and kind.retry_safe:
        return _("Processing was interrupted. Please start the export again.")
    return _(
        "Processing was interrupted. Please check whether the data has been imported; "
        "if not, please start the import again."
    )


class WorkerLost(Exception):
    """Recorded on a django-tasks result whose worker died while running it."""


def fail_orphaned_task_results(
    now: datetime | None = None, dead_workers: Collection[str] = ()
) -> int:
    """Mark the django-tasks results a dead worker left "running" as failed, so they do not
    stay running for ever (the job itself is handled by recover_abandoned_jobs)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - lease_length()
    alive = set(live_workers(now).values_list("pk", flat=True)) - set(dead_workers)

    def is_orphaned(result: DBTaskResult) -> bool:
        worker = result.worker_ids[-1] if result.worker_ids else ""
        return worker in dead_workers or (result.started_at < cutoff and worker not in alive)

    results = [result for result in DBTaskResult.objects.running() if is_orphaned(result)]
    for result in results:
        result.set_failed(WorkerLost("The worker running this task stopped."))
    return len(results)


def recover_abandoned_jobs(now: datetime | None = None, dead_workers: Collection[str] = ()) -> int:
    """Retry or fail the jobs a dead worker left running. Returns how many it found."""
    from .services import delete_job_files
    from .tasks import run_job as run_job_task

    now = now or timezone.now()
    found = 0
    for job in abandoned_jobs(now, dead_workers):
        kind = get_kind(job.kind)
        # Only if nobody changed the job since it was read (another worker checking too).
        unchanged = Job.objects.filter(
            pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at
        )
        with translation.override(job.language), transaction.atomic():
            if kind is not None and kind.retry_safe and job.attempts < MAX_ATTEMPTS:
                taken = unchanged.update(
                    status=Job.Status.QUEUED,
                    progress=0,
                    message=_("The job was interrupted and is starting again …"),
                    worker_id="",
                    heartbeat_at=None,
                    started_at=None,
                )
                if taken:
                    transaction.on_commit(partial(run_job_task.enqueue, str(job.pk)))
            else:
                taken = unchanged.update(
                    status=Job.Status.FAILED,
                    message=interrupted_message(job)[:500],
                    errors=[],
                    upload_name="",
                    finished_at=now,
                )
                if taken and job.upload_name:
                    transaction.on_commit(partial(delete_job_files, [job.upload_name]))
        if taken:
            found += 1
            logger.warning(
                "Background job %s (%s) was abandoned by worker %r; %s.",
                job.pk,
                job.kind,
                job.worker_id,
                "queued again" if kind is not None and kind.retry_safe else "marked failed",
            )
    fail_orphaned_task_results(now, dead_workers)
    return found


class WorkerLease:
    """The heartbeat of one worker process, kept by a daemon thread while the worker runs."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        global _current_worker_id
        _current_worker_id = self.worker_id
        dead = forget_dead_workers_here(self.worker_id)
        beat(self.worker_id)
        recover_abandoned_jobs(dead_workers=dead)
        self._thread.start()

    def _run(self) -> None:
        last_check = time.monotonic()
        try:
            while not self._stop.wait(heartbeat_every()):
                try:
                    beat(self.worker_id)
                    if time.monotonic() - last_check >= check_every():
                        last_check = time.monotonic()
                        recover_abandoned_jobs()
                except Exception:
                    # A locked SQLite file or a database restart: try again at the next beat.
                    logger.warning("Worker heartbeat failed; trying again.", exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    def stop(self) -> None:
        global _current_worker_id
        self._stop.set()
        self._thread.join(timeout=10)
        _current_worker_id = ""
        try:
            WorkerHeartbeat.objects.filter(pk=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Worker stopped; its heartbeat row could not be deleted.")
