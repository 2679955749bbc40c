"""The Word templates of a municipality (exports/models.WordTemplate): list, upload, use,
delete and download them; the default template to start from.

Only coordinators reach these pages. An upload is checked completely before anything is
stored (exports/templates_check.py); a refused file leaves no trace.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from . import services
from .models import WordTemplate
from .rules import MANAGE_WORD_TEMPLATES, get_word_template_for_user
from .templates_check import EXTENSIONS, MAX_SIZE, check_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Word template"),
        help_text=gettext_lazy("A .docx or .dotx file without macros, at most 10 MB."),
        error_messages={"required": gettext_lazy("Please choose a file.")},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "E.g. “Corporate design 2026”. Without a name, the file name is used."
        ),
    )
    activate = forms.BooleanField(
        label=gettext_lazy("Use for Word exports from now on"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size first: a huge file is refused before it is read into memory.
        if upload.size > MAX_SIZE:
            raise ValidationError(
                _("The file is larger than 10 MB. Please upload a smaller template.")
            )
        content = upload.read(MAX_SIZE + 1)
        check_template(content, upload.name)
        self.content = content
        return upload


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


def _page(
    request: HttpRequest,
    municipality: Municipality,
    form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    templates = list(WordTemplate.objects.filter(municipality=municipality).for_list())
    context = {
        "municipality": municipality,
        "templates": templates,
        "active": next((t for t in templates if t.is_active), None),
        "form": form or UploadForm(),
        "nav_active": "word_templates",
    }
    return render(request, "exports/word_templates/list.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def template_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, get_municipality_for_user(request, slug, MANAGE_WORD_TEMPLATES))


@login_required
@require_POST
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, MANAGE_WORD_TEMPLATES)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, municipality, form, status=400)
    upload_file = form.cleaned_data["file"]
    filename = Path(upload_file.name).name[:255]
    template = services.add_word_template(
        municipality,
        name=form.cleaned_data["name"].strip() or Path(filename).stem[:200],
        filename=filename,
        content=form.content,
        uploaded_by=request.user,
        activate=form.cleaned_data["activate"],
    )
    if template.is_active:
        messages.success(
            request,
            _("The template “%(name)s” has been saved and is used for Word exports from now on.")
            % {"name": template.name},
        )
    else:
        messages.success(
            request, _("The template “%(name)s” has been saved.") % {"name": template.name}
        )
    return redirect("word_templates:list", slug=municipality.slug)


@login_required
@require_POST
def set_active(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    template = get_word_template_for_user(request, slug, pk)
    municipality = template.municipality
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please use the buttons on this page."))
        return _page(request, municipality, status=400)
    services.set_word_template_active(template, form.cleaned_data["active"])
    if form.cleaned_data["active"]:
        message = _("Word exports now use the template “%(name)s”.") % {"name": template.name}
    else:
        message = _("Word exports now use the standard template again.")
    messages.success(request, message)
    return redirect("word_templates:list", slug=municipality.slug)


@login_required
@require_POST
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    template = get_word_template_for_user(request, slug, pk)
    municipality = template.municipality
    services.delete_word_template(template)
    messages.success(
        request, _("The template “%(name)s” has been deleted.") % {"name": template.name}
    )
    return redirect("word_templates:list", slug=municipality.slug)


def _file_response(content: bytes, filename: str) -> HttpResponse:
    content_type = DOTX if filename.lower().endswith(".dotx") else DOCX
    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "vorlage.docx"
    response["Content-Disposition"] = f'attachment; filename="{ascii_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET"])
def download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    template = get_word_template_for_user(request, slug, pk, with_file=True)
    return _file_response(bytes(template.content), template.filename)


@login_required
@require_http_methods(["GET"])
def default_template(request: HttpRequest, slug: str) -> HttpResponse:
    """The standard template, to adapt in Word and upload again."""
    from .docx import DEFAULT_TEMPLATE

    get_municipality_for_user(request, slug, MANAGE_WORD_TEMPLATES)
    return _file_response(DEFAULT_TEMPLATE.read_bytes(), "schreibwerkstatt-vorlage.docx")
