"""Writes to the strategy cycle. Callers validate input; these functions keep order and
versions consistent and refuse stale edits (optimistic locking)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.core.ordering import move, next_position
from schreibwerkstatt.inbox.models import Kind
from schreibwerkstatt.inbox.services import notify
from schreibwerkstatt.municipalities.models import Invitation, Membership, Municipality, Role
from schreibwerkstatt.municipalities.services import invite_member
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.services import add_strategy

from .models import ChecklistItem
from .phases import MANDATE_ITEM, MANDATE_KEY, PHASES


def set_up_process(municipality: Municipality) -> None:
    """Give a new municipality the default checklists of every phase (idempotent)."""
    if ChecklistItem.objects.filter(municipality=municipality).exists():
        return
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            municipality=municipality,
            phase=info.number,
            title=title,
            position=index,
            key=MANDATE_KEY if title == MANDATE_ITEM else "",
        )
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
    by=None,
) -> ChecklistItem:
    siblings = ChecklistItem.objects.filter(municipality=municipality, phase=phase)
    item = ChecklistItem.objects.create(
        municipality=municipality,
        phase=phase,
        title=title,
        assignee=assignee,
        due_date=due_date,
        position=next_position(siblings),
    )
    if by is not None:
        _tell_assignee(item, assignee, by=by)
    return item


def _tell_assignee(item: ChecklistItem, person, *, by) -> None:
    """The person now responsible for the task hears of it (inbox ASSIGNMENT), unless they
    took it themselves or are no member of the municipality (any more)."""
    if person is None or person.pk == by.pk:
        return
    if not Membership.objects.filter(user=person, municipality_id=item.municipality_id).exists():
        return
    slug = Municipality.objects.values_list("slug", flat=True).get(pk=item.municipality_id)
    url = reverse("process:phase", kwargs={"slug": slug, "number": item.phase}) + f"#item-{item.pk}"
    with translation.override("de"):
        subject = _("%(person)s has assigned “%(title)s” to you") % {
            "person": by,
            "title": item.title,
        }
        summary = _("A task of the strategy cycle")
    body = f"{summary}\n\n{settings.SITE_URL}{url}"
    notify([person], kind=Kind.ASSIGNMENT, subject=subject, body=body, summary=summary, url=url)


def _locked(item: ChecklistItem, expected_version: int | None) -> ChecklistItem:
    current = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(current)
    return current


@transaction.atomic
def update_item(
    item: ChecklistItem,
    *,
    expected_version: int,
    title: str,
    assignee,
    due_date: date | None,
    reference: str = "",
    reference_date: date | None = None,
    by=None,
) -> ChecklistItem:
    current = _locked(item, expected_version)
    before = current.assignee_id
    current.title, current.assignee, current.due_date = title, assignee, due_date
    current.reference, current.reference_date = reference, reference_date
    current.version += 1
    current.save()
    if by is not None and assignee is not None and assignee.pk != before:
        _tell_assignee(current, assignee, by=by)
    return current


@transaction.atomic
def record_mandate(municipality: Municipality, *, reference: str, reference_date: date | None):
    """Tick the mandate item with what proves it (the guided start); None if it is gone."""
    item = ChecklistItem.objects.filter(municipality=municipality, key=MANDATE_KEY).first()
    if item is None:
        return None
    current = _locked(item, None)
    current.reference, current.reference_date = reference, reference_date
    current.done, current.done_at = True, current.done_at or timezone.now()
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


@transaction.atomic
def start_strategy(
    municipality: Municipality,
    *,
    user,
    base_url: str,
    title: str,
    period_start: date,
    period_end: date,
    mandate_reference: str = "",
    mandate_date: date | None = None,
    team: tuple[str, ...] | list[str] = (),
) -> tuple[Strategy, list[Invitation]]:
    """The guided start: the strategy, the mandate on the checklist (ticked, with its
    reference, when given) and the core team's invitations, all or nothing."""
    set_up_process(municipality)
    strategy = add_strategy(
        Strategy(title=title, period_start=period_start, period_end=period_end),
        municipality=municipality,
    )
    if mandate_reference:
        record_mandate(municipality, reference=mandate_reference, reference_date=mandate_date)
    invitations = [
        invite_member(
            municipality=municipality,
            email=email,
            role=Role.EDITOR,
            invited_by=user,
            base_url=base_url,
        )
        for email in team
    ]
    return strategy, invitations
