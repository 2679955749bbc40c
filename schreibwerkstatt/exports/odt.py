"""The strategy document as OpenDocument text (ODT), written with odfpy.

The same structure as the DOCX export, in LibreOffice's own vocabulary so that the file
behaves like one made in Writer: named styles (Title, Heading 1–3 with outline levels,
Text body, Table Contents, Caption …), an outline numbering that numbers the chapters,
a table of contents (text:table-of-content) that LibreOffice can update, a title page
without header and footer, then pages with a running header and "Seite N von M".

The table of contents is written pre-filled, because LibreOffice does not update indexes
when it opens a file: every entry links to a bookmark at its heading and shows that
bookmark's page through a page-reference field, which LibreOffice lays out itself.

User text goes in only as text nodes and attribute values (odfpy escapes them); characters
that XML 1.0 does not allow are removed first, so a hostile title stays plain text.
"""

import io
import re
from datetime import date

import vl_convert
from django.utils import translation
from django.utils.translation import gettext as _
from odf import dc, draw, meta, style, svg, table, text
from odf.element import Element
from odf.namespaces import OFFICENS, STYLENS, TABLENS, TEXTNS, XLINKNS
from odf.opendocument import OpenDocumentText
from PIL import Image, UnidentifiedImageError

from schreibwerkstatt.documents.blocks import (
    Block,
    Chapter,
    Document,
    Facts,
    Figure,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
)
from schreibwerkstatt.exports.memory import without_cycle_collection

CONTENT_TYPE = "application/vnd.oasis.opendocument.text"

# A4 with the margins of a municipal document; TEXT_WIDTH is what lies between them.
PAGE_WIDTH, PAGE_HEIGHT = 21.0, 29.7
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 2.5, 2.0, 1.5, 1.5
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FONT = "Fira Sans"  # the KERN font; LibreOffice substitutes a sans-serif where it is missing
ACCENT = "#0b3b66"
RULE = "0.5pt solid #8c9aa8"
LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT = 6.0, 3.0
TOC_LEVELS = 2  # chapters and their sections, as in the PDF
NUMBERED_LEVELS = 2  # 1 Chapter, 1.1 Section; level 3 unnumbered
FIGURE_DPI = 200

# Not allowed in XML 1.0 (tab, line feed and carriage return are), plus lone surrogates.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_WHITESPACE = re.compile(r"(\t|\r\n|\n|\r| {2,})")
_SAFE_LINK = re.compile(r"(?:https?://|mailto:)[^\s\"<>]+", re.IGNORECASE)


def clean(value: str) -> str:
    """The text without characters that would make the XML invalid."""
    return _INVALID_XML.sub("", value)


def _add_text(element: Element, value: str) -> None:
    """Append user text as ODF text: tabs, line breaks and runs of spaces kept."""
    value = clean(value)
    if not _WHITESPACE.search(value):
        if value:
            element.addText(value, check_grammar=False)
        return
    for part in _WHITESPACE.split(value):
        if not part:
            continue
        if part == "\t":
            element.addElement(text.Tab(), check_grammar=False)
        elif part in ("\n", "\r", "\r\n"):
            element.addElement(text.LineBreak(), check_grammar=False)
        elif part.startswith("  "):
            element.addText(" ", check_grammar=False)
            element.addElement(text.S(c=len(part) - 1), check_grammar=False)
        else:
            element.addText(part, check_grammar=False)


class _Fast(Element):
    """An element for the parts that repeat thousands of times in a large document
    (paragraphs, table cells, spans): made without odfpy's schema look-ups and attribute
    converters, which cost more than half of the export time. Its names and attributes are
    fixed in this module (style names as strings); the tests parse and convert the result."""

    _tags: dict[tuple[str, str], str] = {}

    def __init__(self, qname: tuple[str, str], attributes: dict[tuple[str, str], str]) -> None:
        self.qname = qname
        self.ownerDocument = None
        self.childNodes = []
        self.allowed_children = None
        tag = self._tags.get(qname)
        if tag is None:
            tag = self._tags[qname] = f"{self.get_nsprefix(qname[0])}:{qname[1]}"
        self.tagName = tag
        self.attributes = attributes


def _fast(qname: tuple[str, str], attributes: dict[tuple[str, str], str]) -> Element:
    return _Fast(qname, attributes)


def _p(style_name: str) -> Element:
    return _fast((TEXTNS, "p"), {(TEXTNS, "style-name"): style_name})


def _span(style_name: str) -> Element:
    return _fast((TEXTNS, "span"), {(TEXTNS, "style-name"): style_name})


def _png_size(data: bytes) -> tuple[int, int, str]:
    """(width px, height px, media type) of a PNG or JPEG; ValueError for anything else."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise ValueError(image.format)
            return image.width, image.height, Image.MIME[image.format]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValueError("not an image") from error


def _png_scale(svg_source: str, width_cm: float) -> float:
    """The scale that renders the chart at FIGURE_DPI on the page, not more (file size)."""
    match = re.search(r"<svg\b[^>]*?\swidth=\"([\d.]+)(?:px)?\"", svg_source)
    if not match or float(match[1]) <= 0:
        return 2.0
    wanted = min(width_cm or TEXT_WIDTH, TEXT_WIDTH) / 2.54 * FIGURE_DPI
    return max(0.5, min(4.0, wanted / float(match[1])))


def _fit(width: float, height: float, max_width: float, max_height: float) -> tuple[float, float]:
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale


def _cm(value: float) -> str:
    return f"{value:.3f}cm"


class _Writer:
    def __init__(self, document: Document) -> None:
        self.source = document
        self.doc = OpenDocumentText()
        self.body = self.doc.text
        self.tables = 0
        self.figures = 0
        self.bookmarks = 0
        self.toc_entries: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.chapter_number = self.section_number = 0
        self.table_styles: dict[tuple[float, ...], tuple[str, list[str]]] = {}

    # -- styles ------------------------------------------------------------------------

    def styles(self) -> None:
        doc = self.doc
        doc.fontfacedecls.addElement(
            style.FontFace(
                name=FONT,
                fontfamily=f"'{FONT}'",
                fontfamilygeneric="swiss",
                fontpitch="variable",
            )
        )
        language, _sep, country = self.source.language.partition("-")
        default = style.DefaultStyle(family="paragraph")
        default.addElement(
            style.TextProperties(
                fontname=FONT,
                fontsize="11pt",
                language=language or "de",
                country=(country or "DE").upper(),
                hyphenate="true",
            )
        )
        default.addElement(style.ParagraphProperties(writingmode="lr-tb"))
        doc.styles.addElement(default)

        def paragraph_style(
            name: str,
            display: str,
            parent: str | None = None,
            paragraph: dict[str, str] | None = None,
            text_props: dict[str, str] | None = None,
            **extra: str,
        ) -> style.Style:
            attributes = {"name": name, "displayname": display, "family": "paragraph", **extra}
            if parent:
                attributes["parentstylename"] = parent
            element = style.Style(**attributes)
            if paragraph:
                element.addElement(style.ParagraphProperties(**paragraph))
            if text_props:
                element.addElement(style.TextProperties(**text_props))
            doc.styles.addElement(element)
            return element

        paragraph_style("Standard", "Standard", **{"class": "text"})
        paragraph_style(
            "Text_20_body",
            "Text body",
            "Standard",
            {"margintop": "0cm", "marginbottom": "0.25cm", "lineheight": "125%"},
            **{"class": "text"},
        )
        paragraph_style(
            "Heading",
            "Heading",
            "Standard",
            {"margintop": "0.5cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
            {"fontname": FONT, "fontweight": "bold", "color": ACCENT},
            nextstylename="Text_20_body",
            **{"class": "text"},
        )
        for level, size, extra in (
            (1, "20pt", {"breakbefore": "page", "margintop": "0cm", "marginbottom": "0.5cm"}),
            (2, "15pt", {"margintop": "0.6cm"}),
            (3, "12.5pt", {}),
        ):
            paragraph_style(
                f"Heading_20_{level}",
                f"Heading {level}",
                "Heading",
                extra or None,
                {"fontsize": size},
                defaultoutlinelevel=str(level),
                nextstylename="Text_20_body",
                **{"class": "text"},
            )
        paragraph_style(
            "Title",
            "Title",
            "Heading",
            {"textalign": "start", "margintop": "4cm", "marginbottom": "0.4cm"},
            {"fontsize": "30pt"},
            **{"class": "chapter"},
        )
        paragraph_style(
            "Subtitle",
            "Subtitle",
            "Heading",
            {"margintop": "0cm", "marginbottom": "2cm"},
            {"fontsize": "17pt", "fontweight": "normal"},
            **{"class": "chapter"},
        )
        paragraph_style(
            "Title_20_page",
            "Title page",
            "Text_20_body",
            {"marginbottom": "0.15cm"},
            {"fontsize": "12pt"},
        )
        paragraph_style(
            "List", "List", "Text_20_body", {"marginbottom": "0.1cm"}, **{"class": "list"}
        )
        paragraph_style(
            "Table_20_Contents",
            "Table Contents",
            "Standard",
            {"margintop": "0cm", "marginbottom": "0cm"},
            {"fontsize": "10pt"},
            **{"class": "extra"},
        )
        paragraph_style(
            "Table_20_Heading",
            "Table Heading",
            "Table_20_Contents",
            None,
            {"fontweight": "bold"},
            **{"class": "extra"},
        )
        paragraph_style(
            "Caption",
            "Caption",
            "Standard",
            {"margintop": "0.3cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
            {"fontsize": "10pt", "fontstyle": "italic"},
            **{"class": "extra"},
        )
        paragraph_style("Table", "Table", "Caption", **{"class": "extra"})
        paragraph_style(
            "Figure",
            "Figure",
            "Caption",
            {"keepwithnext": "auto"},
            **{"class": "extra"},
        )
        paragraph_style(
            "Illustration",
            "Illustration",
            "Standard",
            {"textalign": "center", "margintop": "0.3cm", "keepwithnext": "always"},
        )
        header = paragraph_style(
            "Header",
            "Header",
            "Standard",
            None,
            {"fontsize": "9pt", "color": "#4a5866"},
            **{"class": "extra"},
        )
        header_properties = style.ParagraphProperties(borderbottom=RULE, paddingbottom="0.1cm")
        header_tabs = style.TabStops()
        header_tabs.addElement(style.TabStop(position=_cm(TEXT_WIDTH), type="right"))
        header_properties.addElement(header_tabs)
        header.addElement(header_properties)
        paragraph_style(
            "Footer",
            "Footer",
            "Standard",
            {"textalign": "end"},
            {"fontsize": "9pt", "color": "#4a5866"},
            **{"class": "extra"},
        )
        paragraph_style(
            "Contents_20_Heading",
            "Contents Heading",
            "Heading",
            {"breakbefore": "page", "margintop": "0cm", "marginbottom": "0.5cm"},
            {"fontsize": "20pt"},
            **{"class": "index"},
        )
        tab_stop = style.TabStops()
        tab_stop.addElement(
            style.TabStop(
                position=_cm(TEXT_WIDTH), type="right", leaderstyle="dotted", leadertext="."
            )
        )
        for level in range(1, TOC_LEVELS + 1):
            contents = style.Style(
                name=f"Contents_20_{level}",
                displayname=f"Contents {level}",
                family="paragraph",
                parentstylename="Standard",
                **{"class": "index"},
            )
            properties = style.ParagraphProperties(
                marginleft=_cm(0.6 * (level - 1)),
                margintop="0.12cm" if level == 1 else "0cm",
                marginbottom="0.06cm",
            )
            properties.addElement(tab_stop if level == 1 else _clone_tabs())
            contents.addElement(properties)
            contents.addElement(style.TextProperties(fontweight="bold" if level == 1 else "normal"))
            doc.styles.addElement(contents)

        for name, display, props in (
            ("Strong_20_Emphasis", "Strong Emphasis", {"fontweight": "bold"}),
            ("Emphasis", "Emphasis", {"fontstyle": "italic"}),
            (
                "Internet_20_link",
                "Internet link",
                {
                    "color": ACCENT,
                    "textunderlinestyle": "solid",
                    "textunderlinewidth": "auto",
                    "textunderlinecolor": "font-color",
                },
            ),
            ("Fact_20_label", "Fact label", {"fontweight": "bold"}),
            ("Index_20_Link", "Index Link", {}),
        ):
            character = style.Style(name=name, displayname=display, family="text")
            character.addElement(style.TextProperties(**props))
            doc.styles.addElement(character)

        graphics = style.Style(name="Graphics", displayname="Graphics", family="graphic")
        graphics.addElement(
            style.GraphicProperties(
                anchortype="as-char",
                verticalpos="top",
                verticalrel="baseline",
                wrap="none",
                border="none",
                padding="0cm",
            )
        )
        doc.styles.addElement(graphics)

        self._outline()
        self._lists()
        self._pages()
        self._automatic_styles()

    def _outline(self) -> None:
        """Chapters numbered 1, 2 …, their sections 1.1, 1.2 … (as in the PDF); below unnumbered."""
        outline = text.OutlineStyle(name="Outline")
        for level in range(1, 11):
            numbered = level <= NUMBERED_LEVELS
            level_style = text.OutlineLevelStyle(
                level=str(level),
                numformat="1" if numbered else "",
                displaylevels=str(level) if numbered else "1",
            )
            properties = style.ListLevelProperties(listlevelpositionandspacemode="label-alignment")
            properties.addElement(style.ListLevelLabelAlignment(labelfollowedby="space"))
            level_style.addElement(properties)
            outline.addElement(level_style)
        self.doc.styles.addElement(outline)

    def _lists(self) -> None:
        bullets = text.ListStyle(name="List_20_1", displayname="List 1")
        numbers = text.ListStyle(name="Numbering_20_123", displayname="Numbering 123")
        for level in range(1, 4):
            indent = 0.6 * level
            for list_style, level_style in (
                (bullets, text.ListLevelStyleBullet(level=str(level), bulletchar="••◦"[level - 1])),
                (
                    numbers,
                    text.ListLevelStyleNumber(level=str(level), numformat="1", numsuffix="."),
                ),
            ):
                properties = style.ListLevelProperties(
                    listlevelpositionandspacemode="label-alignment"
                )
                properties.addElement(
                    style.ListLevelLabelAlignment(
                        labelfollowedby="listtab",
                        listtabstopposition=_cm(indent + 0.2),
                        textindent=_cm(-0.6),
                        marginleft=_cm(indent + 0.2),
                    )
                )
                level_style.addElement(properties)
                list_style.addElement(level_style)
        self.doc.styles.addElement(bullets)
        self.doc.styles.addElement(numbers)

    def _page_layout(self, name: str, with_header: bool) -> style.PageLayout:
        layout = style.PageLayout(name=name)
        layout.addElement(
            style.PageLayoutProperties(
                pagewidth=_cm(PAGE_WIDTH),
                pageheight=_cm(PAGE_HEIGHT),
                printorientation="portrait",
                margintop=_cm(MARGIN_TOP),
                marginbottom=_cm(MARGIN_BOTTOM),
                marginleft=_cm(MARGIN_LEFT),
                marginright=_cm(MARGIN_RIGHT),
            )
        )
        if with_header:
            header = style.HeaderStyle()
            header.addElement(style.HeaderFooterProperties(minheight="0.6cm", marginbottom="0.5cm"))
            layout.addElement(header)
            footer = style.FooterStyle()
            footer.addElement(style.HeaderFooterProperties(minheight="0.6cm", margintop="0.5cm"))
            layout.addElement(footer)
        self.doc.automaticstyles.addElement(layout)
        return layout

    def _pages(self) -> None:
        self._page_layout("pmTitle", with_header=False)
        self._page_layout("pmText", with_header=True)
        standard = style.MasterPage(name="Standard", pagelayoutname="pmText")
        header = style.Header()
        heading = text.P(stylename="Header")
        _add_text(heading, self.source.title)
        if self.source.municipality:
            heading.addElement(text.Tab())
            _add_text(heading, self.source.municipality)
        header.addElement(heading)
        standard.addElement(header)
        footer = style.Footer()
        line = text.P(stylename="Footer")
        # "Seite N von M" with the numbers as fields, whatever the word order of the language
        template = _("Page %(page)s of %(pages)s")
        for part in re.split(r"(%\(page\)s|%\(pages\)s)", template):
            if part == "%(page)s":
                line.addElement(text.PageNumber(selectpage="current", text="1"))
            elif part == "%(pages)s":
                line.addElement(text.PageCount(text="1"))
            elif part:
                line.addText(part)
        footer.addElement(line)
        standard.addElement(footer)
        self.doc.masterstyles.addElement(standard)
        self.doc.masterstyles.addElement(
            style.MasterPage(
                name="First_20_Page",
                displayname="First Page",
                pagelayoutname="pmTitle",
                nextstylename="Standard",
            )
        )

    def _automatic_styles(self) -> None:
        auto = self.doc.automaticstyles
        first = style.Style(
            name="PTitlePage",
            family="paragraph",
            parentstylename="Standard",
            masterpagename="First_20_Page",
        )
        first.addElement(style.ParagraphProperties(textalign="start"))
        auto.addElement(first)
        page_break = style.Style(name="PBreak", family="paragraph", parentstylename="Standard")
        page_break.addElement(style.ParagraphProperties(breakbefore="page"))
        auto.addElement(page_break)
        frame = style.Style(name="frImage", family="graphic", parentstylename="Graphics")
        frame.addElement(style.GraphicProperties(anchortype="as-char", verticalpos="top"))
        auto.addElement(frame)
        self.frame_style = frame  # draw:frame wants the style element itself
        section = style.Style(name="Sect1", family="section")
        section.addElement(style.SectionProperties(editable="false"))
        auto.addElement(section)
        for name, background in (("ceHead", "#e6ecf2"), ("ceBody", "transparent")):
            cell = style.Style(name=name, family="table-cell")
            cell.addElement(
                style.TableCellProperties(border=RULE, padding="0.1cm", backgroundcolor=background)
            )
            auto.addElement(cell)

    def _table_style(self, widths: tuple[float, ...]) -> tuple[str, list[str]]:
        """The automatic table and column styles for relative widths (shared when equal)."""
        total = sum(widths)
        key = tuple(round(width / total, 4) for width in widths)
        if key in self.table_styles:
            return self.table_styles[key]
        number = len(self.table_styles) + 1
        name = f"Tab{number}"
        table_style = style.Style(name=name, family="table")
        table_style.addElement(
            style.TableProperties(
                width=_cm(TEXT_WIDTH), align="margins", margintop="0.1cm", marginbottom="0.3cm"
            )
        )
        self.doc.automaticstyles.addElement(table_style)
        columns = []
        for index, share in enumerate(key):
            column = style.Style(name=f"{name}.C{index + 1}", family="table-column")
            column.addElement(
                style.TableColumnProperties(
                    columnwidth=_cm(TEXT_WIDTH * share),
                    relcolumnwidth=f"{max(1, round(share * 65535))}*",
                )
            )
            self.doc.automaticstyles.addElement(column)
            columns.append(column.getAttribute("name"))
        self.table_styles[key] = (name, columns)
        return name, columns

    # -- content -----------------------------------------------------------------------

    def metadata(self) -> None:
        source = self.source
        self.doc.meta.addElement(dc.Title(text=clean(source.title)))
        if source.subtitle:
            self.doc.meta.addElement(dc.Subject(text=clean(source.subtitle)))
        if source.status_line:
            self.doc.meta.addElement(dc.Description(text=clean(source.status_line)))
        self.doc.meta.addElement(dc.Language(text=clean(source.language)))
        if isinstance(source.issued, date):
            self.doc.meta.addElement(
                meta.CreationDate(text=f"{source.issued.isoformat()}T00:00:00")
            )
            self.doc.meta.addElement(dc.Date(text=f"{source.issued.isoformat()}T00:00:00"))
        if source.municipality:
            self.doc.meta.addElement(meta.InitialCreator(text=clean(source.municipality)))
        for keyword in source.keywords:
            self.doc.meta.addElement(meta.Keyword(text=clean(keyword)))

    def title_page(self) -> None:
        source = self.source
        first = text.P(stylename="PTitlePage")
        self.body.addElement(first)
        if source.logo:
            try:
                width, height, media_type = _png_size(source.logo)
            except ValueError:
                pass  # an unreadable logo is left out rather than breaking the export
            else:
                width_cm, height_cm = _fit(width, height, LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
                alt = _("Logo of %(name)s") % {"name": source.municipality or source.title}
                first.addElement(
                    self._frame(source.logo, media_type, width_cm, height_cm, alt, alt, "Logo")
                )
        paragraph = text.P(stylename="Title_20_page")
        _add_text(paragraph, source.municipality)
        self.body.addElement(paragraph)
        title = text.P(stylename="Title")
        _add_text(title, source.title)
        self.body.addElement(title)
        if source.subtitle:
            subtitle = text.P(stylename="Subtitle")
            _add_text(subtitle, source.subtitle)
            self.body.addElement(subtitle)
        if source.status_line:  # it carries the date (of the draft or of the decision)
            paragraph = text.P(stylename="Title_20_page")
            _add_text(paragraph, source.status_line)
            self.body.addElement(paragraph)

    def _bookmark(self) -> str:
        self.bookmarks += 1
        return f"_Toc{self.bookmarks:05d}"

    def chapters(self) -> None:
        for number, chapter in enumerate(self.source.chapters, start=1):
            self.chapter(number, chapter)

    def chapter(self, number: int, chapter: Chapter) -> None:
        mark = self._bookmark()
        heading = text.H(stylename="Heading_20_1", outlinelevel="1")
        heading.addElement(text.Bookmark(name=mark))
        _add_text(heading, chapter.title)
        self.body.addElement(heading)
        self.toc_entries.append((1, f"{number} {clean(chapter.title)}", mark))
        self.chapter_number, self.section_number = number, 0
        blocks = chapter.blocks
        if blocks and isinstance(blocks[0], PageBreak):
            blocks = blocks[1:]  # a chapter starts on a new page anyway
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            paragraph = _p("Text_20_body")
            self.runs(paragraph, block.runs)
            self.body.addElement(paragraph)
        elif isinstance(block, Heading):
            level = min(3, max(2, block.level))
            heading = text.H(stylename=f"Heading_20_{level}", outlinelevel=str(level))
            if level <= TOC_LEVELS:
                mark = self._bookmark()
                heading.addElement(text.Bookmark(name=mark))
                label = clean(block.text)
                if level <= NUMBERED_LEVELS:
                    self.section_number += 1
                    label = f"{self.chapter_number}.{self.section_number} {label}"
                self.toc_entries.append((level, label, mark))
            _add_text(heading, block.text)
            self.body.addElement(heading)
        elif isinstance(block, ListBlock):
            self.list_block(block)
        elif isinstance(block, Table):
            self.table_block(block)
        elif isinstance(block, Facts):
            self.facts(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, PageBreak):
            self.body.addElement(text.P(stylename="PBreak"))
        else:  # a new block type must get its rendering here
            raise TypeError(f"Unknown block {type(block).__name__}")

    def runs(self, parent: Element, runs: tuple[Run, ...]) -> None:
        for run in runs:
            target = parent
            href = (run.href or "").strip()
            if href and _SAFE_LINK.fullmatch(clean(href)):
                link = _fast(
                    (TEXTNS, "a"),
                    {
                        (XLINKNS, "type"): "simple",
                        (XLINKNS, "href"): clean(href),
                        (TEXTNS, "style-name"): "Internet_20_link",
                    },
                )
                parent.addElement(link, check_grammar=False)
                target = link
            if run.bold or run.italic:
                span = _span("Strong_20_Emphasis" if run.bold else "Emphasis")
                if run.bold and run.italic:
                    inner = _span("Emphasis")
                    span.addElement(inner, check_grammar=False)
                    target.addElement(span, check_grammar=False)
                    target = inner
                else:
                    target.addElement(span, check_grammar=False)
                    target = span
            _add_text(target, run.text)

    def list_block(self, block: ListBlock) -> None:
        items = text.List(stylename="Numbering_20_123" if block.ordered else "List_20_1")
        for runs in block.items:
            item = _fast((TEXTNS, "list-item"), {})
            paragraph = _p("List")
            self.runs(paragraph, runs)
            item.addElement(paragraph, check_grammar=False)
            items.addElement(item, check_grammar=False)
        self.body.addElement(items)

    def caption(self, kind: str, label: str, caption: str) -> text.P:
        """ "Tabelle 3: …" with the number as a sequence field, as Writer's captions do."""
        paragraph = text.P(stylename=kind)
        count = self.tables if kind == "Table" else self.figures
        paragraph.addText(f"{label} ")
        paragraph.addElement(
            text.Sequence(
                name=kind,
                formula=f"ooow:{kind}+1",
                numformat="1",
                text=str(count),
            )
        )
        paragraph.addText(": ")
        _add_text(paragraph, caption)
        return paragraph

    def _grid(self, style_name: str, columns: list[str], header_rows: int) -> table.Table:
        self.grid_count = getattr(self, "grid_count", 0) + 1
        grid = table.Table(name=f"Tabelle{self.grid_count}", stylename=style_name)
        for column in columns:
            grid.addElement(table.TableColumn(stylename=column))
        return grid

    def _row(
        self, values: tuple[str, ...], head: bool, label_first: bool = False
    ) -> table.TableRow:
        row = _fast((TABLENS, "table-row"), {})
        cell_style = "ceHead" if head else "ceBody"
        paragraph_style = "Table_20_Heading" if head else "Table_20_Contents"
        for index, value in enumerate(values):
            cell = _fast(
                (TABLENS, "table-cell"),
                {(TABLENS, "style-name"): cell_style, (OFFICENS, "value-type"): "string"},
            )
            paragraph = _p(paragraph_style)
            if label_first and index == 0:
                span = _span("Fact_20_label")
                _add_text(span, value)
                paragraph.addElement(span, check_grammar=False)
            else:
                _add_text(paragraph, value)
            cell.addElement(paragraph, check_grammar=False)
            row.addElement(cell, check_grammar=False)
        return row

    def table_block(self, block: Table) -> None:
        count = len(block.header) or max((len(row) for row in block.rows), default=1)
        widths = (
            block.widths if len(block.widths) == count and sum(block.widths) > 0 else (1.0,) * count
        )
        if block.caption:
            self.tables += 1
            self.body.addElement(self.caption("Table", _("Table"), block.caption))
        style_name, columns = self._table_style(tuple(widths))
        grid = self._grid(style_name, columns, 1)
        if block.header:
            head = table.TableHeaderRows()
            head.addElement(self._row(_pad(block.header, count), head=True))
            grid.addElement(head)
        for values in block.rows:
            grid.addElement(self._row(_pad(values, count), head=False), check_grammar=False)
        self.body.addElement(grid)

    def facts(self, block: Facts) -> None:
        if not block.items:
            return
        style_name, columns = self._table_style((1.0, 2.2))
        grid = self._grid(style_name, columns, 0)
        for label, value in block.items:
            grid.addElement(
                self._row((label, value), head=False, label_first=True), check_grammar=False
            )
        self.body.addElement(grid)

    def _frame(
        self,
        data: bytes,
        media_type: str,
        width: float,
        height: float,
        title: str,
        desc: str,
        name: str,
    ) -> draw.Frame:
        href = self.doc.addPictureFromString(data, media_type)
        frame = draw.Frame(
            stylename=self.frame_style,
            name=clean(name),
            anchortype="as-char",
            width=_cm(width),
            height=_cm(height),
        )
        frame.addElement(draw.Image(href=href, type="simple", show="embed", actuate="onLoad"))
        if title:
            element = svg.Title()
            _add_text(element, title)
            frame.addElement(element)
        if desc:
            element = svg.Desc()
            _add_text(element, desc)
            frame.addElement(element)
        return frame

    def figure(self, block: Figure) -> None:
        png = vl_convert.svg_to_png(block.svg, scale=_png_scale(block.svg, block.width_cm))
        width_px, height_px, _media = _png_size(png)
        width = min(block.width_cm or TEXT_WIDTH, TEXT_WIDTH)
        height = width * height_px / width_px
        if height > 20.0:  # keep a tall chart on one page
            width, height = width * 20.0 / height, 20.0
        self.figures += 1
        paragraph = text.P(stylename="Illustration")
        paragraph.addElement(
            self._frame(
                png,
                "image/png",
                width,
                height,
                block.caption or block.alt,
                block.alt,
                f"{_('Figure')} {self.figures}",
            )
        )
        self.body.addElement(paragraph)
        if block.caption:
            self.body.addElement(self.caption("Figure", _("Figure"), block.caption))

    def table_of_contents(self) -> Element:
        """A table of contents LibreOffice can update, pre-filled with linked entries."""
        title = _("Contents")
        toc = text.TableOfContent(name="Inhaltsverzeichnis1", protected="true", stylename="Sect1")
        source = text.TableOfContentSource(outlinelevel=str(TOC_LEVELS), useoutlinelevel="true")
        template = text.IndexTitleTemplate(stylename="Contents_20_Heading")
        template.addText(title)
        source.addElement(template)
        for level in range(1, TOC_LEVELS + 1):
            entry = text.TableOfContentEntryTemplate(
                outlinelevel=str(level), stylename=f"Contents_20_{level}"
            )
            entry.addElement(text.IndexEntryLinkStart(stylename="Index_20_Link"))
            entry.addElement(text.IndexEntryChapter())
            entry.addElement(text.IndexEntryText())
            entry.addElement(text.IndexEntryTabStop(type="right", leaderchar="."))
            entry.addElement(text.IndexEntryPageNumber())
            entry.addElement(text.IndexEntryLinkEnd())
            source.addElement(entry)
        toc.addElement(source)
        index = text.IndexBody()
        heading = text.IndexTitle(name="Inhaltsverzeichnis1_Head")
        heading_paragraph = text.P(stylename="Contents_20_Heading")
        heading_paragraph.addText(title)
        heading.addElement(heading_paragraph)
        index.addElement(heading)
        for level, label, mark in self.toc_entries:
            paragraph = text.P(stylename=f"Contents_20_{level}")
            link = text.A(
                type="simple",
                href=f"#{mark}",
                stylename="Index_20_Link",
                visitedstylename="Index_20_Link",
            )
            _add_text(link, label)
            link.addElement(text.Tab())
            link.addElement(text.BookmarkRef(referenceformat="page", refname=mark, text="1"))
            paragraph.addElement(link)
            index.addElement(paragraph)
        toc.addElement(index)
        return toc

    def _used_automatic_styles(self, segments: list[Element]) -> list[Element]:
        """Stands in for odfpy's search of every element for the automatic styles it uses
        (a second of a large document): this writer only makes styles it uses; page
        layouts belong to styles.xml (the master pages), all others to content.xml."""
        layouts = self.doc.masterstyles in segments
        return [
            element
            for element in self.doc.automaticstyles.childNodes
            if isinstance(element, Element)
            and (element.qname == (STYLENS, "page-layout")) == layouts
        ]

    def write(self) -> bytes:
        self.doc._used_auto_styles = self._used_automatic_styles
        self.styles()
        self.metadata()
        sequences = text.SequenceDecls()
        for name in ("Illustration", "Table", "Text", "Drawing", "Figure"):
            sequences.addElement(text.SequenceDecl(name=name, displayoutlinelevel="0"))
        self.body.addElement(sequences)
        self.title_page()
        position = len(self.body.childNodes)
        self.chapters()
        toc = self.table_of_contents()
        # The table of contents belongs after the title page; it is known only now.
        if position < len(self.body.childNodes):
            self.body.insertBefore(toc, self.body.childNodes[position])
        else:
            self.body.addElement(toc)
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return buffer.getvalue()


def _clone_tabs() -> style.TabStops:
    tabs = style.TabStops()
    tabs.addElement(
        style.TabStop(
            position=_cm(TEXT_WIDTH - 0.6), type="right", leaderstyle="dotted", leadertext="."
        )
    )
    return tabs


def _pad(values: tuple[str, ...], count: int) -> tuple[str, ...]:
    return tuple(values[:count]) + ("",) * (count - len(values))


def to_odt(document: Document) -> bytes:
    """The document as an ODT file (bytes), in the document's language."""
    with translation.override(document.language or "de"), without_cycle_collection():
        return _Writer(document).write()
