import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schreibwerkstatt.strategies.models import Measure, Strategy

pytestmark = pytest.mark.django_db


def test_a_reader_downloads_the_strategy_as_open_data(strategy, as_persona, url) -> None:  # type: ignore[no-untyped-def]
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    response = as_persona("reader").get(url("export", fmt="json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["strategy"]["title"] == "Digitales Amtsberg 2030"
    assert [m["title"] for m in document["measures"]] == ["Mängelmelder"]


def test_measures_download_as_csv_and_xlsx(strategy, as_persona, url) -> None:  # type: ignore[no-untyped-def]
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    client = as_persona("reader")
    assert "Mängelmelder" in client.get(url("export", fmt="csv")).content.decode("utf-8-sig")
    assert client.get(url("export", fmt="xlsx")).content[:2] == b"PK"
    assert client.get(url("measures_template")).content[:2] == b"PK"
    assert client.get(url("export", fmt="exe")).status_code == 400


def test_an_editor_imports_measures_from_the_template_round_trip(strategy, as_persona, url) -> None:  # type: ignore[no-untyped-def]
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    client = as_persona("editor")
    csv_bytes = client.get(url("export", fmt="csv")).content
    upload = SimpleUploadedFile("massnahmen.csv", csv_bytes, content_type="text/csv")
    response = client.post(url("import_measures"), {"file": upload})
    assert response.status_code == 302
    assert Measure.objects.filter(strategy=strategy, title="Mängelmelder").count() == 2


def test_a_bad_spreadsheet_imports_nothing_and_names_the_row(strategy, as_persona, url) -> None:  # type: ignore[no-untyped-def]
    client = as_persona("editor")
    Measure.objects.create(strategy=strategy, title="Vorlage")
    csv_text = client.get(url("export", fmt="csv")).content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    broken = "\n".join([header, row, row.replace("Vorlage", "=HYPERLINK(1)")])
    upload = SimpleUploadedFile("massnahmen.csv", broken.encode("utf-8-sig"))
    response = client.post(url("import_measures"), {"file": upload})
    assert response.status_code == 400
    assert any("3" in e for e in response.context["errors"])
    assert Measure.objects.count() == 1


@pytest.mark.parametrize(("name", "content"), [("x.exe", b"MZ"), ("leer.csv", b"")])
def test_wrong_files_are_rejected(strategy, as_persona, url, name, content) -> None:  # type: ignore[no-untyped-def]
    response = as_persona("editor").post(
        url("import_measures"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert not Measure.objects.exists()


def test_readers_cannot_import(strategy, as_persona, url) -> None:  # type: ignore[no-untyped-def]
    response = as_persona("reader").post(
        url("import_measures"), {"file": SimpleUploadedFile("m.csv", b"x")}
    )
    assert response.status_code == 403


def test_a_coordinator_imports_a_whole_strategy(strategy, as_persona, url) -> None:  # type: ignore[no-untyped-def]
    Measure.objects.create(strategy=strategy, title="Mängelmelder")
    client = as_persona("coordinator")
    exported = client.get(url("export", fmt="json")).content
    response = client.post(
        reverse("strategies:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("strategie.json", exported, content_type="application/json")},
    )
    assert response.status_code == 302
    assert Strategy.objects.filter(municipality=strategy.municipality).count() == 2
    assert Measure.objects.filter(title="Mängelmelder").count() == 2


def test_a_broken_strategy_file_imports_nothing_and_lists_the_paths(
    strategy, as_persona, url
) -> None:  # type: ignore[no-untyped-def]
    client = as_persona("coordinator")
    document = json.loads(client.get(url("export", fmt="json")).content)
    document["strategy"]["period_start"] = "kein Datum"
    response = client.post(
        reverse("strategies:import_strategy", kwargs={"slug": "amtsberg"}),
        {"file": SimpleUploadedFile("s.json", json.dumps(document).encode())},
    )
    assert response.status_code == 400
    assert any("$.strategy.period_start" in e for e in response.context["errors"])
    assert Strategy.objects.count() == 1
