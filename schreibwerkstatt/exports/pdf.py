"""The strategy document as a tagged PDF (PDF/UA-1), set by Typst.

One compile per export: the blocks are written as JSON next to a fixed template
(templates/strategy.typ) in a temporary directory, together with the figures (SVG) and
the logo as files. The template reads the JSON with `json(...)` and places every string
as text, so user text is data and never Typst markup: a title `#panic("x")` is printed
as it stands. Compiling with the PDF/UA-1 standard makes Typst refuse a figure without
alternative text, and tags the PDF (headings, lists, tables, figures, reading order).

Fonts: the KERN font Fira Sans, converted from the npm package by tools/build_fonts.py
(`make setup`) into exports/fonts/. Without it the export still works with Typst's
built-in fonts and logs a warning. System fonts are never used, so a PDF looks the same
on every machine.
"""

import io
import json
import logging
import math
import multiprocessing
import re
import tempfile
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import typst
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from schreibwerkstatt.documents.blocks import (
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

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
KERN_FONT = "Fira Sans"
FALLBACK_FONT = "Libertinus Serif"  # built into Typst
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}
MAX_FIGURE_CM = 16.0  # the text width of the page is 16.3 cm
LINK_SCHEMES = ("http://", "https://", "mailto:")

# Characters that have no place in text: C0/C1 controls except tab and newline, lone
# surrogates (they cannot even be written as UTF-8) and the byte order mark.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
# PDF/UA-1 refuses text that no font can display. Our fonts (Fira Sans; Typst's Libertinus,
# New Computer Modern, DejaVu Sans Mono) cover Latin, Greek, Cyrillic, punctuation and the
# common symbols; other scripts and emoji are shown as MISSING. Characters inside these
# ranges that still fail are learned from Typst's error (see to_pdf).
_DISPLAYABLE = (
    "\t\n\x20-\u058f\u1d00-\u1fff\u2000-\u2bff\u2c60-\u2c7f\ua720-\ua7ff\ue000-\uf8ff\ufb00-\ufb06"
)
_OUTSIDE = re.compile(f"[^{_DISPLAYABLE}]")
_UNDISPLAYED = re.compile(r'the text `"(.+?)"` could not be displayed')
MISSING = "\u25a1"  # □, as a font shows a missing glyph
_learned: set[str] = set()  # characters Typst could not display, for this process
_learned_pattern: re.Pattern[str] | None = None


class PdfExportError(RuntimeError):
    """Typst refused the document (e.g. a figure without alternative text)."""


def clean(text: str) -> str:
    """User text made printable: no control characters, composed accents (a "u" plus a
    combining diaeresis becomes "ü"), characters no font has replaced by MISSING."""
    text = _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if text.isascii():
        return text
    text = _OUTSIDE.sub(MISSING, unicodedata.normalize("NFC", text))
    return _learned_pattern.sub(MISSING, text) if _learned_pattern else text


def _learn_undisplayable(error: PdfExportError) -> bool:
    """Remember the characters of Typst's "could not be displayed" error; False if the error
    is another one or names nothing new."""
    global _learned_pattern
    found = _UNDISPLAYED.search(str(error))
    new = set(found[1]) - _learned - {MISSING} if found else set()
    if not new:
        return False
    _learned.update(new)
    _learned_pattern = re.compile("|".join(map(re.escape, sorted(_learned))))
    logger.warning("Characters without a glyph in the PDF fonts, shown as %s: %r", MISSING, new)
    return True


def _runs(runs: tuple[Run, ...]) -> list[dict[str, Any]]:
    return [
        {
            "text": clean(run.text),
            "bold": run.bold,
            "italic": run.italic,
            "href": run.href if run.href and run.href.lower().startswith(LINK_SCHEMES) else None,
        }
        for run in runs
        if run.text
    ]


def _widths(table: Table) -> list[float]:
    """Explicit column fractions: Typst's automatic widths can let one long cell push the
    others to a letter per line."""
    columns = len(table.header)
    widths = [w if math.isfinite(w) and w > 0 else 1.0 for w in table.widths]
    if len(widths) != columns:
        widths = [1.0] * columns
    return widths


def _rows(table: Table) -> list[list[str]]:
    columns = len(table.header)
    return [[clean(cell) for cell in (*row, *[""] * columns)[:columns]] for row in table.rows]


def _lines(text: str, per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _fits_a_page(pairs: list[list[str]]) -> bool:
    """Whether a facts table (a measure profile) surely fits on one page, so it can be kept
    together. A generous estimate instead of measuring in Typst, which costs a layout pass:
    about 24 characters a line in the label column, 55 in the value column, 0.75 cm for a
    row of one line and 0.55 cm for each further line; the text area is 24 cm high."""
    height = sum(
        0.75 + 0.55 * (max(_lines(label, 24), _lines(value, 55)) - 1) for label, value in pairs
    )
    return height <= 18.0


class _Writer:
    """Turns the blocks into the JSON the template reads, and collects the figure files."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.level = 1  # of the last heading; a chapter title is level 1
        self.chapters = 0

    def chapter(self, chapter: Chapter) -> dict[str, Any]:
        self.level = 1
        self.chapters += 1
        blocks = [b for b in map(self.block, chapter.blocks) if b is not None]
        while blocks and blocks[0]["kind"] == "pagebreak":  # a chapter starts on a new page
            blocks.pop(0)
        # PDF/UA-1 refuses an empty heading.
        title = clean(chapter.title).strip() or _("Chapter %(number)s") % {"number": self.chapters}
        return {"key": chapter.key, "title": title, "blocks": blocks}

    def block(self, block: object) -> dict[str, Any] | None:
        match block:
            case Heading(text=text) if not clean(text).strip():
                return None  # PDF/UA-1 refuses an empty heading
            case Heading(level=level, text=text):
                # PDF/UA-1 forbids skipping a level (1 → 3): a heading goes at most one below
                # the one before it, and never above a section (2) inside a chapter.
                self.level = min(max(level, 2), 3, self.level + 1)
                return {"kind": "heading", "level": self.level, "text": clean(text)}
            case Paragraph(runs=runs):
                return {"kind": "paragraph", "runs": _runs(runs)}
            case ListBlock(items=items, ordered=ordered):
                return {"kind": "list", "ordered": ordered, "items": [_runs(i) for i in items]}
            case Table() if block.header:
                return {
                    "kind": "table",
                    "caption": clean(block.caption),
                    "header": [clean(cell) for cell in block.header],
                    "rows": _rows(block),
                    "widths": _widths(block),
                }
            case Facts(items=items):
                pairs = [[clean(k), clean(v)] for k, v in items]
                return {"kind": "facts", "items": pairs, "keep-together": _fits_a_page(pairs)}
            case Figure():
                name = f"figure-{len(self.files) + 1}.svg"
                self.files[name] = block.svg.encode()
                return {
                    "kind": "figure",
                    "file": name,
                    "alt": clean(block.alt),
                    "caption": clean(block.caption),
                    "width-cm": min(max(block.width_cm, 2.0), MAX_FIGURE_CM)
                    if math.isfinite(block.width_cm)
                    else MAX_FIGURE_CM,
                }
            case PageBreak():
                return {"kind": "pagebreak"}
        return None

    def logo(self, document: Document) -> str | None:
        """The logo as a file, if it is a readable PNG or JPEG; anything else is left out."""
        if not document.logo:
            return None
        try:
            with Image.open(io.BytesIO(document.logo)) as image:
                kind = LOGO_FORMATS.get(image.format or "")
                image.verify()
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            kind = None
        if kind is None:
            logger.warning("Logo of %r is not a PNG or JPEG image; left out.", document.title)
            return None
        name = f"logo.{kind}"
        self.files[name] = document.logo
        return name


def document_data(document: Document, *, fonts: list[str]) -> tuple[dict[str, Any], dict]:
    """The JSON for the template and the files (figures, logo) it refers to."""
    writer = _Writer()
    chapters = [writer.chapter(chapter) for chapter in document.chapters]
    language = (document.language or "de").split("-")[0].lower()
    data = {
        "title": clean(document.title).strip() or _("Digital strategy"),  # PDF/UA-1 needs one
        "subtitle": clean(document.subtitle),
        "municipality": clean(document.municipality),
        "status-line": clean(document.status_line),
        "issued": [document.issued.year, document.issued.month, document.issued.day],
        "keywords": [clean(k) for k in document.keywords],
        "lang": language if re.fullmatch(r"[a-z]{2,3}", language) else "de",
        "region": "DE" if language == "de" else None,
        "fonts": fonts,
        "logo": writer.logo(document),
        "logo-alt": _("Logo of %(municipality)s") % {"municipality": clean(document.municipality)},
        "labels": {"page": _("Page %(page)s of %(pages)s")},
        "chapters": chapters,
    }
    return data, writer.files


@cache
def _template(name: str = "strategy.typ") -> str:
    return resources.files("schreibwerkstatt.exports").joinpath(f"templates/{name}").read_text()


@cache
def _fonts(font_dir: Path) -> tuple[typst.Fonts, list[str]]:
    """The font book (scanned once per process and directory) and the families to ask for."""
    paths = [str(font_dir)] if font_dir.is_dir() else []
    book = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=paths)
    if KERN_FONT in book.families():
        return book, [KERN_FONT, FALLBACK_FONT]
    logger.warning(
        "The font %s is missing in %s; the PDF is set in Typst's built-in %s. "
        "Run `make setup` (tools/build_fonts.py) to build it.",
        KERN_FONT,
        font_dir,
        FALLBACK_FONT,
    )
    return book, [FALLBACK_FONT]


# The JSON for a template and the files beside it, made for the font families to ask for.
DataMaker = Callable[[list[str]], tuple[dict[str, Any], dict[str, bytes]]]


def to_pdf(document: Document, *, font_dir: Path | None = None) -> bytes:
    """The document as a tagged PDF/UA-1, A4, set in Fira Sans (KERN)."""

    def data(families: list[str]) -> tuple[dict[str, Any], dict[str, bytes]]:
        with translation.override(document.language or "de"):
            return document_data(document, fonts=families)

    return compile_template("strategy.typ", data, font_dir=font_dir)


def compile_template(template: str, data: DataMaker, *, font_dir: Path | None = None) -> bytes:
    """A template of exports/templates/ with its data as a tagged PDF/UA-1 (the strategy
    document; the result of a workshop board, exports/board_export.py). `data` is called
    again after Typst named characters it cannot display, so `clean` replaces them."""
    fonts = Path(font_dir or FONT_DIR)
    _book, families = _fonts(fonts)
    fonts_used = str(fonts) if fonts.is_dir() else ""
    for _attempt in range(3):
        try:
            return _compile(template, *data(families), fonts_used)
        except PdfExportError as error:
            if not _learn_undisplayable(error):
                raise
    return _compile(template, *data(families), fonts_used)


def _compile(template: str, data: dict[str, Any], files: dict[str, bytes], font_dir: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="sw-pdf-") as tmp:
        root = Path(tmp)
        (root / "main.typ").write_text(_template(template), encoding="utf-8")
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for name, content in files.items():
            (root / name).write_bytes(content)
        # Typst keeps its layout cache for the life of the process (a worker grew to 1 GB
        # after six large exports), so each compile runs in a short-lived child process.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(_typst_compile, str(root), font_dir).result()


def _typst_compile(root: str, font_dir: str) -> bytes:
    """Runs in the child process: one compile, nothing cached beyond it."""
    paths = [font_dir] if font_dir else []
    book = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=paths)
    try:
        pdf = typst.compile(
            str(Path(root) / "main.typ"),
            root=root,
            font_paths=book,
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
            timestamp=0,
        )
    except typst.TypstError as error:
        raise PdfExportError(f"{error.message} {'; '.join(error.hints)}".strip()) from None
    return bytes(pdf)
