"""Jobs and their files go after seven days; a job cut off by a dead worker is marked failed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.module_loading import import_string

from schreibwerkstatt.jobs.models import Job, job_storage
from schreibwerkstatt.jobs.tasks import clean_up_jobs

pytestmark = pytest.mark.django_db


def make_job(strategy, *, age: timedelta, status: str = Job.Status.DONE, **fields) -> Job:
    job = Job(
        municipality=strategy.municipality,
        strategy=strategy,
        kind="export_csv",
        status=status,
        created_at=timezone.now() - age,
        **fields,
    )
    job.result_name = job_storage().save(f"{job.pk}/result.csv", ContentFile(b"Titel\n"))
    job.upload_name = job_storage().save(f"{job.pk}/upload.csv", ContentFile(b"Titel\n"))
    job.save()
    return job


def test_the_cleanup_is_a_periodic_task_of_the_worker() -> None:
    paths = dict(settings.PERIODIC_TASKS)
    assert paths["schreibwerkstatt.jobs.tasks.clean_up_jobs"] <= 24 * 60 * 60
    assert import_string("schreibwerkstatt.jobs.tasks.clean_up_jobs") is clean_up_jobs


def test_jobs_older_than_seven_days_go_with_their_files(
    strategy, django_capture_on_commit_callbacks
) -> None:
    old = make_job(strategy, age=timedelta(days=7, minutes=1))
    recent = make_job(strategy, age=timedelta(days=6, hours=23))
    old_files, recent_files = old.file_names(), recent.file_names()

    with django_capture_on_commit_callbacks(execute=True):
        result = clean_up_jobs.enqueue()

    assert result.return_value == 1
    assert list(Job.objects.all()) == [recent]
    storage = job_storage()
    assert not any(storage.exists(name) for name in old_files)
    assert all(storage.exists(name) for name in recent_files)


def test_the_cleanup_also_fails_jobs_that_a_dead_worker_left_running(strategy) -> None:
    """Workers look for abandoned jobs themselves (test_lease.py); the hourly cleanup is the
    backstop when no worker runs."""
    stuck = make_job(
        strategy, age=timedelta(hours=3), status=Job.Status.RUNNING, language="de", attempts=1
    )
    Job.objects.filter(pk=stuck.pk).update(
        kind="import_measures",
        started_at=timezone.now() - timedelta(hours=3),
        heartbeat_at=timezone.now() - timedelta(hours=2),
    )
    busy = make_job(strategy, age=timedelta(minutes=5), status=Job.Status.RUNNING)
    Job.objects.filter(pk=busy.pk).update(
        started_at=timezone.now() - timedelta(minutes=5), heartbeat_at=timezone.now()
    )

    clean_up_jobs.enqueue()

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Job.Status.FAILED
    assert stuck.message.startswith("Die Verarbeitung wurde unterbrochen.")
    assert busy.status == Job.Status.RUNNING


def test_deleting_a_strategy_deletes_its_jobs_and_files(
    strategy, django_capture_on_commit_callbacks
) -> None:
    job = make_job(strategy, age=timedelta(0))
    names = job.file_names()
    with django_capture_on_commit_callbacks(execute=True):
        strategy.delete()
    assert not Job.objects.exists()
    assert not any(job_storage().exists(name) for name in names)
