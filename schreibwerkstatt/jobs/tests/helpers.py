from django.urls import reverse

from schreibwerkstatt.jobs.models import Job


def job_url(job: Job, name: str = "detail") -> str:
    return reverse(f"jobs:{name}", kwargs={"slug": job.municipality.slug, "pk": job.pk})
