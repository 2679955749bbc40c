"""Web import and export of a strategy (JSON) and its measures (XLSX, CSV).

Exports and imports run as background jobs (exchange/job_kinds.py): these views check the
request, start the job and send the person to its page, which shows the progress and then
the file to download or the problems found.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.jobs.services import start_job
from schreibwerkstatt.municipalities.rules import get_municipality_for_user
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from .job_kinds import export_kind
from .spreadsheets import MAX_MEASURES, measures_template_xlsx

MAX_UPLOAD = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 10


EXPORT_CHOICES = [
    ("json", gettext_lazy("Whole strategy as open data (JSON)")),
    ("xlsx", gettext_lazy("Measures as Excel spreadsheet (XLSX)")),
    ("csv", gettext_lazy("Measures as CSV")),
]


class ExportForm(forms.Form):
    fmt = forms.ChoiceField(choices=EXPORT_CHOICES)


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args, extensions: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extensions = extensions
        self.fields["file"].help_text = gettext_lazy("Allowed: %(types)s, at most 10 MB.") % {
            "types": ", ".join(extensions)
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith(tuple(f".{e}" for e in self.extensions)):
            raise forms.ValidationError(
                _("Please upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(self.extensions)}
            )
        return upload


def _page(request: HttpRequest, strategy, *, status: int = 200, **extra) -> HttpResponse:
    municipality = strategy.context_municipality
    context = {
        "municipality": municipality,
        "strategy": strategy,
        "nav_active": "exchange",
        "can_edit": request.user.has_perm("strategies.change_strategy", municipality),
        "can_import_strategy": request.user.has_perm("strategies.add_strategy", municipality),
        "measures_form": extra.pop("measures_form", None) or UploadForm(extensions=("xlsx", "csv")),
        "json_form": extra.pop("json_form", None) or UploadForm(extensions=("json",)),
        "export_choices": EXPORT_CHOICES,
        "max_measures": MAX_MEASURES,
        "jobs": list(Job.objects.recent_for(municipality, strategy)[:RECENT_JOBS]),
        **extra,
    }
    return render(request, "exchange/exchange.html", context, status=status)


def _to_job(job: Job) -> HttpResponse:
    return redirect("jobs:detail", slug=job.municipality.slug, pk=job.pk)


@login_required
@require_http_methods(["GET"])
def exchange(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _page(request, get_strategy_for_user(request, slug, strategy))


@login_required
@require_POST
def export(request: HttpRequest, slug: str, strategy: int, fmt: str) -> HttpResponse:
    """Start writing the strategy (JSON) or its measures (XLSX, CSV) into a file."""
    obj = get_strategy_for_user(request, slug, strategy)
    form = ExportForm({"fmt": fmt})
    if not form.is_valid():
        return _page(request, obj, status=400, export_errors=[_("Unknown format.")])
    job = start_job(
        export_kind(form.cleaned_data["fmt"]),
        municipality=obj.context_municipality,
        strategy=obj,
        user=request.user,
    )
    return _to_job(job)


@login_required
@require_http_methods(["GET"])
def measures_template(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    get_strategy_for_user(request, slug, strategy)
    response = HttpResponse(measures_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="massnahmen-vorlage.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def import_measures_view(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """Start adding the measures of an XLSX or CSV file: all rows or, on any error, none."""
    obj = get_strategy_for_user(request, slug, strategy, "strategies.change_strategy")
    form = UploadForm(request.POST, request.FILES, extensions=("xlsx", "csv"))
    if not form.is_valid():
        return _page(request, obj, status=400, measures_form=form)
    job = start_job(
        "import_measures",
        municipality=obj.context_municipality,
        strategy=obj,
        user=request.user,
        upload=form.cleaned_data["file"],
    )
    return _to_job(job)


@login_required
@require_POST
def import_strategy_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Start creating a new strategy of this municipality from an open-data JSON file."""
    municipality = get_municipality_for_user(request, slug, "strategies.add_strategy")
    form = UploadForm(request.POST, request.FILES, extensions=("json",))
    if not form.is_valid():
        context = {"municipality": municipality, "json_form": form, "nav_active": "strategies"}
        return render(request, "exchange/import_strategy.html", context, status=400)
    job = start_job(
        "import_strategy",
        municipality=municipality,
        user=request.user,
        upload=form.cleaned_data["file"],
    )
    return _to_job(job)
