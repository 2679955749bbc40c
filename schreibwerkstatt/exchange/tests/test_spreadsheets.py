"""The measures spreadsheet: XLSX/CSV export, the empty template and the all-or-nothing import."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from schreibwerkstatt.exchange.spreadsheets import (
    HEADERS,
    MAX_UPLOAD_BYTES,
    SpreadsheetImportError,
    export_measures_csv,
    export_measures_xlsx,
    import_measures,
    measures_template_xlsx,
)
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy, Tag, TagAxis

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def make_structure(strategy: Strategy) -> None:
    """Fields, goals and tags with the same titles in every strategy of these tests."""
    FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung", position=0)
    FieldOfAction.objects.create(strategy=strategy, title="Energie, Umwelt und Klima", position=1)
    Goal.objects.create(strategy=strategy, title="Alle Anträge online", position=0)
    axis = TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")
    Tag.objects.create(axis=axis, name="Sofortmaßnahme")


@pytest.fixture
def strategy(municipality_a) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    make_structure(strategy)
    return strategy


@pytest.fixture
def target(municipality_a) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Fortschreibung")
    make_structure(strategy)
    return strategy


@pytest.fixture
def measures(strategy, people) -> list[Measure]:
    portal = Measure.objects.create(
        strategy=strategy,
        title="Bürgerportal",
        summary="Ein Portal\nfür alle Dienste.",
        responsible=people["contributor"],
        cost_one_off=Decimal("12500.5"),
        cost_running=Decimal("1200"),
        financing=Measure.Financing.FUNDING,
        funding_share_percent=Decimal("80"),
        priority=Measure.Priority.HIGH,
        start=date(2025, 3, 1),
        end=date(2026, 12, 31),
        status=Measure.Status.PLANNED,
        is_flagship=True,
        position=0,
    )
    portal.fields.set(FieldOfAction.objects.filter(strategy=strategy))
    portal.goals.set(Goal.objects.filter(strategy=strategy))
    portal.tags.set(Tag.objects.filter(axis__strategy=strategy))
    part = Measure.objects.create(
        strategy=strategy, parent=portal, title="Online-Bauantrag", position=1
    )
    return [portal, part]


def xlsx(*rows: dict[str, Any], headers: list[str] | None = None) -> io.BytesIO:
    """A workbook with the template's headings (or `headers`) and one row per dict."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    headers = HEADERS if headers is None else headers
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(*rows: dict[str, Any], encoding: str = "utf-8-sig") -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(header, "") for header in HEADERS])
    return io.BytesIO(buffer.getvalue().encode(encoding))


def refused(strategy: Strategy, upload: io.BytesIO, filename: str = "m.xlsx") -> list[str]:
    before = Measure.objects.count()
    with pytest.raises(SpreadsheetImportError) as error:
        import_measures(strategy, upload, filename)
    assert Measure.objects.count() == before  # nothing imported
    return error.value.messages


# ---------------------------------------------------------------- export


def test_the_xlsx_export_has_german_headings_and_one_row_per_measure(strategy, measures) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(export_measures_xlsx(strategy)))
    assert workbook.sheetnames == ["Maßnahmen", "Erläuterungen"]
    rows = list(workbook["Maßnahmen"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[0][:3] == ("Titel", "Kurzname", "Name in einfacher Sprache")
    portal = dict(zip(HEADERS, rows[1], strict=True))
    assert portal["Titel"] == "Bürgerportal"
    assert portal["Handlungsfelder"] == "Digitale Verwaltung; Energie, Umwelt und Klima"
    assert portal["Ziele"] == "Alle Anträge online"
    assert portal["Schlagworte"] == "Zeitpunkt: Sofortmaßnahme"
    assert portal["Verantwortlich (E-Mail)"] == "contributor@amtsberg.example"
    assert portal["Einmalige Kosten (EUR)"] == 12500.5
    assert portal["Beginn"] == datetime(2025, 3, 1)
    assert (portal["Status"], portal["Priorität"], portal["Finanzierung"]) == (
        "Geplant",
        "hoch",
        "Fördermittel",
    )
    assert portal["Leuchtturmprojekt"] == "ja"
    part = dict(zip(HEADERS, rows[2], strict=True))
    assert part["Teil von Maßnahme"] == "Bürgerportal"
    assert part["Status"] == "Idee"


def test_the_csv_export_is_utf8_with_bom_semicolons_and_german_numbers(strategy, measures) -> None:
    content = export_measures_csv(strategy)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    portal = dict(zip(HEADERS, rows[1], strict=True))
    assert portal["Einmalige Kosten (EUR)"] == "12500,50"
    assert portal["Förderquote (%)"] == "80,00"
    assert portal["Ende"] == "31.12.2026"
    assert portal["Kurzbeschreibung"] == "Ein Portal\nfür alle Dienste."
    assert len(rows) == 3


def test_exports_keep_formula_like_text_inert(strategy) -> None:
    Measure.objects.create(strategy=strategy, title='=HYPERLINK("http://böse.example")')
    sheet = openpyxl.load_workbook(io.BytesIO(export_measures_xlsx(strategy)))["Maßnahmen"]
    assert sheet["A2"].data_type == "s"
    rows = list(
        csv.reader(io.StringIO(export_measures_csv(strategy).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][0] == '\'=HYPERLINK("http://böse.example")'


def test_the_template_has_the_heading_row_and_explains_every_column(db) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(measures_template_xlsx()))
    rows = list(workbook["Maßnahmen"].iter_rows(values_only=True))
    assert rows == [tuple(HEADERS)]
    help_rows = list(workbook["Erläuterungen"].iter_rows(values_only=True))
    assert help_rows[0] == ("Spalte", "Bedeutung", "Erlaubte Werte")
    explained = {row[0]: row for row in help_rows[1:]}
    assert list(explained) == HEADERS
    assert all(row[1] and row[2] for row in help_rows[1:])
    assert explained["Status"][2] == "Idee, Geplant, In Umsetzung, Abgeschlossen, Zurückgestellt"
    assert explained["Priorität"][2] == "hoch, mittel, niedrig"
    assert "300" in explained["Titel"][2]


# ---------------------------------------------------------------- import


def test_an_xlsx_import_creates_every_measure_with_its_links(strategy, people) -> None:
    upload = xlsx(
        {
            "Titel": "Glasfaser für Schulen",
            "Handlungsfelder": "Digitale Verwaltung; energie, umwelt und klima",
            "Ziele": "Alle Anträge online",
            "Schlagworte": "Zeitpunkt: Sofortmaßnahme",
            "Verantwortlich (E-Mail)": "Editor@Amtsberg.example",
            "Einmalige Kosten (EUR)": 250000,
            "Laufende Kosten pro Jahr (EUR)": 1200.5,
            "Förderquote (%)": 90,
            "Finanzierung": "Fördermittel",
            "Priorität": "hoch",
            "Beginn": datetime(2025, 1, 1),
            "Ende": "31.12.2026",
            "Status": "In Umsetzung",
            "Leuchtturmprojekt": "ja",
        },
        {
            "Titel": "Ausschreibung",
            "Teil von Maßnahme": "Glasfaser für Schulen",
            "Status": "planned",
        },
    )
    result = import_measures(strategy, upload, "massnahmen.xlsx")

    assert result.warnings == []
    fibre, tender = result.measures
    fibre.refresh_from_db()
    assert fibre.title == "Glasfaser für Schulen"
    assert fibre.responsible == people["editor"]
    assert fibre.cost_one_off == Decimal("250000.00")
    assert fibre.cost_running == Decimal("1200.50")
    assert fibre.funding_share_percent == Decimal("90.00")
    assert (fibre.financing, fibre.priority, fibre.status) == ("funding", "high", "running")
    assert (fibre.start, fibre.end) == (date(2025, 1, 1), date(2026, 12, 31))
    assert fibre.is_flagship
    assert sorted(fibre.fields.values_list("title", flat=True)) == [
        "Digitale Verwaltung",
        "Energie, Umwelt und Klima",
    ]
    assert list(fibre.goals.values_list("title", flat=True)) == ["Alle Anträge online"]
    assert list(fibre.tags.values_list("name", flat=True)) == ["Sofortmaßnahme"]
    assert tender.parent == fibre
    assert tender.status == "planned"
    assert tender.position == fibre.position + 1


def test_a_csv_import_reads_what_german_excel_saves(strategy) -> None:
    upload = csv_file(
        {
            "Titel": "Förderantrag WLAN",
            "Einmalige Kosten (EUR)": "1.234,50",
            "Laufende Kosten pro Jahr (EUR)": "12.500",
            "Beginn": "01.02.2025",
            "Ende": "2025-12-31",
            "Leuchtturmprojekt": "nein",
        },
        encoding="cp1252",  # "CSV (Trennzeichen-getrennt)" of German Excel
    )
    (measure,) = import_measures(strategy, upload, "Maßnahmen.CSV").measures
    measure.refresh_from_db()
    assert measure.title == "Förderantrag WLAN"
    assert (measure.cost_one_off, measure.cost_running) == (Decimal("1234.50"), Decimal("12500.00"))
    assert (measure.start, measure.end) == (date(2025, 2, 1), date(2025, 12, 31))
    assert measure.status == Measure.Status.IDEA
    assert not measure.is_flagship


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_export_imports_into_a_strategy_with_the_same_structure(
    kind, strategy, measures, target
) -> None:
    exported = export_measures_xlsx(strategy) if kind == "xlsx" else export_measures_csv(strategy)
    result = import_measures(target, io.BytesIO(exported), f"export.{kind}")
    assert target.measures.count() == 2
    original = export_measures_csv(strategy).decode("utf-8-sig").splitlines()
    copied = export_measures_csv(target).decode("utf-8-sig").splitlines()
    assert copied == original
    assert result.measures[1].parent == result.measures[0]


def test_an_unknown_e_mail_address_leaves_the_person_empty_with_a_warning(strategy) -> None:
    result = import_measures(
        strategy, xlsx({"Titel": "A", "Verantwortlich (E-Mail)": "fremd@example.org"}), "m.xlsx"
    )
    assert result.measures[0].responsible is None
    assert [str(w) for w in result.warnings] == [
        "Row 2, column “Verantwortlich (E-Mail)”: No member of the municipality has the e-mail "
        "address fremd@example.org; the person was left empty."
    ]


def test_every_bad_row_is_reported_and_nothing_is_imported(strategy) -> None:
    messages = refused(
        strategy,
        xlsx(
            {"Titel": "Gut"},
            {"Titel": "Zeitreise", "Beginn": "01.06.2026", "Ende": "01.01.2026"},
            {"Titel": "Geldregen", "Einmalige Kosten (EUR)": -5},
            {"Titel": "Status?", "Status": "fertig", "Priorität": "sehr hoch"},
            {"Titel": "Feld?", "Handlungsfelder": "Raumfahrt"},
            {"Titel": "x" * 301},
        ),
    )
    assert messages == [
        "Row 3, column “Ende”: The end must not lie before the start.",
        "Row 4, column “Einmalige Kosten (EUR)”: Costs must not be negative.",
        "Row 5, column “Priorität”: “sehr hoch” is not allowed; allowed are: hoch, mittel, niedrig.",
        "Row 5, column “Status”: “fertig” is not allowed; allowed are: Idee, Geplant, "
        "In Umsetzung, Abgeschlossen, Zurückgestellt.",
        "Row 6, column “Handlungsfelder”: The strategy has no field of action “Raumfahrt”.",
        "Row 7, column “Titel”: The text has 301 characters; at most 300 are allowed.",
    ]


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("Titel", "", "Row 2, column “Titel”: Every measure needs a title."),
        ("Beginn", "32.13.2025", "Row 2, column “Beginn”: “32.13.2025” is not a date"),
        ("Einmalige Kosten (EUR)", "viel", "“viel” is not a number."),
        ("Einmalige Kosten (EUR)", "10,555", "At most two decimal places are allowed."),
        ("Förderquote (%)", "120", "Row 2, column “Förderquote (%)”: A percentage must lie"),
        ("Finanzierung", "Spenden", "Row 2, column “Finanzierung”: “Spenden” is not allowed"),
        ("Leuchtturmprojekt", "vielleicht", "Please write “ja” or “nein”"),
        ("Ziele", "Weltfrieden", "Row 2, column “Ziele”: The strategy has no goal “Weltfrieden”."),
        ("Schlagworte", "Sofort", "Row 2, column “Schlagworte”: Write tags as “axis: tag”"),
        ("Schlagworte", "Thema: Daten", "The strategy has no tag “Daten” in the axis “Thema”."),
        ("Teil von Maßnahme", "Unbekannt", "No measure of the strategy or row above is called"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(strategy, header, value, message) -> None:
    row = {"Kurzname": "K", header: value} if header == "Titel" else {"Titel": "A", header: value}
    messages = refused(strategy, csv_file(row), "m.csv")
    assert len(messages) == 1
    assert message in messages[0]
    assert messages[0].startswith("Row 2, column")


def test_formulas_are_refused_in_xlsx_and_csv(strategy) -> None:
    upload = xlsx({"Titel": "A", "Einmalige Kosten (EUR)": "=100*3"})
    sheet_messages = refused(strategy, upload)
    assert sheet_messages == [
        "Row 2, column “Einmalige Kosten (EUR)”: The cell contains a formula; "
        "please enter the value itself."
    ]
    csv_messages = refused(strategy, csv_file({"Titel": "=SUMME(A1:A3)"}), "m.csv")
    assert csv_messages == [
        "Row 2, column “Titel”: The cell contains a formula; please enter the value itself."
    ]


def test_missing_unknown_and_doubled_columns_are_refused(strategy) -> None:
    headers = [h for h in HEADERS if h != "Ende"] + ["Farbe", "Titel"]
    messages = refused(strategy, xlsx({"Titel": "A"}, headers=headers))
    assert (
        "Row 1, column “Farbe”: This column is unknown; the template lists the allowed columns."
        in messages
    )
    assert "Row 1, column “Titel”: This column appears twice." in messages
    assert "Row 1, column “Ende”: This column is missing." in messages


def test_a_value_outside_the_table_is_refused(strategy) -> None:
    content = "\ufeff" + ";".join(HEADERS) + "\r\nA" + ";" * len(HEADERS) + "verirrt\r\n"
    messages = refused(strategy, io.BytesIO(content.encode()), "m.csv")
    assert messages == ["Row 2, column “AF”: This cell lies outside the table."]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"Titel\nA", "m.txt", "Please upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
        (b"kein zip", "m.xlsx", "The file is not an Excel workbook (XLSX)."),
        (b"", "m.csv", "The file is empty."),
        (b"\x81\x8d\x8f", "m.csv", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_files_that_are_no_spreadsheets_are_refused(strategy, content, filename, message) -> None:
    assert message in refused(strategy, io.BytesIO(content), filename)[0]


def test_a_file_over_the_size_limit_is_refused(strategy) -> None:
    messages = refused(strategy, io.BytesIO(b" " * (MAX_UPLOAD_BYTES + 1)), "m.csv")
    assert messages == ["The file is larger than 5 MB."]


def test_a_sheet_with_only_headings_imports_nothing(strategy) -> None:
    messages = refused(strategy, io.BytesIO(measures_template_xlsx()))
    assert messages == ["The file contains no measures."]


def test_the_error_works_as_a_validation_error_for_forms(strategy) -> None:
    with pytest.raises(SpreadsheetImportError) as error:
        import_measures(strategy, csv_file({"Titel": "A", "Status": "?"}), "m.csv")
    (row_error,) = error.value.row_errors
    assert (row_error.row, row_error.column) == (2, "Status")
    assert error.value.messages == [str(row_error)]
