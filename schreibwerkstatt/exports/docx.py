"""The strategy document and the council resolution draft as Word files (python-docx).

`to_docx(document, template)` walks the blocks of documents/blocks.py into a copy of a Word
template: the shipped default (exports/templates/default.docx, built by
exports/build_template.py) or a municipality's own (exports/models.WordTemplate, checked by
exports/templates_check.py). Of a municipality's template we keep its styles, sections,
page set-up, headers and footers (logo) and replace the body; styles the export needs but
the template lacks are copied from the default without their fonts, so they take the
template's font.

Most XML is written directly with lxml: python-docx's object API costs several times more
per table cell, and a strategy has tables of hundreds of rows. User text goes only into
text nodes (never parsed) after removing characters XML cannot hold (`clean`), so nothing
a person types is interpreted.

`beschlussvorlage(source)` writes the council's resolution draft for a strategy: subject,
decision proposal, reasoning, financial effects summed from the measures, attachments.
"""

import copy
import io
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import docx
import typst
import vl_convert
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from schreibwerkstatt.documents import blocks as b
from schreibwerkstatt.exports.memory import without_cycle_collection

from .templates_check import as_document

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "default.docx"
FONT_DIR = Path(__file__).parent / "fonts"  # Fira Sans as TTF, built by tools/build_fonts.py
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Characters XML 1.0 cannot hold (C0 controls except tab and line breaks, surrogates,
# U+FFFE/U+FFFF) and the C1 controls, which no one types on purpose.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TWIPS_PER_CM = 567
_EMU_PER_TWIP = 635
_LIST_INDENT = 360  # twips


def clean(text: object) -> str:
    """The text without characters that are invalid in XML; never raises."""
    return _INVALID_XML.sub("", str(text))


def _one_line(text: object) -> str:
    return " ".join(clean(text).split())


def format_euro(value: Decimal) -> str:
    """1234567 → "1.234.567,00 €" (German format, independent of the server's locale)."""
    plain = f"{value.quantize(Decimal('0.01')):,.2f}"
    return plain.replace(",", "\x00").replace(".", ",").replace("\x00", ".") + " €"


@lru_cache(maxsize=512)
def _qn(tag: str) -> str:
    return qn(tag)


def _el(tag: str, parent: Any = None, **attributes: str) -> Any:
    # OxmlElement: python-docx's element classes, so its API works on what we build.
    element = etree.SubElement(parent, _qn(tag)) if parent is not None else OxmlElement(tag)
    for name, value in attributes.items():
        element.set(_qn(f"w:{name}"), value)
    return element


@lru_cache(maxsize=1)
def _default_bytes() -> bytes:
    return DEFAULT_TEMPLATE.read_bytes()


@lru_cache(maxsize=1)
def _default_styles() -> bytes:
    document = docx.Document(io.BytesIO(_default_bytes()))
    return etree.tostring(document.styles.element)


# Styles the export uses; copied from the default template when a municipality's lacks one.
_NEEDED_STYLES = (
    "Normal", "Title", "Subtitle", "heading 1", "heading 2", "heading 3", "caption",
    "TOC Heading", "toc 1", "toc 2", "Hyperlink", "header", "footer", "List Paragraph",
    "List Bullet", "List Number", "Table Grid",
)  # fmt: skip


def _style_names(root: Any) -> dict[str, Any]:
    """{lower-case name: <w:style>} of a styles part."""
    names = {}
    for style in root.iterfind(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            names.setdefault(name.get(qn("w:val")).lower(), style)
    return names


def _add_missing_styles(document: Any) -> None:
    target = document.styles.element
    have = _style_names(target)
    source = etree.fromstring(_default_styles())
    source_names = _style_names(source)
    id_to_name = {style.get(qn("w:styleId")): name for name, style in source_names.items()}
    used_ids = {style.get(qn("w:styleId")) for style in target.iterfind(qn("w:style"))}
    missing = [name.lower() for name in _NEEDED_STYLES if name.lower() not in have]
    for name in missing:
        style = copy.deepcopy(source_names[name])
        style_id = style.get(qn("w:styleId"))
        while style_id in used_ids:
            style_id += "Sw"
        style.set(qn("w:styleId"), style_id)
        used_ids.add(style_id)
        for tag in ("w:numPr",):
            for element in style.iter(qn(tag)):
                element.getparent().remove(element)
        for fonts in style.iter(qn("w:rFonts")):
            fonts.getparent().remove(fonts)
        for tag in ("w:basedOn", "w:next", "w:link"):
            reference = style.find(qn(tag))
            if reference is None:
                continue
            referenced = id_to_name.get(reference.get(qn("w:val")), "")
            if referenced in have:
                reference.set(qn("w:val"), have[referenced].get(qn("w:styleId")))
            else:
                style.remove(reference)
        target.append(style)
        have[name] = style


def _clear_body(document: Any) -> None:
    body = document.element.body
    sections = body.findall(qn("w:sectPr"))
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if not sections:
        default = docx.Document(io.BytesIO(_default_bytes()))
        body.append(copy.deepcopy(default.element.body.find(qn("w:sectPr"))))
    for extra in sections[:-1]:
        body.remove(extra)


def _unprotect(document: Any) -> None:
    settings = document.settings.element
    for tag in ("w:documentProtection", "w:writeProtection", "w:attachedTemplate"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)


def _open(template: bytes | None) -> Any:
    if template is None:
        return docx.Document(io.BytesIO(_default_bytes()))
    document = docx.Document(io.BytesIO(as_document(template)))
    _clear_body(document)
    _unprotect(document)
    _add_missing_styles(document)
    return document


@dataclass
class _Counters:
    tables: int = 0
    figures: int = 0
    bookmarks: int = 0


class _Writer:
    """Appends paragraphs, lists, tables and pictures to the body of a Word document."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.body = document.element.body
        self.end = self.body.find(qn("w:sectPr"))
        self.styles = {
            name: style.get(qn("w:styleId"))
            for name, style in _style_names(document.styles.element).items()
        }
        self.text_width = self._text_width()
        self.counters = _Counters()
        self._numbering: Any = None
        self._abstract: dict[str, str] = {}

    # -- basics ---------------------------------------------------------------------------
    def _text_width(self) -> int:
        """Width between the margins of the last section, in twips."""
        width, left, right = 11906, 1417, 1134
        size = self.end.find(qn("w:pgSz")) if self.end is not None else None
        margins = self.end.find(qn("w:pgMar")) if self.end is not None else None
        try:
            if size is not None and size.get(qn("w:w")):
                width = int(size.get(qn("w:w")))
            if margins is not None:
                left = int(margins.get(qn("w:left"), left))
                right = int(margins.get(qn("w:right"), right))
        except ValueError:
            pass
        return max(width - left - right, 2 * _TWIPS_PER_CM)

    def style(self, *names: str) -> str | None:
        for name in names:
            style_id = self.styles.get(name.lower())
            if style_id:
                return style_id
        return None

    def add(self, element: Any) -> Any:
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        return element

    def paragraph(
        self,
        *styles: str,
        runs: Iterable[b.Run] = (),
        text: str = "",
        align: str = "",
        keep_next: bool = False,
        page_break_before: bool | None = None,
        spacing: tuple[int, int] | None = None,
        num: tuple[str, int] | None = None,
        parent: Any = None,
    ) -> Any:
        paragraph = _el("w:p")
        properties = _el("w:pPr", paragraph)
        style_id = self.style(*styles) if styles else None
        if style_id:
            _el("w:pStyle", properties, val=style_id)
        if keep_next:
            _el("w:keepNext", properties)
        if page_break_before is not None:
            _el("w:pageBreakBefore", properties, val="1" if page_break_before else "0")
        if num is not None:
            numbering = _el("w:numPr", properties)
            _el("w:ilvl", numbering, val="0")
            _el("w:numId", numbering, val=num[0])
        if spacing is not None:
            _el("w:spacing", properties, before=str(spacing[0]), after=str(spacing[1]))
        if num is not None:
            _el("w:ind", properties, left=str(_LIST_INDENT * 2), hanging=str(_LIST_INDENT))
        if align:
            _el("w:jc", properties, val=align)
        if text:
            self.text_run(paragraph, text)
        for run in runs:
            self.run(paragraph, run)
        if parent is not None:
            parent.append(paragraph)
            return paragraph
        return self.add(paragraph)

    def text_run(
        self, parent: Any, text: str, *, bold: bool = False, italic: bool = False,
        char_style: str = "",
    ) -> Any:  # fmt: skip
        run = _el("w:r", parent)
        if bold or italic or char_style:
            # in the schema's order: rStyle, b, i, color, u
            properties = _el("w:rPr", run)
            style_id = self.style(char_style) if char_style else None
            if style_id:
                _el("w:rStyle", properties, val=style_id)
            if bold:
                _el("w:b", properties)
            if italic:
                _el("w:i", properties)
            if char_style and not style_id:  # a template without a Hyperlink style
                _el("w:color", properties, val="0B5394")
                _el("w:u", properties, val="single")
        # Tabs and line breaks become their Word elements; everything else stays text.
        for index, line in enumerate(clean(text).replace("\r\n", "\n").split("\n")):
            if index:
                _el("w:br", run)
            for part_index, part in enumerate(line.split("\t")):
                if part_index:
                    _el("w:tab", run)
                if part:
                    node = _el("w:t", run)
                    node.text = part
                    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return run

    def run(self, parent: Any, run: b.Run) -> None:
        url = _safe_url(run.href)
        if url is None:
            self.text_run(parent, run.text, bold=run.bold, italic=run.italic)
            return
        rel_id = self.document.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = _el("w:hyperlink", parent)
        link.set(qn("r:id"), rel_id)
        self.text_run(link, run.text, bold=run.bold, italic=run.italic, char_style="Hyperlink")

    def page_break(self) -> None:
        paragraph = _el("w:p")
        _el("w:br", _el("w:r", paragraph), type="page")
        self.add(paragraph)

    def bookmark(self, paragraph: Any, name: str) -> None:
        self.counters.bookmarks += 1
        number = str(self.counters.bookmarks)
        start = _el("w:bookmarkStart", id=number, name=name)
        properties = paragraph.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        _el("w:bookmarkEnd", paragraph, id=number)

    # -- fields ---------------------------------------------------------------------------
    def field_run(self, parent: Any, kind: str) -> None:
        run = _el("w:r", parent)
        _el("w:fldChar", run, fldCharType=kind)

    def instruction(self, parent: Any, text: str) -> None:
        node = _el("w:instrText", _el("w:r", parent))
        node.text = text
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def simple_field(self, parent: Any, instruction: str, shown: str) -> None:
        field = _el("w:fldSimple", parent, instr=instruction)
        node = _el("w:t", _el("w:r", field))
        node.text = shown

    def toc(self, entries: Sequence[tuple[int, str, str]]) -> None:
        """A TOC field; Word fills it on opening (settings: updateFields). Until then it
        shows the headings without page numbers, linked to their bookmarks."""
        instruction = ' TOC \\o "1-2" \\h \\z \\u '
        if not entries:
            paragraph = self.paragraph("toc 1", "Normal")
            self.field_run(paragraph, "begin")
            self.instruction(paragraph, instruction)
            self.field_run(paragraph, "separate")
            self.field_run(paragraph, "end")
            return
        for index, (level, text, anchor) in enumerate(entries):
            paragraph = self.paragraph(f"toc {level}", "Normal")
            if index == 0:
                self.field_run(paragraph, "begin")
                self.instruction(paragraph, instruction)
                self.field_run(paragraph, "separate")
            link = _el("w:hyperlink", paragraph, anchor=anchor, history="1")
            self.text_run(link, text)
            if index == len(entries) - 1:
                self.field_run(paragraph, "end")

    # -- lists ----------------------------------------------------------------------------
    def _numbering_root(self) -> Any:
        if self._numbering is None:
            part = self.document.part
            try:
                numbering = part.part_related_by(RT.NUMBERING)
            except KeyError:
                element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
                partname = part.package.next_partname("/word/numbering%d.xml")
                numbering = NumberingPart(partname, CT.WML_NUMBERING, element, part.package)
                part.relate_to(numbering, RT.NUMBERING)
            self._numbering = numbering.element
        return self._numbering

    def _abstract_id(self, ordered: bool) -> str:
        key = "ordered" if ordered else "bullet"
        if key in self._abstract:
            return self._abstract[key]
        root = self._numbering_root()
        ids = [int(e.get(qn("w:abstractNumId"), 0)) for e in root.iterfind(qn("w:abstractNum"))]
        abstract_id = str(max(ids, default=0) + 1)
        abstract = _el("w:abstractNum", abstractNumId=abstract_id)
        _el("w:multiLevelType", abstract, val="singleLevel")
        level = _el("w:lvl", abstract, ilvl="0")
        _el("w:start", level, val="1")
        _el("w:numFmt", level, val="decimal" if ordered else "bullet")
        _el("w:lvlText", level, val="%1." if ordered else "•")
        _el("w:lvlJc", level, val="left")
        _el("w:ind", _el("w:pPr", level), left=str(_LIST_INDENT * 2), hanging=str(_LIST_INDENT))
        first_num = root.find(qn("w:num"))
        existing = root.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        elif first_num is not None:
            first_num.addprevious(abstract)
        else:
            root.insert(0, abstract)
        self._abstract[key] = abstract_id
        return abstract_id

    def _num(self, ordered: bool) -> str:
        """A new list instance: each ordered list starts again at 1."""
        abstract_id = self._abstract_id(ordered)
        root = self._numbering_root()
        ids = [int(e.get(qn("w:numId"), 0)) for e in root.iterfind(qn("w:num"))]
        num_id = str(max(ids, default=0) + 1)
        num = _el("w:num", numId=num_id)
        _el("w:abstractNumId", num, val=abstract_id)
        if ordered:
            override = _el("w:lvlOverride", num, ilvl="0")
            _el("w:startOverride", override, val="1")
        cleanup = root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            root.append(num)
        return num_id

    def list(self, block: b.ListBlock) -> None:
        if not block.items:
            return
        num_id = self._num(block.ordered)
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            self.paragraph(style, "List Paragraph", "Normal", runs=item, num=(num_id, 0))

    # -- tables ---------------------------------------------------------------------------
    def table_caption(self, caption: str) -> None:
        """The numbered caption paragraph ("Table 3: …") above the next table."""
        self.counters.tables += 1
        self.paragraph(
            "caption", "Normal", keep_next=True,
            text=_("Table %(number)s: %(caption)s")
            % {"number": self.counters.tables, "caption": caption},
        )  # fmt: skip

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] = (),
        *,
        caption: str = "",
        label_column: bool = False,
        numeric: Sequence[int] = (),
        total_row: bool = False,
        keep_together: bool = False,
    ) -> Any:
        """A table with fixed column widths (relative `widths` of the text width).

        `numeric`: columns set flush right (amounts); `total_row`: the last row in bold;
        `keep_together`: the rows stay on one page (short tables such as facts)."""
        columns = max([len(header), *(len(row) for row in rows)], default=0)
        if columns == 0:
            return None
        grid = _column_widths(widths, columns, self.text_width)
        table = _el("w:tbl")
        properties = _el("w:tblPr", table)
        style_id = self.style("Table Grid")
        if style_id:
            _el("w:tblStyle", properties, val=style_id)
        _el("w:tblW", properties, w=str(sum(grid)), type="dxa")
        if style_id is None:
            borders = _el("w:tblBorders", properties)
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                _el(f"w:{side}", borders, val="single", sz="4", space="0", color="808080")
        _el("w:tblLayout", properties, type="fixed")
        _el("w:tblLook", properties, val="04A0", firstRow="1" if header else "0",
            lastRow="0", firstColumn="1" if label_column else "0", lastColumn="0",
            noHBand="1", noVBand="1")  # fmt: skip
        if caption:
            _el("w:tblCaption", properties, val=_one_line(caption)[:250])
        grid_element = _el("w:tblGrid", table)
        for width in grid:
            _el("w:gridCol", grid_element, w=str(width))
        right = frozenset(numeric)
        if header:
            self._row(table, header, grid, header=True, right=right, keep=keep_together)
        for index, row in enumerate(rows):
            last = index == len(rows) - 1
            self._row(
                table, row, grid, label_column=label_column, right=right,
                bold=total_row and last, keep=keep_together and not last,
            )  # fmt: skip
        self.add(table)
        # Word needs a paragraph between two tables, or it merges them.
        self.paragraph("Normal", spacing=(0, 0))
        return table

    def _row(
        self, table: Any, cells: Sequence[str], grid: Sequence[int], *, header: bool = False,
        label_column: bool = False, right: frozenset[int] = frozenset(), bold: bool = False,
        keep: bool = False,
    ) -> None:  # fmt: skip
        row = _el("w:tr", table)
        row_properties = _el("w:trPr", row)
        _el("w:cantSplit", row_properties)
        if header:
            _el("w:tblHeader", row_properties)
        for index, width in enumerate(grid):
            text = cells[index] if index < len(cells) else ""
            cell = _el("w:tc", row)
            cell_properties = _el("w:tcPr", cell)
            _el("w:tcW", cell_properties, w=str(width), type="dxa")
            shaded = header or (label_column and index == 0)
            if shaded:
                _el("w:shd", cell_properties, val="clear", color="auto", fill="E8EDF3")
            paragraph = self.paragraph(
                "Normal", spacing=(40, 40), parent=cell, keep_next=keep,
                align="right" if index in right else "",
            )  # fmt: skip
            self.text_run(paragraph, str(text), bold=shaded or bold)

    # -- figures --------------------------------------------------------------------------
    def picture(self, image: bytes, width_twips: int, alt: str, *, align: str = "") -> bool:
        """A picture in its own paragraph with its alternative text; False if the image
        cannot be read (then nothing is added)."""
        paragraph = self.paragraph("Normal", align=align, keep_next=True)
        wrapper = DocxParagraph(paragraph, self.document._body)
        try:
            shape = wrapper.add_run().add_picture(
                io.BytesIO(image), width=Emu(width_twips * _EMU_PER_TWIP)
            )
        except (UnrecognizedImageError, ValueError, OSError, ZeroDivisionError):
            paragraph.getparent().remove(paragraph)
            return False
        description = _one_line(alt)
        for properties in shape._inline.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
            "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr",
        ):
            properties.set("descr", description)
        return True

    def figure(self, block: b.Figure) -> None:
        self.counters.figures += 1
        width_cm = block.width_cm if 1 <= block.width_cm <= 100 else 16.0
        width = min(int(width_cm * _TWIPS_PER_CM), self.text_width)
        png = svg_to_png(block.svg, width / _TWIPS_PER_CM)
        if not png or not self.picture(png, width, block.alt, align="center"):
            # Without a picture the reader still gets what it shows.
            self.paragraph("Normal", text=block.alt)
        if block.caption:
            self.paragraph(
                "caption", "Normal",
                text=_("Figure %(number)s: %(caption)s")
                % {"number": self.counters.figures, "caption": _one_line(block.caption)},
            )  # fmt: skip

    # -- headers and footers --------------------------------------------------------------
    def running_texts(self, header: str) -> None:
        """Fill headers and footers the template left empty: the title above, the page
        number below. A template's own header (its logo) stays as it is."""
        for section in self.document.sections:
            part = section.header
            if _is_empty(part._element):
                paragraph = part._element.find(qn("w:p"))
                if paragraph is None:
                    paragraph = _el("w:p", part._element)
                self.text_run(paragraph, _one_line(header))
            part = section.footer
            if _is_empty(part._element):
                paragraph = part._element.find(qn("w:p"))
                if paragraph is None:
                    paragraph = _el("w:p", part._element)
                _align_right(paragraph)
                before, _sep, rest = _("Page %(page)s of %(pages)s").partition("%(page)s")
                middle, _sep, after = rest.partition("%(pages)s")
                self.text_run(paragraph, before)
                self.simple_field(paragraph, "PAGE", "1")
                self.text_run(paragraph, middle)
                self.simple_field(paragraph, "NUMPAGES", "1")
                self.text_run(paragraph, after)

    def finish(self, *, title: str, subject: str, keywords: Sequence[str], issued: date,
               language: str) -> bytes:  # fmt: skip
        properties = self.document.core_properties
        properties.title = _one_line(title)[:255]
        properties.subject = _one_line(subject)[:255]
        properties.author = _one_line(subject)[:255]
        properties.keywords = _one_line(", ".join(keywords))[:255]
        properties.language = clean(language)[:20]
        properties.last_modified_by = "Schreibwerkstatt"
        properties.revision = 1
        properties.created = datetime.combine(issued, time(12))
        properties.modified = timezone.now().replace(tzinfo=None, microsecond=0)
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            # Word fills the table of contents when the document is opened.
            update = _el("w:updateFields", val="true")
            settings.insert(_settings_position(settings), update)
        output = io.BytesIO()
        self.document.save(output)
        return output.getvalue()


# Elements of w:settings that follow w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{name}")
    for name in [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
}


def _settings_position(settings: Any) -> int:
    """Where w:updateFields goes: before its successors (and any extension element)."""
    for index, child in enumerate(settings):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _AFTER_UPDATE_FIELDS or not tag.startswith(f"{{{_W_NS}}}"):
            return index
    return len(settings)


def _align_right(paragraph: Any) -> None:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = _el("w:pPr")
        paragraph.insert(0, properties)
    for old in properties.findall(qn("w:jc")):
        properties.remove(old)
    jc = _el("w:jc", val="right")
    # jc comes before the paragraph mark's run properties and the change records
    later = [properties.find(qn(tag)) for tag in ("w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
             "w:sectPr", "w:pPrChange")]  # fmt: skip
    later = [element for element in later if element is not None]
    if later:
        later[0].addprevious(jc)
    else:
        properties.append(jc)


def _is_empty(part: Any) -> bool:
    """True if a header or footer shows nothing: no text, field, picture or shape."""
    for element in part.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == qn("w:t") and (element.text or "").strip():
            return False
        if tag in {qn("w:fldSimple"), qn("w:instrText"), qn("w:drawing"), qn("w:pict"),
                   qn("w:object"), qn("w:sdt")}:  # fmt: skip
            return False
        if tag.endswith("}AlternateContent"):
            return False
    return True


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    url = clean(url).strip()
    if any(character.isspace() for character in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _SAFE_SCHEMES else None


def _column_widths(relative: Sequence[float], columns: int, total: int) -> list[int]:
    weights = [float(w) for w in relative] if len(relative) == columns else []
    if not weights or any(not (w > 0) or w == float("inf") for w in weights):
        weights = [1.0] * columns
    whole = sum(weights)
    widths = [max(int(total * w / whole), 300) for w in weights]
    widths[-1] += max(total - sum(widths), 0)  # rounding: the table fills the text width
    return widths


def _bookmark_name(anchor: str, fallback: str) -> str:
    """Word bookmark names: a letter first, letters, digits and _, at most 40 characters."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    return ("sw_" + (name or fallback))[:40]


@lru_cache(maxsize=1)
def _font_book() -> typst.Fonts:
    """Typst's font book with the KERN font (exports/fonts), scanned once per process."""
    paths = [str(FONT_DIR)] if FONT_DIR.is_dir() else []
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=paths)


def svg_to_png(svg: str, width_cm: float, ppi: int = 200) -> bytes:
    """A chart as PNG, `width_cm` wide at `ppi`; b"" if the SVG cannot be drawn.

    Word needs a raster picture. Typst draws SVG text with the KERN font, as in the PDF, and
    is about ten times faster than vl_convert.svg_to_png for a roadmap with a hundred labels
    (0.08 s instead of 0.9 s); vl_convert is the fallback."""
    svg = clean(svg)
    source = (
        "#set page(width: auto, height: auto, margin: 0pt, fill: white)\n"
        f'#image("figure.svg", width: {width_cm:.2f}cm)\n'
    )
    with tempfile.TemporaryDirectory(prefix="sw-docx-") as tmp:
        root = Path(tmp)
        (root / "figure.svg").write_text(svg, encoding="utf-8")
        (root / "main.typ").write_text(source, encoding="utf-8")
        try:
            png = typst.compile(
                str(root / "main.typ"), root=str(root), format="png", ppi=ppi,
                font_paths=_font_book(), ignore_system_fonts=True,
            )  # fmt: skip
        except typst.TypstError:
            png = b""
    if isinstance(png, list):  # one picture per page; a chart is one page
        png = png[0] if png else b""
    if png:
        return bytes(png)
    try:
        return bytes(vl_convert.svg_to_png(svg, ppi=ppi))
    except (ValueError, RuntimeError, TypeError):
        return b""


# -- the strategy document ----------------------------------------------------------------


def to_docx(document: b.Document, template: bytes | None = None) -> bytes:
    """The document as a Word file, in the given template (.docx or .dotx bytes, already
    checked by exports.templates_check) or the default one."""
    with without_cycle_collection():
        return _to_docx(document, template)


def _to_docx(document: b.Document, template: bytes | None) -> bytes:
    writer = _Writer(_open(template))
    _title_page(writer, document)
    chapters = [(index, chapter) for index, chapter in enumerate(document.chapters, start=1)]
    entries: list[tuple[int, str, str]] = []
    anchors: dict[tuple[int, int], str] = {}
    for number, chapter in chapters:
        name = _bookmark_name(f"ch{number}_{chapter.key}", f"ch{number}")
        anchors[(number, -1)] = name
        entries.append((1, f"{number} {_one_line(chapter.title)}", name))
        for position, block in enumerate(chapter.blocks):
            if isinstance(block, b.Heading) and block.level <= 2:
                name = _bookmark_name(f"{number}_{position}_{block.anchor}", "h")
                anchors[(number, position)] = name
                entries.append((2, _one_line(block.text), name))
    writer.paragraph("TOC Heading", "heading 1", text=_("Contents"), page_break_before=True)
    writer.toc(entries)
    chapter_break = writer.style("heading 1") and _breaks_page(writer, "heading 1")
    for number, chapter in chapters:
        heading = writer.paragraph(
            "heading 1",
            text=f"{number} {_one_line(chapter.title)}",
            keep_next=True,
            page_break_before=None if chapter_break else True,
        )
        writer.bookmark(heading, anchors[(number, -1)])
        for position, block in enumerate(chapter.blocks):
            _block(writer, block, anchors.get((number, position)))
    writer.running_texts(document.title)
    return writer.finish(
        title=document.title,
        subject=document.municipality,
        keywords=document.keywords,
        issued=document.issued,
        language=document.language,
    )


def _breaks_page(writer: _Writer, name: str) -> bool:
    """Whether the template's style starts a new page itself (Heading 1 of the default)."""
    style_id = writer.style(name)
    for style in writer.document.styles.element.iterfind(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            marker = style.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
            return marker is not None and marker.get(qn("w:val"), "1") not in {"0", "false"}
    return False


def _title_page(writer: _Writer, document: b.Document) -> None:
    if document.logo:
        writer.picture(
            document.logo,
            4 * _TWIPS_PER_CM,
            _("Logo of %(name)s") % {"name": _one_line(document.municipality)},
        )
    writer.paragraph("Normal", spacing=(2400, 0))
    writer.paragraph("Title", text=_one_line(document.title))
    if document.subtitle:
        writer.paragraph("Subtitle", "Normal", text=_one_line(document.subtitle))
    writer.paragraph("Subtitle", "Normal", text=_one_line(document.municipality))
    if document.status_line:
        writer.paragraph("Normal", text=_one_line(document.status_line), spacing=(480, 0))


def _block(writer: _Writer, block: b.Block, bookmark: str | None) -> None:
    if isinstance(block, b.Heading):
        level = 3 if block.level >= 3 else 2
        paragraph = writer.paragraph(
            f"heading {level}", "heading 2", text=_one_line(block.text), keep_next=True
        )
        if bookmark:
            writer.bookmark(paragraph, bookmark)
    elif isinstance(block, b.Paragraph):
        writer.paragraph("Normal", runs=block.runs)
    elif isinstance(block, b.ListBlock):
        writer.list(block)
    elif isinstance(block, b.Table):
        if block.caption:
            writer.table_caption(_one_line(block.caption))
        writer.table(block.header, block.rows, block.widths, caption=block.caption)
    elif isinstance(block, b.Facts):
        writer.table((), block.items, (0.35, 0.65), label_column=True, keep_together=True)
    elif isinstance(block, b.Figure):
        writer.figure(block)
    elif isinstance(block, b.PageBreak):
        writer.page_break()


# -- the council resolution draft (Beschlussvorlage) --------------------------------------

# The council of each kind of municipality, by state where it differs (Kommunalverfassungen).
_BODIES = {
    ("12", "gemeinde"): "Gemeindevertretung",
    ("12", "stadt"): "Stadtverordnetenversammlung",
    ("12", "kreisfreie_stadt"): "Stadtverordnetenversammlung",
    ("06", "gemeinde"): "Gemeindevertretung",
    ("06", "stadt"): "Stadtverordnetenversammlung",
    ("06", "kreisfreie_stadt"): "Stadtverordnetenversammlung",
    ("01", "gemeinde"): "Gemeindevertretung",
    ("13", "gemeinde"): "Gemeindevertretung",
    ("13", "stadt"): "Stadtvertretung",
    ("", "gemeinde"): "Gemeinderat",
    ("", "stadt"): "Stadtrat",
    ("", "kreisfreie_stadt"): "Stadtrat",
    ("", "amt"): "Amtsausschuss",
    ("", "landkreis"): "Kreistag",
}


def council_body(kind: str, state: str) -> str:
    """The usual name of the council that adopts the strategy, e.g. "Gemeindevertretung"."""
    return _BODIES.get((state, kind)) or _BODIES.get(("", kind)) or "Gemeindevertretung"


def _decimal(raw: object) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _day(raw: object) -> date | None:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None


def _year(raw: object) -> int | None:
    day = _day(raw)
    return day.year if day else None


@dataclass(frozen=True)
class Costs:
    """The costs of a strategy's measures, summed; per year where measures have dates."""

    one_off: Decimal
    running: Decimal  # per year, when all measures run
    per_year: tuple[tuple[str, Decimal, Decimal], ...]  # (year, one-off, running)
    undated: tuple[Decimal, Decimal]  # measures without a start date
    measures: tuple[tuple[str, Decimal | None, Decimal | None], ...]  # those with costs
    without_costs: int


# A strategy reaching decades ahead gets at most this many rows of years; the rest is summed.
MAX_YEARS = 15
CENT = Decimal("0.01")


def sum_costs(
    measures: Sequence[dict[str, Any]],
    strategy_end: object = None,
    durations: dict[str, int] | None = None,
) -> Costs:
    """Sum the measures' costs (measure dicts of strategies.open_data.export_strategy).

    Per year as on the implementation dashboard (monitoring.queries.planned_costs): one-off
    costs in the year a measure starts, running costs for each month it runs (until its
    end, else for its duration, else until the strategy's end)."""
    from schreibwerkstatt.monitoring.queries import months_in_year, period_end

    durations = durations or {}
    one_off = running = Decimal(0)
    undated_one_off = undated_running = Decimal(0)
    listed, without = [], 0
    years: dict[int, list[Decimal]] = {}
    for measure in measures:
        first, second = _decimal(measure.get("cost_one_off")), _decimal(measure.get("cost_running"))
        if not (first or second):
            without += 1
            continue
        listed.append((_one_line(measure.get("title", "")), first, second))
        one_off += first or 0
        running += second or 0
        start = _day(measure.get("start"))
        if start is None:
            undated_one_off += first or 0
            undated_running += second or 0
            continue
        if first:
            years.setdefault(start.year, [Decimal(0), Decimal(0)])[0] += first
        if second:
            duration = durations.get(str(measure.get("id")))
            last = period_end(start, _day(measure.get("end")), duration, _day(strategy_end))
            for year in range(start.year, last.year + 1):
                months = months_in_year(start, last, year)
                if months:
                    share = (second * months / 12).quantize(CENT, ROUND_HALF_UP)
                    years.setdefault(year, [Decimal(0), Decimal(0)])[1] += share
    per_year: list[tuple[str, Decimal, Decimal]] = []
    if years:
        first_year, last_year = min(years), max(years)
        for year in range(first_year, min(last_year, first_year + MAX_YEARS - 1) + 1):
            amounts = years.get(year, [Decimal(0), Decimal(0)])
            per_year.append((str(year), amounts[0], amounts[1]))
        later = [amounts for year, amounts in years.items() if year >= first_year + MAX_YEARS]
        if later:
            per_year.append(
                (
                    _("from %(year)s") % {"year": first_year + MAX_YEARS},
                    sum((a[0] for a in later), Decimal(0)),
                    sum((a[1] for a in later), Decimal(0)),
                )
            )
    return Costs(
        one_off=one_off,
        running=running,
        per_year=tuple(per_year),
        undated=(undated_one_off, undated_running),
        measures=tuple(listed),
        without_costs=without,
    )


@dataclass(frozen=True)
class _Resolution:
    title: str
    municipality: str
    kind: str
    state: str
    period: tuple[int | None, int | None]
    period_end: object
    durations: dict[str, int]
    fields: int
    measures: list[dict[str, Any]]
    reasoning: list[str]
    budget: Decimal | None
    funding_programme: str
    own_share: Decimal | None


def _markdown_paragraphs(text: str) -> list[str]:
    """Plain text of each block of a Markdown text (paragraphs, list items, headings)."""
    import markdown
    from lxml import html

    if not text.strip():
        return []
    rendered = markdown.markdown(clean(text))
    try:
        tree = html.fragment_fromstring(rendered, create_parent="div")
    except (etree.ParserError, ValueError):
        return [_one_line(text)]
    blocks = []
    for element in tree.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
        if (
            element.tag == "p"
            and element.getparent() is not None
            and element.getparent().tag == "li"
        ):
            continue
        content = _one_line(element.text_content())
        if content:
            blocks.append(content)
    return blocks


def _from_export(
    data: dict[str, Any], chapters: Iterable[dict[str, Any]], durations: dict[str, int]
) -> _Resolution:
    strategy = data.get("strategy") or {}
    municipality = data.get("municipality") or {}
    names = [municipality.get("name", "")]
    names += [partner.get("name", "") for partner in data.get("partners") or []]
    reasoning: list[str] = []
    for chapter in chapters:
        if chapter.get("key") == "zusammenfassung" and chapter.get("enabled", True):
            reasoning = _markdown_paragraphs(str(chapter.get("text") or ""))
    if not reasoning:
        reasoning = _markdown_paragraphs(str(strategy.get("vision") or ""))
    return _Resolution(
        title=_one_line(strategy.get("title", "")),
        municipality=_one_line(", ".join(name for name in names if name)),
        kind=str(municipality.get("kind") or ""),
        state=str(municipality.get("state") or ""),
        period=(_year(strategy.get("period_start")), _year(strategy.get("period_end"))),
        period_end=strategy.get("period_end"),
        durations=durations,
        fields=len(data.get("fields_of_action") or []),
        measures=list(data.get("measures") or []),
        reasoning=reasoning,
        budget=_decimal(strategy.get("budget")),
        funding_programme=_one_line(strategy.get("funding_programme") or ""),
        own_share=_decimal(strategy.get("own_share_amount")),
    )


def _resolution_data(source: Any) -> _Resolution:
    """Accept a Strategy, a snapshot (documents.snapshot.take_snapshot) or an export dict
    (strategies.open_data.export_strategy)."""
    if isinstance(source, dict):
        if "measures" in source:
            return _from_export(source, (), {})
        monitoring = (source.get("monitoring") or {}).get("measures") or {}
        durations = {
            key: value["duration_months"]
            for key, value in monitoring.items()
            if isinstance(value, dict) and isinstance(value.get("duration_months"), int)
        }
        return _from_export(source.get("strategy") or {}, source.get("chapters") or [], durations)
    from schreibwerkstatt.documents.models import Chapter
    from schreibwerkstatt.strategies.open_data import export_strategy

    chapters = Chapter.objects.filter(strategy=source, key="zusammenfassung").values(
        "key", "text", "enabled"
    )
    durations = {
        f"measure-{pk}": months
        for pk, months in source.measures.filter(duration_months__isnull=False).values_list(
            "pk", "duration_months"
        )
    }
    return _from_export(export_strategy(source), list(chapters), durations)


def _subject(title: str) -> str:
    if title.lower().startswith("digitalstrategie"):
        return _("Adoption of the %(title)s") % {"title": title}
    return _("Adoption of the digital strategy “%(title)s”") % {"title": title}


def beschlussvorlage(
    source: Any,
    *,
    body: str = "",
    template: bytes | None = None,
    issued: date | None = None,
) -> bytes:
    """A council resolution draft (Beschlussvorlage) as a Word file.

    `source`: a Strategy, a frozen snapshot or an export dict. `body`: the council that
    decides, by default the usual one for the municipality's kind and state."""
    data = _resolution_data(source)
    issued = issued or timezone.localdate()
    body = _one_line(body) or council_body(data.kind, data.state)
    costs = sum_costs(data.measures, data.period_end, data.durations)
    writer = _Writer(_open(template))
    heading = ("heading 2",)

    writer.paragraph("Title", text=_("Draft resolution"))
    writer.paragraph("Subtitle", "Normal", text=data.municipality)
    writer.table(
        (),
        (
            (_("Date"), date_format(issued, "DATE_FORMAT")),
            (_("Document number"), _("(assigned by the council office)")),
            (_("For decision by"), body),
        ),
        (0.35, 0.65),
        label_column=True,
        keep_together=True,
    )

    writer.paragraph(*heading, text=_("Subject"), keep_next=True, page_break_before=False)
    writer.paragraph("Normal", runs=(b.Run(_subject(data.title), bold=True),))

    writer.paragraph(*heading, text=_("Decision proposal"), keep_next=True, page_break_before=False)
    start, end = data.period
    if start and end:
        period = _(" for the years %(start)s to %(end)s") % {"start": start, "end": end}
    else:
        period = ""
    proposals = (
        _("The %(body)s adopts the digital strategy “%(title)s”%(period)s (attachment 1) as the "
          "framework for the digital development of %(municipality)s.")
        % {"body": body, "title": data.title, "period": period, "municipality": data.municipality},
        _("The administration is instructed to carry out the measures of the implementation "
          "programme (attachment 2) within the funds provided in the budget.")
        ,
        _("The administration reports to the %(body)s once a year on the progress of the "
          "implementation and proposes a revision of the strategy when needed.")
        % {"body": body},
    )  # fmt: skip
    writer.list(b.ListBlock(tuple((b.Run(text),) for text in proposals), ordered=True))

    writer.paragraph(*heading, text=_("Reasoning"), keep_next=True, page_break_before=False)
    writer.paragraph(
        "Normal",
        text=_(
            "With the digital strategy, %(municipality)s sets out which goals it pursues with "
            "digitalisation and which measures it takes to reach them."
        )
        % {"municipality": data.municipality},
    )
    for text in data.reasoning:
        writer.paragraph("Normal", text=text)
    facts = [
        (_("Fields of action"), str(data.fields)),
        (_("Measures"), str(len(data.measures))),
    ]
    if start and end:
        facts.append((_("Period"), f"{start}–{end}"))
    writer.table((), facts, (0.35, 0.65), label_column=True, keep_together=True)

    _financial_effects(writer, data, costs, heading)

    writer.paragraph(*heading, text=_("Attachments"), keep_next=True, page_break_before=False)
    attachments = (
        _("Attachment 1: Digital strategy “%(title)s” (strategy document)") % {"title": data.title},
        ngettext(
            "Attachment 2: Measure profiles (%(count)s measure)",
            "Attachment 2: Measure profiles (%(count)s measures)",
            len(data.measures),
        )
        % {"count": len(data.measures)},
    )
    for text in attachments:
        writer.paragraph("Normal", text=text)

    writer.running_texts(f"{_('Draft resolution')} – {_subject(data.title)}")
    return writer.finish(
        title=_subject(data.title),
        subject=data.municipality,
        keywords=(_("Draft resolution"), data.title),
        issued=issued,
        language="de",
    )


def _financial_effects(
    writer: _Writer, data: _Resolution, costs: Costs, heading: tuple[str, ...]
) -> None:
    writer.paragraph(*heading, text=_("Financial effects"), keep_next=True, page_break_before=False)
    if not costs.measures:
        writer.paragraph(
            "Normal",
            text=_("No costs have been estimated for the measures yet. The financial effects "
                   "are set out when the individual measures are decided."),
        )  # fmt: skip
    else:
        writer.paragraph(
            "Normal",
            text=_("According to the estimates in the measure profiles, the measures of the "
                   "strategy cost:"),
        )  # fmt: skip
        writer.table(
            (),
            (
                (_("One-off costs in total"), format_euro(costs.one_off)),
                (_("Running costs per year in total"), format_euro(costs.running)),
            ),
            (0.6, 0.4),
            label_column=True,
            numeric=(1,),
            keep_together=True,
        )
    if data.budget is not None or data.funding_programme or data.own_share is not None:
        rows = []
        if data.budget is not None:
            rows.append((_("Budget of the strategy"), format_euro(data.budget)))
        if data.funding_programme:
            rows.append((_("Funding programme"), data.funding_programme))
        if data.own_share is not None:
            rows.append((_("Own share"), format_euro(data.own_share)))
        writer.table((), rows, (0.6, 0.4), label_column=True, keep_together=True)
    if costs.per_year:
        caption = _("Costs per year")
        writer.table_caption(caption)
        rows = [
            (year, format_euro(one_off), format_euro(running), format_euro(one_off + running))
            for year, one_off, running in costs.per_year
        ]
        if any(costs.undated):
            one_off, running = costs.undated
            rows.append(
                (_("without start date"), format_euro(one_off), format_euro(running),
                 format_euro(one_off + running))
            )  # fmt: skip
        one_off = sum((row[1] for row in costs.per_year), costs.undated[0])
        running = sum((row[2] for row in costs.per_year), costs.undated[1])
        rows.append(
            (_("Total"), format_euro(one_off), format_euro(running), format_euro(one_off + running))
        )
        writer.table(
            (_("Year"), _("One-off"), _("Running"), _("Total")),
            rows,
            (0.22, 0.26, 0.26, 0.26),
            caption=caption,
            numeric=(1, 2, 3),
            total_row=True,
        )
        writer.paragraph(
            "Normal",
            text=_("One-off costs count in the year a measure starts. Running costs count for "
                   "each month a measure runs: until its end, else for its planned duration, "
                   "else until the end of the strategy period."),
        )  # fmt: skip
    if costs.measures:
        caption = _("Costs of the measures")
        writer.table_caption(caption)
        rows = [
            (title, format_euro(one_off) if one_off is not None else "–",
             format_euro(running) if running is not None else "–")
            for title, one_off, running in costs.measures
        ]  # fmt: skip
        rows.append((_("Total"), format_euro(costs.one_off), format_euro(costs.running)))
        writer.table(
            (_("Measure"), _("One-off costs"), _("Running costs per year")),
            rows,
            (0.5, 0.25, 0.25),
            caption=caption,
            numeric=(1, 2),
            total_row=True,
        )
    if costs.without_costs:
        writer.paragraph(
            "Normal",
            text=ngettext(
                "For %(count)s measure no costs have been estimated yet.",
                "For %(count)s measures no costs have been estimated yet.",
                costs.without_costs,
            )
            % {"count": costs.without_costs},
        )
    writer.paragraph(
        "Normal",
        text=_("The measures are carried out only as far as the funds are provided in the "
               "budget."),
    )  # fmt: skip


def active_template(municipality: Any) -> bytes | None:
    """The municipality's active Word template, or None for the default."""
    from .services import active_template as lookup

    return lookup(municipality)
