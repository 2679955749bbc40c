"""The checks of uploaded attachments (uploads.py): every allowed type passes, anything
disguised, active or oversized is refused with a German message."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from schreibwerkstatt.guides.uploads import DOCX, ODT, PDF, XLSX, check_attachment, clean_filename

from . import samples

IMAGE, DOWNLOAD = "image", "download"


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def refused(data: bytes, name: str, kind: str = DOWNLOAD) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_attachment(data, name, kind)
    return caught.value


@pytest.mark.parametrize(
    ("make", "name", "kind", "content_type"),
    [
        (samples.png, "karte.png", IMAGE, "image/png"),
        (samples.jpeg, "foto.jpg", IMAGE, "image/jpeg"),
        (samples.jpeg, "foto.JPEG", IMAGE, "image/jpeg"),
        (lambda: samples.PDF, "zeitplan.pdf", DOWNLOAD, PDF),
        (samples.docx, "checkliste.docx", DOWNLOAD, DOCX),
        (samples.xlsx, "zeitplan.xlsx", DOWNLOAD, XLSX),
        (samples.odt, "checkliste.odt", DOWNLOAD, ODT),
    ],
)
def test_every_allowed_type_passes_with_the_type_it_is_served_with(
    make, name, kind, content_type
) -> None:
    checked = check_attachment(make(), name, kind)
    assert checked.content_type == content_type
    assert checked.filename == name


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.EXE, "zeitplan.pdf", "keine gültige PDF-Datei"),
        (samples.HTML, "zeitplan.pdf", "keine gültige PDF-Datei"),
        (samples.EXE, "checkliste.docx", "keine gültige DOCX-Datei"),
        (samples.HTML, "checkliste.docx", "keine gültige DOCX-Datei"),
        (samples.HTML, "tabelle.xlsx", "keine gültige XLSX-Datei"),
        (samples.EXE, "text.odt", "keine gültige ODT-Datei"),
        (samples.PDF, "checkliste.docx", "keine gültige DOCX-Datei"),
        (b"%PDF-1.4 no end", "kaputt.pdf", "keine gültige PDF-Datei"),
    ],
)
def test_a_file_disguised_by_its_name_is_refused(data, name, message) -> None:
    error = refused(data, name)
    assert error.code in {"invalid", "not_zip"}
    assert message in error.messages[0]


def test_a_docx_renamed_to_xlsx_and_the_reverse_are_refused() -> None:
    assert refused(samples.docx(), "tabelle.xlsx").code == "invalid"  # a zip, but Word
    assert refused(samples.xlsx(), "text.docx").code == "invalid"


@pytest.mark.parametrize(
    ("data", "name"),
    [(samples.HTML, "seite.html"), (samples.EXE, "setup.exe"), (samples.SVG, "bild.svg"),
     (samples.docx(), "ohne-endung")],
)  # fmt: skip
def test_other_types_are_refused_by_name(data, name) -> None:
    error = refused(data, name)
    assert error.code == "extension"
    assert "PDF-, Word- (.docx), Excel- (.xlsx)" in error.messages[0]


@pytest.mark.parametrize(
    ("data", "name"),
    [(samples.SVG, "bild.svg"), (samples.HTML, "bild.png"), (samples.EXE, "bild.jpg"),
     (samples.jpeg(), "bild.png"), (samples.png(), "bild.jpg"), (samples.PDF, "bild.png")],
)  # fmt: skip
def test_a_picture_must_be_a_png_or_jpeg_as_its_name_says(data, name) -> None:
    error = refused(data, name, IMAGE)
    assert error.code in {"invalid", "extension"}
    assert error.messages[0].startswith(("Die Datei ist keine gültige", "Bitte laden Sie ein Bild"))


def test_a_truncated_picture_is_refused() -> None:
    data = samples.png()
    assert refused(data[: len(data) // 2], "karte.png", IMAGE).code == "invalid"


def test_a_huge_picture_is_refused_before_it_is_decoded(monkeypatch) -> None:
    monkeypatch.setattr("schreibwerkstatt.guides.uploads.MAX_PIXELS", 100)
    error = refused(samples.png((40, 30)), "karte.png", IMAGE)
    assert error.code == "pixels"
    assert "40 × 30 Pixel" in error.messages[0]


def test_a_pdf_with_a_script_is_refused() -> None:
    error = refused(samples.PDF_WITH_SCRIPT, "zeitplan.pdf")
    assert error.code == "active"
    assert "Skripte" in error.messages[0]


def test_a_pdf_with_a_hex_escaped_script_name_is_refused() -> None:
    data = samples.PDF.replace(b"/Type /Catalog", b"/Type /Catalog /J#53 (x)")
    assert refused(data, "zeitplan.pdf").code == "active"


def test_office_files_with_macros_are_refused() -> None:
    with_vba = samples.rewrite(samples.docx(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert refused(with_vba, "checkliste.docx").code == "macros"
    xlsm = samples.rewrite(samples.xlsx(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert refused(xlsm, "zeitplan.xlsx").code == "macros"
    basic = samples.odt({"Basic/Standard/Module1.xml": b"<x/>"})
    error = refused(basic, "text.odt")
    assert error.code == "macros"
    assert "Makros" in error.messages[0]


def test_an_odt_of_another_type_or_encrypted_is_refused() -> None:
    spreadsheet = samples.odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    assert refused(spreadsheet, "text.odt").code == "invalid"
    encrypted_manifest = samples.MANIFEST.replace(
        b"</manifest:manifest>",
        b'<manifest:file-entry manifest:full-path="x"><manifest:encryption-data/>'
        b"</manifest:file-entry></manifest:manifest>",
    )
    encrypted = samples.odt()
    encrypted = samples.rewrite(encrypted, {"META-INF/manifest.xml": encrypted_manifest})
    # rewrite() moves the mimetype entry; an ODT whose first entry is not "mimetype" is invalid
    assert refused(encrypted, "text.odt").code in {"encrypted", "invalid"}


def test_a_zip_bomb_is_refused_without_unpacking() -> None:
    error = refused(samples.zip_bomb(), "checkliste.docx")
    assert error.code == "bomb"
    assert "Sicherheit" in error.messages[0]


def test_a_file_over_10_mb_is_refused() -> None:
    error = refused(b"%PDF-" + b"0" * (10 * 1024 * 1024), "gross.pdf")
    assert error.code == "size"
    assert "größer als 10 MB" in error.messages[0]


def test_an_empty_file_is_refused() -> None:
    assert refused(b"", "leer.pdf").code == "empty"


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\x\\Plan 2027.pdf", "Plan_2027.pdf"),
     ("Übersicht Maßnahmen.xlsx", "Übersicht_Maßnahmen.xlsx"), ("..", "datei"),
     ("a" * 300 + ".pdf", "a" * 96 + ".pdf")],
)  # fmt: skip
def test_file_names_lose_folders_and_odd_characters(name, cleaned) -> None:
    assert clean_filename(name) == cleaned
