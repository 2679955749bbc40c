"""The document as Markdown (CommonMark with GitHub tables).

User text is escaped, so a title like "# x" or "[a](javascript:…)" prints literally;
links keep only http, https and mailto targets. Figures become their alternative text
(the table that follows each chart in the document carries the data).
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from . import blocks as b
from .text_blocks import clean_text, safe_href

# Inline specials anywhere; block markers (heading, list, quote, numbered list) at the start.
_SPECIAL = re.compile(r"([\\`*_\[\]>|~$])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|[+\-](?=\s|$)|-+$|=+$|\d{1,9}[.)](?=\s|$))")
_SPACE = re.compile(r"\s+")


def escape_md(text: str) -> str:
    """Text with every Markdown special character escaped and on a single line."""
    escaped = _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", clean_text(text)).strip())
    # "<" and a would-be entity as HTML entities: every Markdown reader understands these.
    escaped = _ENTITY.sub("&amp;", escaped).replace("<", "&lt;")
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escaped)


def _url(href: str) -> str:
    return (
        href.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def _runs(runs: tuple[b.Run, ...]) -> str:
    parts = []
    for run in runs:
        raw = _SPACE.sub(" ", clean_text(run.text))
        core = raw.strip()
        if not core:
            parts.append(" " if raw else "")
            continue
        text = escape_md(core)
        if run.bold and run.italic:
            text = f"***{text}***"
        elif run.bold:
            text = f"**{text}**"
        elif run.italic:
            text = f"*{text}*"
        href = safe_href(run.href)
        if href:
            text = f"[{text}](<{_url(href)}>)"
        lead = " " if raw[:1] == " " else ""
        tail = " " if raw[-1:] == " " else ""
        parts.append(f"{lead}{text}{tail}")
    return "".join(parts).strip()


def _cell(text: str) -> str:
    return escape_md(text) or " "


def _table(block: b.Table) -> list[str]:
    width = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if not width:
        return []
    header = list(block.header) + [""] * (width - len(block.header))
    lines = []
    if block.caption:
        lines += [f"*{escape_md(block.caption)}*", ""]
    lines.append("| " + " | ".join(_cell(cell) for cell in header) + " |")
    lines.append("|" + "|".join(" --- " for _cell_ in header) + "|")
    for row in block.rows:
        cells = list(row) + [""] * (width - len(row))
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _block(block: b.Block) -> list[str]:
    if isinstance(block, b.Heading):
        return [f"{'#' * (min(max(block.level, 2), 3) + 1)} {escape_md(block.text)}"]
    if isinstance(block, b.Paragraph):
        text = _runs(block.runs)
        return [text] if text else []
    if isinstance(block, b.ListBlock):
        return [
            f"{f'{index}.' if block.ordered else '-'} {_runs(item)}"
            for index, item in enumerate(block.items, start=1)
        ]
    if isinstance(block, b.Table):
        return _table(block)
    if isinstance(block, b.Facts):
        return [f"- **{escape_md(label)}:** {escape_md(value)}" for label, value in block.items]
    if isinstance(block, b.Figure):
        lines = []
        if block.caption:
            lines.append(f"**{escape_md(_('Figure'))}: {escape_md(block.caption)}**")
            lines.append("")
        lines.append(f"*{escape_md(block.alt)}*")
        return lines
    if isinstance(block, b.PageBreak):
        return ["---"]
    return []


def to_markdown(document: b.Document) -> str:
    with translation.override(document.language or "de"):
        out = [f"# {escape_md(document.title)}", ""]
        for line in (document.subtitle, document.municipality, document.status_line):
            if line:
                out += [escape_md(line), ""]
        for number, chapter in enumerate(document.chapters, start=1):
            out += [f"## {number}. {escape_md(chapter.title)}", ""]
            for block in chapter.blocks:
                lines = _block(block)
                if lines:
                    out += [*lines, ""]
        return "\n".join(out).rstrip() + "\n"
