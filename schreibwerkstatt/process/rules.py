import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    can_view,
    get_municipality_for_user,
    is_member,
)

from .models import ChecklistItem


@rules.predicate
def is_item_editor(user, item: ChecklistItem) -> bool:
    return can_edit_content(user, item.municipality)


@rules.predicate
def is_item_assignee(user, item: ChecklistItem) -> bool:
    return (
        item.assignee_id is not None
        and item.assignee_id == user.pk
        and is_member(user, item.municipality)
    )


rules.add_perm("process.view_process", can_view)
rules.add_perm("process.change_checklist", can_edit_content)
rules.add_perm("process.tick_checklistitem", is_item_editor | is_item_assignee)


def get_item_for_user(request: HttpRequest, slug: str, pk: int, perm: str) -> ChecklistItem:
    """The checklist item of the municipality, if the user has `perm` (404/403 otherwise)."""
    municipality = get_municipality_for_user(request, slug, "process.view_process")
    item = get_object_or_404(
        ChecklistItem.objects.select_related("assignee"), pk=pk, municipality=municipality
    )
    item.municipality = municipality
    if not request.user.has_perm(
        perm, item if perm == "process.tick_checklistitem" else municipality
    ):
        raise PermissionDenied
    return item
