"""Roles as the pages name them."""

from django import template

from ..models import Role

register = template.Library()


@register.filter
def role_change(event) -> tuple[str, str] | None:
    """The old and new role of a role change in the audit log (audit event `details`
    "from" and "to"), or None when either is not a role."""
    details = event.details if isinstance(event.details, dict) else {}
    old, new = details.get("from"), details.get("to")
    if old not in Role.values or new not in Role.values:
        return None
    return str(Role(old).label), str(Role(new).label)
