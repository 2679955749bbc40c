"""A chapter's Markdown text as document blocks.

The text is rendered and sanitised by core.text.render_markdown (nh3 allow-list), then the
HTML is read with html.parser into Paragraph/Run/ListBlock/Heading/Table blocks. Every piece
of text ends up as a plain string; links keep their target only for http, https and mailto
(anything else becomes plain text). Nested lists are flattened into their parent list,
block quotes become italic paragraphs, code becomes plain text.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from schreibwerkstatt.core.text import render_markdown

from .blocks import Block, Heading, ListBlock, Paragraph, Run, Table

SAFE_SCHEMES = {"http", "https", "mailto"}
_SPACE = re.compile(r"\s+")
# Characters that are invalid in XML 1.0 (and useless in a document): C0 controls except
# tab, newline and carriage return, plus the non-characters U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """User text without control characters."""
    return _CONTROL.sub("", text or "")


def safe_href(href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in SAFE_SCHEMES else None


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Adjacent runs with the same formatting joined; whitespace collapsed and trimmed."""
    merged: list[Run] = []
    for run in runs:
        text = _SPACE.sub(" ", run.text)
        if not text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            run.bold,
            run.italic,
            run.href,
        ):
            merged[-1] = Run(merged[-1].text + text, run.bold, run.italic, run.href)
        else:
            merged.append(Run(text, run.bold, run.italic, run.href))
    while merged and merged[0].text.startswith(" "):
        first = merged[0]
        merged[0] = Run(first.text.lstrip(), first.bold, first.italic, first.href)
        if not merged[0].text:
            merged.pop(0)
    while merged and merged[-1].text.endswith(" "):
        last = merged[-1]
        merged[-1] = Run(last.text.rstrip(), last.bold, last.italic, last.href)
        if not merged[-1].text:
            merged.pop()
    # A space between two runs: keep only one.
    for index in range(1, len(merged)):
        if merged[index - 1].text.endswith(" ") and merged[index].text.startswith(" "):
            current = merged[index]
            merged[index] = Run(current.text[1:], current.bold, current.italic, current.href)
    return tuple(run for run in merged if run.text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []  # inline text of the paragraph, heading or cell being read
        self.bold = 0
        self.italic = 0
        self.quote = 0
        self.href: list[str | None] = []
        self.heading: int | None = None
        self.lists: list[tuple[bool, list[tuple[Run, ...]]]] = []  # (ordered, items)
        self.table: dict | None = None  # {"header": [...], "rows": [[...]], "row": [...]}
        self.in_cell = False
        self.cell_head = False

    # ---------------------------------------------------------------- inline

    def _flush_paragraph(self) -> None:
        runs = _merge(self.runs)
        self.runs = []
        if not runs:
            return
        if self.lists:
            self.lists[-1][1].append(runs)
        elif self.heading is not None:
            text = "".join(run.text for run in runs)
            self.blocks.append(Heading(self.heading, text))
        else:
            self.blocks.append(Paragraph(runs))

    def handle_data(self, data: str) -> None:
        data = clean_text(data)
        if not data:
            return
        if self.in_cell and self.table is not None:
            self.table["cell"].append(data)
            return
        if self.table is not None:
            return  # whitespace between table tags
        href = self.href[-1] if self.href else None
        self.runs.append(
            Run(data, bold=self.bold > 0, italic=self.italic > 0 or self.quote > 0, href=href)
        )

    # ---------------------------------------------------------------- tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"strong", "b"}:
            self.bold += 1
        elif tag in {"em", "i"}:
            self.italic += 1
        elif tag == "a":
            self.href.append(safe_href(dict(attrs).get("href")))
        elif tag == "br":
            self.handle_data(" ")
        elif tag in {"p", "pre"}:
            if not self.lists:
                self._flush_paragraph()
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._flush_paragraph()
            self.heading = 2 if tag in {"h1", "h2"} else 3
        elif tag == "blockquote":
            self._flush_paragraph()
            self.quote += 1
        elif tag in {"ul", "ol"}:
            if self.lists:
                self._flush_paragraph()  # the text of the parent item so far
                self.lists.append((self.lists[-1][0], self.lists[-1][1]))  # flattened into it
            else:
                self._flush_paragraph()
                self.lists.append((tag == "ol", []))
        elif tag == "li":
            self._flush_paragraph()
        elif tag == "table":
            self._flush_paragraph()
            self.table = {"header": [], "rows": [], "row": [], "cell": []}
        elif tag == "tr" and self.table is not None:
            self.table["row"] = []
        elif tag in {"td", "th"} and self.table is not None:
            self.in_cell, self.cell_head = True, tag == "th"
            self.table["cell"] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"strong", "b"}:
            self.bold = max(self.bold - 1, 0)
        elif tag in {"em", "i"}:
            self.italic = max(self.italic - 1, 0)
        elif tag == "a":
            if self.href:
                self.href.pop()
        elif tag in {"p", "pre"}:
            if not self.lists:
                self._flush_paragraph()
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._flush_paragraph()
            self.heading = None
        elif tag == "blockquote":
            self._flush_paragraph()
            self.quote = max(self.quote - 1, 0)
        elif tag == "li":
            self._flush_paragraph()
        elif tag in {"ul", "ol"} and self.lists:
            self._flush_paragraph()
            ordered, items = self.lists.pop()
            if not self.lists and items:
                self.blocks.append(ListBlock(tuple(items), ordered=ordered))
        elif tag in {"td", "th"} and self.table is not None and self.in_cell:
            text = _SPACE.sub(" ", "".join(self.table["cell"])).strip()
            self.table["row"].append((text, self.cell_head))
            self.in_cell = False
        elif tag == "tr" and self.table is not None:
            row = self.table["row"]
            if row and all(head for _text, head in row) and not self.table["header"]:
                self.table["header"] = [text for text, _head in row]
            elif row:
                self.table["rows"].append([text for text, _head in row])
            self.table["row"] = []
        elif tag == "table" and self.table is not None:
            header, rows = self.table["header"], self.table["rows"]
            self.table = None
            width = max([len(header), *(len(row) for row in rows)], default=0)
            if width:
                if not header:
                    header = [""] * width
                pad = lambda cells: tuple(cells) + ("",) * (width - len(cells))  # noqa: E731
                self.blocks.append(Table("", pad(header), tuple(pad(row) for row in rows)))

    def close(self) -> None:
        super().close()
        while self.lists:
            self.handle_endtag("ol" if self.lists[-1][0] else "ul")
        self._flush_paragraph()


# "# Title" is a level-1 heading in Markdown, but the chapter title is level 1 in the
# document and the sanitiser drops <h1>: a single "#" becomes a section heading ("##").
_TOP_HEADING = re.compile(r"^# ", re.MULTILINE)


def markdown_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown text (without anchors: the builder adds them)."""
    reader = _Reader()
    source = _TOP_HEADING.sub("## ", clean_text(text))
    reader.feed(str(render_markdown(source)))
    reader.close()
    return reader.blocks
