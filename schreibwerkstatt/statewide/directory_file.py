"""Reading the official municipality directory from an uploaded XLSX or CSV file.

The format is that of the Destatis Gemeindeverzeichnis, as a table with one heading row:
the AGS (8-digit Amtlicher Gemeindeschlüssel), the name, the kind (a word such as Gemeinde,
amtsfreie Gemeinde, Stadt, Amt, Landkreis, kreisfreie Stadt, or Destatis' Textkennzeichen such
as 64 or 51) and, optionally, the population and the district. The heading row may follow a
few title rows, as in Destatis' own files; the column names are matched leniently (see
HEADINGS). The file is untrusted: an XLSX goes through core/office_files.py first.

Every row is checked before anything is written: a file with one bad row is refused as a
whole, with every problem listed by its line number.
"""

import csv
import io
import re
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from schreibwerkstatt.core.office_files import (
    PackageMessages,
    has_macros,
    main_content_type,
    open_package,
)
from schreibwerkstatt.municipalities.models import Kind, State

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Germany has about 11,000 municipalities; with Ämter and districts one file stays below this.
MAX_ROWS = 20_000
HEADING_SEARCH = 10  # rows in which the heading row is looked for
MAX_NAME = 200
XLSX_MAIN = (
    "/xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)


def _key(text: Any) -> str:
    """A heading or a kind as compared: lower case, umlauts spelt out, single spaces."""
    value = str(text or "").strip().casefold().rstrip(":")
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        value = value.replace(umlaut, spelt)
    return re.sub(r"\s+", " ", value)


# The columns and the headings they are recognised by (compared with _key).
HEADINGS: dict[str, tuple[str, ...]] = {
    "ags": ("AGS", "Amtlicher Gemeindeschlüssel", "Amtlicher Gemeindeschlüssel (AGS)",
            "Gemeindeschlüssel", "Official municipality key"),
    "name": ("Name", "Gemeindename", "Amtlicher Name", "Bezeichnung"),
    "kind": ("Art", "Gemeindeart", "Typ", "Textkennzeichen", "Kind"),
    "population": ("Einwohner", "Einwohnerzahl", "Bevölkerung", "Bevölkerung insgesamt",
                   "Population"),
    "district": ("Kreis", "Landkreis", "Kreisname", "District"),
}  # fmt: skip
REQUIRED = ("ags", "name", "kind")
_HEADING_KEYS = {_key(text): column for column, texts in HEADINGS.items() for text in texts}

# The kinds in the directory's words and Destatis' Textkennzeichen (41–44 districts, 51 Amt,
# 60–67 municipalities); the platform's own values are understood as well.
KIND_WORDS: dict[str, str] = {
    **{_key(word): Kind.GEMEINDE for word in (
        "Gemeinde", "amtsfreie Gemeinde", "amtsangehörige Gemeinde", "kreisangehörige Gemeinde",
        "verbandsfreie Gemeinde", "Markt", "60", "64")},
    **{_key(word): Kind.STADT for word in (
        "Stadt", "amtsfreie Stadt", "amtsangehörige Stadt", "kreisangehörige Stadt",
        "Große Kreisstadt", "große kreisangehörige Stadt", "63", "67")},
    **{_key(word): Kind.AMT for word in ("Amt", "51")},
    **{_key(word): Kind.KREISFREIE_STADT for word in (
        "kreisfreie Stadt", "Stadtkreis", "41", "42", "61", "62")},
    **{_key(word): Kind.LANDKREIS for word in ("Landkreis", "Kreis", "43", "44")},
    **{_key(value): value for value in Kind.values},
}  # fmt: skip
DISTRICT_KINDS = (Kind.LANDKREIS, Kind.KREISFREIE_STADT)


@dataclass(frozen=True)
class Record:
    """One valid row of the directory."""

    ags: str
    name: str
    kind: str
    population: int | None
    district_name: str

    @property
    def district_key(self) -> str:
        return self.ags[:5]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Problem:
    line: int | None  # the line (row) of the file; None: the file as a whole
    message: str


class DirectoryFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def _refuse(message: str, line: int | None = None) -> DirectoryFileError:
    return DirectoryFileError([Problem(line, message)])


# ---------------------------------------------------------------- the table


def _wrong_type() -> DirectoryFileError:
    return _refuse(
        _("Please upload the directory as an Excel workbook (.xlsx) or a CSV file (.csv).")
    )


def _too_many_rows() -> DirectoryFileError:
    return _refuse(
        _("The file has more than %(max)s rows. The directory of one state has far fewer.")
        % {"max": f"{MAX_ROWS:n}"}
    )


def _xlsx_rows(data: bytes) -> list[list[list[Any]]]:
    """The rows of each worksheet (at most MAX_ROWS + HEADING_SEARCH each)."""
    invalid = _("The file is not a valid Excel workbook. Please save it again as .xlsx.")
    messages = PackageMessages(not_package=invalid, invalid=invalid)
    try:
        archive = open_package(data, messages)
        main, types = main_content_type(archive, XLSX_MAIN[0], invalid)
    except ValidationError as error:
        raise _refuse(error.messages[0]) from error
    if has_macros(archive, [main, *types]):
        raise _refuse(_("The workbook contains macros. Please save it without macros (.xlsx)."))
    if main != XLSX_MAIN[1]:
        raise _refuse(invalid)
    sheets: list[list[list[Any]]] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise _refuse(invalid) from error
    try:
        for sheet in workbook.worksheets[:20]:
            rows: list[list[Any]] = []
            for row in sheet.iter_rows(values_only=True):
                if len(rows) >= MAX_ROWS + HEADING_SEARCH:
                    raise _too_many_rows()
                rows.append(list(row))
            sheets.append(rows)
    except DirectoryFileError:
        raise
    except Exception as error:  # a damaged sheet: openpyxl parses it as it goes
        raise _refuse(
            _("A worksheet cannot be read. Please save the file again as an Excel workbook.")
        ) from error
    finally:
        workbook.close()
    return sheets


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _refuse(_("The CSV file is neither UTF-8 nor Windows-1252 text.")) from error
    if "\x00" in text:
        raise _refuse(_("The file is not a text file. Please save the directory as CSV."))
    head = "\n".join(text.splitlines()[:HEADING_SEARCH])
    delimiter = max(";,\t", key=head.count)
    rows: list[list[Any]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= MAX_ROWS + HEADING_SEARCH:
                raise _too_many_rows()
            rows.append(record)
    except csv.Error as error:
        raise _refuse(
            _("The CSV file cannot be read from line %(line)s on. Perhaps a quotation mark is "
              "not closed.") % {"line": len(rows) + 1}
        ) from error  # fmt: skip
    return rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _heading(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """(index of the heading row, {column: index}) or None when none of the first rows
    names the AGS or two other columns."""
    for index, row in enumerate(rows[:HEADING_SEARCH]):
        positions: dict[str, int] = {}
        for position, cell in enumerate(row):
            column = _HEADING_KEYS.get(_key(cell))
            if column is not None:
                positions.setdefault(column, position)
        if "ags" in positions or len(positions) >= 2:
            return index, positions
    return None


def _missing_columns(positions: dict[str, int]) -> DirectoryFileError:
    problems = [
        Problem(
            None,
            _("The column “%(name)s” is missing (also recognised as: %(others)s).")
            % {"name": HEADINGS[column][0], "others": ", ".join(HEADINGS[column][1:])},
        )
        for column in REQUIRED
        if column not in positions
    ]
    return DirectoryFileError(problems)


# ---------------------------------------------------------------- cell values


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _ags(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(_("The AGS may contain digits only."))
        # A number column drops the leading zero of the states 01–09.
        text = str(int(value)).zfill(8)
    else:
        text = re.sub(r"\s", "", _text(value))
    if not text:
        raise ValueError(_("The AGS is missing."))
    if not text.isdigit():
        raise ValueError(_("The AGS may contain digits only."))
    if len(text) != 8:
        raise ValueError(_("The AGS has 8 digits, e.g. 12054000."))
    if text[:2] not in State.values:
        raise ValueError(_("The first two digits of the AGS name the state (01 to 16)."))
    return text


def _population(value: Any) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        digits = re.sub(r"[\s.\u00a0\u202f]", "", _text(value))  # 12.345 or 12 345
        if not digits.isdigit():
            raise ValueError(_("The population must be a whole number, e.g. 12345."))
        number = int(digits)
    if number < 0 or (isinstance(number, float) and not number.is_integer()):
        raise ValueError(_("The population must be a whole number, e.g. 12345."))
    return int(number)


def _kind(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError(_("The kind is missing."))
    kind = KIND_WORDS.get(_key(text))
    if kind is None:
        raise ValueError(
            _("The kind “%(kind)s” is unknown. Use Gemeinde, amtsfreie Gemeinde, Stadt, Amt, "
              "Landkreis or kreisfreie Stadt.") % {"kind": text[:50]}
        )  # fmt: skip
    return kind


def _name(value: Any) -> str:
    text = re.sub(r"\s+", " ", _text(value))
    if len(text) > MAX_NAME:
        raise ValueError(_("The name is longer than %(max)s characters.") % {"max": MAX_NAME})
    return text


def _district(value: Any) -> str:
    text = re.sub(r"\s+", " ", _text(value))
    if len(text) > MAX_NAME:
        raise ValueError(_("The district is longer than %(max)s characters.") % {"max": MAX_NAME})
    return text


# ---------------------------------------------------------------- reading


def _records(rows: list[list[Any]], start: int, positions: dict[str, int]) -> list[Record]:
    records: list[Record] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows[start + 1 :], start=start + 2):
        if all(_blank(cell) for cell in row):
            continue

        def cell(column: str, row: list[Any] = row) -> Any:
            index = positions.get(column)
            return row[index] if index is not None and index < len(row) else None

        errors: list[str] = []
        values: dict[str, Any] = {}
        for column, read in (
            ("ags", _ags),
            ("name", _name),
            ("kind", _kind),
            ("population", _population),
            ("district", _district),
        ):
            try:
                values[column] = read(cell(column))
            except ValueError as error:
                errors.append(str(error))
        if "name" in values and not values["name"]:
            errors.append(_("The name is missing."))
        ags = values.get("ags")
        if ags is not None:
            if ags in first_line:
                errors.append(
                    _("The AGS %(ags)s appears in line %(line)s already.")
                    % {"ags": ags, "line": first_line[ags]}
                )
            else:
                first_line[ags] = line
        if errors:
            problems.extend(Problem(line, message) for message in errors)
            continue
        records.append(
            Record(
                ags=values["ags"],
                name=values["name"],
                kind=values["kind"],
                population=values["population"],
                district_name=values["district"],
            )
        )
    if problems:
        raise DirectoryFileError(problems)
    if not records:
        raise _refuse(_("The file lists no municipalities below its heading row."))
    return _with_district_names(records)


def _with_district_names(records: list[Record]) -> list[Record]:
    """A district's own row (a Landkreis, a kreisfreie Stadt) names its district; the
    district column fills in where the file has no such row."""
    own = {r.district_key: r.name for r in records if r.kind in DISTRICT_KINDS}
    return [
        Record(
            ags=r.ags,
            name=r.name,
            kind=r.kind,
            population=r.population,
            district_name=own.get(r.district_key) or r.district_name,
        )
        for r in records
    ]


def read_directory(data: bytes, filename: str) -> list[Record]:
    """The valid records of the file, or DirectoryFileError with every problem found."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(
            _("The file is larger than %(max)s MB. The directory of one state is much smaller.")
            % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data:
        raise _refuse(_("The file is empty."))
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "xlsx":
        sheets = _xlsx_rows(data)
    elif suffix == "csv":
        sheets = [_csv_rows(data)]
    else:
        raise _wrong_type()
    for rows in sheets:
        found = _heading(rows)
        if found is None:
            continue
        start, positions = found
        if any(column not in positions for column in REQUIRED):
            raise _missing_columns(positions)
        if len(rows) - start - 1 > MAX_ROWS:
            raise _too_many_rows()
        return _records(rows, start, positions)
    raise _refuse(
        _("No heading row with the columns AGS, Name and Art was found in the first %(n)s rows.")
        % {"n": HEADING_SEARCH}
    )
