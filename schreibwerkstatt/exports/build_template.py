"""Build the default Word template (exports/templates/default.docx) once.

Run `python -m schreibwerkstatt.exports.build_template` after changing a style here and
commit the result; the export reads the shipped file and never builds it at run time.
It starts from python-docx's own template and sets the styles a municipal document needs:
Title, Subtitle, Heading 1–3, Normal, Caption, TOC Heading, toc 1–2, Hyperlink, Table
Grid; A4 with margins, a footer with page numbers (PAGE and NUMPAGES fields), no header
or footer on the title page. The running header stays empty: the export writes the
strategy's title into it (exports/docx.py).

Text font is Fira Sans, the KERN font. Word and LibreOffice substitute it where it is not
installed: the font table says it is a sans-serif ("swiss") font with Arial as the
alternative name, so the substitute is Arial or Liberation Sans, never a serif font.
"""

import io
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).parent / "templates" / "default.docx"
FONT = "Fira Sans"
FALLBACK = "Arial"
BLUE = RGBColor(0x1B, 0x36, 0x5D)
TEXT = RGBColor(0x1E, 0x1E, 0x1E)
GREY = RGBColor(0x4A, 0x4A, 0x4A)
LINK = RGBColor(0x0B, 0x53, 0x94)
TEXT_WIDTH = Cm(21.0 - 2.5 - 2.0)


def _set_fonts(rpr, name: str = FONT) -> None:
    """Explicit fonts for all scripts; theme fonts (Calibri, Cambria) would override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), name)


def _plain_color(rpr) -> None:
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attribute), None)


def _style(document, name: str, kind=WD_STYLE_TYPE.PARAGRAPH):
    try:
        return document.styles[name]
    except KeyError:
        return document.styles.add_style(name, kind)


def _paragraph_style(
    document,
    name: str,
    *,
    size: float,
    color: RGBColor = TEXT,
    bold: bool = False,
    before: float = 0,
    after: float = 6,
    keep_with_next: bool = False,
    page_break_before: bool = False,
):
    style = _style(document, name)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = color
    _set_fonts(style.element.get_or_add_rPr())
    _plain_color(style.element.get_or_add_rPr())
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_with_next
    fmt.page_break_before = page_break_before
    # Borders of python-docx's Title style do not fit a municipal title page.
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    return style


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) with its last value, shown until it is updated."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _font_table(document) -> None:
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE
    )
    from lxml import etree

    root = etree.fromstring(part.blob)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), FONT)
    for tag, value in (
        ("w:altName", FALLBACK),
        ("w:panose1", "020B0503050000020004"),
        ("w:charset", "00"),
        ("w:family", "swiss"),
        ("w:pitch", "variable"),
    ):
        element = etree.SubElement(font, qn(tag))
        element.set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_ballast(document) -> None:
    """python-docx's template carries 130 table styles, a second style sheet for Word 2010,
    a bibliography part and a thumbnail: 800 KB that every export would copy."""
    styles_root = document.styles.element
    for style in styles_root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and name.get(qn("w:val")) not in {
            "Normal Table",
            "Table Grid",
        }:
            styles_root.remove(style)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype == RT.CUSTOM_XML:
            del document.part.rels[rel_id]
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]


def build() -> bytes:
    document = docx.Document()
    styles_root = document.styles.element
    defaults = styles_root.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr)
    lang = default_rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "de-DE")
    lang.set(qn("w:eastAsia"), "de-DE")

    normal = _paragraph_style(document, "Normal", size=11, after=6)
    normal.paragraph_format.line_spacing = 1.2
    title = _paragraph_style(document, "Title", size=30, color=BLUE, bold=True, after=12)
    title.element.get_or_add_rPr()
    _paragraph_style(document, "Subtitle", size=16, color=BLUE, after=24)
    _paragraph_style(
        document, "Heading 1", size=20, color=BLUE, bold=True, after=12,
        keep_with_next=True, page_break_before=True,
    )  # fmt: skip
    _paragraph_style(
        document, "Heading 2", size=14, color=BLUE, bold=True, before=18, after=6,
        keep_with_next=True,
    )  # fmt: skip
    _paragraph_style(
        document, "Heading 3", size=12, color=TEXT, bold=True, before=12, after=4,
        keep_with_next=True,
    )  # fmt: skip
    _paragraph_style(document, "Caption", size=9, color=GREY, before=4, after=10)
    toc_heading = _paragraph_style(
        document, "TOC Heading", size=20, color=BLUE, bold=True, after=12, page_break_before=True
    )
    toc_heading.paragraph_format.keep_with_next = True
    for level, indent in ((1, 0.0), (2, 0.6)):
        toc = _paragraph_style(document, f"toc {level}", size=11, bold=level == 1, after=4)
        toc.base_style = document.styles["Normal"]
        toc.paragraph_format.left_indent = Cm(indent)
        toc.paragraph_format.tab_stops.add_tab_stop(
            TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    for name in ("Header", "Footer"):
        _paragraph_style(document, name, size=9, color=GREY, after=0)
    for name in ("List Bullet", "List Number", "List Paragraph"):
        _paragraph_style(document, name, size=11, after=3)
    link = _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = LINK
    link.font.underline = True

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Seite ")
    _field(footer, "PAGE", "1")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES", "1")

    # The body stays empty: the export fills it.
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    _font_table(document)
    settings = document.settings.element
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "de-DE")
    _drop_ballast(document)
    properties = document.core_properties
    properties.author = "Schreibwerkstatt"
    properties.title = ""
    properties.comments = ""
    properties.language = "de-DE"
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    sys.stdout.write(f"{TARGET}\n")


if __name__ == "__main__":
    main()
