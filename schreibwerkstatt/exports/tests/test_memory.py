"""The cycle collector pauses during an export job in the worker only (exports/memory.py):
never in a web process, where `gc.disable()` would hold for every thread serving requests."""

import gc
from typing import Any

import pytest

from schreibwerkstatt.exports import docx, odt
from schreibwerkstatt.exports.docx import DEFAULT_TEMPLATE
from schreibwerkstatt.exports.memory import export_job, without_cycle_collection
from schreibwerkstatt.exports.templates_check import check_template
from schreibwerkstatt.exports.tests.sample import sample_document
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.jobs.services import start_job
from schreibwerkstatt.strategies.models import Strategy


@pytest.fixture
def collector_seen(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on, each time the DOCX or ODT writer built a document."""
    seen: list[bool] = []

    def watch(original: Any) -> Any:
        def build(*args: Any, **kwargs: Any) -> Any:
            seen.append(gc.isenabled())
            return original(*args, **kwargs)

        return build

    monkeypatch.setattr(docx, "_to_docx", watch(docx._to_docx))
    monkeypatch.setattr(odt._Writer, "write", watch(odt._Writer.write))
    return seen


def test_outside_an_export_job_the_collector_stays_on() -> None:
    with without_cycle_collection():
        assert gc.isenabled()


def test_an_export_job_pauses_it_and_switches_it_on_again_after_an_error() -> None:
    with pytest.raises(RuntimeError), export_job(), without_cycle_collection():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    with export_job():
        pass
    with without_cycle_collection():
        assert gc.isenabled()  # the scope ends with the job


def test_a_collector_someone_else_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with export_job(), without_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_exporting_outside_a_job_leaves_the_collector_on(collector_seen: list[bool]) -> None:
    document = sample_document()
    docx.to_docx(document)
    odt.to_odt(document)
    assert collector_seen == [True, True]


def test_checking_an_uploaded_word_template_leaves_the_collector_on(
    collector_seen: list[bool],
) -> None:
    """The template page checks an upload with a sample export inside the web request."""
    check_template(DEFAULT_TEMPLATE.read_bytes(), "vorlage.docx")
    assert collector_seen == [True]
    assert gc.isenabled()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_an_export_job_builds_the_file_with_the_collector_paused(
    fmt: str,
    municipality_a: Any,
    people: dict[str, Any],
    collector_seen: list[bool],
    django_capture_on_commit_callbacks: Any,
) -> None:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it
        job = start_job(
            f"document_{fmt}",
            municipality=municipality_a,
            user=people["coordinator"],
            strategy=strategy,
            params={"revision": None},
        )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert collector_seen == [False]
    assert gc.isenabled()
