"""Writes to the strategy cycle. Callers validate input; these functions keep order and
versions consistent and refuse stale edits (optimistic locking)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.core.ordering import move, next_position
from schreibwerkstatt.municipalities.models import Municipality

from .models import ChecklistItem
from .phases import PHASES


def set_up_process(municipality: Municipality) -> None:
    """Give a new municipality the default checklists of every phase (idempotent)."""
    if ChecklistItem.objects.filter(municipality=municipality).exists():
        return
    ChecklistItem.objects.bulk_create(
        ChecklistItem(municipality=municipality, phase=info.number, title=title, position=index)
        for info in PHASES
        for index, title in enumerate(info.default_items)
    )


@transaction.atomic
def add_item(
    municipality: Municipality,
    *,
    phase: int,
    title: str,
    assignee=None,
    due_date: date | None = None,
) -> ChecklistItem:
    siblings = ChecklistItem.objects.filter(municipality=municipality, phase=phase)
    return ChecklistItem.objects.create(
        municipality=municipality,
        phase=phase,
        title=title,
        assignee=assignee,
        due_date=due_date,
        position=next_position(siblings),
    )


def _locked(item: ChecklistItem, expected_version: int | None) -> ChecklistItem:
    current = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(current)
    return current


@transaction.atomic
def update_item(
    item: ChecklistItem, *, expected_version: int, title: str, assignee, due_date: date | None
) -> ChecklistItem:
    current = _locked(item, expected_version)
    current.title, current.assignee, current.due_date = title, assignee, due_date
    current.version += 1
    current.save()
    return current


@transaction.atomic
def set_item_done(item: ChecklistItem, *, done: bool) -> ChecklistItem:
    """Ticking is idempotent (the box states the wanted result), so it needs no version."""
    current = _locked(item, None)
    if current.done != done:
        current.done = done
        current.done_at = timezone.now() if done else None
        current.version += 1
        current.save()
    return current


def move_item(item: ChecklistItem, *, up: bool) -> None:
    siblings = ChecklistItem.objects.filter(municipality_id=item.municipality_id, phase=item.phase)
    move(item, siblings, up=up, save_fields=("updated_at",))


@transaction.atomic
def delete_item(item: ChecklistItem) -> None:
    item.delete()
