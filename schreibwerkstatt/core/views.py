import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from schreibwerkstatt.jobs.lease import oldest_ready_task_age, worker_alive
from schreibwerkstatt.municipalities.rules import my_municipalities

from .cache import ResilientRedisCache
from .models import SitePage
from .text import render_markdown

logger = logging.getLogger(__name__)


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


# A task that could run but has waited longer than this means the workers are stuck or
# too few (a long export takes a minute or two).
QUEUE_MAX_WAIT = timedelta(minutes=5)
FINE = {"ok", "not used"}


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "ok"


def _check_cache() -> str:
    cache = caches["default"]
    try:
        if isinstance(cache, ResilientRedisCache):
            return "ok" if cache.ping() else "down"
        probe = secrets.token_hex(8)
        cache.set("health:probe", probe, 10)
        return "ok" if cache.get("health:probe") == probe else "down"
    except Exception:
        logger.warning("Health check: the cache failed.", exc_info=True)
        return "down"


def _check_tasks(database: str) -> dict[str, str]:
    """The queue's oldest waiting task and the workers' heartbeats (database queue only)."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return {"queue": "not used", "worker": "not used"}  # tasks run at once (tests)
    if database != "ok":
        return {"queue": "unknown", "worker": "unknown"}
    try:
        age = oldest_ready_task_age()
        alive = worker_alive()
    except DatabaseError:
        return {"queue": "unknown", "worker": "unknown"}
    return {
        "queue": "behind" if age is not None and age > QUEUE_MAX_WAIT else "ok",
        "worker": "ok" if alive else "down",
    }


@require_http_methods(["GET", "HEAD"])
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For monitoring: 200 when database, cache, task queue and worker are fine, else 503,
    with the state of each part (and nothing else: no addresses, no error texts)."""
    database = _check_database()
    checks = {"database": database, "cache": _check_cache(), **_check_tasks(database)}
    healthy = all(state in FINE for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
