"""The strategy document as PDF, DOCX, ODT or Markdown, and the Beschlussvorlage, as
background jobs (schreibwerkstatt/jobs): the job page shows the progress and offers the file
to members of the municipality only.

`params`: {"revision": N} for the document as adopted in revision N, or {"revision": None}
for the current draft.
"""

from functools import partial

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.jobs.registry import JobError, JobResult, register
from schreibwerkstatt.jobs.services import ProgressReporter
from schreibwerkstatt.revisions.models import Revision

from .formats import (
    DOCUMENT_FORMATS,
    DOCX,
    UnknownRevision,
    export_beschlussvorlage,
    export_document,
    revision_of,
)
from .memory import export_job

BESCHLUSSVORLAGE = "beschlussvorlage"


def document_kind(fmt: str) -> str:
    """The job kind of a document format (a key of DOCUMENT_FORMATS) or "beschlussvorlage"."""
    return BESCHLUSSVORLAGE if fmt == BESCHLUSSVORLAGE else f"document_{fmt}"


def _revision(job: Job) -> Revision | None:
    number = job.params.get("revision")
    if number is None:
        return None
    assert job.strategy is not None
    try:
        return revision_of(job.strategy, int(number))
    except UnknownRevision as error:
        raise JobError(str(error)) from error


def _filename(job: Job, revision: Revision | None, ending: str) -> str:
    assert job.strategy is not None
    name = slugify(job.strategy.title) or "strategie"
    if revision is not None and revision.snapshot is not None:
        name += f"-fassung-{revision.number}"
    return name + ending


def _run(job: Job, report_progress: ProgressReporter, fmt: str) -> JobResult:
    strategy = job.strategy
    assert strategy is not None
    revision = _revision(job)
    progress = report_progress.part(5, 95, _("The document is being put together and set …"))
    # In the worker, one job at a time: the exporters may pause the cycle collector here
    # (exports/memory.py), never in a web process.
    with export_job():
        if fmt == BESCHLUSSVORLAGE:
            content = export_beschlussvorlage(strategy, revision=revision, progress=progress)
            content_type, ending = DOCX, "-beschlussvorlage.docx"
        else:
            content = export_document(strategy, fmt, revision=revision, progress=progress)
            document_format = DOCUMENT_FORMATS[fmt]
            content_type, ending = document_format.content_type, document_format.ending
    return JobResult(
        message=_("The file is ready. You can download it now."),
        content=content,
        filename=_filename(job, revision, ending),
        content_type=content_type,
    )


# The job kinds, one a format: the same job with another format and label.
KIND_LABELS = {
    "pdf": gettext_lazy("Strategy document as PDF"),
    "docx": gettext_lazy("Strategy document as Word file (DOCX)"),
    "odt": gettext_lazy("Strategy document as OpenDocument (ODT)"),
    "md": gettext_lazy("Strategy document as Markdown"),
    BESCHLUSSVORLAGE: gettext_lazy("Draft council resolution (Beschlussvorlage, DOCX)"),
}
for _fmt, _label in KIND_LABELS.items():
    register(document_kind(_fmt), label=_label, retry_safe=True)(partial(_run, fmt=_fmt))
