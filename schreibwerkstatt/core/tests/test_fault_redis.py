"""Fault test: Redis goes away and comes back (docs/operations.md, "Redis outage").

A Redis server of the test's own, on a free port, holds the cache and the cached_db
sessions. While it is stopped, pages, a comment and logins still work and the health check
answers 503 naming the cache; once it is back, all is well again. The shared Redis of the
machine is never touched.
"""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.strategies.models import Measure, Strategy
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.fault,
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A throwaway redis-server without persistence, started and stopped by the test."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
        command += ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def stored_keys(self) -> list[bytes]:
        return redis.Redis.from_url(self.url).keys("*")


@pytest.fixture
def own_redis(settings) -> Iterator[OwnRedis]:
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "schreibwerkstatt.core.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "sw",
            # As in settings.py, but trying again after half a second, so the test is quick.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_after": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def measure(municipality_a, people) -> Measure:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    return Measure.objects.create(strategy=strategy, title="Glasfaser für Schulen")


def log_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_without_redis_pages_comments_and_logins_still_work(own_redis, measure) -> None:
    strategy = measure.strategy
    measure_url = reverse(
        "strategies:measure", kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": measure.pk}
    )
    dashboard = reverse("process:dashboard", kwargs={"slug": "amtsberg"})
    reader = log_in("reader@amtsberg.example")
    assert reader.get(measure_url).status_code == 200
    assert any(b"cached_db" in key for key in own_redis.stored_keys()), "the session is in Redis"
    assert Client().get("/gesundheit/").status_code == 200

    own_redis.stop()

    for url in (measure_url, dashboard, reverse("core:home")):
        response, seconds = timed(lambda url=url: reader.get(url))
        assert response.status_code in {200, 302}, (url, response.status_code)
        assert seconds < 5, f"{url} took {seconds:.1f} s without Redis"
    response = reader.post(
        reverse("comments:add", kwargs={"slug": "amtsberg", "strategy": strategy.pk}),
        {"target_type": "measure", "target_id": measure.pk, "text": "Geht auch ohne Cache."},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(Measure),
        object_id=measure.pk,
        text="Geht auch ohne Cache.",
    ).exists()

    editor = log_in("editor@amtsberg.example")  # a new login while Redis is away
    assert editor.get(measure_url).status_code == 200
    assert Client().get(measure_url).status_code == 302  # still only for members

    health = Client().get("/gesundheit/")
    assert health.status_code == 503
    assert health.json() == {
        "status": "error",
        "checks": {
            "database": "ok",
            "cache": "down",
            "queue": "not used",
            "worker": "not used",
        },
    }
    assert "127.0.0.1" not in health.content.decode()  # no addresses

    reader.post(reverse("accounts:logout"))
    assert reader.get(measure_url).status_code == 302  # logged out while Redis was away

    own_redis.start()  # empty, as after a restart without persistence
    time.sleep(0.6)  # the cache tries Redis again after `retry_after`

    assert Client().get("/gesundheit/").status_code == 200
    assert editor.get(measure_url).status_code == 200  # the session came from the database
    assert any(b"cached_db" in key for key in own_redis.stored_keys()), "Redis is used again"
    assert reader.get(measure_url).status_code == 302
    assert log_in("reader@amtsberg.example").get(measure_url).status_code == 200


def test_outdated_copies_are_dropped_when_redis_answers_again(own_redis, measure) -> None:
    """A logout while Redis hangs (a network split) cannot delete the session's copy there;
    when Redis answers again, that copy must not bring the session back."""
    measure_url = reverse(
        "strategies:measure",
        kwargs={"slug": "amtsberg", "strategy": measure.strategy_id, "pk": measure.pk},
    )
    reader = log_in("reader@amtsberg.example")
    stolen = reader.cookies["sessionid"].value
    assert reader.get(measure_url).status_code == 200
    raw = redis.Redis.from_url(own_redis.url)
    raw.execute_command("CLIENT", "PAUSE", 2000, "ALL")  # Redis keeps its data, answers nobody

    reader.post(reverse("accounts:logout"))  # deletes the session in the database only

    # (This waits for the pause to end.)
    assert any(b"cached_db" in key for key in own_redis.stored_keys()), "the outdated copy is there"
    time.sleep(0.6)  # the cache tries Redis again after `retry_after`
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get(measure_url).status_code == 302
    assert not any(b"cached_db" in key for key in own_redis.stored_keys())
