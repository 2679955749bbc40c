"""`{% origin_notes obj %}`: where a field of action, goal or measure came from (origins.py)."""

from django import template

from ..origins import origins_of

register = template.Library()


@register.inclusion_tag("strategies/partials/origin_notes.html", takes_context=True)
def origin_notes(context, obj) -> dict:
    request = context["request"]
    return {"origins": origins_of(request.user, context["municipality"], obj)}
