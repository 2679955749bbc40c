"""Who may see a job and download its result: everybody who may see, in the municipality of
the URL, the strategy the job is about (docs/roles.md)."""

from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from schreibwerkstatt.municipalities.rules import can_view, get_municipality_for_user
from schreibwerkstatt.strategies.rules import strategies_of

from .models import Job

VIEW = "jobs.view_job"

rules.add_perm(VIEW, can_view)


def get_job_for_user(request: HttpRequest, slug: str, pk: UUID) -> Job:
    """The job if it was started in the municipality of the URL, which the user may see
    (404 otherwise, also when its strategy is no longer shared with that municipality),
    and the user holds jobs.view_job there (403)."""
    municipality = get_municipality_for_user(request, slug)
    job = (
        Job.objects.select_related("municipality", "strategy", "user")
        .filter(pk=pk, municipality=municipality)
        .first()
    )
    if job is None:
        raise Http404
    if job.strategy_id is not None:
        if not strategies_of(municipality).filter(pk=job.strategy_id).exists():
            raise Http404
        job.strategy.context_municipality = municipality
    if not request.user.has_perm(VIEW, municipality):
        raise PermissionDenied
    job.municipality = municipality
    return job
