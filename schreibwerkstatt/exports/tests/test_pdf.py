"""The PDF export: tagged PDF/UA-1, every heading in the text, user text printed literally,
fonts with a clean fallback. Read back with poppler (pdfinfo, pdftotext, pdffonts)."""

import io
import logging
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from schreibwerkstatt.documents.blocks import Chapter, Figure, Heading, Paragraph, Run, Table
from schreibwerkstatt.exports import pdf as pdf_module
from schreibwerkstatt.exports.pdf import PdfExportError, to_pdf

from .demo_strategy import assert_every_heading_and_measure, demo_document
from .sample import HOSTILE, SVG, sample_document

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext") and shutil.which("pdffonts")
if not POPPLER and not os.environ.get("REQUIRE_BROWSER"):
    pytestmark = pytest.mark.skip(reason="poppler-utils (pdfinfo, pdftotext) is not installed")

FONTS_BUILT = (pdf_module.FONT_DIR / "FiraSans-Regular.ttf").is_file()


def poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed poppler tools, our own file
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def plain(text: str) -> str:
    """pdftotext's text with line breaks and runs of spaces as single spaces."""
    return re.sub(r"\s+", " ", text)


def png(width: int = 60, height: int = 80) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (32, 68, 170)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return to_pdf(sample_document())


def test_it_writes_a_tagged_pdf_ua_1_with_title_and_language(sample_pdf, tmp_path):
    info = poppler("pdfinfo", sample_pdf, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Digitalstrategie Musterstadt 2030$", info, re.MULTILINE)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.MULTILINE)
    metadata = poppler("pdfinfo", sample_pdf, tmp_path, "-meta")
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", metadata)
    assert re.search(r"<dc:language><rdf:Bag><rdf:li>de-DE</rdf:li>", metadata)


def test_it_prints_every_chapter_and_every_measure_title(sample_pdf, tmp_path):
    text = plain(poppler("pdftotext", sample_pdf, tmp_path))
    document = sample_document()
    for number, chapter in enumerate(document.chapters, start=1):
        assert f"{number} {chapter.title}" in text  # numbered chapter heading
    for n in (1, 2, 3):
        assert f"M{n} Digitales Bürgerbüro – Teil {n}" in text
    assert "Inhaltsverzeichnis" in text
    assert "Seite 3 von" in text  # footer
    assert "Gemeinsam digital" in text and "Entwurf vom 27.11.2026" in text  # title page


def test_the_table_of_contents_lists_chapters_with_their_pages(sample_pdf, tmp_path):
    contents = poppler("pdftotext", sample_pdf, tmp_path, "-layout", "-f", "2", "-l", "2")
    assert "Inhaltsverzeichnis" in contents
    leader = r"[ .\u2060]+"  # dots, then a word joiner before the page number
    assert re.search(rf"1 Vorwort{leader}3\n", contents)
    assert re.search(rf"4 Anhang: Maßnahmensteckbriefe{leader}6\n", contents)
    assert re.search(rf"4\.3 M3 Digitales Bürgerbüro – Teil 3{leader}6\n", contents)


def test_user_text_is_printed_literally_and_never_run_as_typst(tmp_path):
    document = replace(sample_document(), title='#panic("x") #set page(width: 1cm)')
    pdf = to_pdf(document)
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert '#panic("x") #set page(width: 1cm)' in text
    assert plain(HOSTILE) in text  # paragraph; the table cell wraps, see below
    assert "<script>alert(1)</script> {{ x }} \\ $ * _ [link]" in text
    assert "Steuerzeichen: Ende" in text  # control characters removed
    info = poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.MULTILINE)


def test_a_figure_without_alternative_text_is_refused():
    document = sample_document()
    chapters = (*document.chapters, Chapter("extra", "Extra", (Figure(SVG, alt=""),)))
    with pytest.raises(PdfExportError, match="alt"):
        to_pdf(replace(document, chapters=chapters))


@pytest.mark.skipif(not FONTS_BUILT and not os.environ.get("REQUIRE_BROWSER"), reason="no fonts")
def test_it_embeds_the_kern_font_fira_sans(sample_pdf, tmp_path):
    assert FONTS_BUILT, "run tools/build_fonts.py (make setup)"
    fonts = poppler("pdffonts", sample_pdf, tmp_path)
    assert "FiraSans-Regular" in fonts and "FiraSans-SemiBold" in fonts
    licence = (pdf_module.FONT_DIR / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "The Mozilla Foundation and Telefonica S.A." in licence


def test_without_the_kern_font_it_falls_back_to_typsts_fonts_and_warns(tmp_path, caplog):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    with caplog.at_level(logging.WARNING, logger="schreibwerkstatt.exports.pdf"):
        pdf = to_pdf(sample_document(), font_dir=empty)
    assert "Fira Sans is missing" in caplog.text
    fonts = poppler("pdffonts", pdf, tmp_path)
    assert "FiraSans" not in fonts and "LibertinusSerif" in fonts
    assert "Digitalstrategie Musterstadt 2030" in poppler("pdftotext", pdf, tmp_path)


def test_the_logo_goes_on_the_title_page_and_a_broken_one_is_left_out(tmp_path, caplog):
    with_logo = to_pdf(replace(sample_document(), logo=png()))
    images = poppler("pdfimages", with_logo, tmp_path, "-list", "-f", "1", "-l", "1")
    assert len(images.strip().splitlines()) == 3  # two header lines and the logo

    with caplog.at_level(logging.WARNING, logger="schreibwerkstatt.exports.pdf"):
        broken = to_pdf(replace(sample_document(), logo=b"\x89PNG\r\n\x1a\n not really"))
    assert "not a PNG or JPEG" in caplog.text
    assert poppler("pdfinfo", broken, tmp_path).count("Tagged:") == 1


def test_tables_with_odd_shapes_are_set_without_error(tmp_path):
    odd = Table(
        "Ungleich",
        ("A", "B", "C"),
        (("eins",), ("a", "b", "c", "überzählig")),
        widths=(1.0, 0.0),  # wrong length: equal columns
    )
    chapter = Chapter("extra", "Tabellen", (Heading(4, "Tiefe Ebene"), odd, Paragraph(())))
    document = replace(sample_document(), chapters=(chapter,))
    text = plain(poppler("pdftotext", to_pdf(document), tmp_path))
    assert "eins" in text and "Tiefe Ebene" in text
    assert "überzählig" not in text


def test_links_keep_only_safe_targets(tmp_path):
    paragraph = Paragraph(
        (Run("sicher", href="https://example.org"), Run(" unsicher", href="javascript:alert(1)"))
    )
    document = replace(sample_document(), chapters=(Chapter("x", "Links", (paragraph,)),))
    pdf = to_pdf(document)
    raw = pdf.decode("latin-1")
    assert "https://example.org" in raw
    assert "javascript:" not in raw
    assert "sicher unsicher" in plain(poppler("pdftotext", pdf, tmp_path))


@pytest.mark.django_db
def test_the_demo_strategy_prints_every_chapter_heading_and_measure_title(tmp_path):
    document, titles = demo_document()
    pdf = to_pdf(document)

    info = poppler("pdfinfo", pdf, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1]) > 20
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert len(titles) >= 10
    assert_every_heading_and_measure(document, titles, text, plain)


def test_characters_no_font_can_show_are_replaced_instead_of_failing_the_ua_check(tmp_path):
    title = "Strategie 🚀 中文 ✓ Gru\u0308n\ufeff"  # emoji, CJK, a symbol, a decomposed "ü"
    pdf = to_pdf(replace(sample_document(), title=title))
    text = plain(poppler("pdftotext", pdf, tmp_path))
    assert "Strategie □ □□ ✓ Grün" in text
    assert "🚀" not in text


def test_empty_titles_get_a_stand_in_because_pdf_ua_needs_them(tmp_path):
    chapters = (Chapter("leer", "  ", (Heading(2, ""), Paragraph((Run("Inhalt"),)))),)
    document = replace(sample_document(), title="", subtitle="", municipality="", chapters=chapters)
    pdf = to_pdf(document)
    assert re.search(r"^Title:\s+Digitalstrategie$", poppler("pdfinfo", pdf, tmp_path), re.M)
    assert "1 Kapitel 1" in plain(poppler("pdftotext", pdf, tmp_path))


def test_a_character_typst_cannot_show_is_learned_and_the_export_retried(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(pdf_module, "_learned", set())
    monkeypatch.setattr(pdf_module, "_learned_pattern", None)
    with caplog.at_level(logging.WARNING, logger="schreibwerkstatt.exports.pdf"):
        pdf = to_pdf(replace(sample_document(), title="Erledigt \u2705 heute"))
    assert "Erledigt □ heute" in plain(poppler("pdftotext", pdf, tmp_path))
    assert pdf_module._learned == {"\u2705"}
    assert "without a glyph" in caplog.text


def test_the_font_build_converts_fira_sans_and_writes_its_licence(tmp_path):
    import importlib.util

    from fontTools.ttLib import TTFont

    script = Path(__file__).resolve().parents[3] / "tools" / "build_fonts.py"
    spec = importlib.util.spec_from_file_location("build_fonts", script)
    build_fonts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_fonts)
    if not build_fonts.SOURCE.is_dir():
        pytest.skip("node_modules is not installed (npm ci)")

    assert "Regular" in build_fonts.STYLES and "SemiBold" in build_fonts.STYLES
    assert build_fonts.build(build_fonts.SOURCE, tmp_path, styles=("Regular",)) == 0
    assert [p.name for p in tmp_path.glob("*.ttf")] == ["FiraSans-Regular.ttf"]
    font = TTFont(tmp_path / "FiraSans-Regular.ttf")
    assert font.flavor is None and font["name"].getDebugName(1) == "Fira Sans"
    licence = (tmp_path / "OFL.txt").read_text()
    assert licence.startswith("Fira Sans\nDigitized data copyright © 2012-2015, The Mozilla")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "DISCLAIMER" in licence
    assert build_fonts.build(tmp_path / "missing", tmp_path / "out") == 1
