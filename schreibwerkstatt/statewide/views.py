"""The statewide picture: the page of advisers and operators (/landesweit/), the operators'
import of the official directory with its preview (/plattform/gemeindeverzeichnis/), the
switch for the public version, and the public version itself (/strategien-im-land/, 404
while it is switched off).

The public view renders without the request context, like the transparency pages: nothing
about the visitor reaches its template.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.municipalities.onboarding import operator_required

from . import services
from .charts import share_text, stacked_chart, stage_chart
from .directory_file import DirectoryFileError, Problem
from .forms import ConfirmForm, PublishForm, UploadForm
from .models import DirectoryImport
from .picture import STAGES, Picture, merge_small, statewide_picture
from .rules import get_import_for_operator, may_manage_directory, may_view_picture

# The public version adds up groups smaller than this, so no row points at one municipality.
PUBLIC_GROUP_MIN = 5
SHOWN_ROWS = 100  # of each list on the preview page


def _picture_context(picture: Picture, *, public: bool) -> dict:
    districts, kinds = picture.districts, picture.kinds
    if public:
        districts = merge_small(districts, PUBLIC_GROUP_MIN, _("Smaller areas together"))
        kinds = merge_small(kinds, PUBLIC_GROUP_MIN, _("Other kinds together"))
    return {
        "picture": picture,
        "stages": STAGES,
        "districts": districts,
        "kinds": kinds,
        "adopted_share": share_text(picture.total.adopted_share),
        "stage_chart": stage_chart(picture.total),
        "district_chart": stacked_chart(districts),
        "public_group_min": PUBLIC_GROUP_MIN,
        "public": public,
    }


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    if not may_view_picture(request.user):
        raise PermissionDenied
    context = _picture_context(statewide_picture(), public=False)
    context["is_public"] = services.is_public()
    context["nav_active"] = "statewide"
    if may_manage_directory(request.user):
        context["last_import"] = (
            DirectoryImport.objects.applied().select_related("applied_by").first()
        )
        context["may_manage"] = True
    return render(request, "statewide/overview.html", context)


@operator_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors["public"][0], status=400, content_type="text/plain")
    public = form.cleaned_data["public"] == "on"
    services.set_public(public, by=request.user)
    if public:
        messages.success(request, _("The aggregated picture is now public."))
    else:
        messages.success(request, _("The aggregated picture is no longer public."))
    return redirect("statewide:overview")


@operator_required
@require_http_methods(["GET", "POST"])
def directory(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            prepared = services.prepare_import(upload.read(), upload.name, by=request.user)
        except DirectoryFileError as error:
            problems = error.problems
        else:
            return redirect("statewide:preview", pk=prepared.pk)
    context = {
        "form": form,
        "problems": problems[:SHOWN_ROWS],
        "more_problems": max(0, len(problems) - SHOWN_ROWS),
        "imports": DirectoryImport.objects.applied().select_related("applied_by")[:5],
    }
    status = 400 if form.errors or problems else 200
    return render(request, "statewide/directory.html", context, status=status)


@operator_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    directory_import = get_import_for_operator(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not directory_import.is_applied and form.is_valid():
        try:
            applied = services.apply_import(
                directory_import.pk,
                by=request.user,
                remove_missing=form.cleaned_data["remove_missing"],
            )
        except services.AlreadyAppliedError:
            messages.info(request, _("This file has been imported already."))
        else:
            messages.success(
                request,
                _("The directory has been imported: %(added)s new, %(changed)s changed, "
                  "%(unchanged)s unchanged, %(removed)s removed.")
                % {"added": applied.added, "changed": applied.changed,
                   "unchanged": applied.unchanged, "removed": applied.removed},
            )  # fmt: skip
        return redirect("statewide:overview")
    if request.method == "POST" and directory_import.is_applied:
        messages.info(request, _("This file has been imported already."))
        return redirect("statewide:overview")
    comparison = (
        None
        if directory_import.is_applied
        else services.compare(services.import_records(directory_import))
    )
    context = {
        "directory_import": directory_import,
        "comparison": comparison,
        "form": form,
        "shown": SHOWN_ROWS,
    }
    return render(request, "statewide/preview.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def public(request: HttpRequest) -> HttpResponse:
    if not services.is_public():
        raise Http404
    context = _picture_context(statewide_picture(), public=True)
    response = HttpResponse(render_to_string("statewide/public.html", context))
    # The language may come from the language cookie, not only from Accept-Language.
    patch_vary_headers(response, ("Cookie",))
    return response
