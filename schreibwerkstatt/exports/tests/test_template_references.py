"""Word templates that refer to content outside the file are refused: Word would load it each
time somebody opens an export (a tracking pixel, swapped content, credentials sent to a UNC
path). The crafted files are made with python-docx and by editing the zip."""

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from schreibwerkstatt.exports.models import WordTemplate
from schreibwerkstatt.exports.templates_check import check_template

from .test_docx import check_error, docx_upload, municipal_template, part_xml, rewrite, upload_url

TRACKER = "http://tracker.example/pixel.png"


def _saved(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _municipal_document():
    return docx.Document(io.BytesIO(municipal_template()))


def _complex_field(paragraph, *instruction_parts: str) -> None:
    """A field as Word writes it: begin, the instruction (here split over runs), end."""

    def run_with(element) -> None:
        run = OxmlElement("w:r")
        run.append(element)
        paragraph._p.append(run)

    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run_with(char("begin"))
    for part in instruction_parts:
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = part
        run_with(text)
    run_with(char("separate"))
    run_with(char("end"))


def _simple_field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    paragraph._p.append(field)


def test_an_includepicture_field_in_the_header_is_refused_and_named() -> None:
    document = _municipal_document()
    header = document.sections[0].header.paragraphs[0]
    _complex_field(header, " INCLUDEPIC", f'TURE "{TRACKER}" \\d ')
    error = check_error(_saved(document))
    assert error.code == "external"
    message = error.messages[0]
    assert f'Feld INCLUDEPICTURE in der Kopfzeile: INCLUDEPICTURE "{TRACKER}" \\d' in message
    assert "Bitte entfernen Sie diese Verweise in Word" in message


@pytest.mark.parametrize(
    ("instruction", "field"),
    [
        ('INCLUDETEXT "https://server.example/text.docx"', "INCLUDETEXT"),
        ('INCLUDEPICTURE "\\\\\\\\fileserver\\\\logos\\\\logo.png"', "INCLUDEPICTURE"),
        ('LINK Excel.Sheet.12 "C:\\\\Daten\\\\Haushalt.xlsx" "Tabelle1"', "LINK"),
        ('HYPERLINK "https://www.amtsberg.example/"', "HYPERLINK"),
        ("DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe", "DDEAUTO"),
    ],
)
def test_fields_that_load_or_link_outside_content_are_refused(instruction, field) -> None:
    document = _municipal_document()
    _simple_field(document.sections[0].footer.paragraphs[0], instruction)
    error = check_error(_saved(document))
    assert error.code == "external"
    assert f"Feld {field} in der Fußzeile" in error.messages[0]


def test_fields_that_stay_inside_the_document_are_accepted() -> None:
    document = _municipal_document()
    footer = document.sections[0].footer.paragraphs[0]
    _complex_field(footer, " PAGE ")
    _simple_field(footer, " NUMPAGES ")
    _simple_field(footer, 'HYPERLINK \\l "vorwort"')
    check_template(_saved(document), "vorlage.docx")


@pytest.mark.parametrize(
    ("where", "kind", "expected"),
    [
        ("header", RT.IMAGE, "Verknüpftes Bild in der Kopfzeile: " + TRACKER),
        ("body", RT.HYPERLINK, "Link im Text: " + TRACKER),
        ("footer", RT.OLE_OBJECT, "Verknüpftes Objekt in der Fußzeile: " + TRACKER),
    ],
)
def test_an_external_relationship_is_refused_and_named(where, kind, expected) -> None:
    document = _municipal_document()
    part = {
        "header": lambda: document.sections[0].header.part,
        "footer": lambda: document.sections[0].footer.part,
        "body": lambda: document.part,
    }[where]()
    part.relate_to(TRACKER, kind, is_external=True)
    error = check_error(_saved(document))
    assert error.code == "external"
    assert expected in error.messages[0]


def test_an_attached_template_on_a_server_is_refused() -> None:
    template = municipal_template()
    settings = part_xml(template, "word/settings.xml").replace(
        "<w:zoom ",
        '<w:attachedTemplate r:id="rIdTpl"/><w:zoom ',
        1,
    )
    if 'xmlns:r="' not in settings.split(">", 2)[1]:
        settings = settings.replace(
            "<w:settings ",
            '<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
            1,
        )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="file://///10.0.0.5/vorlagen/Amt.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    crafted = rewrite(
        template,
        {"word/settings.xml": settings.encode(), "word/_rels/settings.xml.rels": rels.encode()},
    )
    error = check_error(crafted)
    assert error.code == "external"
    assert (
        "Verknüpfte Dokumentvorlage in den Dokumenteinstellungen: "
        "file://///10.0.0.5/vorlagen/Amt.dotm"
    ) in error.messages[0]


def test_a_vml_picture_linked_by_address_is_refused() -> None:
    template = municipal_template()
    body = part_xml(template, "word/document.xml").replace(
        "<w:body>",
        '<w:body><w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" o:href="' + TRACKER + '">'
        "</v:shape></w:pict></w:r></w:p>",
        1,
    )
    error = check_error(rewrite(template, {"word/document.xml": body.encode()}))
    assert error.code == "external"
    assert "Verknüpftes Bild im Text: " + TRACKER in error.messages[0]


def test_many_references_are_listed_up_to_ten() -> None:
    document = _municipal_document()
    for number in range(12):
        document.part.relate_to(f"https://example.org/{number}", RT.HYPERLINK, is_external=True)
    message = check_error(_saved(document)).messages[0]
    assert message.count("Link im Text: https://example.org/") == 10
    assert "und 2 weitere" in message


@pytest.mark.django_db
def test_an_upload_with_an_external_reference_is_refused_and_nothing_stored(
    municipality_a, as_persona
) -> None:
    document = _municipal_document()
    _complex_field(document.sections[0].header.paragraphs[0], f'INCLUDEPICTURE "{TRACKER}"')
    response = as_persona("coordinator").post(
        upload_url(municipality_a),
        {"file": docx_upload(_saved(document)), "activate": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Die Vorlage verweist auf Inhalte außerhalb der Datei" in page
    assert "Feld INCLUDEPICTURE in der Kopfzeile" in page
    assert TRACKER in page
    assert not WordTemplate.objects.exists()
