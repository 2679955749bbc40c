"""What an import job tells about a bad file: every problem in German, with its place, and
never the job's "unexpected error" – NUL characters, English messages of jsonschema, json
and csv, unreadable worksheets."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from openpyxl import Workbook

from schreibwerkstatt.exchange import strategy_json
from schreibwerkstatt.exchange.spreadsheets import HEADERS, SHEET_MEASURES
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.strategies.models import Measure, Strategy
from tests.factories import measures_csv

pytestmark = pytest.mark.django_db

ENGLISH = (
    "is not of type",
    "is a required property",
    "Additional properties",
    "is not one of",
    "is not a 'date'",
    "is too long",
    "Expecting",
    "field larger than field limit",
    "unerwarteter Fehler",
    "unexpected",
)


@pytest.fixture
def measures(strategy):
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    Measure.objects.create(strategy=strategy, title="Bürgerportal")


def _job(client, address: str, upload: SimpleUploadedFile, capture) -> tuple[Job, str]:
    with capture(execute=True):
        response = client.post(address, {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(pk=resolve(response.url).kwargs["pk"])
    page = client.get(response.url).content.decode()
    return job, page


def _import_strategy(client, document, capture) -> tuple[Job, str]:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    address = reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"})
    return _job(client, address, SimpleUploadedFile("strategie.json", raw), capture)


def _assert_refused_in_german(job: Job, page: str) -> None:
    assert job.status == Job.Status.FAILED, job.errors
    assert "Es wurde nichts importiert." in page
    for english in ENGLISH:
        assert english not in page
        assert all(english not in error["message"] for error in job.errors)


def _problems(job: Job) -> set[str]:
    return {f"{error.get('path')}: {error['message']}" for error in job.errors}


# ---------------------------------------------------------------- JSON


def test_a_nul_character_in_a_json_title_is_named_by_its_path(
    strategy, measures, as_persona, django_capture_on_commit_callbacks
) -> None:
    document = strategy_json.export_strategy(strategy)
    document["measures"][1]["title"] = "Bürger\x00portal"
    document["measures"][0]["tags"] = ["a\x00"]
    document["strategy"]["mo\x00tto"] = "x"
    job, page = _import_strategy(
        as_persona("coordinator"), document, django_capture_on_commit_callbacks
    )
    _assert_refused_in_german(job, page)
    nul = "unsichtbares NUL-Zeichen (Code 0). Bitte entfernen Sie es."
    assert _problems(job) == {
        f"$.strategy: Ein Eintragsname enthält ein {nul}",
        f"$.measures[0].tags[0]: Der Text enthält ein {nul}",
        f"$.measures[1].title: Der Text enthält ein {nul}",
    }
    assert Strategy.objects.count() == 1


def test_schema_problems_are_told_in_german_with_their_json_path(
    strategy, measures, as_persona, django_capture_on_commit_callbacks
) -> None:
    document = strategy_json.export_strategy(strategy)
    document["measures"][1]["start"] = "bald"
    document["measures"][0]["status"] = "fertig"
    document["measures"][0]["title"] = "x" * 301
    document["strategy"]["budget"] = 12.5
    document["strategy"]["period_start"] = None
    del document["measures"][1]["title"]
    document["plan_links"] = [{"colour": "blau"}]
    document["goals"] = "keine"
    job, page = _import_strategy(
        as_persona("coordinator"), document, django_capture_on_commit_callbacks
    )
    _assert_refused_in_german(job, page)
    problems = _problems(job)
    assert "$.goals: Hier wird eine Liste erwartet, nicht ein Text." in problems
    assert (
        "$.measures[1].start: „bald“ passt hier nicht; erwartet wird ein Datum wie „2026-12-31“."
        in problems
    )
    assert any(p.startswith("$.measures[0].status: „fertig“ ist hier nicht erlaubt; erlaubt sind: idea, ") for p in problems)  # fmt: skip
    assert "$.measures[0].title: Der Text hat 301 Zeichen; erlaubt sind höchstens 300." in problems
    assert (
        "$.strategy.budget: Hier wird ein Text oder null (leer) erwartet, nicht eine Zahl."
        in problems
    )
    assert "$.measures[1]: Der Eintrag „title“ fehlt." in problems
    assert "$.plan_links[0]: Der Eintrag „colour“ gehört nicht zum Austauschformat." in problems
    assert "$.goals: Hier wird eine Liste erwartet" in page


def test_a_json_syntax_error_is_told_in_german_with_line_and_column(
    strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    job, page = _import_strategy(
        as_persona("coordinator"), b'{"schema_version": "1.0",\n "a": 1,}', django_capture_on_commit_callbacks
    )  # fmt: skip
    _assert_refused_in_german(job, page)
    assert [error["message"] for error in job.errors] == [
        "Die Datei ist kein gültiges JSON: Ein Name in doppelten Anführungszeichen wird "
        "erwartet (Zeile 2, Spalte 9)."
    ]


# ---------------------------------------------------------------- spreadsheets


def _import_measures(client, url, name: str, content: bytes, capture) -> tuple[Job, str]:
    return _job(client, url("import_measures"), SimpleUploadedFile(name, content), capture)


def test_a_nul_character_in_a_csv_cell_is_named_by_row_and_column(
    strategy, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    content = measures_csv(["Gute Zeile"], ["Glas\x00faser", "GF"])
    job, page = _import_measures(
        as_persona("editor"), url, "m.csv", content, django_capture_on_commit_callbacks
    )
    _assert_refused_in_german(job, page)
    assert [(e["row"], e["column"], e["message"]) for e in job.errors] == [
        (3, "Titel", "Die Zelle enthält ein unsichtbares NUL-Zeichen (Code 0). Bitte entfernen Sie es.")
    ]  # fmt: skip
    assert "Zeile 3, Spalte „Titel“" in page
    assert not Measure.objects.exists()


def test_a_nul_character_in_a_csv_heading_is_named_by_its_column(
    strategy, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    content = measures_csv(["Zeile"]).replace(b"Titel", b"Tit\x00el", 1)
    job, page = _import_measures(
        as_persona("editor"), url, "m.csv", content, django_capture_on_commit_callbacks
    )
    _assert_refused_in_german(job, page)
    assert (1, "A") in {(e["row"], e["column"]) for e in job.errors}


def test_an_overlong_csv_cell_is_told_in_german(
    strategy, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    content = measures_csv(["Gute Zeile"]) + b'"Offenes Anf\xc3\xbchrungszeichen;' + b"x" * 140_000
    job, page = _import_measures(
        as_persona("editor"), url, "m.csv", content, django_capture_on_commit_callbacks
    )
    _assert_refused_in_german(job, page)
    assert [(e["row"], e["message"]) for e in job.errors] == [
        (
            3,
            "Eine Zelle ist länger als 131072 Zeichen. Vielleicht ist ein doppeltes "
            "Anführungszeichen in einer Zelle davor nicht geschlossen.",
        )
    ]


def _xlsx_with(cell_xml: bytes) -> bytes:
    """A workbook whose second row holds `cell_xml` as it stands in the sheet's XML, which
    openpyxl itself refuses to write."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_MEASURES
    sheet.append(HEADERS)
    sheet.append(["PLATZHALTER"])
    written = io.BytesIO()
    workbook.save(written)
    source, crafted = zipfile.ZipFile(written), io.BytesIO()
    with zipfile.ZipFile(crafted, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(b"PLATZHALTER", cell_xml))
    return crafted.getvalue()


@pytest.mark.parametrize("cell_xml", [b"Glas\x00faser", b"Glas&#0;faser", b"Glas&#x1;faser"])
def test_a_control_character_in_an_xlsx_cell_is_told_in_german(
    strategy, as_persona, url, django_capture_on_commit_callbacks, cell_xml
) -> None:
    job, page = _import_measures(
        as_persona("editor"), url, "m.xlsx", _xlsx_with(cell_xml), django_capture_on_commit_callbacks
    )  # fmt: skip
    _assert_refused_in_german(job, page)
    assert [e["message"] for e in job.errors] == [
        "Eine Zelle enthält ein Zeichen, das in Excel-Dateien nicht stehen darf, z. B. ein "
        "unsichtbares Steuerzeichen. Bitte entfernen Sie es und speichern Sie die Datei erneut."
    ]
    assert not Measure.objects.exists()
