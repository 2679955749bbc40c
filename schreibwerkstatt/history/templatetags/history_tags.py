"""`{% history_link obj %}`: the link to an object's history page, for any registered kind
(history/kinds.py), built for the municipality of the page. `{% history_entries %}`: the list
of records with restore, for the history page and other apps' history pages (the guides')."""

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


@register.inclusion_tag("history/partials/entries.html", takes_context=True)
def history_entries(context: template.Context, can_restore: bool | None = None) -> dict[str, Any]:
    """The records of `page` (history/views.py's HistoryPage), newest first, with "Restore
    this version" where `can_restore` (the page's own flag unless given)."""
    if can_restore is None:
        can_restore = bool(context.get("can_restore"))
    names = ("page", "obj", "previous_url", "next_url", "csrf_token")
    return {name: context.get(name) for name in names} | {"can_restore": can_restore}
