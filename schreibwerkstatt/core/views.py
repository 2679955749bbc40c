from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.municipalities.rules import my_municipalities

from .models import SitePage
from .text import render_markdown


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    municipalities = my_municipalities(request.user)
    if len(municipalities) == 1:
        return redirect(municipalities[0])
    return render(request, "core/choose.html", {"municipalities": municipalities})


@login_required
@require_http_methods(["GET"])
def choose(request: HttpRequest) -> HttpResponse:
    return render(request, "core/choose.html", {"municipalities": my_municipalities(request.user)})


def _site_page(key: str):  # type: ignore[no-untyped-def]
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


@require_http_methods(["GET"])
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
