"""Web import and export of a strategy (JSON) and its measures (XLSX, CSV)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from .exchange import ExchangeError, export_strategy_json, import_strategy, read_document
from .rules import get_strategy_for_user
from .spreadsheets import (
    SpreadsheetImportError,
    export_measures_csv,
    export_measures_xlsx,
    import_measures,
    measures_template_xlsx,
)

MAX_UPLOAD = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "json": ("application/json", "json", export_strategy_json),
    "xlsx": (XLSX, "xlsx", export_measures_xlsx),
    "csv": ("text/csv; charset=utf-8", "csv", export_measures_csv),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))

    def __init__(self, *args, extensions: tuple[str, ...], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.extensions = extensions
        self.fields["file"].help_text = gettext_lazy("Allowed: %(types)s, at most 10 MB.") % {
            "types": ", ".join(extensions)
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith(tuple(f".{e}" for e in self.extensions)):
            raise forms.ValidationError(
                _("Please upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(self.extensions)}
            )
        return upload


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request: HttpRequest, strategy, *, status: int = 200, **extra) -> HttpResponse:  # type: ignore[no-untyped-def]
    municipality = strategy.context_municipality
    context = {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm("strategies.change_strategy", municipality),
        "can_import_strategy": request.user.has_perm("strategies.add_strategy", municipality),
        "measures_form": extra.pop("measures_form", None) or UploadForm(extensions=("xlsx", "csv")),
        "json_form": extra.pop("json_form", None) or UploadForm(extensions=("json",)),
        **extra,
    }
    return render(request, "strategies/exchange.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def exchange(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _page(request, get_strategy_for_user(request, slug, strategy))


@login_required
@require_http_methods(["GET"])
def export(request: HttpRequest, slug: str, strategy: int, fmt: str) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    if fmt not in FORMATS:
        return _page(request, obj, status=400, errors=[_("Unknown format.")])
    content_type, extension, build = FORMATS[fmt]
    name = slugify(obj.title) or "strategie"
    return _download(
        build(obj),
        content_type,
        f"{name}.{extension}" if fmt == "json" else f"{name}-massnahmen.{extension}",
    )


@login_required
@require_http_methods(["GET"])
def measures_template(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    get_strategy_for_user(request, slug, strategy)
    return _download(measures_template_xlsx(), XLSX, "massnahmen-vorlage.xlsx")


@login_required
@require_POST
def import_measures_view(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, "strategies.change_strategy")
    form = UploadForm(request.POST, request.FILES, extensions=("xlsx", "csv"))
    if not form.is_valid():
        return _page(request, obj, status=400, measures_form=form)
    upload = form.cleaned_data["file"]
    try:
        result = import_measures(obj, upload, upload.name)
    except SpreadsheetImportError as error:
        return _page(
            request, obj, status=400, measures_form=form, errors=[str(e) for e in error.row_errors]
        )
    messages.success(
        request, _("%(count)s measures have been imported.") % {"count": len(result.measures)}
    )
    for warning in result.warnings:
        messages.warning(request, str(warning))
    return redirect("strategies:measures", slug=slug, strategy=obj.pk)


@login_required
@require_POST
def import_strategy_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a new strategy of this municipality from an open-data JSON file."""
    municipality = get_municipality_for_user(request, slug, "strategies.add_strategy")
    form = UploadForm(request.POST, request.FILES, extensions=("json",))
    errors: list[str] = []
    if form.is_valid():
        try:
            outcome = import_strategy(
                read_document(form.cleaned_data["file"].read()), municipality_slug=municipality.slug
            )
        except ExchangeError as error:
            errors = error.problems
        else:
            messages.success(
                request,
                _("The strategy “%(title)s” has been imported.")
                % {"title": outcome.strategy.title},
            )
            for warning in outcome.warnings:
                messages.warning(request, warning)
            return redirect("strategies:overview", slug=slug, strategy=outcome.strategy.pk)
    context = {
        "municipality": municipality,
        "json_form": form,
        "errors": errors,
        "nav_active": "strategies",
    }
    return render(request, "strategies/import_strategy.html", context, status=400)
