"""Imports stop at the size every page still handles (spreadsheets.MAX_MEASURES): beyond it
the roadmap chart failed with a 500 (Vega-Lite ran out of stack) and lists took seconds."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from openpyxl import Workbook

from schreibwerkstatt.exchange import strategy_json
from schreibwerkstatt.exchange.spreadsheets import HEADERS, MAX_MEASURES, SHEET_MEASURES
from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.strategies.models import Measure, Strategy

pytestmark = pytest.mark.django_db

START, END = HEADERS.index("Beginn"), HEADERS.index("Ende")


def _rows(count: int) -> list[list[str]]:
    rows = []
    for index in range(count):
        row = [""] * len(HEADERS)
        start = date(2026, 1, 1) + timedelta(days=7 * index)
        row[0] = f"Maßnahme {index}"
        row[START], row[END] = f"{start:%d.%m.%Y}", f"{start + timedelta(days=200):%d.%m.%Y}"
        rows.append(row)
    return rows


def _csv(count: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(_rows(count))
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(count: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_MEASURES
    sheet.append(HEADERS)
    for row in _rows(count):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _job(client, address: str, name: str, content: bytes, capture) -> tuple[Job, str]:
    with capture(execute=True):
        response = client.post(address, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    job = Job.objects.get(pk=resolve(response.url).kwargs["pk"])
    return job, client.get(response.url).content.decode()


def _dated_measures(strategy: Strategy, count: int) -> None:
    Measure.objects.bulk_create(
        Measure(
            strategy=strategy,
            title=f"Vorhanden {index}",
            position=index,
            start=date(2025, 1, 1) + timedelta(days=3 * index),
            end=date(2025, 6, 1) + timedelta(days=3 * index),
            status="planned",
        )
        for index in range(count)
    )


@pytest.mark.parametrize(("name", "make"), [("m.csv", _csv), ("m.xlsx", _xlsx)])
def test_one_file_imports_at_most_the_limit(
    strategy, as_persona, url, django_capture_on_commit_callbacks, name, make
) -> None:
    job, page = _job(
        as_persona("editor"), url("import_measures"), name, make(MAX_MEASURES + 1),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert job.status == Job.Status.FAILED
    assert f"höchstens {MAX_MEASURES} Maßnahmen je Import" in page
    assert not Measure.objects.exists()


def test_a_strategy_grows_by_imports_only_up_to_the_limit(
    strategy, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    _dated_measures(strategy, MAX_MEASURES - 10)
    client = as_persona("editor")
    job, page = _job(
        client, url("import_measures"), "m.csv", _csv(11), django_capture_on_commit_callbacks
    )
    assert job.status == Job.Status.FAILED
    assert (
        f"Eine Strategie kann aus Importen höchstens {MAX_MEASURES} Maßnahmen aufnehmen. "
        f"Sie hat bereits {MAX_MEASURES - 10}, und die Datei fügt 11 hinzu."
    ) in page
    assert strategy.measures.count() == MAX_MEASURES - 10

    job, _page = _job(
        client, url("import_measures"), "m.csv", _csv(10), django_capture_on_commit_callbacks
    )
    assert job.status == Job.Status.DONE, job.errors
    assert strategy.measures.count() == MAX_MEASURES


def test_a_strategy_file_with_too_many_measures_is_refused(
    strategy, as_persona, django_capture_on_commit_callbacks
) -> None:
    Measure.objects.create(strategy=strategy, title="Vorlage")
    document = strategy_json.export_strategy(strategy)
    template = document["measures"][0]
    document["measures"] = [
        {**template, "id": f"measure-{index}", "title": f"M {index}"}
        for index in range(MAX_MEASURES + 1)
    ]
    job, _page = _job(
        as_persona("coordinator"),
        reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"}),
        "s.json",
        json.dumps(document).encode(),
        django_capture_on_commit_callbacks,
    )
    assert job.status == Job.Status.FAILED
    assert [(error["path"], error["message"]) for error in job.errors] == [
        (
            "$.measures",
            f"Eine Strategie kann aus Importen höchstens {MAX_MEASURES} Maßnahmen aufnehmen; "
            f"die Datei enthält {MAX_MEASURES + 1}.",
        )
    ]
    assert Strategy.objects.count() == 1


def test_every_page_works_for_the_largest_strategy_an_import_accepts(
    strategy, as_persona, url
) -> None:
    _dated_measures(strategy, MAX_MEASURES)
    client = as_persona("reader")
    kwargs = {"slug": "amtsberg", "strategy": strategy.pk}
    for address in (
        reverse("roadmap:chart", kwargs=kwargs),
        reverse("roadmap:svg", kwargs=kwargs),
        reverse("roadmap:table", kwargs=kwargs),
        url("strategies:measures"),
        url("strategies:overview"),
        reverse("documents:preview", kwargs=kwargs),
    ):
        response = client.get(address)
        assert response.status_code == 200, address


def test_the_exchange_page_names_the_limit_before_anybody_uploads(
    strategy, as_persona, url
) -> None:
    page = as_persona("coordinator").get(url("exchange")).content.decode()
    assert (
        f"Eine Datei darf höchstens {MAX_MEASURES} Maßnahmen enthalten, und durch Importe "
        f"bekommt eine Strategie insgesamt höchstens {MAX_MEASURES} Maßnahmen."
    ) in page
    assert f"Sie darf höchstens {MAX_MEASURES} Maßnahmen enthalten." in page
