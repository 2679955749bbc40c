"""Two application processes and Redis, as `make run` with REDIS_URL serves them: a card added
through process A reaches the browsers connected to process B (and the other way round).

Real granian ASGI servers on free ports, with a Redis of the test's own (no other Redis is
touched) and a SQLite file of their own; the test logs in and posts over HTTP and listens
over WebSockets (tests/ws_client.py). Runs in CI (`.ci/run` has redis-server); skipped only
where redis-server is missing outside CI.
"""

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from schreibwerkstatt.core.tests.test_fault_redis import OwnRedis, free_port
from tests.ws_client import WebSocket

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None and not os.environ.get("CI"),
    reason="needs redis-server",
)

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Werkstatt-Zwei-Prozesse-1"
SETUP = f"""
from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.boards import services
from schreibwerkstatt.municipalities.models import Membership, Municipality, Role
municipality = Municipality.objects.create(name="Zweistadt", slug="zweistadt", ags="12069999")
people = []
for email in ["a@zweistadt.example", "b@zweistadt.example"]:
    user = User.objects.create_user(email=email, password="{PASSWORD}", name=email[:1].upper())
    Membership.objects.create(user=user, municipality=municipality, role=Role.COORDINATOR)
    people.append(user)
board = services.create_board(municipality, user=people[0], title="Zwei Prozesse", template="free")
print("BOARD", board.pk, board.columns.get().pk)
"""


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
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": redis.url,
        "VAR_DIR": str(tmp_path),
        "SECRET_KEY": "two-processes-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage = [sys.executable, "-m", "schreibwerkstatt"]
    run = {"env": env, "check": True, "cwd": ROOT, "capture_output": True, "text": True}
    subprocess.run([*manage, "migrate", "-v0"], timeout=300, **run)  # noqa: S603
    out = subprocess.run([*manage, "shell", "-c", SETUP], timeout=120, **run).stdout  # noqa: S603
    board, column = map(int, re.search(r"BOARD (\d+) (\d+)", out).groups())
    granian = str(Path(sys.executable).with_name("granian"))
    ports, servers = [free_port(), free_port()], []
    try:
        for port in ports:
            command = [granian, "--interface", "asginl", "--host", "127.0.0.1", "--port", str(port)]
            command += ["--workers", "1", "--log-level", "warning"]
            command += ["schreibwerkstatt.asgi:application"]
            servers.append(
                subprocess.Popen(  # noqa: S603
                    command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )
        for port in ports:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"granian on {port} did not answer")
        yield {"ports": ports, "board": board, "column": column}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
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
    late.close()
    on_a.close()
