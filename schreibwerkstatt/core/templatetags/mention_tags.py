"""`{% mention_text text people %}`: a plain text with its @mentions marked (core/mentions.py);
`{% mention_markdown text people %}` the same for Markdown. `people` are the people stored
as mentioned with the text (a prefetched many-to-many), so rendering reads nothing.
`{% mention_attrs "strategy" strategy.pk %}` gives a textarea the data attributes of the autocomplete
(core/static/core/mentions.js)."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import mentions

register = template.Library()


@register.simple_tag
def mention_text(text: str, people: Any) -> SafeString:
    """Line breaks as <br>, for inside a <p>."""
    return mentions.render_mentions_inline(text, people)


@register.simple_tag
def mention_markdown(text: str, people: Any) -> SafeString:
    return mentions.render_markdown_mentions(text, people)


@register.simple_tag
def mention_attrs(key: str, ref: int) -> SafeString:
    """The audience registered as `key` ("strategy") with `ref` (its pk); the autocomplete
    asks core:mention_suggestions."""
    return format_html(
        'data-mentions="{}:{}" data-mentions-url="{}" data-mentions-label="{}" '
        'data-mentions-one="{}" data-mentions-many="{}" data-mentions-none="{}" '
        'data-mentions-picked="{}"',
        key,
        ref,
        reverse("core:mention_suggestions"),
        _("People to mention"),
        _("1 suggestion. Choose with the arrow keys, take it with Enter."),
        # {count} is replaced in the browser
        _("{count} suggestions. Choose with the arrow keys, take it with Enter."),
        _("Nobody of that name can read this."),
        # {name} is replaced in the browser
        _("{name} inserted."),
    )
