"""The document as semantic HTML, for the live preview and the review mode.

Every user text is escaped; links keep only http, https and mailto targets (checked again
here). Figures embed the SVG that our own code drew (inventory radar, roadmap via
vl-convert) inside an element with role="img" and the alternative text; an SVG that
carries anything script-like is not embedded, only its text alternative is shown.
Paragraphs carry their anchor as id (review comments point at them).
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import blocks as b
from .text_blocks import safe_href

_UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignObject|iframe|object|embed)|\son[a-z]+\s*=|javascript:|<!ENTITY",
    re.IGNORECASE,
)


def svg_is_safe(svg: str) -> bool:
    stripped = svg.lstrip()
    return stripped.startswith(("<svg", "<?xml")) and not _UNSAFE_SVG.search(svg)


def _runs(runs: tuple[b.Run, ...]) -> str:
    parts = []
    for run in runs:
        text = escape(run.text)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        href = safe_href(run.href)
        if href:
            text = f'<a href="{escape(href)}" rel="noopener noreferrer">{text}</a>'
        parts.append(text)
    return "".join(parts)


def _anchor_attrs(anchor: str, review: bool) -> str:
    if not anchor:
        return ""
    attrs = f' id="{escape(anchor)}"'
    if review:
        attrs += f' data-anchor="{escape(anchor)}" class="sw-doc-anchor"'
    return attrs


def render_block(block: b.Block, *, level_offset: int = 1, review: bool = False) -> str:
    """One block; document heading level n becomes <h(n + level_offset)>."""
    if isinstance(block, b.Heading):
        level = min(max(block.level, 2) + level_offset, 6)
        return f"<h{level}{_anchor_attrs(block.anchor, review)}>{escape(block.text)}</h{level}>"
    if isinstance(block, b.Paragraph):
        return f"<p{_anchor_attrs(block.anchor, review)}>{_runs(block.runs)}</p>"
    if isinstance(block, b.ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_runs(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, b.Table):
        caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
        head = ""
        if any(block.header):
            head = (
                '<thead class="kern-table__header"><tr class="kern-table__row">'
                + "".join(
                    f'<th scope="col" class="kern-table__header">{escape(cell)}</th>'
                    for cell in block.header
                )
                + "</tr></thead>"
            )
        body = "".join(
            '<tr class="kern-table__row">'
            + "".join(f'<td class="kern-table__cell">{escape(cell)}</td>' for cell in row)
            + "</tr>"
            for row in block.rows
        )
        return (
            '<div class="kern-table-responsive sw-doc-table"><table class="kern-table kern-table--small">'
            f'{caption}{head}<tbody class="kern-table__body">{body}</tbody></table></div>'
        )
    if isinstance(block, b.Facts):
        rows = "".join(
            f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in block.items
        )
        return f'<dl class="sw-doc-facts">{rows}</dl>'
    if isinstance(block, b.Figure):
        caption = f"<figcaption>{escape(block.caption)}</figcaption>" if block.caption else ""
        if svg_is_safe(block.svg):
            picture = (
                f'<div class="sw-doc-figure__svg" role="img" aria-label="{escape(block.alt)}">'
                f"{block.svg}</div>"
            )
        else:
            picture = f'<p class="sw-doc-figure__alt">{escape(block.alt)}</p>'
        return f'<figure class="sw-doc-figure">{picture}{caption}</figure>'
    if isinstance(block, b.PageBreak):
        return '<hr class="sw-doc-pagebreak">'
    return ""


def render_chapter(
    chapter: b.Chapter, number: int | None = None, *, review: bool = False, level: int = 2
) -> SafeString:
    """A chapter as a <section> with its (numbered) title at heading `level`."""
    title = f"{number}. {chapter.title}" if number is not None else chapter.title
    heading_id = f"chapter-{escape(chapter.key)}"
    body = "".join(
        render_block(block, level_offset=level - 1, review=review) for block in chapter.blocks
    )
    if not chapter.blocks:
        # gettext outside the f-string: makemessages does not look inside f-strings.
        empty = _("This chapter has no text yet.")
        body = f'<p class="sw-doc-empty">{escape(empty)}</p>'
    return mark_safe(
        f'<section class="sw-doc-chapter" aria-labelledby="{heading_id}">'
        f'<h{level} id="{heading_id}">{escape(title)}</h{level}>{body}</section>'
    )


def render_html(document: b.Document, *, review: bool = False) -> SafeString:
    """The whole document: title block, table of contents, numbered chapters."""
    head = [f'<p class="sw-doc-municipality">{escape(document.municipality)}</p>']
    head.append(f'<h1 class="sw-doc-title">{escape(document.title)}</h1>')
    if document.subtitle:
        head.append(f'<p class="sw-doc-subtitle">{escape(document.subtitle)}</p>')
    if document.status_line:
        head.append(f'<p class="sw-doc-status">{escape(document.status_line)}</p>')
    toc_items = "".join(
        f'<li><a href="#chapter-{escape(chapter.key)}">{escape(chapter.title)}</a></li>'
        for chapter in document.chapters
    )
    toc = (
        f'<nav class="sw-doc-toc" aria-labelledby="sw-doc-toc-title">'
        f'<h2 id="sw-doc-toc-title">{escape(_("Contents"))}</h2><ol>{toc_items}</ol></nav>'
        if document.chapters
        else ""
    )
    chapters = "".join(
        render_chapter(chapter, number, review=review)
        for number, chapter in enumerate(document.chapters, start=1)
    )
    classes = "sw-document sw-document--review" if review else "sw-document"
    return mark_safe(
        f'<article class="{classes}" lang="{escape(document.language)}">'
        f'<header class="sw-doc-header">{"".join(head)}</header>{toc}{chapters}</article>'
    )
