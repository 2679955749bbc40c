from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import mentions
from .forms import MentionQueryForm
from .models import SitePage
from .text import render_markdown

View = Callable[[HttpRequest], HttpResponse]

# What a signed-in person sees at "/" depends on where they work, which core does not know:
# municipalities sets it in its AppConfig.ready (municipalities/apps.py). Core imports no
# feature app; visitors get the landing page from here.
_signed_in_home: View | None = None
# Likewise the visitors' start page, which shows the public guides and FAQ: the public app
# sets it (public/apps.py). Without it, visitors get core's short landing page.
_visitor_home: View | None = None


def set_signed_in_home(view: View) -> None:
    global _signed_in_home
    _signed_in_home = view


def set_visitor_home(view: View | None) -> None:
    global _visitor_home
    _visitor_home = view


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and _signed_in_home is not None:
        return _signed_in_home(request)
    if not request.user.is_authenticated and _visitor_home is not None:
        return _visitor_home(request)
    return render(request, "core/landing.html")


def _site_page(key: str):
    @require_http_methods(["GET"])
    def view(request: HttpRequest) -> HttpResponse:
        page = SitePage.objects.filter(key=key).first()
        context = {"page": page, "body": render_markdown(page.body) if page else ""}
        return render(request, "core/site_page.html", context, status=200 if page else 404)

    view.__name__ = f"site_page_{key}"
    return view


imprint = _site_page(SitePage.Key.IMPRINT)
privacy = _site_page(SitePage.Key.PRIVACY)
accessibility = _site_page(SitePage.Key.ACCESSIBILITY)


@require_http_methods(["GET"])
def open_data_schema(request: HttpRequest) -> FileResponse:
    """The published JSON Schema of the open-data format (docs/strategy.schema.json)."""
    path = settings.BASE_DIR / "docs" / "strategy.schema.json"
    return FileResponse(path.open("rb"), content_type="application/schema+json")


@login_required
@require_http_methods(["GET"])
def mention_suggestions(request: HttpRequest) -> JsonResponse:
    """The @mention autocomplete: at most MAX_SUGGESTIONS people of an audience whose name
    starts with the typed letters. Who may not see the audience (or asks for one that does
    not exist) gets the answer of "nobody matches", so nothing about anybody is revealed."""
    form = MentionQueryForm(request.GET)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return JsonResponse({"error": message, "suggestions": []}, status=400)
    key, ref = form.cleaned_data["audience"]
    audience = mentions.audience_for(request.user, key, ref)
    found = (
        []
        if audience is None
        else mentions.suggestions(audience, form.cleaned_data["q"], exclude=request.user)
    )
    return JsonResponse(
        {"suggestions": [{"name": s.name, "insert": s.insert} for s in found]},
        headers={"Cache-Control": "private, no-store"},
    )
