"""The export page of the strategy document: PDF, Word, ODT, Markdown or the
Beschlussvorlage, of the current draft or of an adopted revision.

Everybody who may see the strategy may export it (readers and advisers too). The file is
made by a background job (exports/job_kinds.py); the person goes to the job page, which
shows the progress and then the download, for members of the municipality only.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.jobs.services import start_job
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from .formats import DOCUMENT_FORMATS
from .forms import DocumentExportForm
from .job_kinds import BESCHLUSSVORLAGE, document_kind

RECENT_JOBS = 10
KINDS = [document_kind(fmt) for fmt in DOCUMENT_FORMATS] + [BESCHLUSSVORLAGE]


@login_required
@require_http_methods(["GET", "POST"])
def document_export(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy)
    municipality = the_strategy.context_municipality
    revisions = list(
        Revision.objects.filter(strategy=the_strategy, state=Revision.State.ADOPTED).order_by(
            "-number"
        )
    )
    data = request.POST if request.method == "POST" else None
    form = DocumentExportForm(data, revisions=revisions)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            document_kind(form.cleaned_data["fmt"]),
            municipality=municipality,
            strategy=the_strategy,
            user=request.user,
            params={"revision": form.cleaned_data["revision"]},
        )
        return redirect("jobs:detail", slug=municipality.slug, pk=job.pk)
    jobs = Job.objects.recent_for(municipality, the_strategy).filter(kind__in=KINDS)
    context = {
        "municipality": municipality,
        "strategy": the_strategy,
        "nav_active": "document",
        "form": form,
        "jobs": list(jobs[:RECENT_JOBS]),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "exports/document_export.html", context, status=status)
