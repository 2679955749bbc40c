"""Leases of running jobs: a job whose worker died is retried once or marked failed
(jobs/lease.py). The kill -9 of a real worker is in test_fault_worker.py."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from schreibwerkstatt.jobs import lease
from schreibwerkstatt.jobs.lease import WorkerLease, beat, recover_abandoned_jobs
from schreibwerkstatt.jobs.models import Job, WorkerHeartbeat, job_storage
from schreibwerkstatt.jobs.services import ProgressReporter

pytestmark = pytest.mark.django_db

EXPORT_MESSAGE = "Die Verarbeitung wurde unterbrochen. Bitte starten Sie den Export erneut."
IMPORT_MESSAGE = (
    "Die Verarbeitung wurde unterbrochen. Bitte prüfen Sie, ob die Daten übernommen wurden; "
    "falls nicht, starten Sie den Import bitte erneut."
)


def running_job(
    strategy, kind: str, *, silent_for: timedelta, worker_id: str = "worker-gone", attempts=1
) -> Job:
    moment = timezone.now() - silent_for
    return Job.objects.create(
        municipality=strategy.municipality,
        strategy=strategy,
        kind=kind,
        language="de",
        status=Job.Status.RUNNING,
        progress=40,
        started_at=moment,
        heartbeat_at=moment,
        worker_id=worker_id,
        attempts=attempts,
    )


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_export_left_by_a_dead_worker_runs_again_and_finishes(
    strategy, django_capture_on_commit_callbacks
) -> None:
    job = running_job(strategy, "export_csv", silent_for=timedelta(seconds=46))
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_abandoned_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (Job.Status.DONE, 2, 100)
    assert job.has_result_file


def test_an_export_interrupted_a_second_time_fails(strategy) -> None:
    job = running_job(strategy, "export_csv", silent_for=timedelta(minutes=5), attempts=2)
    assert recover_abandoned_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, EXPORT_MESSAGE)
    assert job.finished_at is not None


def test_an_interrupted_import_is_not_run_again_and_its_upload_goes(
    strategy, django_capture_on_commit_callbacks
) -> None:
    job = running_job(strategy, "import_measures", silent_for=timedelta(minutes=1))
    job.upload_name = job_storage().save(f"{job.pk}/upload.csv", ContentFile(b"Titel\n"))
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_abandoned_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.message, job.attempts) == (Job.Status.FAILED, IMPORT_MESSAGE, 1)
    assert job.upload_name == ""
    assert not job_storage().exists(f"{job.pk}/upload.csv")


def test_jobs_with_a_recent_heartbeat_or_a_live_worker_are_left_alone(strategy) -> None:
    recent = running_job(strategy, "export_csv", silent_for=timedelta(seconds=30))
    WorkerHeartbeat.objects.create(worker_id="worker-busy", hostname="elsewhere", pid=1)
    # Its own heartbeat is old (a long import holds its row), but its worker lives.
    locked = running_job(
        strategy, "import_measures", silent_for=timedelta(minutes=10), worker_id="worker-busy"
    )
    done = running_job(strategy, "export_csv", silent_for=timedelta(hours=1))
    Job.objects.filter(pk=done.pk).update(status=Job.Status.DONE)

    assert recover_abandoned_jobs() == 0
    assert set(Job.objects.values_list("pk", "status")) == {
        (recent.pk, Job.Status.RUNNING),
        (locked.pk, Job.Status.RUNNING),
        (done.pk, Job.Status.DONE),
    }


def test_a_job_from_before_leases_counts_from_its_start(strategy) -> None:
    job = running_job(strategy, "import_measures", silent_for=timedelta(minutes=2), worker_id="")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=None)
    assert recover_abandoned_jobs() == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_progress_and_the_worker_heartbeat_keep_the_lease(strategy) -> None:
    mine = running_job(strategy, "export_csv", silent_for=timedelta(minutes=1), worker_id="w-1")
    other = running_job(strategy, "export_csv", silent_for=timedelta(minutes=1), worker_id="w-2")
    beat("w-1")
    assert WorkerHeartbeat.objects.get(pk="w-1").seen_at > timezone.now() - timedelta(seconds=5)
    mine.refresh_from_db()
    assert mine.heartbeat_at > timezone.now() - timedelta(seconds=5)

    ProgressReporter(other)(60, "Weiter …")
    other.refresh_from_db()
    assert other.heartbeat_at > timezone.now() - timedelta(seconds=5)
    assert recover_abandoned_jobs() == 0


def test_a_restarted_worker_takes_up_the_jobs_of_dead_workers_on_its_host_at_once(
    strategy, django_capture_on_commit_callbacks
) -> None:
    """The killed worker's last heartbeat is only seconds old, but its process is gone."""
    WorkerHeartbeat.objects.create(worker_id="w-dead", hostname=lease.this_host(), pid=dead_pid())
    WorkerHeartbeat.objects.create(worker_id="w-other-host", hostname="elsewhere", pid=dead_pid())
    job = running_job(
        strategy, "import_measures", silent_for=timedelta(seconds=2), worker_id="w-dead"
    )

    worker = WorkerLease("w-new")
    worker.start()
    worker.stop()

    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, IMPORT_MESSAGE)
    # Only process numbers of this host say anything; the stopped worker took its row along.
    assert set(WorkerHeartbeat.objects.values_list("pk", flat=True)) == {"w-other-host"}


# Transactional: the worker closes connections left in a transaction, as a test's would be.
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_keeps_a_heartbeat_while_it_runs(monkeypatch) -> None:
    seen: list[set[str]] = []
    original = lease.recover_abandoned_jobs

    def spy(*args, **kwargs):
        seen.append(set(WorkerHeartbeat.objects.values_list("pk", flat=True)))
        return original(*args, **kwargs)

    monkeypatch.setattr(lease, "recover_abandoned_jobs", spy)
    call_command("worker", "--once", verbosity=0)
    assert len(seen) == 1 and len(seen[0]) == 1  # registered while it ran …
    assert not WorkerHeartbeat.objects.exists()  # … and gone once it stopped


def test_the_hourly_cleanup_forgets_workers_not_seen_for_a_day(strategy) -> None:
    from schreibwerkstatt.jobs.services import clean_up_jobs

    WorkerHeartbeat.objects.create(
        worker_id="w-old", hostname="h", pid=1, seen_at=timezone.now() - timedelta(days=2)
    )
    WorkerHeartbeat.objects.create(worker_id="w-recent", hostname="h", pid=2)
    clean_up_jobs()
    assert list(WorkerHeartbeat.objects.values_list("pk", flat=True)) == ["w-recent"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_outlasts_a_locked_database(monkeypatch) -> None:
    """A long write (the demo loader, an import on SQLite) must not end the worker."""
    from django.db import OperationalError

    from schreibwerkstatt.jobs.management.commands import worker

    calls: list[int] = []

    def run(self) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        os.kill(os.getpid(), signal.SIGTERM)  # the command's handler stops it gently

    monkeypatch.setattr(worker.Worker, "run", run)
    call_command("worker", "--interval", "0.1", verbosity=0)
    assert len(calls) == 2
    assert not WorkerHeartbeat.objects.exists()
