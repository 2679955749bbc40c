"""The operator's part of the start page: every municipality and the way to onboard one."""

from django import template

from ..onboarding import municipalities_for_operators
from ..rules import is_operator

register = template.Library()


@register.inclusion_tag("municipalities/partials/onboarding_overview.html", takes_context=True)
def operator_municipalities(context) -> dict:
    if not is_operator(context["request"].user):
        return {"shown": False}
    return {"shown": True, "municipalities": list(municipalities_for_operators())}
