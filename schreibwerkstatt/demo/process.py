"""A half-finished strategy cycle: the demo's checklist with tasks done, assigned and added
by the team (only when the demo municipality is created), and the neighbour's cycle."""

from datetime import timedelta

from django.utils import timezone

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.process import services as process_services
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import Phase

# How many items of a phase's default checklist are already done: the demo strategy is in
# implementation, so the checklists of the phases before it are done but one.
PROGRESS = {
    Phase.PREPARATION: {"done": 4},
    Phase.INVENTORY: {"done": 1},
    Phase.VISION: {"done": 2},
    Phase.MEASURES: {"done": 1},
    Phase.ROADMAP: {"done": 2},
    Phase.GOVERNANCE: {"done": 4},
    Phase.PARTICIPATION: {"done": 3},
    Phase.ADOPTION: {"done": 2},
    Phase.IMPLEMENTATION: {"done": 1},
}
# (phase, title, assignee, due in days) of items the team added itself.
EXTRA_ITEMS = (
    (Phase.INVENTORY, "Online-Umfrage zum digitalen Reifegrad in allen Fachbereichen auswerten",
     "mitwirkende@demo.example", 10),
    (Phase.VISION, "Zielbild-Werkstatt mit dem Lenkungskreis durchführen", "koordination@demo.example", 21),
    (Phase.FIELDS, "Handlungsfeld „Digitale Verwaltung“ mit dem Bürgeramt abstimmen", "mitwirkende@demo.example", 45),
)  # fmt: skip
# (phase, index in the default checklist): (assignee, due in days)
ASSIGN = {
    (Phase.PARTICIPATION, 3): ("redaktion@demo.example", 14),
    (Phase.IMPLEMENTATION, 1): ("koordination@demo.example", 30),
    (Phase.IMPLEMENTATION, 2): ("koordination@demo.example", 120),
}


def load_demo_process(
    demo: Municipality, neighbour: Municipality, users: dict, *, created: bool
) -> None:
    process_services.set_up_process(neighbour)
    if created:
        _fill_cycle(demo, users)


def _fill_cycle(demo: Municipality, users: dict) -> None:
    process_services.set_up_process(demo)
    today = timezone.localdate()
    for phase, title, email, days in EXTRA_ITEMS:
        process_services.add_item(
            demo,
            phase=phase,
            title=title,
            assignee=users[email],
            due_date=today + timedelta(days=days),
        )
    items = ChecklistItem.objects.filter(municipality=demo).order_by("phase", "position")
    by_phase: dict[int, list[ChecklistItem]] = {}
    for item in items:
        by_phase.setdefault(item.phase, []).append(item)
    for (phase, index), (email, days) in ASSIGN.items():
        item = by_phase[phase][index]
        item.assignee, item.due_date = users[email], today + timedelta(days=days)
        item.save()
    for phase, spec in PROGRESS.items():
        for item in by_phase[phase][: spec["done"]]:
            process_services.set_item_done(item, done=True)
