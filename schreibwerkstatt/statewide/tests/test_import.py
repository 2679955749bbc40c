"""The operators' import of the official municipality directory (/plattform/gemeindeverzeichnis/):
upload, preview (new, changed, unchanged, missing), confirm; idempotent; a bad file gives a
German message with line numbers and changes nothing."""

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from schreibwerkstatt.statewide import directory_file
from schreibwerkstatt.statewide.models import DirectoryEntry, DirectoryImport
from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, import_file

from .conftest import HEADING, csv_bytes, upload, xlsx

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("statewide:directory")
ROWS = [
    HEADING,
    ["12099000", "Landkreis Musterland", "Landkreis", "98700", ""],
    ["12099001", "Musterstadt an der Havel", "Stadt", "18.400", "Landkreis Musterland"],
    ["12099002", "Amt Beispielsee", "Amt", "", ""],
    ["12099003", "Musterheide", "64", "2900", ""],
]


def send(client: Any, name: str, data: bytes) -> Any:
    return client.post(DIRECTORY, {"file": upload(name, data)})


def preview_url(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def test_an_operator_imports_the_directory_after_a_preview(as_persona, example_bytes) -> None:
    client = as_persona("operator")
    assert client.get(DIRECTORY).status_code == 200
    url = preview_url(send(client, "gemeindeverzeichnis.csv", example_bytes))
    assert DirectoryEntry.objects.count() == 0  # nothing before the confirmation
    page = client.get(url).content.decode()
    assert "enthält 20 Einträge, und jede Zeile ist gültig" in page
    assert 'id="import-added"' in page and "Musterburg an der Oder (12097000)" in page
    response = client.post(url, {})
    assert response.status_code == 302 and response.url == reverse("statewide:overview")
    assert DirectoryEntry.objects.count() == 20
    musterstadt = DirectoryEntry.objects.get(ags="12099001")
    assert (musterstadt.kind, musterstadt.population) == ("stadt", 18400)
    assert (musterstadt.district_key, musterstadt.district_name) == (
        "12099",
        "Landkreis Musterland",
    )
    follow = client.get(response.url).content.decode()
    assert "20 neu, 0 geändert, 0 unverändert, 0 entfernt" in follow


def test_importing_the_same_file_again_changes_nothing(as_persona, example_bytes) -> None:
    import_file(EXAMPLE_DIRECTORY)
    before = list(DirectoryEntry.objects.values_list("ags", "updated_at"))
    client = as_persona("operator")
    url = preview_url(send(client, "gemeindeverzeichnis.csv", example_bytes))
    page = client.get(url).content.decode()
    assert "<dt>Unverändert</dt><dd>20</dd>" in page.replace("\n", "")
    client.post(url, {})
    assert list(DirectoryEntry.objects.values_list("ags", "updated_at")) == before
    directory_import = DirectoryImport.objects.get(pk=url.rstrip("/").rsplit("/", 1)[1])
    assert (directory_import.added, directory_import.changed, directory_import.unchanged) == (
        0,
        0,
        20,
    )
    # A second confirmation (another tab, a double click) is refused and changes nothing.
    response = client.post(url, {"remove_missing": "on"})
    assert response.status_code == 302
    assert DirectoryEntry.objects.count() == 20
    assert "Diese Datei wurde bereits importiert." in client.get(response.url).content.decode()
    assert "Diese Datei wurde am" in client.get(url).content.decode()  # no second confirmation


def test_a_changed_row_is_shown_and_updated(as_persona) -> None:
    client = as_persona("operator")
    client.post(preview_url(send(client, "v.csv", csv_bytes(ROWS))), {})
    changed = [row[:] for row in ROWS]
    changed[2][3] = "18500"
    changed[2][1] = "Musterstadt (Havel)"
    url = preview_url(send(client, "v2.csv", csv_bytes(changed)))
    page = client.get(url).content.decode()
    assert "<dt>Geändert</dt><dd>1</dd>" in page.replace("\n", "")
    assert "„Musterstadt an der Havel“ → „Musterstadt (Havel)“" in page
    assert "18400 → 18500" in page
    client.post(url, {})
    entry = DirectoryEntry.objects.get(ags="12099001")
    assert (entry.name, entry.population) == ("Musterstadt (Havel)", 18500)


def test_entries_missing_from_the_file_are_removed_only_when_asked(as_persona) -> None:
    client = as_persona("operator")
    client.post(preview_url(send(client, "v.csv", csv_bytes(ROWS))), {})
    shorter = ROWS[:-1]
    url = preview_url(send(client, "v2.csv", csv_bytes(shorter)))
    page = client.get(url).content.decode()
    assert "Musterheide (12099003)" in page and 'name="remove_missing"' in page
    client.post(url, {})
    assert DirectoryEntry.objects.filter(ags="12099003").exists()
    url = preview_url(send(client, "v3.csv", csv_bytes(shorter)))
    client.post(url, {"remove_missing": "on"})
    assert not DirectoryEntry.objects.filter(ags="12099003").exists()
    assert DirectoryEntry.objects.count() == 3


def test_an_xlsx_with_title_rows_and_numbers_is_read(as_persona) -> None:
    rows = [
        ["Amtlicher Gemeindeschlüssel", "Gemeindename", "Textkennzeichen", "Bevölkerung insgesamt"],
        [12099001, "Musterstadt an der Havel", 63, 18400],
        [1001000, "Flensburg-Test", 61, 90000.0],  # the leading zero of state 01 is lost
    ]
    client = as_persona("operator")
    url = preview_url(send(client, "GV.xlsx", xlsx(rows, title_rows=3)))
    client.post(url, {})
    assert dict(DirectoryEntry.objects.values_list("ags", "kind")) == {
        "12099001": "stadt", "01001000": "kreisfreie_stadt",
    }  # fmt: skip


def _macro_xlsx() -> bytes:
    source = io.BytesIO(xlsx(ROWS))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("xl/vbaProject.bin", b"macro")
    return target.getvalue()


BAD_FILES = {
    "wrong type": ("liste.txt", b"AGS;Name;Art\n", "als Excel-Arbeitsmappe (.xlsx) oder als CSV"),
    "old Excel": ("liste.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "als Excel-Arbeitsmappe"),
    "no workbook": ("liste.xlsx", b"AGS;Name;Art\n1;2;3\n", "keine gültige Excel-Arbeitsmappe"),
    "macros": ("liste.xlsx", _macro_xlsx(), "enthält Makros"),
    "missing columns": ("liste.csv", csv_bytes([["AGS", "Name"], ["12099001", "X"]]),
                        "Die Spalte „Art“ fehlt"),
    "no heading": ("liste.csv", csv_bytes([["a", "b"], ["1", "2"]]),
                   "keine Überschriftenzeile mit den Spalten AGS, Name und Art"),
    "letters in the AGS": ("liste.csv", csv_bytes([*ROWS, ["12O99004", "X", "Gemeinde"]]),
                           "Zeile 6: Der AGS darf nur Ziffern enthalten."),
    "short AGS": ("liste.csv", csv_bytes([*ROWS, ["1209900", "X", "Gemeinde"]]),
                  "Zeile 6: Der AGS hat 8 Ziffern"),
    "unknown state": ("liste.csv", csv_bytes([*ROWS, ["17099004", "X", "Gemeinde"]]),
                      "Zeile 6: Die ersten beiden Ziffern des AGS"),
    "duplicate AGS": ("liste.csv", csv_bytes([*ROWS, ["12099001", "Doppelt", "Stadt"]]),
                      "Zeile 6: Der AGS 12099001 steht schon in Zeile 3."),
    "unknown kind": ("liste.csv", csv_bytes([*ROWS, ["12099004", "X", "Weiler"]]),
                     "Zeile 6: Die Art „Weiler“ ist unbekannt."),
    "bad population": ("liste.csv", csv_bytes([*ROWS, ["12099004", "X", "Gemeinde", "-5"]]),
                       "Zeile 6: Die Einwohnerzahl muss eine ganze Zahl sein"),
    "no name": ("liste.csv", csv_bytes([*ROWS, ["12099004", "", "Gemeinde"]]),
                "Zeile 6: Der Name fehlt."),
    "only a heading": ("liste.csv", csv_bytes([HEADING]), "enthält unter der Überschriftenzeile keine"),
    "binary as CSV": ("liste.csv", b"AGS;Name;Art\x00\x00", "keine Textdatei"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_gets_a_german_message_and_changes_nothing(as_persona, case) -> None:
    import_file(EXAMPLE_DIRECTORY)
    before = list(DirectoryEntry.objects.values_list("ags", "name", "updated_at"))
    imports = DirectoryImport.objects.count()
    name, data, message = BAD_FILES[case]
    response = send(as_persona("operator"), name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Die Datei wurde nicht importiert. Es wurde nichts geändert." in page
    assert message in page
    assert list(DirectoryEntry.objects.values_list("ags", "name", "updated_at")) == before
    assert DirectoryImport.objects.count() == imports


def test_every_bad_row_is_listed_with_its_line(as_persona) -> None:
    rows = [*ROWS, ["x", "A", "Gemeinde"], ["12099005", "B", "Dorf"], ["12099006", "C", "Amt"]]
    page = send(as_persona("operator"), "liste.csv", csv_bytes(rows)).content.decode()
    assert "Zeile 6: Der AGS darf nur Ziffern enthalten." in page
    assert "Zeile 7: Die Art „Dorf“ ist unbekannt." in page
    assert "Zeile 8" not in page


def test_a_huge_file_is_refused(as_persona, monkeypatch) -> None:
    monkeypatch.setattr(directory_file, "MAX_UPLOAD_BYTES", 1000)
    response = send(as_persona("operator"), "gross.csv", csv_bytes(ROWS) + b" " * 1000)
    assert response.status_code == 400
    assert "Die Datei ist größer als" in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_too_many_rows_are_refused(as_persona, monkeypatch) -> None:
    monkeypatch.setattr(directory_file, "MAX_ROWS", 3)
    response = send(as_persona("operator"), "lang.csv", csv_bytes(ROWS))
    assert response.status_code == 400
    assert "Die Datei hat mehr als 3 Zeilen" in response.content.decode()


def test_a_cp1252_csv_from_german_excel_is_read(as_persona) -> None:
    rows = [HEADING, ["12099004", "Groß Müritz-Test", "amtsangehörige Gemeinde", "", ""]]
    client = as_persona("operator")
    client.post(preview_url(send(client, "liste.csv", csv_bytes(rows, "cp1252"))), {})
    assert DirectoryEntry.objects.get().name == "Groß Müritz-Test"


def test_no_file_is_a_400_with_a_german_message(as_persona) -> None:
    response = as_persona("operator").post(DIRECTORY, {})
    assert response.status_code == 400
    assert "Bitte wählen Sie die Verzeichnisdatei aus." in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "reader", "adviser", "outsider", "superuser"])
def test_only_operators_import(as_persona, persona, example_bytes) -> None:
    operator = as_persona("operator")
    url = preview_url(send(operator, "v.csv", example_bytes))
    client = as_persona(persona)
    assert client.get(DIRECTORY).status_code == 403
    assert send(client, "v.csv", example_bytes).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert not DirectoryEntry.objects.exists()
    assert DirectoryImport.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login(as_persona, example_bytes) -> None:
    url = preview_url(send(as_persona("operator"), "v.csv", example_bytes))
    anonymous = as_persona("anonymous")
    for response in (anonymous.get(DIRECTORY), anonymous.get(url), anonymous.post(url, {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert not DirectoryEntry.objects.exists()


def test_an_unknown_import_is_404_and_other_methods_405(as_persona) -> None:
    client = as_persona("operator")
    assert client.get(reverse("statewide:preview", args=[999])).status_code == 404
    assert client.put(DIRECTORY).status_code == 405
