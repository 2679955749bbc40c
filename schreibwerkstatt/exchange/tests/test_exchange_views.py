"""The import and export page. Exports and imports run as background jobs; their whole
flows (progress, download, error lists, permissions) are specified in schreibwerkstatt/jobs/tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.strategies.models import Measure

pytestmark = pytest.mark.django_db


def _run(client, url: str, data: dict | None, capture) -> Job:
    with capture(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302
    return Job.objects.get(pk=resolve(response.url).kwargs["pk"])


def _download(client, job: Job) -> bytes:
    url = reverse("jobs:download", kwargs={"slug": "amtsberg", "pk": job.pk})
    return b"".join(client.get(url).streaming_content)


def test_the_page_offers_each_export_as_a_button_and_the_template_as_a_link(
    strategy, as_persona, url
) -> None:
    html = as_persona("reader").get(url("exchange")).content.decode()
    for fmt in ("json", "xlsx", "csv"):
        assert f'<form method="post" action="{url("export", fmt=fmt)}"' in html
    assert f'href="{url("measures_template")}"' in html
    assert "Import von Maßnahmen" not in html
    assert url("import_measures") not in html  # readers do not import
    assert "In den letzten sieben Tagen wurde hier nichts exportiert oder importiert." in html


def test_editors_see_the_measures_import_and_coordinators_the_strategy_import(
    strategy, as_persona, url
) -> None:
    import_strategy = reverse("exchange:import_strategy", kwargs={"slug": "amtsberg"})
    editor = as_persona("editor").get(url("exchange")).content.decode()
    assert url("import_measures") in editor and import_strategy not in editor
    coordinator = as_persona("coordinator").get(url("exchange")).content.decode()
    assert url("import_measures") in coordinator and import_strategy in coordinator


def test_the_empty_template_downloads_at_once(strategy, as_persona, url) -> None:
    response = as_persona("reader").get(url("measures_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="massnahmen-vorlage.xlsx"'
    assert response.content[:2] == b"PK"


def test_an_export_imports_again_as_a_round_trip(
    strategy, as_persona, url, django_capture_on_commit_callbacks
) -> None:
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    client = as_persona("editor")
    export = _run(client, url("export", fmt="csv"), None, django_capture_on_commit_callbacks)
    upload = SimpleUploadedFile("massnahmen.csv", _download(client, export))
    job = _run(client, url("import_measures"), {"file": upload}, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert Measure.objects.filter(strategy=strategy, title="Mängelmelder").count() == 2
    html = client.get(url("exchange")).content.decode()
    assert "Import von Maßnahmen" in html and "Export der Maßnahmen als CSV-Datei" in html
