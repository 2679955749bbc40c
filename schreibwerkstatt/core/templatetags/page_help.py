"""`{% page_help %}`: the “Help on this page” panel of base.html (core/page_help.py)."""

from django import template

from ..page_help import page_help_for

register = template.Library()


@register.inclusion_tag("core/partials/page_help.html", takes_context=True)
def page_help(context) -> dict:
    return {"help": page_help_for(context.get("request"))}
