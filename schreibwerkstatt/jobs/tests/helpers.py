from django.core.files.base import ContentFile
from django.urls import reverse

from schreibwerkstatt.jobs.models import Job, job_storage


def job_url(job: Job, name: str = "detail") -> str:
    return reverse(f"jobs:{name}", kwargs={"slug": job.municipality.slug, "pk": job.pk})


def finished_export(municipality, strategy, user, *, filename: str, content: bytes) -> Job:
    """A JSON export of `strategy` that `user` started, finished, with its result file."""
    job = Job(
        municipality=municipality,
        strategy=strategy,
        user=user,
        kind="export_json",
        status=Job.Status.DONE,
        progress=100,
        message="Die Datei ist fertig.",
        filename=filename,
        content_type="application/json",
    )
    job.result_name = job_storage().save(f"{job.pk}/result.json", ContentFile(content))
    job.save()
    return job
