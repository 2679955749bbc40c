"""The ODT export: a file LibreOffice opens, with the structure of a Writer document."""

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from defusedxml.ElementTree import fromstring
from PIL import Image

from schreibwerkstatt.documents.blocks import Chapter, Document, Paragraph, Run
from schreibwerkstatt.exports.odt import CONTENT_TYPE, to_odt

from .demo_strategy import assert_every_heading_and_measure, demo_document
from .libreoffice import libreoffice_pdf_text
from .sample import CONTROL, HOSTILE, sample_document

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def parts(data: bytes) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("mimetype") == CONTENT_TYPE.encode()
        return {
            name: fromstring(package.read(name))
            for name in ("content.xml", "styles.xml", "meta.xml")
        }


def all_text(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#0b5394").save(buffer, format="PNG")
    return buffer.getvalue()


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value)


@pytest.mark.db_independent
def test_libreoffice_converts_it_and_the_pdf_has_every_heading_and_measure(tmp_path: Path) -> None:
    document = replace(sample_document(), logo=logo_png(), logo_name="wappen.png")

    pdf_text = libreoffice_pdf_text(to_odt(document), tmp_path, "odt")

    for number, chapter in enumerate(document.chapters, start=1):
        assert f"{number} {chapter.title}" in pdf_text
    for n in (1, 2, 3):
        assert f"M{n} Digitales Bürgerbüro – Teil {n}" in pdf_text
    assert "Inhalt" in pdf_text  # the table of contents, in German
    assert "Seite 3 von" in pdf_text  # the footer with its page fields
    assert "Tabelle 1: Indikatoren" in pdf_text
    assert "2.1 Verwaltung und Bürgerservice" in pdf_text
    # Each table-of-contents entry shows the page its chapter starts on.
    assert re.search(r"1 Vorwort\.{5,} ?3 ", pdf_text)


def test_user_text_stays_literal_and_invalid_characters_are_removed() -> None:
    content = parts(to_odt(sample_document()))["content.xml"]
    body_text = all_text(content)

    assert HOSTILE.replace("  ", " ") in body_text
    assert "Steuerzeichen: Ende" in body_text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", body_text)
    assert CONTROL not in body_text
    # The javascript: "link" is text, never a hyperlink.
    hrefs = [a.get(q("xlink:href")) for a in content.iter(q("text:a"))]
    assert "https://brandenburg.de" in hrefs
    assert not any(href.lower().startswith("javascript") for href in hrefs)


def test_only_web_and_mail_links_become_hyperlinks() -> None:
    document = replace(
        sample_document(),
        chapters=(
            Chapter(
                "vorwort",
                "Vorwort",
                (
                    Paragraph(
                        (
                            Run("böse", href="javascript:alert(1)"),
                            Run(" Post", href="mailto:rathaus@example.org"),
                            Run(" Datei", href="file:///etc/passwd"),
                        )
                    ),
                ),
            ),
        ),
    )
    content = parts(to_odt(document))["content.xml"]
    hrefs = [a.get(q("xlink:href")) for a in content.iter(q("text:a"))]
    assert [h for h in hrefs if not h.startswith("#")] == ["mailto:rathaus@example.org"]
    assert "böse Post Datei" in all_text(content)


def test_it_has_the_structure_of_a_writer_document() -> None:
    document = replace(sample_document(), logo=logo_png())
    files = parts(to_odt(document))
    styles, content, meta = files["styles.xml"], files["content.xml"], files["meta.xml"]

    named = {s.get(q("style:name")): s for s in styles.iter(q("style:style"))}
    for name in ("Title", "Text_20_body", "Table_20_Contents", "Table_20_Heading", "Caption"):
        assert name in named
    for level in (1, 2, 3):
        assert named[f"Heading_20_{level}"].get(q("style:default-outline-level")) == str(level)
    # Chapters (1) and their sections (1.1) are numbered by the outline numbering, as in the
    # PDF; deeper headings are not.
    outline = styles.find(".//text:outline-style", NS)
    formats = [s.get(q("style:num-format")) for s in outline]
    assert formats[:2] == ["1", "1"] and set(formats[2:]) == {""}
    assert outline[1].get(q("text:display-levels")) == "2"
    # Running header and "page N of M" in the footer of the text pages.
    master = styles.find(".//style:master-page[@style:name='Standard']", NS)
    assert all_text(master.find("style:header", NS)).startswith(document.title)
    assert master.find(".//text:page-number", NS) is not None
    assert master.find(".//text:page-count", NS) is not None

    body = content.find(".//office:text", NS)
    toc = body.find("text:table-of-content", NS)
    assert toc is not None
    entries = [all_text(p) for p in toc.find("text:index-body", NS).iter(q("text:p"))]
    assert entries[1].startswith("1 Vorwort")
    headings = [(h.get(q("text:outline-level")), all_text(h)) for h in body.iter(q("text:h"))]
    assert ("1", "Vorwort") in headings
    assert ("2", "Verwaltung und Bürgerservice") in headings
    assert "2.1 Verwaltung und Bürgerservice1" in entries  # the 1 is the page field

    # Column widths follow the relative widths 2 : 1 : 1.
    tables = list(body.iter(q("table:table")))
    columns = [c.get(q("table:style-name")) for c in tables[0].iter(q("table:table-column"))]
    widths = {
        s.get(q("style:name")): float(
            s.find("style:table-column-properties", NS).get(q("style:column-width"))[:-2]
        )
        for s in content.iter(q("style:style"))
        if s.get(q("style:family")) == "table-column"
    }
    assert widths[columns[0]] == pytest.approx(2 * widths[columns[1]], rel=0.01)
    assert tables[0].find("table:table-header-rows", NS) is not None

    # The logo and the chart are PNG images with a text alternative.
    frames = list(body.iter(q("draw:frame")))
    assert len(frames) == 2
    logo, chart = frames
    assert "Musterstadt an der Havel" in all_text(logo.find("svg:desc", NS))
    assert all_text(chart.find("svg:desc", NS)) == "Roadmap: zwei Maßnahmen, 2026 bis 2028."
    assert all_text(chart.find("svg:title", NS)) == "Roadmap"
    assert chart.find("draw:image", NS).get(q("xlink:href")).endswith(".png")

    assert meta.find(".//dc:title", NS).text == document.title
    assert meta.find(".//dc:language", NS).text == "de"


def test_an_unreadable_logo_is_left_out() -> None:
    document = replace(sample_document(), logo=b"<svg>not a raster image</svg>")
    content = parts(to_odt(document))["content.xml"]
    assert len(list(content.iter(q("draw:frame")))) == 1  # only the chart


def test_an_empty_document_still_exports() -> None:
    document = Document(
        title="Leer",
        subtitle="",
        municipality="",
        status_line="",
        issued=sample_document().issued,
        chapters=(),
    )
    content = parts(to_odt(document))["content.xml"]
    assert "Leer" in all_text(content)


# db_independent: the demo's document is read from the database here as in test_pdf.py's
# demo test, which runs on PostgreSQL too; what this one adds is LibreOffice reading the ODT.
@pytest.mark.db_independent
@pytest.mark.django_db
def test_the_demo_strategy_converts_with_every_chapter_heading_and_measure_title(
    tmp_path: Path,
) -> None:
    document, titles = demo_document()

    pdf_text = libreoffice_pdf_text(to_odt(document), tmp_path, "odt")

    assert len(titles) >= 10
    assert_every_heading_and_measure(document, titles, pdf_text, flat)
