"""`{% history_link obj %}`: the link to an object's history page, for any registered kind
(history/kinds.py), built for the municipality of the page."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from schreibwerkstatt.history.kinds import kind_for

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(
    context: template.Context, obj: Any, about: str = "", inline: bool = False
) -> SafeString | str:
    """A paragraph with the link (`inline`: the link alone, for a row of a list); `about`
    names the object for screen readers where a page has several such links. Nothing for an
    unsaved object or one without a history page."""
    kind = kind_for(obj) if obj else None
    municipality = context.get("municipality")
    if kind is None or obj.pk is None or municipality is None:
        return ""
    hidden = format_html('<span class="sw-sr-only"> – {}</span>', about) if about else ""
    link = format_html(
        '<a class="kern-link" href="{}">{}{}</a>',
        kind.history_url(obj, municipality.slug),
        _("History of changes"),
        hidden,
    )
    return link if inline else format_html('<p class="sw-history-link">{}</p>', link)
