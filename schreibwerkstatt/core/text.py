"""Rendering of user-written Markdown: converted, then sanitised with nh3 (an allow-list)."""

import html
import re
from dataclasses import dataclass

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown.extensions.toc import TocExtension

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)


# Longer texts with sections and pictures (the guides of the handbook) -------------------

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
SECTION_LEVELS = "2-3"  # `##` and `###` get anchors; `#` is the page's own heading


def anchor(text: str) -> str:
    """The anchor of a section heading: "Wer macht was?" → "wer-macht-was", umlauts
    spelled out ("Größe" → "groesse") so that the anchor stays readable."""
    return slugify(html.unescape(text).translate(_GERMAN)) or "abschnitt"


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class RenderedText:
    html: SafeString
    sections: tuple[Section, ...]  # the `##` and `###` headings in order


def render_sectioned_markdown(
    text: str, *, image_src: re.Pattern[str] | None = None
) -> RenderedText:
    """Markdown with anchored section headings and, where `image_src` is given, pictures whose
    address matches it in full (the attachments of one guide); sanitised like
    render_markdown. Anchors come from the heading text; an `id` that did not come from a
    heading of the Markdown, and any picture from elsewhere, is removed."""
    converter = markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            TocExtension(slugify=lambda value, _separator: anchor(value), toc_depth=SECTION_LEVELS),
        ]
    )
    converted = converter.convert(text or "")
    sections: list[Section] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            sections.append(Section(token["id"], html.unescape(token["name"]), token["level"]))
            walk(token["children"])

    walk(converter.toc_tokens)
    anchors = {section.anchor for section in sections}

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if value in anchors else None
        if tag == "img" and attribute == "src":
            return value if image_src is not None and image_src.fullmatch(value) else None
        return value

    tags = ALLOWED_TAGS | ({"img"} if image_src is not None else set())
    attributes = {**ALLOWED_ATTRIBUTES, "h2": {"id"}, "h3": {"id"}, "img": {"src", "alt"}}
    clean = nh3.clean(
        converted,
        tags=tags,
        attributes=attributes,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # An <img> whose address was removed shows nothing useful: drop it whole.
    clean = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", clean)
    return RenderedText(mark_safe(clean), tuple(sections))
