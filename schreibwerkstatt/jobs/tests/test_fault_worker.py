"""Fault test: a worker is killed (kill -9) in the middle of a job (jobs/lease.py).

Real worker processes (`schreibwerkstatt worker`, through fault_worker.py which adds two
slow kinds of job) share the test database with this test: on SQLite a file copy of it, on
PostgreSQL the test database itself. The lease is 3 s instead of 45 s, so the test is quick.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from schreibwerkstatt.jobs.models import Job, WorkerHeartbeat
from schreibwerkstatt.jobs.services import start_job
from schreibwerkstatt.jobs.tests.fault_kinds import (
    SLOW_EXPORT,
    SLOW_IMPORT,
    register_fault_kinds,
    unregister_fault_kinds,
)

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 3
WORKER_SCRIPT = Path(__file__).with_name("fault_worker.py")
RUN_JOB = "schreibwerkstatt.jobs.tasks.run_job"


class SharedDatabase:
    """The test database, opened by the workers as well."""

    def __init__(self, directory: Path) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.path = directory / "db.sqlite3"

    def publish(self) -> str:
        """Hand over what the test wrote so far; returns the DATABASE_URL for the workers."""
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            return f"sqlite:///{self.path}"
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def job(self, pk: Any) -> dict[str, Any]:
        fields = ["status", "message", "attempts", "worker_id"]
        if not self.sqlite:
            return Job.objects.values(*fields).get(pk=pk)
        with sqlite3.connect(self.path, timeout=10) as db:
            row = db.execute(
                f"SELECT {', '.join(fields)} FROM jobs_job WHERE id = ?",  # noqa: S608
                [pk.hex],
            ).fetchone()
        return dict(zip(fields, row, strict=True))

    def run_job_results(self) -> list[str]:
        """Statuses of the django-tasks results of run_job, oldest first."""
        if not self.sqlite:
            return list(
                DBTaskResult.objects.filter(task_path=RUN_JOB)
                .order_by("enqueued_at")
                .values_list("status", flat=True)
            )
        with sqlite3.connect(self.path, timeout=10) as db:
            table = DBTaskResult._meta.db_table
            query = f"SELECT status FROM {table} WHERE task_path = ? ORDER BY enqueued_at"  # noqa: S608
            return [row[0] for row in db.execute(query, [RUN_JOB])]

    def workers(self) -> set[str]:
        if not self.sqlite:
            return set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
        with sqlite3.connect(self.path, timeout=10) as db:
            return {row[0] for row in db.execute("SELECT worker_id FROM jobs_workerheartbeat")}


class Workers:
    """Worker processes of the test; whatever still runs at the end is stopped."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, database_url: str) -> subprocess.Popen[bytes]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DATABASE_URL", "PYTEST_CURRENT_TEST"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="schreibwerkstatt.settings",
            DATABASE_URL=database_url,
            VAR_DIR=str(self.directory / "var"),
            JOBS_ROOT=str(self.directory / "jobs"),
            JOB_LEASE_SECONDS=str(LEASE_SECONDS),
            LOG_LEVEL="WARNING",
        )
        log = (self.directory / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(WORKER_SCRIPT)],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.directory.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def database_queue(settings) -> None:
    """Jobs go into the database queue, as in production, instead of running at once."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def fault_kinds() -> Iterator[None]:
    register_fault_kinds()
    yield
    unregister_fault_kinds()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    running = Workers(tmp_path)
    yield running
    running.stop_all()


def wait_for(check: Callable[[], bool], seconds: float, what: str, workers: Workers) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {seconds} s; worker output:\n{workers.logs()}")


def kill_9(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def run_on_a_first_worker(kind: str, tmp_path, strategy, people, workers):
    """Start a job of `kind`, share the database with worker processes and wait until a first
    worker runs the job; returns the job, the shared database, its URL and that worker."""
    job = start_job(
        kind, municipality=strategy.municipality, strategy=strategy, user=people["editor"]
    )
    shared = SharedDatabase(tmp_path)
    url = shared.publish()
    first = workers.start(url)
    wait_for(lambda: shared.job(job.pk)["status"] == "running", 30, "start", workers)
    return job, shared, url, first


def test_an_export_cut_off_by_a_killed_worker_is_done_by_the_next_worker(
    tmp_path, strategy, people, database_queue, fault_kinds, workers
) -> None:
    job, shared, url, first = run_on_a_first_worker(
        SLOW_EXPORT, tmp_path, strategy, people, workers
    )

    kill_9(first)
    killed_at = time.monotonic()
    assert shared.job(job.pk)["status"] == "running"  # nobody is left to say otherwise
    workers.start(url)

    wait_for(lambda: shared.job(job.pk)["status"] == "done", 45, "second run", workers)
    assert time.monotonic() - killed_at < 60
    state = shared.job(job.pk)
    assert (state["attempts"], state["message"]) == (2, "Fertig.")
    # The killed worker's task is not left "running" in the queue either.
    assert shared.run_job_results() == ["FAILED", "SUCCESSFUL"]


def test_an_import_cut_off_by_a_killed_worker_is_marked_failed_by_a_running_worker(
    tmp_path, strategy, people, database_queue, fault_kinds, workers
) -> None:
    job, shared, url, first = run_on_a_first_worker(
        SLOW_IMPORT, tmp_path, strategy, people, workers
    )
    workers.start(url)  # started while the first one still lives
    wait_for(lambda: len(shared.workers()) == 2, 30, "second worker", workers)

    kill_9(first)
    killed_at = time.monotonic()

    wait_for(lambda: shared.job(job.pk)["status"] == "failed", 45, "failure", workers)
    assert time.monotonic() - killed_at < 60
    state = shared.job(job.pk)
    assert state["attempts"] == 1  # not run again: an import may have written something
    assert state["message"] == (
        "Die Verarbeitung wurde unterbrochen. Bitte prüfen Sie, ob die Daten übernommen "
        "wurden; falls nicht, starten Sie den Import bitte erneut."
    )
