"""The strategy document as data: one tree of blocks that every export renders.

The builder (documents/builder.py) turns a strategy, its chapters and its structure
into a `Document`; the exporters (PDF, DOCX, ODT, Markdown, HTML preview) only walk
these blocks. User text stays plain strings here: each exporter escapes or passes
it as data for its own format, so no user text is ever interpreted as markup.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None  # only http(s) or mailto, checked by the builder


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3: sections inside a chapter (the chapter title is level 1)
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    anchor: str = ""  # stable id of the paragraph, for review comments


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; empty = equal


@dataclass(frozen=True)
class Facts:
    """Label/value pairs, e.g. the fields of a measure profile (Steckbrief)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figure:
    """A chart as SVG (vector) with its text alternative; PNG is derived where needed."""

    svg: str
    alt: str
    caption: str = ""
    width_cm: float = 16.0


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | ListBlock | Table | Facts | Figure | PageBreak


@dataclass(frozen=True)
class Chapter:
    """A chapter; exporters print `title` as the numbered level-1 heading, then the blocks."""

    key: str  # e.g. "vorwort", "handlungsfelder", "anhang" (see documents/chapters.py)
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str  # motto or brand
    municipality: str  # name(s) of the municipality or the partners of a joint strategy
    status_line: str  # e.g. "Beschlossen am 12.03.2026, Stadtverordnetenversammlung, Drs. 2026/041"
    issued: date
    chapters: tuple[Chapter, ...]
    logo: bytes | None = None  # PNG or JPEG of the municipality's logo
    logo_name: str = ""
    language: str = "de"
    keywords: tuple[str, ...] = field(default_factory=tuple)
