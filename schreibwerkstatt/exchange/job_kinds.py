"""Imports and exports of the web interface, run as background jobs (schreibwerkstatt/jobs).

The command-line commands call the same functions of strategy_json.py and spreadsheets.py
directly; here they report their progress to the job page and their problems as the job's
errors, each with its row and column or its JSON path.
"""

import re
from functools import partial
from typing import Any

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from schreibwerkstatt.exports.formats import EXPORT_FORMATS
from schreibwerkstatt.jobs.models import Job, job_storage
from schreibwerkstatt.jobs.registry import JobError, JobResult, register
from schreibwerkstatt.jobs.services import ProgressReporter

from .spreadsheets import RowError, SpreadsheetImportError, import_measures
from .strategy_json import ExchangeError, import_strategy, read_document

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (content type, file name ending after the strategy's name) per format of EXPORT_FORMATS
EXPORT_FILES = {
    "json": ("application/json", ".json"),
    "xlsx": (XLSX, "-massnahmen.xlsx"),
    "csv": ("text/csv; charset=utf-8", "-massnahmen.csv"),
}
# A problem of strategy_json.py starts with where it lies: a JSON path ("$.measures[2].title")
# or, for the command line, an option ("--municipality").
PROBLEM = re.compile(r"(?P<path>\$\S*|--[\w-]+): (?P<message>.*)", re.DOTALL)


def export_kind(fmt: str) -> str:
    return f"export_{fmt}"


def _export(job: Job, report_progress: ProgressReporter, fmt: str) -> JobResult:
    strategy = job.strategy
    assert strategy is not None
    content_type, ending = EXPORT_FILES[fmt]
    content = EXPORT_FORMATS[fmt](
        strategy, progress=report_progress.part(5, 95, _("The file is being written …"))
    )
    return JobResult(
        message=_("The file is ready. You can download it now."),
        content=content,
        filename=f"{slugify(strategy.title) or 'strategie'}{ending}",
        content_type=content_type,
    )


# The export job kinds, one a format: the same job with another format and label.
EXPORT_LABELS = {
    "json": gettext_lazy("Export of the strategy as open data (JSON)"),
    "xlsx": gettext_lazy("Export of the measures as Excel spreadsheet (XLSX)"),
    "csv": gettext_lazy("Export of the measures as CSV file"),
}
for _fmt, _label in EXPORT_LABELS.items():
    register(export_kind(_fmt), label=_label, retry_safe=True)(partial(_export, fmt=_fmt))


def _row_problem(error: RowError) -> dict[str, Any]:
    return {"row": error.row, "column": error.column, "message": error.message}


def _path_problem(text: str) -> dict[str, Any]:
    match = PROBLEM.fullmatch(text)
    if match is None:
        return {"message": text}
    return {"path": match["path"], "message": match["message"]}


NOTHING_IMPORTED = gettext_lazy(
    "Nothing was imported. Please correct the file as described below and upload it again."
)


@register(
    "import_measures",
    label=gettext_lazy("Import of measures"),
    result_link_label=gettext_lazy("Go to the measures"),
)
def import_measures_job(job: Job, report_progress: ProgressReporter) -> JobResult:
    strategy = job.strategy
    assert strategy is not None
    progress = report_progress.part(5, 95, _("The rows are being checked and imported …"))
    with job_storage().open(job.upload_name, "rb") as upload:
        try:
            result = import_measures(strategy, upload, job.upload_filename, progress)
        except SpreadsheetImportError as error:
            raise JobError(
                str(NOTHING_IMPORTED), [_row_problem(e) for e in error.row_errors]
            ) from error
    count = len(result.measures)
    return JobResult(
        message=ngettext(
            "%(count)s measure has been imported.", "%(count)s measures have been imported.", count
        )
        % {"count": count},
        url=reverse(
            "strategies:measures", kwargs={"slug": job.municipality.slug, "strategy": strategy.pk}
        ),
        warnings=[_row_problem(warning) for warning in result.warnings],
    )


@register(
    "import_strategy",
    label=gettext_lazy("Import of a whole strategy"),
    result_link_label=gettext_lazy("Go to the imported strategy"),
)
def import_strategy_job(job: Job, report_progress: ProgressReporter) -> JobResult:
    report_progress(2, _("The file is being checked and imported …"))
    with job_storage().open(job.upload_name, "rb") as upload:
        raw = upload.read()
    try:
        outcome = import_strategy(
            read_document(raw),
            municipality_slug=job.municipality.slug,
            progress=report_progress.part(10, 95),
        )
    except ExchangeError as error:
        raise JobError(
            str(NOTHING_IMPORTED), [_path_problem(problem) for problem in error.problems]
        ) from error
    return JobResult(
        message=_("The strategy “%(title)s” has been imported.")
        % {"title": outcome.strategy.title},
        url=reverse(
            "strategies:overview",
            kwargs={"slug": job.municipality.slug, "strategy": outcome.strategy.pk},
        ),
        warnings=[_path_problem(warning) for warning in outcome.warnings],
    )
