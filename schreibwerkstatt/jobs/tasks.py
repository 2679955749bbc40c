"""The tasks the worker runs (django-tasks): one job, and the periodic cleanup."""

from django_tasks import task

from . import services


@task()
def run_job(job_id: str) -> None:
    services.run_job(job_id)


@task()
def clean_up_jobs() -> int:
    """Periodic (settings.PERIODIC_TASKS): jobs and their files go after seven days."""
    return services.clean_up_jobs()
