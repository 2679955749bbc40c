"""The health check for monitoring (/gesundheit/): database, cache, task queue and worker.
It lives with the jobs because the queue and the workers' heartbeats are theirs."""

import logging
import secrets
from datetime import timedelta

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from schreibwerkstatt.core.cache import ResilientRedisCache

from .lease import oldest_ready_task_age, worker_alive

logger = logging.getLogger(__name__)

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
