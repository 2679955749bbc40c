"""`schreibwerkstatt worker`: runs background tasks and the periodic jobs.

Background tasks use django-tasks with its database backend, so the worker needs
nothing besides the database (SQLite or PostgreSQL). Periodic jobs are listed in
settings.PERIODIC_TASKS as (dotted path of a task, interval in seconds); the worker
enqueues each one when its interval has passed and at start. The jobs themselves
must be idempotent (reminders record what they sent), so a restart does no harm.
A thread keeps the worker's heartbeat and the leases of its jobs (jobs/lease.py), so a
job whose worker was killed is retried or marked failed within a minute.
"""

import logging
import signal
import time
import uuid
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

from schreibwerkstatt.jobs.lease import WorkerLease

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Runs background tasks (exports, imports, reminders) and the periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks for new tasks."
        )
        parser.add_argument(
            "--once", action="store_true", help="Enqueue due periodic jobs, run all tasks, stop."
        )

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        self.running = True
        # Restored at the end, for callers that go on (tests, `--once` from another command).
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        worker_id = f"worker-{uuid.uuid4().hex[:8]}"
        if options["verbosity"] >= 1:
            self.stdout.write(f"Worker {worker_id} läuft / runs (Strg+C beendet / Ctrl+C stops)")
        # Heartbeat of this worker and its jobs; retries or fails jobs of dead workers.
        lease = WorkerLease(worker_id)
        lease.start()
        try:
            self.work(worker_id, interval, once)
        finally:
            lease.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def work(self, worker_id: str, interval: float, once: bool) -> None:
        last_enqueued: dict[str, float] = {}
        while self.running:
            close_old_connections()
            try:
                now = time.monotonic()
                for path, every in settings.PERIODIC_TASKS:
                    if path not in last_enqueued or now - last_enqueued[path] >= every:
                        import_string(path).enqueue()
                        last_enqueued[path] = now
                Worker(
                    queue_names=["*"],
                    interval=0,
                    batch=True,
                    backend_name="default",
                    startup_delay=False,
                    max_tasks=None,
                    worker_id=worker_id,
                    excluded_queue_names=[],
                ).run()
            except (OperationalError, InterfaceError):
                # A locked SQLite file (a long import, the demo loader) or a database restart:
                # wait and try again rather than leave the queue without a worker.
                if once:
                    raise
                logger.warning(
                    "Worker: the database is not available; trying again.", exc_info=True
                )
            if once:
                return
            for _ in range(int(interval * 10)):
                if not self.running:
                    break
                time.sleep(0.1)

    def stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False
