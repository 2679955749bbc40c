"""Slow kinds of job for the fault tests (test_fault_worker.py): registered in the test
process and in the worker processes it starts (fault_worker.py), never in the app."""

import time

from schreibwerkstatt.jobs import registry
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.jobs.registry import JobResult
from schreibwerkstatt.jobs.services import ProgressReporter

SLOW_EXPORT = "fault_slow_export"  # retry-safe: the first run hangs, a second one finishes
SLOW_IMPORT = "fault_slow_import"  # not retry-safe: hangs


def _hang(report_progress: ProgressReporter) -> None:
    for step in range(600):  # a minute at most, far longer than any test waits
        report_progress(step / 6, "Arbeitet …")
        time.sleep(0.1)


def slow_export(job: Job, report_progress: ProgressReporter) -> JobResult:
    if job.attempts == 1:
        _hang(report_progress)
    return JobResult(message="Fertig.", content=b"ok", filename="ergebnis.txt")


def slow_import(job: Job, report_progress: ProgressReporter) -> JobResult:
    _hang(report_progress)
    return JobResult(message="Fertig.")


def register_fault_kinds() -> None:
    registry.register(SLOW_EXPORT, label="Langsamer Export", retry_safe=True)(slow_export)
    registry.register(SLOW_IMPORT, label="Langsamer Import")(slow_import)


def unregister_fault_kinds() -> None:
    registry.unregister(SLOW_EXPORT)
    registry.unregister(SLOW_IMPORT)
