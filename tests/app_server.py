"""Real application processes for tests: granian serving `schreibwerkstatt.asgi` as `make
run` does, on free ports, with a SQLite file and a VAR_DIR of their own (and, given a Redis
URL, Channels' Redis layer between them). Used by the tests that need real WebSockets between
processes or a real browser (boards/tests/test_two_processes.py, browser/test_boards_live.py).
"""

import atexit
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Werkstatt-Zwei-Prozesse-1"
# Two coordinators of "Zweistadt" (a@…, b@…) and a free board; prints "BOARD <pk> <column pk>".
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


DATABASE = "db.sqlite3"
_templates: list[Path] = []  # this process' migrated database and collected static files
_migrated: list[Path] = []  # on SQLite: a copy of this process' test database, just migrated


def keep_migrated_database(connection: Any) -> None:
    """Called by the root conftest.py right after the migrations of the test database: on
    SQLite, a copy of it (SQLite's backup, a few milliseconds) for the app servers, which so
    need no `migrate` of their own; the same migrations made it, in the test settings, and
    like a migrated fresh file it holds only what they wrote."""
    if connection.vendor != "sqlite" or _migrated:
        return
    directory = Path(tempfile.mkdtemp(prefix="sw-migrated-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    connection.ensure_connection()
    with sqlite3.connect(directory / DATABASE) as copy:
        connection.connection.backup(copy)
    copy.close()
    _migrated.append(directory / DATABASE)


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "schreibwerkstatt", *args]
    return subprocess.run(
        command, env=env, check=True, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def _template() -> Path:
    """Migrating a fresh database and collecting the static files took a minute or more per
    test on a busy CI machine, so each test process does it once and every AppServers copies
    the database (and links the static files, which nobody writes). On SQLite the database is
    the copy of the test database (keep_migrated_database): `migrate` took 17-40 s of it."""
    if not _templates:
        directory = Path(tempfile.mkdtemp(prefix="sw-app-template-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        env = AppServers(directory).env
        if _migrated:
            shutil.copyfile(_migrated[0], directory / DATABASE)
        else:
            _manage(env, "migrate", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        _templates.append(directory)
    return _templates[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServers:
    def __init__(self, directory: Path, redis_url: str = "") -> None:
        self.directory = directory
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{directory / DATABASE}",
            "REDIS_URL": redis_url,
            "VAR_DIR": str(directory),
            "SECRET_KEY": "app-servers-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            "PYTHONPATH": str(ROOT),
            # As `make run`: hashed static files from collectstatic (a fresh clone has none,
            # and without their manifest every page is a 500).
            "STATIC_ROOT": str(directory / "static"),
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.processes: dict[int, subprocess.Popen] = {}

    def set_up(self) -> tuple[int, int]:
        """A migrated database and the collected static files (copied from this process'
        template, made once), then the two people and the board: (board pk, column pk)."""
        template = _template()
        shutil.copyfile(template / DATABASE, self.directory / DATABASE)
        (self.directory / "static").symlink_to(template / "static", target_is_directory=True)
        out = _manage(self.env, "shell", "-c", SETUP).stdout
        board, column = re.search(r"BOARD (\d+) (\d+)", out).groups()
        return int(board), int(column)

    def start(self, port: int) -> None:
        granian = str(Path(sys.executable).with_name("granian"))
        command = [granian, "--interface", "asginl", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--workers", "1", "--log-level", "warning", "schreibwerkstatt.asgi:application"]
        self.processes[port] = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                return
            except urllib.error.HTTPError as error:  # it answers, but with an error page
                self.stop(port)
                raise RuntimeError(f"granian on {port} answered {error.code}") from error
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"granian on {port} did not answer")

    def stop(self, port: int) -> None:
        process = self.processes.pop(port)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for port in list(self.processes):
            self.stop(port)
