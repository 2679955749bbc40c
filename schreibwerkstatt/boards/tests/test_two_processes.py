"""Two application processes and Redis, as `make run` with REDIS_URL serves them: a card added
through process A reaches the browsers connected to process B (and the other way round), and so
does a dot given in the vote.

Real granian ASGI servers on free ports, with a Redis of the test's own (no other Redis is
touched) and a SQLite file of their own; the test logs in and posts over HTTP and listens
over WebSockets (tests/ws_client.py). Runs in CI (`.ci/run` installs redis-server where it is
missing and sets REQUIRE_BROWSER=1, which turns a missing redis-server into a failure); skipped
only where redis-server is missing outside CI.
"""

import http.cookiejar
import os
import re
import shutil
import time
import urllib.parse
import urllib.request

import pytest

from schreibwerkstatt.core.tests.test_fault_redis import OwnRedis
from tests.app_server import PASSWORD, AppServers, free_port
from tests.ws_client import WebSocket

pytestmark = [
    pytest.mark.skipif(
        shutil.which("redis-server") is None
        and not (os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER") == "1"),
        reason="needs redis-server (set REQUIRE_BROWSER=1 to make this a failure)",
    ),
    # The processes use their own SQLite file and Redis whatever DATABASE_URL and REDIS_URL
    # the suite runs with: the same test on either, so CI runs it once.
    pytest.mark.db_independent,
]


class Browser:
    """Cookies and CSRF token of one person, logged in through one process."""

    def __init__(self, port: int, email: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        token = self.token("/anmelden/")
        self.post(
            "/anmelden/", {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        assert "sessionid" in self.cookies()

    def cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value for cookie in self.jar}

    def token(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=10).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path: str, data: dict, headers: dict | None = None) -> int:
        request = urllib.request.Request(  # noqa: S310 (http to the test's own server)
            self.base + path, data=urllib.parse.urlencode(data).encode(), headers=headers or {}
        )
        return self.opener.open(request, timeout=10).status

    def socket(self, port: int, board: int) -> WebSocket:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies().items())
        return WebSocket(
            "127.0.0.1",
            port,
            f"/ws/boards/{board}/",
            {"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"},
        )


@pytest.fixture
def two_processes(tmp_path):
    redis = OwnRedis()
    redis.start()
    servers = AppServers(tmp_path, redis_url=redis.url)
    try:
        board, column = servers.set_up()
        ports = [free_port(), free_port()]
        for port in ports:
            servers.start(port)
        yield {"ports": ports, "board": board, "column": column}
    finally:
        servers.stop_all()
        redis.stop()


def test_a_card_added_through_one_process_reaches_browsers_on_the_other(two_processes):
    port_a, port_b = two_processes["ports"]
    board, column = two_processes["board"], two_processes["column"]
    anna = Browser(port_a, "a@zweistadt.example")  # works through process A
    bernd = Browser(port_b, "b@zweistadt.example")  # through process B
    on_a, on_b = anna.socket(port_a, board), bernd.socket(port_b, board)
    for socket in (on_a, on_b):
        socket.send_json({"type": "sync", "revision": 0})
        assert socket.receive_json()["type"] == "current"

    path = f"/kommunen/zweistadt/werkstatt/{board}/"
    for author, text in [(anna, "Karte über Prozess A"), (bernd, "Karte über Prozess B")]:
        token = author.token(path)
        started = time.monotonic()
        status = author.post(
            f"{path}karten/",
            {"csrfmiddlewaretoken": token, "column": column, "text": text, "category": "idea"},
            headers={"X-Board-Live": "1"},
        )
        assert status == 204
        for socket in (on_a, on_b):
            message = socket.receive_json(timeout=10)
            assert message["type"] == "board", message
            assert text in message["html"]
            assert message["announce"] == ["Neue Karte in „Ideen“."]
        print(f"{text}: both processes' sockets had it after {time.monotonic() - started:.3f} s")

    # a reconnecting browser catches up with what it missed
    on_b.close()
    late = bernd.socket(port_b, board)
    late.send_json({"type": "sync", "revision": 1})
    caught_up = late.receive_json()
    assert caught_up["type"] == "board" and caught_up["revision"] == 2
    assert (
        "Karte über Prozess A" in caught_up["html"] and "Karte über Prozess B" in caught_up["html"]
    )

    # Dots travel the same way: Anna (on A) opens the vote, Bernd (on B) gives a dot; Anna
    # sees the count (both coordinate, so both facilitate), Bernd also his own dot.
    page = anna.opener.open(anna.base + path, timeout=10).read().decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"csrfmiddlewaretoken": anna.token(path), "phase": "vote", "version": version}
    assert anna.post(f"{path}phase/", data, headers={"X-Board-Live": "1"}) == 204
    for socket in (on_a, late):
        assert "Abstimmen" in socket.receive_json(timeout=10)["html"]
    card = re.search(r'id="card-(\d+)"(?:(?!</li>).)*?Karte über Prozess A', page, re.S)[1]
    data = {"csrfmiddlewaretoken": bernd.token(path)}
    dot = f"/kommunen/zweistadt/werkstatt/karten/{card}/punkt/"
    assert bernd.post(dot, data, headers={"X-Board-Live": "1"}) == 204
    counted = on_a.receive_json(timeout=10)["html"]
    assert re.search(rf'id="card-{card}"(?:(?!</li>).)*?1 Punkt', counted, re.S), counted
    mine = late.receive_json(timeout=10)
    assert "Karte über Prozess A" in mine["own"]["board-my-dots"]
    assert re.search(rf'id="card-{card}"(?:(?!</li>).)*?1 Punkt', mine["html"], re.S)
    late.close()
    on_a.close()
