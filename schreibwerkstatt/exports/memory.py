"""What the exporters share about memory: the cycle collector pauses in export jobs only.

Building a large DOCX or ODT tree, Python's cycle collector would walk the growing tree
again and again (about 40 % of an ODT export, and DOCX export time grew faster than the
content). So the exporters pause it (`without_cycle_collection`) – but only inside an
export job (`export_job`, entered by exports/job_kinds.py), which runs in the `worker`
process, one job at a time. `gc.disable()` holds for the whole process: in a web process
it would switch the collector off for every thread serving requests, so anywhere else (a
web request checking an uploaded Word template with a sample export, a command, a shell)
the exporters leave the collector alone. Reference counting goes on either way; the
collector runs again once the file is written and takes the tree then.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_in_export_job: ContextVar[bool] = ContextVar("in_export_job", default=False)


@contextmanager
def export_job() -> Iterator[None]:
    """The scope of one export job in the worker: inside it, `without_cycle_collection`
    pauses the collector. Only exports/job_kinds.py (and the export benchmark, which times
    what the worker does) enters it."""
    token = _in_export_job.set(True)
    try:
        yield
    finally:
        _in_export_job.reset(token)


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector while a large document tree is built, if this is an export
    job (see the module docstring); otherwise do nothing."""
    if not _in_export_job.get() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
