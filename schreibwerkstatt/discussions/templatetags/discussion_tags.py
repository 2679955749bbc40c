"""The link to a series' discussion space, for the workshop pages (a lower app: they
`{% load %}` this tag instead of importing the discussions)."""

from typing import Any

from django import template

from schreibwerkstatt.discussions.models import Space
from schreibwerkstatt.discussions.rules import may_view_space

register = template.Library()


@register.inclusion_tag("discussions/partials/series_link.html", takes_context=True)
def series_discussion(context: template.Context, series) -> dict[str, Any]:
    """The space's address for who sees it (one query, plus the person's standing in the
    series, cached for the request); nothing for everybody else."""
    user = context["user"]
    if not user.is_authenticated:
        return {"space": None}
    space = Space.objects.filter(series=series).first()
    if space is None:
        return {"space": None}
    space.series = series
    return {"space": space if may_view_space(user, space) else None}
