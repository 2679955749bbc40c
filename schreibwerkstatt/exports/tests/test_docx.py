"""The Word export: a file LibreOffice converts, with real Word structure; municipal Word
templates (checked on upload, their styles and header used); the Beschlussvorlage."""

import io
import re
import time
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import RGBColor
from PIL import Image

from schreibwerkstatt.documents.blocks import (
    Chapter,
    Document,
    Facts,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Table,
)
from schreibwerkstatt.exports import services
from schreibwerkstatt.exports.docx import (
    DEFAULT_TEMPLATE,
    beschlussvorlage,
    clean,
    format_euro,
    sum_costs,
    to_docx,
)
from schreibwerkstatt.exports.models import WordTemplate
from schreibwerkstatt.exports.templates_check import (
    DOCUMENT_MAIN,
    TEMPLATE_MAIN,
    check_template,
)
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Strategy

from .demo_strategy import assert_every_heading_and_measure, demo_document
from .libreoffice import libreoffice_pdf_text
from .sample import HOSTILE, sample_document

DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


# -- helpers ----------------------------------------------------------------------------------


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def styled(document, style_name: str) -> list[str]:
    return [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == style_name
    ]


def rewrite(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """A copy of a zip with some entries replaced (bytes), removed (None) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    target.writestr(info.filename, changes[info.filename])
            else:
                target.writestr(info, source.read(info))
        for name, content in changes.items():
            if name not in source.namelist() and content is not None:
                target.writestr(name, content)
    return output.getvalue()


def municipal_template(*, header: str = "Stadtverwaltung Amtsberg – Der Bürgermeister") -> bytes:
    """A Word file as a municipality would make it: its own fonts and colours, a header,
    some text in the body (which the export must not keep)."""
    document = docx.Document()
    for name, font in (("Normal", "Georgia"), ("Heading 1", "Verdana"), ("Title", "Verdana")):
        document.styles[name].font.name = font
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    document.add_paragraph("Vorlagentext, der nicht im Export landen darf.")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def as_dotx(data: bytes) -> bytes:
    types = part_xml(data, "[Content_Types].xml").replace(DOCUMENT_MAIN, DOTX_TYPE)
    return rewrite(data, {"[Content_Types].xml": types.encode()})


def without_styles(data: bytes, *names: str) -> bytes:
    styles = part_xml(data, "word/styles.xml")
    for name in names:
        styles = re.sub(
            rf'<w:style [^>]*>(?:(?!</w:style>).)*<w:name w:val="{name}"/>.*?</w:style>',
            "",
            styles,
            flags=re.DOTALL,
        )
    return rewrite(data, {"word/styles.xml": styles.encode()})


def check_error(data: bytes, filename: str = "vorlage.docx") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_template(data, filename)
    return caught.value


# -- the strategy document ----------------------------------------------------------------


@pytest.mark.db_independent
def test_libreoffice_converts_the_sample_with_every_heading_and_measure(tmp_path) -> None:
    sample = sample_document()
    text = libreoffice_pdf_text(to_docx(sample), tmp_path, "docx")

    for number, chapter in enumerate(sample.chapters, start=1):
        # once in the table of contents (as LibreOffice shows it), once as the heading
        assert text.count(f"{number} {chapter.title}") >= 2, chapter.title
    titles = [
        block.text for c in sample.chapters for block in c.blocks if isinstance(block, Heading)
    ]
    assert "M3 Digitales Bürgerbüro – Teil 3" in titles
    for title in titles:
        assert text.count(title) >= 2, title
    # Hostile text prints literally; control characters are gone, the text around them stays.
    assert '#panic("x") #set page(paper: "a0") <script>alert(1)</script> {{ x }}' in text
    assert "Steuerzeichen: Ende" in text
    assert "Digitalstrategie Musterstadt 2030" in text
    assert "Seite 3 von" in text  # footer with PAGE and NUMPAGES fields


def test_the_word_file_has_named_styles_fields_and_a_title_page() -> None:
    data = to_docx(sample_document())
    document = open_docx(data)

    assert styled(document, "Title") == ["Digitalstrategie Musterstadt 2030"]
    assert styled(document, "Subtitle") == ["Gemeinsam digital", "Musterstadt an der Havel"]
    assert styled(document, "Heading 1") == [
        "1 Vorwort",
        "2 Handlungsfelder",
        "3 Umsetzungsprogramm und Roadmap",
        "4 Anhang: Maßnahmensteckbriefe",
    ]
    assert "Verwaltung und Bürgerservice" in styled(document, "Heading 2")
    assert styled(document, "TOC Heading") == ["Inhalt"]
    body = part_xml(data, "word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert "<w:updateFields" in part_xml(data, "word/settings.xml")
    # running header with the title; footer with page numbers; none on the title page
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "Digitalstrategie Musterstadt 2030"
    footer = part_xml(data, "word/footer1.xml")
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
    assert section.page_height.cm == pytest.approx(29.7, abs=0.01)
    properties = document.core_properties
    assert properties.title == "Digitalstrategie Musterstadt 2030"
    assert properties.keywords == "Digitalstrategie, Musterstadt"
    assert document.styles["Normal"].font.name == "Fira Sans"


def test_tables_have_fixed_widths_header_rows_and_captions() -> None:
    document = open_docx(to_docx(sample_document()))
    indicators, *facts = document.tables
    assert [c.text for c in indicators.rows[0].cells] == ["Indikator", "Ausgangswert", "Zielwert"]
    assert indicators.style.name == "Table Grid"
    table_properties = indicators._tbl.tblPr
    assert table_properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert indicators.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    widths = [cell.width for cell in indicators.rows[1].cells]
    # relative widths 2 : 1 : 1, filling the text width of 16.5 cm
    assert [w.cm for w in widths] == pytest.approx([8.25, 4.125, 4.125], abs=0.01)
    assert "Tabelle 1: Indikatoren" in [p.text for p in document.paragraphs]
    # Facts are two-column tables, label and value
    assert [c.text for c in facts[0].rows[0].cells] == [
        "Kurzbeschreibung",
        "Termine online buchen, Anliegen vorab klären.",
    ]
    assert all(len(row.cells) == 2 for row in facts[0].rows)


def test_figures_are_pictures_with_alternative_text() -> None:
    data = to_docx(sample_document())
    document = open_docx(data)
    (shape,) = document.inline_shapes
    description = shape._inline.docPr.get("descr")
    assert description == "Roadmap: zwei Maßnahmen, 2026 bis 2028."
    image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    # 16 cm wide at 200 ppi, in the SVG's proportions (400 × 120)
    width, height = Image.open(io.BytesIO(image.blob)).size
    assert width == pytest.approx(16 / 2.54 * 200, abs=2)
    assert height == pytest.approx(width * 120 / 400, abs=2)
    assert shape.width.cm == pytest.approx(16.0, abs=0.01)
    assert "Abbildung 1: Roadmap" in [p.text for p in document.paragraphs]


def test_links_lists_and_bold_text() -> None:
    data = to_docx(sample_document())
    rels = part_xml(data, "word/_rels/document.xml.rels")
    assert 'Target="https://brandenburg.de"' in rels
    assert "javascript:" not in rels
    document = open_docx(data)
    bullet = [p for p in document.paragraphs if p.text.startswith("Ziel:")]
    ordered = [p for p in document.paragraphs if p.text in {"Erstens", "Zweitens"}]
    assert [p.style.name for p in bullet] == ["List Bullet", "List Bullet"]
    assert [p.style.name for p in ordered] == ["List Number", "List Number"]
    num_ids = {p._p.pPr.numPr.numId.val for p in ordered}
    assert len(num_ids) == 1
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.num_lst if n.numId in num_ids]
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "gemeinsam" in bold


def test_two_ordered_lists_each_start_at_one() -> None:
    items = ((Run("a"),), (Run("b"),))
    sample = replace(
        sample_document(),
        chapters=(Chapter("vorwort", "Vorwort", (ListBlock(items, True), ListBlock(items, True))),),
    )
    document = open_docx(to_docx(sample))
    numbered = [p for p in document.paragraphs if p.text in {"a", "b"}]
    assert len({p._p.pPr.numPr.numId.val for p in numbered}) == 2


def test_hostile_text_everywhere_is_written_inert() -> None:
    nasty = "".join(chr(c) for c in range(32)) + "\ud800\ufffe" + HOSTILE + "]]><w:p/>&amp;"
    hostile = Document(
        title=nasty,
        subtitle=nasty,
        municipality=nasty,
        status_line=nasty,
        issued=date(2026, 1, 1),
        keywords=(nasty,),
        logo=b"not an image",
        chapters=(
            Chapter(
                nasty,
                nasty,
                (
                    Heading(2, nasty, anchor=nasty),
                    Heading(3, nasty),
                    Paragraph((Run(nasty, href="javascript:alert(1)"), Run(nasty, href=nasty))),
                    Paragraph((Run("Link", href="https://example.org/a b"),)),
                    ListBlock(((Run(nasty),),), ordered=True),
                    Table(nasty, (nasty, nasty), ((nasty,), (nasty, nasty, nasty)), (0, -1)),
                    Facts(((nasty, nasty),)),
                    Figure("<svg not really", alt=nasty, caption=nasty),
                ),
            ),
        ),
    )
    data = to_docx(hostile)
    document = open_docx(data)
    expected = clean(nasty)
    assert "\x07" not in expected and "\t" in expected and "\n" in expected
    body = part_xml(data, "word/document.xml")
    assert "<w:p/>&amp;amp;" not in body and "]]&gt;&lt;w:p/&gt;&amp;amp;" in body
    assert "javascript" not in part_xml(data, "word/_rels/document.xml.rels")
    assert "https://example.org/a b" not in part_xml(data, "word/_rels/document.xml.rels")
    assert not document.inline_shapes  # broken logo and broken SVG are left out ...
    texts = " ".join(p.text for p in document.paragraphs)
    assert "#panic(" in texts  # ... and the figure's alternative text stands in its place


def test_a_logo_goes_on_the_title_page_with_alternative_text() -> None:
    logo = io.BytesIO()
    Image.new("RGB", (200, 100), "navy").save(logo, format="PNG")
    document = open_docx(to_docx(replace(sample_document(), logo=logo.getvalue())))
    first = document.inline_shapes[0]
    assert first._inline.docPr.get("descr") == "Logo von Musterstadt an der Havel"
    assert first.width.cm == pytest.approx(4.0, abs=0.01)


# -- municipal Word templates -------------------------------------------------------------


@pytest.mark.db_independent
def test_a_municipal_template_gives_its_styles_and_header(tmp_path) -> None:
    template = municipal_template()
    check_template(template, "corporate-design.docx")
    data = to_docx(sample_document(), template=template)
    document = open_docx(data)

    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x8B, 0x00, 0x00)
    assert styled(document, "Heading 1")[0] == "1 Vorwort"
    assert document.sections[0].header.paragraphs[0].text.startswith("Stadtverwaltung Amtsberg")
    # styles the template lacked came from the default, in the template's font
    assert "toc 1" in {s.name for s in document.styles}
    assert document.styles["Hyperlink"].font.name is None
    text = libreoffice_pdf_text(data, tmp_path, "docx")
    assert "Stadtverwaltung Amtsberg – Der Bürgermeister" in text
    assert "Vorlagentext" not in text
    for number, chapter in enumerate(sample_document().chapters, start=1):
        assert f"{number} {chapter.title}" in text


def test_a_dotx_template_is_accepted_and_opened_as_document() -> None:
    template = as_dotx(municipal_template())
    assert TEMPLATE_MAIN in part_xml(template, "[Content_Types].xml")
    check_template(template, "vorlage.dotx")
    data = to_docx(sample_document(), template=template)
    types = part_xml(data, "[Content_Types].xml")
    assert DOCUMENT_MAIN in types and TEMPLATE_MAIN not in types
    assert styled(open_docx(data), "Heading 1")[0] == "1 Vorwort"


def test_the_default_template_passes_its_own_check() -> None:
    check_template(DEFAULT_TEMPLATE.read_bytes(), "standard.docx")


def test_not_a_zip_is_refused() -> None:
    error = check_error(b"%PDF-1.7 this is no Word file")
    assert error.code == "not_zip"
    assert "keine Word-Datei" in error.messages[0]


def test_a_zip_bomb_is_refused_without_unpacking_it() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", part_xml(municipal_template(), "[Content_Types].xml")
        )
        archive.writestr("word/media/image1.png", b"\0" * (30 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    started = time.monotonic()
    error = check_error(bomb.getvalue())
    assert error.code == "bomb"
    assert "Sicherheit" in error.messages[0]
    assert time.monotonic() - started < 1


def test_an_archive_with_too_many_files_is_refused() -> None:
    many = rewrite(municipal_template(), {f"word/media/x{n}.bin": b"x" for n in range(1001)})
    assert check_error(many).code == "bomb"


@pytest.mark.parametrize(
    "change",
    [
        "content_type",
        "vba_project",
    ],
)
def test_macro_enabled_templates_are_refused(change: str) -> None:
    template = municipal_template()
    if change == "content_type":
        types = part_xml(template, "[Content_Types].xml").replace(
            DOCUMENT_MAIN, "application/vnd.ms-word.document.macroEnabled.main+xml"
        )
        template = rewrite(template, {"[Content_Types].xml": types.encode()})
    else:
        template = rewrite(template, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    error = check_error(template)
    assert error.code == "macros"
    assert "Makros" in error.messages[0]


def test_docm_files_are_refused_by_name() -> None:
    assert check_error(municipal_template(), "vorlage.docm").code == "macros"
    assert check_error(municipal_template(), "vorlage.pdf").code == "extension"


def test_a_50_mb_file_is_refused() -> None:
    error = check_error(b"PK" + b"\0" * (50 * 1024 * 1024))
    assert error.code == "size"
    assert "10 MB" in error.messages[0]


def test_missing_styles_are_named_in_the_error() -> None:
    template = without_styles(municipal_template(), "Title", "heading 2")
    error = check_error(template)
    assert error.code == "styles"
    assert "Title (Titel)" in error.messages[0]
    assert "Heading 2 (Überschrift 2)" in error.messages[0]
    assert "Normal" not in error.messages[0]


def test_xml_with_entities_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;'
        "</w:styles>"
    )
    template = rewrite(municipal_template(), {"word/styles.xml": laughs.encode()})
    assert check_error(template).code == "invalid"


def test_a_damaged_archive_is_refused() -> None:
    template = bytearray(municipal_template())
    # flip bytes inside the compressed data of the first entry ([Content_Types].xml)
    start = 30 + len("[Content_Types].xml")
    template[start + 10 : start + 40] = b"\xff" * 30
    assert check_error(bytes(template)).code == "invalid"


def test_a_template_python_docx_cannot_use_is_refused() -> None:
    broken = rewrite(municipal_template(), {"word/document.xml": b"<not-word/>"})
    assert check_error(broken).code == "unusable"


# -- upload pages -------------------------------------------------------------------------


def upload_url(municipality) -> str:
    return reverse("word_templates:upload", kwargs={"slug": municipality.slug})


def docx_upload(content: bytes, name: str = "corporate-design.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.django_db
def test_a_coordinator_uploads_a_template_that_exports_then_use(municipality_a, as_persona) -> None:
    client = as_persona("coordinator")
    response = client.post(
        upload_url(municipality_a),
        {"file": docx_upload(municipal_template()), "name": "Corporate Design", "activate": "on"},
    )
    assert response.status_code == 302
    template = WordTemplate.objects.get(municipality=municipality_a)
    assert template.is_active and template.name == "Corporate Design"
    assert template.filename == "corporate-design.docx"
    content = services.active_template(municipality_a)
    assert content is not None
    exported = open_docx(to_docx(sample_document(), template=content))
    assert exported.styles["Normal"].font.name == "Georgia"

    page = client.get(reverse("word_templates:list", kwargs={"slug": municipality_a.slug}))
    assert "Corporate Design" in page.content.decode()
    assert "Word-Exporte verwenden die Vorlage „Corporate Design“" in page.content.decode()


@pytest.mark.django_db
def test_an_upload_without_a_name_is_named_after_its_file_and_can_wait(
    municipality_a, as_persona
) -> None:
    response = as_persona("coordinator").post(
        upload_url(municipality_a), {"file": docx_upload(municipal_template(), "Amtsberg CD.docx")}
    )
    assert response.status_code == 302
    template = WordTemplate.objects.get()
    assert template.name == "Amtsberg CD" and not template.is_active
    assert services.active_template(municipality_a) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"no zip", "vorlage.docx", "keine Word-Datei"),
        (None, "vorlage.docm", "Makros"),
        (b"PK" + b"\0" * (50 * 1024 * 1024), "gross.docx", "größer als 10 MB"),
        ("no_title", "vorlage.docx", "Title (Titel)"),
    ],
)
def test_a_bad_upload_is_refused_with_a_german_message_and_nothing_stored(
    municipality_a, as_persona, content, name, message
) -> None:
    if content is None:
        content = municipal_template()
    elif content == "no_title":
        content = without_styles(municipal_template(), "Title")
    response = as_persona("coordinator").post(
        upload_url(municipality_a), {"file": docx_upload(content, name), "activate": "on"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WordTemplate.objects.exists()


@pytest.mark.django_db
def test_a_new_active_template_replaces_the_old_one_and_can_be_switched_off(
    municipality_a, people, as_persona
) -> None:
    client = as_persona("coordinator")
    for name in ("Erste", "Zweite"):
        client.post(
            upload_url(municipality_a),
            {"file": docx_upload(municipal_template()), "name": name, "activate": "on"},
        )
    first, second = WordTemplate.objects.order_by("pk")
    assert [first.is_active, second.is_active] == [False, True]
    url = reverse("word_templates:set_active", kwargs={"slug": municipality_a.slug, "pk": first.pk})
    assert client.post(url, {"active": "1"}).status_code == 302
    assert list(WordTemplate.objects.filter(is_active=True)) == [first]
    assert client.post(url, {"active": "0"}).status_code == 302
    assert services.active_template(municipality_a) is None
    assert client.post(url, {"active": "vielleicht"}).status_code == 400

    delete = reverse("word_templates:delete", kwargs={"slug": municipality_a.slug, "pk": first.pk})
    assert client.post(delete).status_code == 302
    assert list(WordTemplate.objects.all()) == [second]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "contributor", "reader", "adviser"])
def test_only_coordinators_upload(municipality_a, as_persona, persona) -> None:
    response = as_persona(persona).post(
        upload_url(municipality_a), {"file": docx_upload(municipal_template()), "activate": "on"}
    )
    assert response.status_code == 403
    assert not WordTemplate.objects.exists()


@pytest.mark.django_db
def test_another_municipality_can_neither_see_nor_change_the_templates(
    municipality_a, municipality_b, people, as_persona
) -> None:
    content = municipal_template()
    template = services.add_word_template(
        municipality_a, name="Geheim", filename="geheim.docx", content=content,
        uploaded_by=people["coordinator"], activate=True,
    )  # fmt: skip
    outsider = as_persona("outsider")  # coordinator of B
    assert (
        outsider.post(upload_url(municipality_a), {"file": docx_upload(content)}).status_code == 404
    )
    for name, method in (("download", "get"), ("set_active", "post"), ("delete", "post")):
        # neither under A's address nor under B's own
        for slug in (municipality_a.slug, municipality_b.slug):
            url = reverse(f"word_templates:{name}", kwargs={"slug": slug, "pk": template.pk})
            response = getattr(outsider, method)(url, {"active": "0"})
            assert response.status_code == 404, (name, slug)
    template.refresh_from_db()
    assert template.is_active
    assert WordTemplate.objects.count() == 1
    anonymous = as_persona("anonymous").post(
        upload_url(municipality_a), {"file": docx_upload(content)}
    )
    assert anonymous.status_code == 302 and WordTemplate.objects.count() == 1


@pytest.mark.django_db
def test_downloads_are_private_attachments(municipality_a, people, as_persona) -> None:
    content = municipal_template()
    template = services.add_word_template(
        municipality_a, name="CD", filename="cd.dotx", content=content,
        uploaded_by=people["coordinator"], activate=False,
    )  # fmt: skip
    client = as_persona("coordinator")
    response = client.get(
        reverse("word_templates:download", kwargs={"slug": municipality_a.slug, "pk": template.pk})
    )
    assert response.content == content
    assert response["Content-Disposition"] == 'attachment; filename="cd.dotx"'
    assert response["Cache-Control"] == "private, no-store"
    default = client.get(reverse("word_templates:default", kwargs={"slug": municipality_a.slug}))
    assert default.content == DEFAULT_TEMPLATE.read_bytes()


# -- Beschlussvorlage -----------------------------------------------------------------------


def test_euro_amounts_are_written_the_german_way() -> None:
    assert format_euro(Decimal("1234567")) == "1.234.567,00 €"
    assert format_euro(Decimal("0.5")) == "0,50 €"
    assert format_euro(Decimal("-1000.005")) == "-1.000,00 €"


def test_costs_per_year_follow_the_dashboard_rules() -> None:
    measures = [
        {"id": "measure-1", "title": "A", "cost_one_off": "1000.00", "cost_running": "1200.00",
         "start": "2027-01-01", "end": "2028-06-30"},
        {"id": "measure-2", "title": "B", "cost_one_off": None, "cost_running": "600.00",
         "start": "2027-07-01", "end": None},
        {"id": "measure-3", "title": "C", "cost_one_off": "50.00", "cost_running": None,
         "start": None, "end": None},
        {"id": "measure-4", "title": "D", "cost_one_off": None, "cost_running": None},
    ]  # fmt: skip
    costs = sum_costs(measures, "2028-12-31", {"measure-2": 6})
    assert costs.one_off == Decimal("1050.00") and costs.running == Decimal("1800.00")
    assert costs.per_year == (
        ("2027", Decimal("1000.00"), Decimal("1500.00")),  # 12/12 of 1200 + 6/12 of 600
        ("2028", Decimal("0"), Decimal("600.00")),  # 6/12 of 1200
    )
    assert costs.undated == (Decimal("50.00"), Decimal("0"))
    assert costs.without_costs == 1


@pytest.fixture
def costed_strategy(municipality_a):
    strategy = Strategy.objects.create(
        municipality=municipality_a,
        title="Digitalstrategie Amtsberg 2030",
        vision="Amtsberg ist 2030 eine digitale Gemeinde, die niemanden zurücklässt.",
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
    )
    FieldOfAction.objects.create(strategy=strategy, title="Verwaltung")
    for title, one_off, running, start in (
        ("Digitales Bürgerbüro", "1000000.00", "12000.00", date(2027, 1, 1)),
        ("Glasfaser für Schulen", "234567.00", "500.50", date(2028, 3, 1)),
        ("Open-Data-Portal", None, None, None),
    ):
        Measure.objects.create(
            strategy=strategy,
            title=title,
            cost_one_off=one_off and Decimal(one_off),
            cost_running=running and Decimal(running),
            start=start,
        )
    return strategy


@pytest.mark.django_db
def test_the_beschlussvorlage_sums_the_costs_of_the_measures(costed_strategy, tmp_path) -> None:
    data = beschlussvorlage(costed_strategy, issued=date(2026, 11, 27))
    text = libreoffice_pdf_text(data, tmp_path, "docx")

    assert "Beschlussvorlage" in text
    assert "Beschluss der Digitalstrategie Amtsberg 2030" in text
    for heading in (
        "Betreff",
        "Beschlussvorschlag",
        "Begründung",
        "Finanzielle Auswirkungen",
        "Anlagen",
    ):
        assert heading in text
    assert "Einmalige Kosten insgesamt 1.234.567,00 €" in text
    assert "Laufende Kosten pro Jahr insgesamt 12.500,50 €" in text
    # Brandenburg, Gemeinde: the Gemeindevertretung decides
    assert "Die Gemeindevertretung beschließt die Digitalstrategie" in text
    assert "für die Jahre 2026 bis 2030" in text
    assert "niemanden zurücklässt" in text  # reasoning from the vision (no summary chapter)
    assert "2027 1.000.000,00 € 12.000,00 € 1.012.000,00 €" in text
    assert "Für 1 Maßnahme wurden noch keine Kosten geschätzt." in text
    assert "Anlage 1: Digitalstrategie „Digitalstrategie Amtsberg 2030“ (Strategiedokument)" in text
    assert "Anlage 2: Maßnahmensteckbriefe (3 Maßnahmen)" in text


@pytest.mark.django_db
def test_the_beschlussvorlage_of_a_snapshot_uses_its_summary_and_the_body(costed_strategy) -> None:
    from schreibwerkstatt.documents.snapshot import take_snapshot

    snapshot = take_snapshot(costed_strategy)
    for chapter in snapshot["chapters"]:
        if chapter["key"] == "zusammenfassung":
            chapter["text"] = "## Kurz gesagt\n\nWir machen **Amtsberg** digital.\n\n- Erstens"
    data = beschlussvorlage(
        snapshot, body="Stadtverordnetenversammlung", template=municipal_template()
    )
    document = open_docx(data)
    texts = [p.text for p in document.paragraphs]
    assert "Wir machen Amtsberg digital." in texts and "Erstens" in texts
    assert not any("zurücklässt" in t for t in texts)
    assert any(t.startswith("Die Stadtverordnetenversammlung beschließt") for t in texts)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "1.234.567,00 €" in cells and "12.500,50 €" in cells
    assert document.styles["Normal"].font.name == "Georgia"  # the municipality's template


# db_independent: the demo's document is read from the database here as in test_pdf.py's
# demo test, which runs on PostgreSQL too; what this one adds is LibreOffice reading the DOCX.
@pytest.mark.db_independent
@pytest.mark.django_db
def test_the_demo_strategy_converts_with_every_heading_and_measure(tmp_path) -> None:
    document, titles = demo_document()
    text = libreoffice_pdf_text(to_docx(document), tmp_path, "docx")
    assert len(titles) > 5
    assert_every_heading_and_measure(document, titles, text, lambda s: " ".join(s.split()))
