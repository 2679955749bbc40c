"""The job machinery itself: progress, running once, the registry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from schreibwerkstatt.jobs import registry
from schreibwerkstatt.jobs.models import Job, job_storage
from schreibwerkstatt.jobs.registry import JobError, JobResult
from schreibwerkstatt.jobs.services import ProgressReporter, run_job, start_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_kind():
    """A kind of job for these tests that records its calls and reports in steps."""
    calls: list[str] = []

    @registry.register("test_steps", label="Test")
    def steps(job: Job, report_progress: ProgressReporter) -> JobResult:
        calls.append(str(job.pk))
        if job.params.get("fail"):
            raise JobError("Geht nicht.", [{"row": 2, "column": "Titel", "message": "Leer."}])
        report = report_progress.part(10, 90, "Rechnet …")
        for done in range(1, 5):
            report(done, 4)
        content = job_storage().open(job.upload_name).read() if job.upload_name else b""
        return JobResult(
            message=translation.gettext("Done"),
            content=content.upper(),
            filename="ergebnis.txt",
            content_type="text/plain",
        )

    yield calls
    registry.unregister("test_steps")


def test_progress_only_goes_forward_and_only_changes_are_written(
    strategy, django_assert_num_queries
) -> None:
    job = Job.objects.create(municipality=strategy.municipality, strategy=strategy, kind="x")
    report = ProgressReporter(job)
    with django_assert_num_queries(3):
        report(10, "Erster Schritt")
        report(10)  # no change: no query
        report(10, "Erster Schritt")
        report(5)  # never backwards
        report(50)
        report(250)  # at most 100
    job.refresh_from_db()
    assert (job.progress, job.message) == (100, "Erster Schritt")


def test_a_part_maps_done_and_total_onto_its_share(strategy) -> None:
    job = Job.objects.create(municipality=strategy.municipality, strategy=strategy, kind="x")
    report = ProgressReporter(job).part(20, 60, "Teil")
    assert (job.progress, job.message) == (20, "Teil")
    report(1, 4)
    assert job.progress == 30
    report(4, 4)
    assert job.progress == 60
    ProgressReporter(job).part(60, 80)(0, 0)  # nothing to do counts as done
    assert job.progress == 80


def test_a_job_runs_in_the_language_it_was_started_in_and_only_once(
    strategy, people, test_kind, django_capture_on_commit_callbacks
) -> None:
    upload = SimpleUploadedFile("../../etc/eingabe.txt", b"hallo")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            "test_steps",
            municipality=strategy.municipality,
            strategy=strategy,
            user=people["editor"],
            upload=upload,
        )
    assert job.upload_filename == "eingabe.txt"
    job.refresh_from_db()
    assert job.language == "en"
    assert (job.status, job.progress, job.message) == (Job.Status.DONE, 100, "Done")
    assert job.result_name == f"{job.pk}/result.txt"
    assert job_storage().open(job.result_name).read() == b"HALLO"
    assert job.upload_name == ""
    assert job.started_at is not None and job.finished_at is not None

    run_job(str(job.pk))  # a second delivery of the task does nothing
    assert test_kind == [str(job.pk)]


def test_a_job_error_keeps_the_problems(
    strategy, people, test_kind, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            "test_steps",
            municipality=strategy.municipality,
            strategy=strategy,
            user=people["editor"],
            params={"fail": True},
            upload=SimpleUploadedFile("e.csv", b"x"),
        )
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "Geht nicht.")
    assert job.error_lines() == ["Zeile 2, Spalte „Titel“: Leer."]
    assert job.upload_name == "" and job.result_name == ""


def test_a_job_does_not_start_before_its_transaction_commits(
    strategy, people, test_kind, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job("test_steps", municipality=strategy.municipality, user=people["editor"])
    assert test_kind == []
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_an_unknown_kind_cannot_be_started(strategy, people) -> None:
    with pytest.raises(ValueError, match="Unknown job kind"):
        start_job("gibt_es_nicht", municipality=strategy.municipality, user=people["editor"])
    assert not Job.objects.exists()


def test_a_kind_cannot_be_registered_twice(test_kind) -> None:
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("test_steps", label="Anders")(lambda job, report: JobResult(""))


def test_the_strategies_register_their_exports_and_imports() -> None:
    assert {
        "export_json",
        "export_xlsx",
        "export_csv",
        "import_measures",
        "import_strategy",
    } <= set(registry.kinds())


def test_problems_are_described_where_they_lie() -> None:
    job = Job(
        errors=[
            {"path": "$.measures[1].title", "message": "fehlt"},
            {"row": 3, "column": "Beginn", "message": "kein Datum"},
            {"row": 4, "column": None, "message": "leer"},
            {"message": "Die Datei ist leer."},
        ]
    )
    assert job.error_lines() == [
        "$.measures[1].title: fehlt",
        "Zeile 3, Spalte „Beginn“: kein Datum",
        "Zeile 4: leer",
        "Die Datei ist leer.",
    ]
