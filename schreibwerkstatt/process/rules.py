import rules

from schreibwerkstatt.municipalities.rules import can_edit_content, can_view, is_member

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
