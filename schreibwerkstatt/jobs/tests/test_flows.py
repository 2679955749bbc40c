"""Exports and imports of the web interface, from the button to the file or the error list."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from schreibwerkstatt.exchange import strategy_json
from schreibwerkstatt.exports import formats
from schreibwerkstatt.jobs.models import Job, job_storage
from schreibwerkstatt.jobs.services import ProgressReporter
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Strategy
from tests.factories import measures_csv

from .helpers import job_url

pytestmark = pytest.mark.django_db


def test_a_reader_exports_the_strategy_and_downloads_the_json(
    strategy, strategy_url, as_persona, start_job, people
) -> None:
    client = as_persona("reader")
    response, job = start_job(client, strategy_url("export", fmt="json"))

    assert response.url == job_url(job)
    assert (job.status, job.progress, job.kind) == (Job.Status.DONE, 100, "export_json")
    assert (job.user, job.strategy, job.municipality) == (
        people["reader"],
        strategy,
        strategy.municipality,
    )

    page = client.get(job_url(job))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Export der Strategie als offene Daten (JSON)" in html
    assert "Die Datei ist fertig. Sie können sie jetzt herunterladen." in html
    assert job_url(job, "download") in html
    assert 'hx-trigger="every 1s"' not in html  # finished: no more polling

    download = client.get(job_url(job, "download"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"] == (
        'attachment; filename="digitales-amtsberg-2030.json"'
    )
    assert download["Cache-Control"] == "private, no-store"
    document = json.loads(b"".join(download.streaming_content))
    assert document["strategy"]["title"] == "Digitales Amtsberg 2030"
    assert [m["title"] for m in document["measures"]] == ["Mängelmelder", "Bürgerportal"]
    assert strategy_json.validate_document(document) == []


def test_the_measures_are_exported_as_csv_and_xlsx(
    strategy, strategy_url, as_persona, start_job
) -> None:
    client = as_persona("contributor")
    _response, csv_job = start_job(client, strategy_url("export", fmt="csv"))
    download = client.get(job_url(csv_job, "download"))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="digitales-amtsberg-2030-massnahmen.csv"' in download["Content-Disposition"]
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in rows] == ["Titel", "Mängelmelder", "Bürgerportal"]

    _response, xlsx_job = start_job(client, strategy_url("export", fmt="xlsx"))
    download = client.get(job_url(xlsx_job, "download"))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Maßnahmen"]
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Titel",
        "Mängelmelder",
        "Bürgerportal",
    ]


def test_an_unknown_format_starts_nothing(strategy, strategy_url, as_persona) -> None:
    response = as_persona("editor").post(strategy_url("export", fmt="exe"))
    assert response.status_code == 400
    assert "Unbekanntes Format." in response.content.decode()
    assert not Job.objects.exists()


def test_the_job_page_polls_only_while_the_job_waits_or_runs(
    strategy, strategy_url, as_persona, start_job, django_capture_on_commit_callbacks
) -> None:
    client = as_persona("editor")
    _response, job = start_job(client, strategy_url("export", fmt="json"), run=False)

    page = client.get(job_url(job)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="job-progress-bar" max="100" value="0">' in page
    assert (
        'id="job-live" class="kern-body sw-job__message" role="status" aria-live="polite"' in page
    )
    assert "Der Auftrag wartet auf den Start …" in page

    # htmx asks for the status part; what the page shows already is not announced again.
    poll = client.get(job_url(job), {"seen": job.state_key}, HTTP_HX_REQUEST="true")
    assert poll.status_code == 200
    fragment = poll.content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"')
    assert 'hx-trigger="every 1s"' in fragment
    assert "hx-swap-oob" not in fragment

    from schreibwerkstatt.jobs.services import run_job

    run_job(str(job.pk))
    poll = client.get(job_url(job), {"seen": job.state_key}, HTTP_HX_REQUEST="true")
    fragment = poll.content.decode()
    assert 'hx-trigger="every 1s"' not in fragment  # the finished part stops the polling
    assert '<p id="job-live" hx-swap-oob="innerHTML">Die Datei ist fertig.' in fragment
    assert job_url(job, "download") in fragment


def test_a_poll_with_a_bad_query_is_refused(strategy, strategy_url, as_persona, start_job) -> None:
    client = as_persona("editor")
    _response, job = start_job(client, strategy_url("export", fmt="json"), run=False)
    response = client.get(job_url(job), {"seen": "x" * 65}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Die Anfrage wurde nicht verstanden." in response.content.decode()


def test_an_editor_imports_measures_and_they_are_there(
    strategy, strategy_url, as_persona, start_job
) -> None:
    FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")
    upload = SimpleUploadedFile(
        "neue-massnahmen.csv",
        measures_csv(
            ["Online-Terminvergabe", "OTV"],
            ["E-Akte", "", "", "", "", "", "", "Digitale Verwaltung"],
        ),
    )
    client = as_persona("editor")
    _response, job = start_job(client, strategy_url("import_measures"), {"file": upload})

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.errors
    assert job.message == "2 Maßnahmen wurden importiert."
    assert job.upload_filename == "neue-massnahmen.csv"
    assert job.upload_name == ""  # the uploaded file is gone
    assert job_storage().listdir(str(job.pk)) == ([], [])
    assert not job.has_result_file
    titles = list(Measure.objects.filter(strategy=strategy).values_list("title", flat=True))
    assert titles == ["Mängelmelder", "Bürgerportal", "Online-Terminvergabe", "E-Akte"]
    e_akte = Measure.objects.get(title="E-Akte")
    assert [f.title for f in e_akte.fields.all()] == ["Digitale Verwaltung"]

    page = client.get(job_url(job)).content.decode()
    assert "2 Maßnahmen wurden importiert." in page
    assert strategy_url("strategies:measures") in page
    assert "Zu den Maßnahmen" in page
    assert job_url(job, "download") not in page
    assert client.get(job_url(job, "download")).status_code == 404


def test_a_warning_of_the_import_is_shown_with_its_row(
    strategy, strategy_url, as_persona, start_job
) -> None:
    from schreibwerkstatt.exchange.spreadsheets import HEADERS

    row = [""] * len(HEADERS)
    row[0], row[HEADERS.index("Verantwortlich (E-Mail)")] = "Glasfaser", "niemand@example.org"
    client = as_persona("editor")
    _response, job = start_job(
        client,
        strategy_url("import_measures"),
        {"file": SimpleUploadedFile("m.csv", measures_csv(row))},
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    page = client.get(job_url(job)).content.decode()
    assert "Bitte prüfen Sie diese Hinweise:" in page
    assert "Zeile 2, Spalte „Verantwortlich (E-Mail)“" in page
    assert "niemand@example.org" in page


def test_a_bad_spreadsheet_lists_each_row_and_imports_nothing(
    strategy, strategy_url, as_persona, start_job
) -> None:
    from schreibwerkstatt.exchange.spreadsheets import HEADERS

    good = ["Gute Zeile"]
    bad_date = [""] * len(HEADERS)
    bad_date[0], bad_date[HEADERS.index("Beginn")] = "Schlechtes Datum", "irgendwann"
    formula = ["=HYPERLINK(1)"]
    upload = SimpleUploadedFile("massnahmen.csv", measures_csv(good, bad_date, formula))
    client = as_persona("editor")
    _response, job = start_job(client, strategy_url("import_measures"), {"file": upload})

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert Measure.objects.filter(strategy=strategy).count() == 2  # nothing added
    assert job.upload_name == ""
    assert {(e["row"], e["column"]) for e in job.errors} == {(4, "Titel")}  # formulas first
    page = client.get(job_url(job)).content.decode()
    assert "Es wurde nichts importiert." in page
    assert "Bitte korrigieren Sie diese Punkte:" in page
    assert "Zeile 4, Spalte „Titel“" in page
    assert 'hx-trigger="every 1s"' not in page
    assert "<progress" not in page

    upload = SimpleUploadedFile("massnahmen.csv", measures_csv(good, bad_date, ["Ohne Fehler"]))
    _response, job = start_job(client, strategy_url("import_measures"), {"file": upload})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Beginn")]
    assert "Zeile 3, Spalte „Beginn“: „irgendwann“" in client.get(job_url(job)).content.decode()
    assert Measure.objects.filter(strategy=strategy).count() == 2


@pytest.mark.parametrize(("name", "content"), [("x.exe", b"MZ"), ("leer.csv", b"")])
def test_wrong_files_are_refused_before_a_job_starts(
    strategy, strategy_url, as_persona, name, content
) -> None:
    response = as_persona("editor").post(
        strategy_url("import_measures"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Job.objects.exists()


def _exported_document(strategy: Strategy) -> dict:
    return strategy_json.export_strategy(strategy)


def test_a_coordinator_imports_a_whole_strategy(strategy, as_persona, start_job) -> None:
    document = json.dumps(_exported_document(strategy)).encode()
    client = as_persona("coordinator")
    _response, job = start_job(
        client,
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("strategie.json", document)},
    )

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.errors
    assert job.strategy is None and job.kind == "import_strategy"
    imported = Strategy.objects.exclude(pk=strategy.pk).get()
    assert imported.municipality == strategy.municipality
    assert list(imported.measures.values_list("title", flat=True)) == [
        "Mängelmelder",
        "Bürgerportal",
    ]
    page = client.get(job_url(job)).content.decode()
    assert "Die Strategie „Digitales Amtsberg 2030“ wurde importiert." in page
    overview = reverse("strategies:overview", kwargs={"slug": "amtsberg", "strategy": imported.pk})
    assert f'href="{overview}"' in page
    assert reverse("strategies:list", kwargs={"slug": "amtsberg"}) in page  # the way back


def test_a_broken_strategy_file_lists_the_json_paths_and_imports_nothing(
    strategy, as_persona, start_job
) -> None:
    document = _exported_document(strategy)
    document["strategy"]["period_start"] = "kein Datum"
    document["measures"][1]["parent"] = "measure-999999"
    client = as_persona("coordinator")
    _response, job = start_job(
        client,
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("s.json", json.dumps(document).encode())},
    )

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert Strategy.objects.count() == 1
    assert Measure.objects.count() == 2
    assert "$.strategy.period_start" in {error.get("path") for error in job.errors}
    page = client.get(job_url(job)).content.decode()
    assert "$.strategy.period_start: " in page
    assert "Es wurde nichts importiert." in page


def test_a_file_that_is_no_json_is_reported(strategy, as_persona, start_job) -> None:
    client = as_persona("coordinator")
    _response, job = start_job(
        client,
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("s.json", b"{kaputt")},
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.errors[0]["message"].startswith("Die Datei ist kein gültiges JSON")
    assert Strategy.objects.count() == 1


def test_an_invalid_strategy_upload_shows_the_form_again(strategy, as_persona) -> None:
    response = as_persona("coordinator").post(
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("s.txt", b"{}")},
    )
    assert response.status_code == 400
    assert (
        "Bitte laden Sie eine Datei in einem dieser Formate hoch: json."
        in response.content.decode()
    )
    assert not Job.objects.exists()


def test_progress_is_reported_while_the_export_runs(
    strategy, strategy_url, as_persona, start_job, monkeypatch
) -> None:
    Measure.objects.bulk_create(
        Measure(strategy=strategy, title=f"Maßnahme {i}", position=2 + i) for i in range(38)
    )
    seen: list[tuple[int, str]] = []
    original = ProgressReporter.__call__

    def record(self, percent, message=None):
        original(self, percent, message)
        stored = Job.objects.values_list("progress", "message").get(pk=self.job.pk)
        if not seen or seen[-1] != stored:
            seen.append(stored)

    monkeypatch.setattr(ProgressReporter, "__call__", record)
    _response, job = start_job(as_persona("reader"), strategy_url("export", fmt="csv"))

    percents = [percent for percent, _message in seen]
    assert percents == sorted(percents)
    assert percents[0] == 5 and percents[-1] == 95
    assert len(percents) >= 30  # one step per measure or so, 40 measures
    assert seen[0][1] == "Die Datei wird erstellt …"
    job.refresh_from_db()
    assert job.progress == 100


def test_progress_of_an_import_counts_the_rows_checked_and_written(
    strategy, strategy_url, as_persona, start_job, monkeypatch
) -> None:
    calls: list[tuple[int, int]] = []
    from schreibwerkstatt.exchange import job_kinds

    original = job_kinds.import_measures

    def spy(strategy, upload, filename, progress):
        def both(done: int, total: int) -> None:
            calls.append((done, total))
            progress(done, total)

        return original(strategy, upload, filename, both)

    monkeypatch.setattr(job_kinds, "import_measures", spy)
    upload = SimpleUploadedFile("m.csv", measures_csv(["Eins"], ["Zwei"], ["Drei"]))
    _response, job = start_job(
        as_persona("editor"), strategy_url("import_measures"), {"file": upload}
    )
    assert calls == [(1, 6), (2, 6), (3, 6), (4, 6), (5, 6), (6, 6)]
    job.refresh_from_db()
    assert (job.status, job.progress) == (Job.Status.DONE, 100)


def test_an_unexpected_error_fails_the_job_and_keeps_the_details_out_of_sight(
    strategy, strategy_url, as_persona, start_job, monkeypatch, caplog
) -> None:
    def broken(strategy, progress=None):
        raise RuntimeError("geheimes Detail")

    monkeypatch.setitem(formats.EXPORT_FORMATS, "json", broken)
    client = as_persona("reader")
    _response, job = start_job(client, strategy_url("export", fmt="json"))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("Der Auftrag wurde wegen eines unerwarteten Fehlers abgebrochen")
    page = client.get(job_url(job)).content.decode()
    assert "geheimes Detail" not in page
    assert "geheimes Detail" in caplog.text  # for the operators' log
    assert client.get(job_url(job, "download")).status_code == 404


def test_the_exchange_page_lists_the_recent_jobs_with_a_fixed_number_of_queries(
    strategy, strategy_url, as_persona, people, django_assert_num_queries
) -> None:
    def make(count: int) -> None:
        for _ in range(count):
            Job.objects.create(
                municipality=strategy.municipality,
                strategy=strategy,
                user=people["editor"],
                kind="export_csv",
                status=Job.Status.DONE,
            )

    client = as_persona("reader")
    make(1)
    client.get(strategy_url("exchange"))  # fills the caches of the help index and the glossary
    with CaptureQueriesContext(connection) as small:
        response = client.get(strategy_url("exchange"))
    assert response.content.decode().count('href="/kommunen/amtsberg/auftraege/') == 1
    make(30)
    with django_assert_num_queries(len(small)):
        response = client.get(strategy_url("exchange"))
    html = response.content.decode()
    assert html.count('href="/kommunen/amtsberg/auftraege/') == 10  # the ten newest
    assert "Export der Maßnahmen als CSV-Datei" in html
    assert "Editor Amtsberg" in html


def test_progress_of_a_strategy_import_counts_the_objects_written(strategy) -> None:
    document = _exported_document(strategy)
    calls: list[tuple[int, int]] = []
    strategy_json.import_strategy(
        document, municipality_slug="amtsberg", progress=lambda d, t: calls.append((d, t))
    )
    # five steps (frame, fields, goals, measures, the rest); only the two measures count here
    assert calls == [(0, 2), (0, 2), (0, 2), (2, 2), (2, 2)]


def test_progress_of_the_json_export_counts_the_measures(strategy) -> None:
    calls: list[tuple[int, int]] = []
    strategy_json.export_strategy_json(strategy, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]
