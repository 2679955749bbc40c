"""The kinds of background job: a name, a label for people and the function that does it.

An app registers its kinds in a module `job_kinds.py` (found by JobsConfig.ready()):

    @register("export_json", label=gettext_lazy("Strategy as open data (JSON)"))
    def export_json(job: Job, report_progress: ProgressReporter) -> JobResult:
        ...

The function runs in the worker in the language of the person who started the job. It
returns a JobResult (a file to download and/or a link), reports its progress through
`report_progress(percent, message)` and raises JobError when the job cannot be done; an
import must then have written nothing. A kind that only reads says `retry_safe=True`: a
run cut off by a dying worker then starts once more (jobs/lease.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Job
    from .services import ProgressReporter


@dataclass
class JobResult:
    """What a finished job leaves: a message, maybe a file, maybe a link to what it made."""

    message: str
    content: bytes | IO[bytes] | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    url: str = ""
    warnings: list[dict[str, Any]] = field(default_factory=list)


class JobError(Exception):
    """The job cannot be done; `problems` are dicts like Job.errors (message, path/row/column)."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


JobFunction = Callable[["Job", "ProgressReporter"], JobResult]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Promise | str
    run: JobFunction
    # Shown on the job page as the link to `JobResult.url`.
    result_link_label: Promise | str = ""
    # May run again from the start when a worker died under it (jobs/lease.py): true for
    # kinds that only read (exports). Kinds that write (imports) are marked failed instead.
    retry_safe: bool = False


_KINDS: dict[str, JobKind] = {}


def register(
    name: str,
    *,
    label: Promise | str,
    result_link_label: Promise | str = "",
    retry_safe: bool = False,
) -> Callable[[JobFunction], JobFunction]:
    def decorator(function: JobFunction) -> JobFunction:
        if name in _KINDS and _KINDS[name].run is not function:
            raise ValueError(f"A job kind {name!r} is registered twice.")
        _KINDS[name] = JobKind(name, label, function, result_link_label, retry_safe)
        return function

    return decorator


def unregister(name: str) -> None:
    """Forget a kind (for tests that register their own)."""
    _KINDS.pop(name, None)


def get_kind(name: str) -> JobKind | None:
    return _KINDS.get(name)


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
