"""The measures of a strategy as a spreadsheet: XLSX and CSV export, an empty template and import.

The column headings and the words for status, priority and financing are German and fixed:
they are the file format (like the keys of the JSON export), so a file written under one
interface language imports under another. Explanations in the template are translated.

CSV follows what German Excel expects: UTF-8 with BOM, semicolons, decimal comma, dates as
TT.MM.JJJJ. An import checks every row first and writes nothing if any row is bad.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from schreibwerkstatt.core.ordering import next_position
from schreibwerkstatt.municipalities.models import Membership
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy, Tag
from schreibwerkstatt.strategies.open_data import Progress, counted

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip; refuse zip bombs before parsing
# The most measures a strategy may get from imports, and so from one file. Measured (see
# docs/decisions.md): the roadmap chart fails (Vega-Lite runs out of stack) between 1,000 and
# 2,000 dated measures, and the measures list, roadmap table and document preview of 1,000
# measures take well over a second; at 500 every page stays near or under one.
MAX_MEASURES = 500
MAX_ROWS = MAX_MEASURES  # data rows of one file, the heading row not counted
SHEET_MEASURES = "Maßnahmen"
SHEET_HELP = "Erläuterungen"
LIST_SEPARATOR = "; "
# Excel runs a cell starting with one of these as a formula when it opens a CSV file.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

STATUS_WORDS = {
    Measure.Status.IDEA: "Idee",
    Measure.Status.PLANNED: "Geplant",
    Measure.Status.RUNNING: "In Umsetzung",
    Measure.Status.DONE: "Abgeschlossen",
    Measure.Status.DEFERRED: "Zurückgestellt",
}
PRIORITY_WORDS = {
    Measure.Priority.HIGH: "hoch",
    Measure.Priority.MEDIUM: "mittel",
    Measure.Priority.LOW: "niedrig",
}
FINANCING_WORDS = {
    Measure.Financing.OWN: "Eigenmittel",
    Measure.Financing.THIRD_PARTY: "Drittmittel",
    Measure.Financing.FUNDING: "Fördermittel",
    Measure.Financing.MIXED: "Gemischt",
}
CHOICES: dict[str, tuple[dict[Any, str], type[Any]]] = {
    "status": (STATUS_WORDS, Measure.Status),
    "priority": (PRIORITY_WORDS, Measure.Priority),
    "financing": (FINANCING_WORDS, Measure.Financing),
}
YES, NO = "ja", "nein"
TRUE_WORDS = {"ja", "j", "x", "yes", "y", "true", "wahr", "1"}
FALSE_WORDS = {"nein", "n", "no", "false", "falsch", "0", ""}


def _shifted(progress: Progress | None, before: int, total: int) -> Progress | None:
    """Report a later part of the work as part of the whole: `before` steps are done."""
    if progress is None:
        return None
    return lambda done, _part_total: progress(before + done, total)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Column:
    header: str  # German, part of the file format
    key: str
    kind: str  # text, money, percent, date, choice, bool, fields, goals, tags, parent, email
    meaning: Promise
    width: int = 20

    @property
    def max_length(self) -> int | None:
        if self.kind not in {"text", "email"}:
            return None
        return Measure._meta.get_field(self.key).max_length

    def allowed(self) -> str:
        if self.kind == "choice":
            return ", ".join(CHOICES[self.key][0].values())
        texts: dict[str, Callable[[], str]] = {
            "money": lambda: _("Amount in euros, e.g. 12500 or 12.500,50; not negative."),
            "percent": lambda: _("Number from 0 to 100, e.g. 80 or 62,5."),
            "date": lambda: _("Date as DD.MM.YYYY, e.g. 31.12.2026."),
            "bool": lambda: _("“ja” or “nein” (empty means “nein”)."),
            "fields": lambda: _("Titles of fields of action of the strategy, separated by “;”."),
            "goals": lambda: _("Titles of goals of the strategy, separated by “;”."),
            "tags": lambda: _("Tags as “axis: tag”, separated by “;”, e.g. “Zeitpunkt: Sofort”."),
            "parent": lambda: _("Title of a measure of the strategy or of a row above."),
            "email": lambda: _("E-mail address of a member of the municipality."),
        }
        if self.kind in texts:
            return texts[self.kind]()
        if self.max_length:
            return _("Text, at most %(count)s characters.") % {"count": self.max_length}
        return _("Text of any length.")


COLUMNS = [
    Column("Titel", "title", "text", gettext_lazy("Name of the measure. Required."), 40),
    Column("Kurzname", "short_name", "text", gettext_lazy("Short name or abbreviation.")),
    Column(
        "Name in einfacher Sprache",
        "plain_name",
        "text",
        gettext_lazy("The name in plain language."),
        30,
    ),
    Column("Kurzbeschreibung", "summary", "text", gettext_lazy("What the measure does."), 50),
    Column(
        "Problem und Ausgangslage",
        "problem",
        "text",
        gettext_lazy("Which problem it solves and where it starts from."),
        40,
    ),
    Column("Erwartete Wirkung", "expected_effect", "text", gettext_lazy("What it changes."), 40),
    Column("Zielgruppe", "target_group", "text", gettext_lazy("For whom it is done.")),
    Column("Handlungsfelder", "fields", "fields", gettext_lazy("Fields of action it serves."), 30),
    Column("Ziele", "goals", "goals", gettext_lazy("Goals it serves."), 30),
    Column(
        "Teil von Maßnahme",
        "parent",
        "parent",
        gettext_lazy("The measure bundle this measure belongs to, if any."),
        30,
    ),
    Column("Federführung", "lead_unit", "text", gettext_lazy("The unit that leads the measure.")),
    Column(
        "Verantwortlich (E-Mail)",
        "responsible",
        "email",
        gettext_lazy(
            "The responsible person; without a matching member the cell is ignored with a warning."
        ),
        30,
    ),
    Column("Partner intern", "partners_internal", "text", gettext_lazy("Units taking part.")),
    Column(
        "Partner extern",
        "partners_external",
        "text",
        gettext_lazy("Organisations outside the administration taking part."),
    ),
    Column("Einmalige Kosten (EUR)", "cost_one_off", "money", gettext_lazy("One-off costs.")),
    Column(
        "Laufende Kosten pro Jahr (EUR)",
        "cost_running",
        "money",
        gettext_lazy("Running costs per year."),
    ),
    Column("Finanzierung", "financing", "choice", gettext_lazy("How it is financed.")),
    Column(
        "Förderprogramm",
        "funding_programme",
        "text",
        gettext_lazy("The funding programme, if any."),
    ),
    Column(
        "Förderquote (%)",
        "funding_share_percent",
        "percent",
        gettext_lazy("Share of the costs covered by funding."),
    ),
    Column(
        "Priorität",
        "priority",
        "choice",
        gettext_lazy("hoch: start at once; mittel: within 2 years; niedrig: within 4 years."),
    ),
    Column("Beginn", "start", "date", gettext_lazy("Planned start."), 12),
    Column("Ende", "end", "date", gettext_lazy("Planned end; not before the start."), 12),
    Column("Status", "status", "choice", gettext_lazy("Where the measure stands (empty: Idee).")),
    Column("Reifegrad", "maturity", "text", gettext_lazy("How far the planning has come.")),
    Column("Risiken", "risks", "text", gettext_lazy("What could go wrong."), 30),
    Column("Ort", "location", "text", gettext_lazy("Where it takes place.")),
    Column("Schlagworte", "tags", "tags", gettext_lazy("Tags in the classification axes."), 30),
    Column(
        "Leuchtturmprojekt",
        "is_flagship",
        "bool",
        gettext_lazy("Whether it is a flagship project."),
        12,
    ),
    Column(
        "Wiederverwendbarkeit und Referenzen",
        "reusability",
        "text",
        gettext_lazy("Where it was done before or can be reused."),
        30,
    ),
    Column(
        "Datenschutz",
        "data_protection_notes",
        "text",
        gettext_lazy("Notes on data protection."),
        30,
    ),
    Column(
        "Barrierefreiheit",
        "accessibility_notes",
        "text",
        gettext_lazy("Notes on accessibility."),
        30,
    ),
]
HEADERS = [column.header for column in COLUMNS]


@dataclass
class RowError:
    """A problem in one cell, one row or the whole file (row 1 is the heading row)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column is not None:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class SpreadsheetImportError(ValidationError):
    """Nothing was imported; `row_errors` names every bad cell. Usable like a ValidationError."""

    def __init__(self, row_errors: list[RowError]) -> None:
        self.row_errors = row_errors
        super().__init__([str(error) for error in row_errors])


@dataclass
class ImportResult:
    measures: list[Measure]
    warnings: list[RowError] = field(default_factory=list)


# ---------------------------------------------------------------- export


def _measure_rows(strategy: Strategy, progress: Progress | None = None) -> list[dict[str, Any]]:
    """One dict per measure with Python values (Decimal, date, str) per column key."""
    measures = list(
        strategy.measures.select_related("responsible", "parent").prefetch_related(
            "fields", "goals", "tags__axis"
        )
    )
    rows = []
    for measure in counted(measures, progress):
        row: dict[str, Any] = {}
        for column in COLUMNS:
            if column.kind in {"text", "money", "percent", "date"}:
                row[column.key] = getattr(measure, column.key)
            elif column.kind == "choice":
                value = getattr(measure, column.key)
                row[column.key] = CHOICES[column.key][0].get(value, "")
            elif column.kind == "bool":
                row[column.key] = YES if getattr(measure, column.key) else NO
            elif column.kind in {"fields", "goals"}:
                items = sorted(getattr(measure, column.key).all(), key=lambda o: (o.position, o.pk))
                row[column.key] = LIST_SEPARATOR.join(item.title for item in items)
            elif column.kind == "tags":
                tags = sorted(
                    measure.tags.all(), key=lambda t: (t.axis.position, t.axis_id, t.name)
                )
                row[column.key] = LIST_SEPARATOR.join(f"{t.axis.name}: {t.name}" for t in tags)
            elif column.kind == "parent":
                row[column.key] = measure.parent.title if measure.parent else ""
            elif column.kind == "email":
                row[column.key] = measure.responsible.email if measure.responsible else ""
        rows.append(row)
    return rows


def _style_measure_sheet(sheet: Worksheet, row_count: int) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(row_count + 1, 1)}"


def _add_help_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(SHEET_HELP)
    sheet.append(["Spalte", "Bedeutung", "Erlaubte Werte"])
    for column in COLUMNS:
        sheet.append([column.header, str(column.meaning), column.allowed()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 34), ("B", 60), ("C", 60)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            # Texts are data, never formulas, even when they start with "=".
            cell.data_type = "s"


def _workbook(rows: list[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_MEASURES
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row[column.key] for column in COLUMNS])
    for excel_row in sheet.iter_rows(min_row=2):
        for column, cell in zip(COLUMNS, excel_row, strict=True):
            if column.kind in {"money", "percent"}:
                cell.number_format = "#,##0.00"
            elif column.kind == "date":
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # a title "=x" stays text, not a formula
    _style_measure_sheet(sheet, len(rows))
    _add_help_sheet(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_measures_xlsx(strategy: Strategy, progress: Progress | None = None) -> bytes:
    return _workbook(_measure_rows(strategy, progress))


def measures_template_xlsx() -> bytes:
    """An empty measures sheet with the heading row and a sheet explaining every column."""
    return _workbook([])


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    # A leading apostrophe keeps Excel from running the cell as a formula (CSV injection);
    # the import removes it again.
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_measures_csv(strategy: Strategy, progress: Progress | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in _measure_rows(strategy, progress):
        writer.writerow([_csv_cell(row[column.key], column.kind) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------- reading


def _is_formula(raw: Any, data_type: str | None = None) -> bool:
    return data_type == "f" or (isinstance(raw, str) and raw.startswith("="))


def _read_xlsx(data: bytes) -> list[list[Any]]:
    """Rows of cell values; formulas raise, so a computed value never sneaks in unchecked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SpreadsheetImportError(
            [RowError(None, None, _("The file is not an Excel workbook (XLSX)."))]
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetImportError(
            [RowError(None, None, _("The workbook is too large when unpacked."))]
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise SpreadsheetImportError(
            [RowError(None, None, _("The file is not an Excel workbook (XLSX)."))]
        ) from exc
    try:
        sheet = (
            workbook[SHEET_MEASURES]
            if SHEET_MEASURES in workbook.sheetnames
            else workbook.worksheets[0]
        )
        rows: list[list[Any]] = []
        formulas: list[tuple[int, int]] = []
        for number, excel_row in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            values = []
            for index, cell in enumerate(excel_row):
                if _is_formula(cell.value, getattr(cell, "data_type", None)):
                    formulas.append((number, index))
                values.append(cell.value)
            rows.append(values)
    except SpreadsheetImportError:
        raise
    except SyntaxError as exc:  # xml ParseError: read-only mode parses the sheet as it goes
        raise SpreadsheetImportError(
            [
                RowError(
                    None,
                    None,
                    _(
                        "A cell contains a character that Excel files must not contain, e.g. an "
                        "invisible control character. Please remove it and save the file again."
                    ),
                )
            ]
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds for broken sheets
        raise SpreadsheetImportError(
            [
                RowError(
                    None,
                    None,
                    _(
                        "The worksheet cannot be read. Please save it again as an Excel workbook (.xlsx)."
                    ),
                )
            ]
        ) from exc
    finally:
        workbook.close()
    if formulas:
        raise _formula_errors(rows, formulas)
    return rows


def too_many_measures(existing: int, added: int) -> str:
    """The message for a strategy that would grow past MAX_MEASURES (also for JSON imports)."""
    if existing:
        return _(
            "A strategy can hold at most %(max)s measures from imports. It has %(existing)s "
            "already and the file adds %(added)s. Please import fewer measures."
        ) % {"max": MAX_MEASURES, "existing": existing, "added": added}
    return _(
        "A strategy can hold at most %(max)s measures from imports; the file has %(added)s."
    ) % {"max": MAX_MEASURES, "added": added}


def _too_many_rows() -> SpreadsheetImportError:
    return SpreadsheetImportError(
        [
            RowError(
                None,
                None,
                _(
                    "The file has more rows than one import takes: at most %(max)s measures per import."
                )
                % {"max": MAX_ROWS},
            )
        ]
    )


def _column_name(headers: list[Any], index: int) -> str:
    if index < len(headers) and headers[index] not in (None, ""):
        return str(headers[index]).strip()
    return get_column_letter(index + 1)


def _formula_errors(rows: list[list[Any]], cells: list[tuple[int, int]]) -> SpreadsheetImportError:
    headers = rows[0] if rows else []
    return SpreadsheetImportError(
        [
            RowError(
                number,
                _column_name(headers, index),
                _("The cell contains a formula; please enter the value itself."),
            )
            for number, index in cells
        ]
    )


def _read_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise SpreadsheetImportError(
                [RowError(None, None, _("The CSV file is neither UTF-8 nor Windows-1252 text."))]
            ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    rows: list[list[Any]] = []
    formulas: list[tuple[int, int]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            values: list[Any] = []
            for index, raw in enumerate(record):
                if _is_formula(raw):
                    formulas.append((number, index))
                if len(raw) > 1 and raw[0] == "'" and raw[1:].startswith(FORMULA_PREFIXES):
                    raw = raw[1:]  # undo the export's protection against CSV injection
                values.append(raw)
            rows.append(values)
    except csv.Error as exc:
        # csv's messages are English; the only one a file can cause with these reader
        # settings is a cell over csv.field_size_limit() (an unclosed quote swallows the rest).
        row = len(rows) + 1
        if "field larger than field limit" in str(exc):
            message = _(
                "A cell is longer than %(max)s characters. Perhaps a double quote in an earlier "
                "cell is not closed."
            ) % {"max": f"{csv.field_size_limit():n}"}
        else:
            message = _("The CSV file cannot be read from here on.")
        raise SpreadsheetImportError([RowError(row, None, message)]) from exc
    if formulas:
        raise _formula_errors(rows, formulas)
    return rows


NUL_MESSAGE = gettext_lazy(
    "The cell contains an invisible NUL character (code 0). Please remove it."
)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------- cell values


class _CellError(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


GERMAN_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def _decimal(value: Any) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        text = text.removesuffix("€").removesuffix("%").strip()
        if "," in text:  # German: 1.234,50
            text = text.replace(".", "").replace(",", ".")
        elif GERMAN_THOUSANDS.match(text):  # German: 12.500
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise _CellError(_("“%(value)s” is not a number.") % {"value": value}) from exc
    if not number.is_finite():
        raise _CellError(_("“%(value)s” is not a number.") % {"value": value})
    if number != number.quantize(Decimal("0.01")):
        raise _CellError(_("At most two decimal places are allowed."))
    return number.quantize(Decimal("0.01"))


def _money(value: Any) -> Decimal | None:
    number = _decimal(value)
    if number is not None and number < 0:
        raise _CellError(_("Costs must not be negative."))
    if number is not None and number >= Decimal(10) ** 12:
        raise _CellError(_("The amount is too large."))
    return number


def _percent(value: Any) -> Decimal | None:
    number = _decimal(value)
    if number is not None and not Decimal(0) <= number <= Decimal(100):
        raise _CellError(_("A percentage must lie between 0 and 100."))
    return number


def _date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _CellError(_("“%(value)s” is not a date like 31.12.2026.") % {"value": text})


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _CellError(_("Please write “ja” or “nein”, not “%(value)s”.") % {"value": text})


def _choice(key: str, value: Any) -> str:
    words, choices = CHOICES[key]
    text = _text(value)
    if not text:
        return ""
    accepted: dict[str, str] = {}
    for code, word in words.items():
        accepted[word.casefold()] = code
        accepted[str(code).casefold()] = code
        accepted[str(choices(code).label).casefold()] = code
        with translation.override("en"):
            accepted[str(choices(code).label).casefold()] = code
    if text.casefold() in accepted:
        return accepted[text.casefold()]
    raise _CellError(
        _("“%(value)s” is not allowed; allowed are: %(allowed)s.")
        % {"value": text, "allowed": ", ".join(words.values())}
    )


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip()]


# ---------------------------------------------------------------- import


class _RowReader:
    """Turns the rows of a sheet into Measure field values, collecting every problem."""

    def __init__(self, strategy: Strategy) -> None:
        self.strategy = strategy
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.fields = self._by_title(FieldOfAction.objects.filter(strategy=strategy))
        self.goals = self._by_title(Goal.objects.filter(strategy=strategy))
        self.measures = self._by_title(Measure.objects.filter(strategy=strategy))
        self.tags = {
            (tag.axis.name.casefold(), tag.name.casefold()): tag
            for tag in Tag.objects.filter(axis__strategy=strategy).select_related("axis")
        }
        self.members = {
            membership.user.email.lower(): membership.user
            for membership in Membership.objects.filter(
                municipality=strategy.municipality
            ).select_related("user")
        }
        self.titles_above: dict[str, int] = {}  # casefolded title -> row, for parents in the file

    @staticmethod
    def _by_title(objects: Iterable[Any]) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for obj in objects:
            found.setdefault(obj.title.casefold(), []).append(obj)
        return found

    def _one_by_title(self, known: dict[str, list[Any]], title: str, what: str) -> Any:
        matches = known.get(title.casefold(), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            messages = {
                "field": _("The strategy has no field of action “%(title)s”."),
                "goal": _("The strategy has no goal “%(title)s”."),
            }
        else:
            messages = {
                "field": _("Several fields of action are called “%(title)s”."),
                "goal": _("Several goals are called “%(title)s”."),
            }
        raise _CellError(messages[what] % {"title": title})

    def read(self, number: int, record: dict[Column, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {"m2m": {}, "row": number}
        for column, raw in record.items():
            if isinstance(raw, str) and "\x00" in raw:
                # No database column can hold it (PostgreSQL refuses it outright).
                self.errors.append(RowError(number, column.header, str(NUL_MESSAGE)))
                continue
            try:
                self._read_cell(number, column, raw, values)
            except _CellError as exc:
                self.errors.append(RowError(number, column.header, str(exc)))
        title = values.get("title")  # None when the cell was bad and already reported
        if title == "":
            self.errors.append(RowError(number, "Titel", _("Every measure needs a title.")))
        elif title:
            self.titles_above.setdefault(title.casefold(), number)
        start, end = values.get("start"), values.get("end")
        if start and end and end < start:
            self.errors.append(
                RowError(number, "Ende", _("The end must not lie before the start."))
            )
        return values

    def _read_cell(self, number: int, column: Column, raw: Any, values: dict[str, Any]) -> None:
        kind, key = column.kind, column.key
        if kind == "text":
            text = _text(raw)
            limit = column.max_length
            if limit and len(text) > limit:
                raise _CellError(
                    _("The text has %(length)s characters; at most %(max)s are allowed.")
                    % {"length": len(text), "max": limit}
                )
            values[key] = text
        elif kind == "money":
            values[key] = _money(raw)
        elif kind == "percent":
            values[key] = _percent(raw)
        elif kind == "date":
            values[key] = _date(raw)
        elif kind == "choice":
            values[key] = _choice(key, raw)
        elif kind == "bool":
            values[key] = _bool(raw)
        elif kind in {"fields", "goals"}:
            known = self.fields if kind == "fields" else self.goals
            what = "field" if kind == "fields" else "goal"
            values["m2m"][kind] = [self._one_by_title(known, t, what) for t in _split(raw)]
        elif kind == "tags":
            values["m2m"]["tags"] = [self._tag(part) for part in _split(raw)]
        elif kind == "parent":
            values["parent_title"] = self._parent(number, _text(raw))
        elif kind == "email":
            email = _text(raw)
            values[key] = self.members.get(email.lower()) if email else None
            if email and values[key] is None:
                self.warnings.append(
                    RowError(
                        number,
                        column.header,
                        _(
                            "No member of the municipality has the e-mail address %(email)s; "
                            "the person was left empty."
                        )
                        % {"email": email},
                    )
                )

    def _tag(self, text: str) -> Tag:
        axis, colon, name = text.partition(":")
        if not colon:
            raise _CellError(
                _("Write tags as “axis: tag”, e.g. “Zeitpunkt: Sofort”, not “%(value)s”.")
                % {"value": text}
            )
        tag = self.tags.get((axis.strip().casefold(), name.strip().casefold()))
        if tag is None:
            raise _CellError(
                _("The strategy has no tag “%(tag)s” in the axis “%(axis)s”.")
                % {"tag": name.strip(), "axis": axis.strip()}
            )
        return tag

    def _parent(self, number: int, title: str) -> str | None:
        if not title:
            return None
        key = title.casefold()
        existing = len(self.measures.get(key, []))
        above = key in self.titles_above
        if existing + above == 0:
            raise _CellError(
                _("No measure of the strategy or row above is called “%(title)s”.")
                % {"title": title}
            )
        if existing + above > 1:
            raise _CellError(_("Several measures are called “%(title)s”.") % {"title": title})
        return key


def _records(rows: list[list[Any]]) -> tuple[list[tuple[int, dict[Column, Any]]], list[RowError]]:
    """Map each data row to the columns by heading; check the heading row."""
    errors: list[RowError] = []
    if not rows:
        return [], [RowError(None, None, _("The file is empty."))]
    headers = list(rows[0])
    while headers and _blank(headers[-1]):
        headers.pop()
    by_header = {column.header.casefold(): column for column in COLUMNS}
    positions: dict[Column, int] = {}
    for index, raw in enumerate(headers):
        heading = _text(raw)
        column = by_header.get(heading.casefold())
        if "\x00" in heading:
            errors.append(RowError(1, get_column_letter(index + 1), str(NUL_MESSAGE)))
        elif not heading:
            errors.append(
                RowError(1, get_column_letter(index + 1), _("This column has no heading."))
            )
        elif column is None:
            errors.append(
                RowError(
                    1,
                    heading,
                    _("This column is unknown; the template lists the allowed columns."),
                )
            )
        elif column in positions:
            errors.append(RowError(1, heading, _("This column appears twice.")))
        else:
            positions[column] = index
    errors.extend(
        RowError(1, column.header, _("This column is missing."))
        for column in COLUMNS
        if column not in positions
    )
    if errors:
        return [], errors
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_blank(value) for value in row):
            continue
        errors.extend(
            RowError(number, get_column_letter(index + 1), _("This cell lies outside the table."))
            for index in range(len(headers), len(row))
            if not _blank(row[index])
        )
        padded = list(row) + [None] * (len(headers) - len(row))
        records.append((number, {column: padded[index] for column, index in positions.items()}))
    return records, errors


def _read_upload(uploaded_file: IO[bytes], filename: str) -> list[list[Any]]:
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetImportError(
            [
                RowError(
                    None,
                    None,
                    _("The file is larger than %(max)s MB.")
                    % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
                )
            ]
        )
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "xlsx":
        return _read_xlsx(data)
    if suffix == "csv":
        return _read_csv(data)
    raise SpreadsheetImportError(
        [RowError(None, None, _("Please upload an Excel workbook (.xlsx) or a CSV file (.csv)."))]
    )


def import_measures(
    strategy: Strategy,
    uploaded_file: IO[bytes],
    filename: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Add the measures of an XLSX or CSV file to `strategy`: all rows or, on any error, none.

    Raises SpreadsheetImportError listing every bad cell with row and column. `progress`
    counts each row twice: once checked, once written.
    """
    records, errors = _records(_read_upload(uploaded_file, filename))
    if errors:
        raise SpreadsheetImportError(errors)
    if not records:
        raise SpreadsheetImportError([RowError(None, None, _("The file contains no measures."))])
    existing = strategy.measures.count()
    if existing + len(records) > MAX_MEASURES:
        raise SpreadsheetImportError(
            [RowError(None, None, too_many_measures(existing, len(records)))]
        )
    reader = _RowReader(strategy)
    total = 2 * len(records)
    parsed = [
        reader.read(number, record)
        for number, record in counted(records, _shifted(progress, 0, total))
    ]
    if reader.errors:
        raise SpreadsheetImportError(reader.errors)
    created = _create_measures(strategy, parsed, _shifted(progress, len(records), total))
    return ImportResult(measures=created, warnings=reader.warnings)


@transaction.atomic
def _create_measures(
    strategy: Strategy, parsed: list[dict[str, Any]], progress: Progress | None = None
) -> list[Measure]:
    existing = {
        measure.title.casefold(): measure for measure in Measure.objects.filter(strategy=strategy)
    }
    created_by_title: dict[str, Measure] = {}
    start = next_position(strategy.measures.all())
    field_names = {
        column.key for column in COLUMNS if column.kind not in {"fields", "goals", "tags", "parent"}
    }
    created = []
    for offset, values in enumerate(counted(parsed, progress)):
        parent_key = values.get("parent_title")
        parent = None
        if parent_key is not None:
            parent = existing.get(parent_key) or created_by_title.get(parent_key)
        measure = Measure.objects.create(
            strategy=strategy,
            parent=parent,
            position=start + offset,
            status=values.pop("status", "") or Measure.Status.IDEA,
            **{name: value for name, value in values.items() if name in field_names},
        )
        for name, objects in values["m2m"].items():
            getattr(measure, name).set(objects)
        created_by_title.setdefault(measure.title.casefold(), measure)
        created.append(measure)
    return created
