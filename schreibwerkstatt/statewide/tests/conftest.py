import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY

HEADING = ["AGS", "Name", "Art", "Einwohner", "Kreis"]


def xlsx(rows: list[list[Any]], title_rows: int = 0) -> bytes:
    """A workbook with `title_rows` title lines, then the rows (the first is the heading)."""
    workbook = Workbook()
    sheet = workbook.active
    for number in range(title_rows):
        sheet.append([f"Gemeindeverzeichnis, Titelzeile {number + 1}"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    text = "\r\n".join(";".join("" if cell is None else str(cell) for cell in row) for row in rows)
    return (text + "\r\n").encode(encoding)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def example_bytes() -> bytes:
    return EXAMPLE_DIRECTORY.read_bytes()
