"""The health check for monitoring: 200 only when database, cache, task queue and worker
are fine, 503 otherwise, naming the part that is not. Redis going away: test_fault_redis.py."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from schreibwerkstatt.jobs.models import WorkerHeartbeat
from schreibwerkstatt.jobs.tasks import clean_up_jobs

pytestmark = pytest.mark.django_db

URL = "/gesundheit/"


@pytest.fixture
def database_queue(settings) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_all_is_well_when_tasks_run_at_once(client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "not used", "worker": "not used"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_without_a_live_worker_it_answers_503(client, database_queue) -> None:
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
        "worker": "down",
    }
    WorkerHeartbeat.objects.create(
        worker_id="w-old", hostname="h", pid=1, seen_at=timezone.now() - timedelta(minutes=2)
    )
    assert client.get(URL).status_code == 503  # seen too long ago

    WorkerHeartbeat.objects.create(worker_id="w-1", hostname="h", pid=2)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "ok"


def test_a_task_waiting_too_long_makes_the_queue_behind(client, database_queue) -> None:
    WorkerHeartbeat.objects.create(worker_id="w-1", hostname="h", pid=2)
    clean_up_jobs.enqueue()
    assert client.get(URL).status_code == 200  # just queued

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=6))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "behind"

    # A task deferred to later is not late.
    DBTaskResult.objects.update(run_after=timezone.now() + timedelta(hours=1))
    assert client.get(URL).status_code == 200


def test_it_answers_head_but_refuses_posts(client) -> None:
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_without_the_database_it_answers_503_and_says_so(
    client, database_queue, monkeypatch
) -> None:
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "down",
        "cache": "ok",
        "queue": "unknown",
        "worker": "unknown",
    }
    assert "refused" not in response.content.decode()  # no error texts
