"""The demo's strategy cycle: the checklists of a strategy in implementation (only when the
demo municipality is created), and the neighbour's default checklists.

Musterstadt adopted its strategy in March 2026, so the checklists of the phases before the
implementation are done, the mandate with the council's resolution as its reference. Left
open on purpose: the feedback on the participation's results (phase 8, assigned) and two of
the implementation's tasks, so the overview shows open work next to done work.
"""

from datetime import date, timedelta

from django.utils import timezone

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.process import services as process_services
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import Phase

# The council's mandate for the strategy process (ticked by record_mandate).
MANDATE_REFERENCE = "Beschluss der Stadtverordnetenversammlung, Drucksache 2025/007"
MANDATE_DATE = date(2025, 1, 30)

KOORD, RED, MIT = "koordination@demo.example", "redaktion@demo.example", "mitwirkende@demo.example"
# How many items of a phase's default checklist are done, in their order, and who did them.
# Phases 3 and 4 have no default items: what they need, the data shows (process/check.py).
PROGRESS = {
    Phase.PREPARATION: {"done": 4, "by": KOORD},
    Phase.INVENTORY: {"done": 1, "by": RED},
    Phase.VISION: {"done": 2, "by": KOORD},
    Phase.MEASURES: {"done": 1, "by": RED},
    Phase.ROADMAP: {"done": 2, "by": KOORD},
    Phase.GOVERNANCE: {"done": 4, "by": KOORD},
    Phase.PARTICIPATION: {"done": 3, "by": RED},  # open: "Ergebnisse … rückmelden"
    Phase.ADOPTION: {"done": 2, "by": RED},
    Phase.IMPLEMENTATION: {"done": 1, "by": MIT},  # open: the report and the revision's plan
}
# (phase, title, assignee, due in days, done) of items the team added itself.
EXTRA_ITEMS = (
    (Phase.INVENTORY, "Online-Umfrage zum digitalen Reifegrad in allen Fachbereichen auswerten",
     MIT, -560, True),
    (Phase.VISION, "Zielbild-Werkstatt mit dem Lenkungskreis durchführen", KOORD, -500, True),
    (Phase.FIELDS, "Handlungsfeld „Digitale Verwaltung“ mit dem Bürgeramt abstimmen",
     MIT, -470, True),
)  # fmt: skip
# (phase, index in the default checklist): (assignee, due in days)
ASSIGN = {
    (Phase.PARTICIPATION, 3): (RED, 14),
    (Phase.IMPLEMENTATION, 1): (KOORD, 30),
    (Phase.IMPLEMENTATION, 2): (KOORD, 120),
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
    added = [
        (
            process_services.add_item(
                demo,
                phase=phase,
                title=title,
                assignee=users[email],
                due_date=today + timedelta(days=days),
            ),
            done,
        )
        for phase, title, email, days, done in EXTRA_ITEMS
    ]
    defaults = ChecklistItem.objects.filter(municipality=demo).exclude(
        pk__in=[item.pk for item, _done in added]
    )
    by_phase: dict[int, list[ChecklistItem]] = {}
    for item in defaults.order_by("phase", "position", "pk"):
        by_phase.setdefault(item.phase, []).append(item)
    for (phase, index), (email, days) in ASSIGN.items():
        item = by_phase[phase][index]
        item.assignee, item.due_date = users[email], today + timedelta(days=days)
        item.save()
    process_services.record_mandate(demo, reference=MANDATE_REFERENCE, reference_date=MANDATE_DATE)
    for phase, spec in PROGRESS.items():
        for item in by_phase[phase][: spec["done"]]:
            ChecklistItem.objects.filter(pk=item.pk).update(assignee=users[spec["by"]])
            process_services.set_item_done(item, done=True)
    for item, done in added:
        if done:
            process_services.set_item_done(item, done=True)
