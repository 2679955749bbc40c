"""The notice that an operator may currently read the municipality (support access)."""

from django import template

from ..models import SupportAccess
from ..rules import MANAGE_SUPPORT_ACCESS

register = template.Library()


@register.inclusion_tag("municipalities/partials/support_notice.html", takes_context=True)
def support_notice(context, municipality) -> dict:
    """Shown to everybody who sees the municipality, so a support access is never silent."""
    request = context["request"]
    accesses = list(
        SupportAccess.objects.active().filter(municipality=municipality).select_related("operator")
    )
    return {
        "accesses": accesses,
        "municipality": municipality,
        "can_manage": bool(accesses) and request.user.has_perm(MANAGE_SUPPORT_ACCESS, municipality),
    }


@register.inclusion_tag("municipalities/partials/operator_support.html", takes_context=True)
def operator_support_accesses(context) -> dict:
    """An operator's own active support accesses, on their start page."""
    user = context["request"].user
    return {
        "accesses": list(
            SupportAccess.objects.active()
            .filter(operator=user)
            .select_related("municipality")
            .order_by("municipality__name")
        )
    }
