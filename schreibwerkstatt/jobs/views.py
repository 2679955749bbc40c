"""The page of a background job (progress, then result) and the download of its file."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.audit.models import Kind
from schreibwerkstatt.audit.services import record

from .models import Job, job_storage
from .registry import get_kind
from .rules import get_job_for_user


class PollForm(forms.Form):
    """What the polling page last showed: the page announces only what changed."""

    seen = forms.CharField(required=False, max_length=64)


def _back_url(job: Job) -> str:
    slug = job.municipality.slug
    if job.strategy_id is not None:
        return reverse("exchange:exchange", kwargs={"slug": slug, "strategy": job.strategy_id})
    return reverse("strategies:list", kwargs={"slug": slug})


def _context(job: Job, **extra: Any) -> dict[str, Any]:
    kind = get_kind(job.kind)
    return {
        "job": job,
        "municipality": job.municipality,
        "strategy": job.strategy,
        "result_link_label": kind.result_link_label if kind else "",
        "back_url": _back_url(job),
        "nav_active": "exchange" if job.strategy_id else "strategies",
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, slug: str, pk: UUID) -> HttpResponse:
    job = get_job_for_user(request, slug, pk)
    if request.htmx:
        form = PollForm(request.GET)
        if not form.is_valid():
            return HttpResponse(_("The request was not understood."), status=400)
        announce = form.cleaned_data["seen"] != job.state_key
        return render(request, "jobs/partials/status.html", _context(job, announce=announce))
    return render(request, "jobs/detail.html", _context(job))


@login_required
@require_http_methods(["GET"])
def download(request: HttpRequest, slug: str, pk: UUID) -> FileResponse:
    job = get_job_for_user(request, slug, pk)
    if not job.has_result_file:
        raise Http404
    try:
        handle = job_storage().open(job.result_name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    response["Cache-Control"] = "private, no-store"
    record(
        Kind.DOWNLOAD,
        request=request,
        municipality=job.municipality,
        obj=job,
        details={"job": job.kind, "filename": job.filename},
    )
    return response
