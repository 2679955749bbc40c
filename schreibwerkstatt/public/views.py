"""The visitors' pages: the start page (core's "/" for anybody not logged in) and the offer
in Leichte Sprache; and the operator's pages to edit every site page in the product."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.models import SitePage
from schreibwerkstatt.core.text import render_markdown
from schreibwerkstatt.guides.services import entry_questions, public_guides
from schreibwerkstatt.municipalities.onboarding import operator_required

from . import services
from .forms import SitePageForm
from .workshops import upcoming_dates

QUESTIONS_SHOWN = 5


def _page(key: str) -> SitePage | None:
    return SitePage.objects.filter(key=key).first()


def home(request: HttpRequest) -> HttpResponse:
    """Called by core.views.home (GET only there) for visitors."""
    page = _page(SitePage.Key.START)
    questions = list(entry_questions()[: QUESTIONS_SHOWN + 1])
    context = {
        "page": page,
        "intro": render_markdown(page.body) if page else "",
        "questions": questions[:QUESTIONS_SHOWN],
        "more_questions": len(questions) > QUESTIONS_SHOWN,
        "guides": list(public_guides()),
        "workshop_dates": upcoming_dates(),
    }
    return render(request, "public/home.html", context)


@require_http_methods(["GET"])
def easy_language(request: HttpRequest) -> HttpResponse:
    page = _page(SitePage.Key.EASY_LANGUAGE)
    if page is None:
        raise Http404
    context = {"page": page, "body": render_markdown(page.body)}
    return render(request, "public/easy_language.html", context)


# The operator's pages


def _key_or_404(key: str) -> str:
    if key not in SitePage.Key.values:
        raise Http404
    return key


# Where each page is shown.
SHOWN_AT = {
    SitePage.Key.IMPRINT: "core:imprint",
    SitePage.Key.PRIVACY: "core:privacy",
    SitePage.Key.ACCESSIBILITY: "core:accessibility",
    SitePage.Key.START: "core:home",
    SitePage.Key.EASY_LANGUAGE: "public:easy_language",
}


@operator_required
@require_http_methods(["GET"])
def pages(request: HttpRequest) -> HttpResponse:
    saved = {page.key: page for page in SitePage.objects.all()}
    rows = [
        {"key": key, "label": label, "page": saved.get(key), "url": reverse(SHOWN_AT[key])}
        for key, label in SitePage.Key.choices
    ]
    return render(request, "public/pages.html", {"rows": rows})


def _saved_rows(current: SitePage) -> list[tuple[str, str]]:
    return [(_("Title"), current.title), (_("Text"), current.body)]


@operator_required
@require_http_methods(["GET", "POST"])
def edit_page(request: HttpRequest, key: str) -> HttpResponse:
    key = _key_or_404(key)
    page = _page(key)
    data = request.POST or None
    form = SitePageForm(data, instance=page or SitePage(key=key), key=key)
    conflict = None
    if request.method == "POST" and form.is_valid():
        if page is None:
            fields = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
            services.create_site_page(key, **fields)
            stale = None
        else:

            def make_form(*args, **kwargs):
                return SitePageForm(*args, key=key, **kwargs)

            _saved, stale = save_or_conflict(request, form, make_form, rows=_saved_rows)
        if stale is None:
            messages.success(request, _("The page has been saved."))
            return redirect("public:pages")
        form, conflict = stale.form, stale.rows
    status = 409 if conflict is not None else 400 if form.errors else 200
    context = {"form": form, "key": key, "label": SitePage.Key(key).label, "page": page}
    context["conflict"] = conflict
    return render(request, "public/edit_page.html", context, status=status)
