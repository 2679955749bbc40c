"""A fictional municipality with a member for every role and a half-finished strategy cycle.

Idempotent: people and municipalities are found again by e-mail and slug; the cycle
content is only written when the demo municipality is created.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.core.demo_strategy import load_demo_strategy
from schreibwerkstatt.municipalities.models import Kind, Membership, Municipality, Role, State
from schreibwerkstatt.process import services as process_services
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import Phase

DEMO_PASSWORD = "Werkstatt-Demo-2026"  # noqa: S105 - public demo data, printed by `make run`


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str  # a Role value, "adviser" or "admin"
    label: str


PEOPLE = (
    DemoPerson("koordination@demo.example", "Katrin Krüger", Role.COORDINATOR, "Koordination"),
    DemoPerson("redaktion@demo.example", "Rainer Rosenthal", Role.EDITOR, "Redaktion"),
    DemoPerson("mitwirkende@demo.example", "Mehmet Mahler", Role.CONTRIBUTOR, "Mitwirkende"),
    DemoPerson("lesend@demo.example", "Lena Lorenz", Role.READER, "Lesend"),
    DemoPerson("beratung@demo.example", "Bernd Bauer", "adviser", "Beratung (Digitalagentur)"),
    DemoPerson("betrieb@demo.example", "Anna Albrecht", "admin", "Plattform-Admin (/betrieb/)"),
    DemoPerson(
        "nachbar@demo.example", "Norbert Neumann", "outsider", "Koordination einer anderen Kommune"
    ),
)

# How many items of a phase's default checklist are already done.
PROGRESS = {
    Phase.PREPARATION: {"done": 5},
    Phase.INVENTORY: {"done": 3},
    Phase.VISION: {"done": 1},
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
    (Phase.INVENTORY, 3): ("mitwirkende@demo.example", 14),
    (Phase.INVENTORY, 4): ("redaktion@demo.example", 30),
    (Phase.VISION, 1): ("redaktion@demo.example", 7),
    (Phase.VISION, 2): ("koordination@demo.example", 28),
    (Phase.FIELDS, 0): ("redaktion@demo.example", 60),
}


def _person(spec: DemoPerson):
    User = get_user_model()
    user, _ = User.objects.get_or_create(email=spec.email, defaults={"name": spec.name})
    user.name = spec.name
    user.is_adviser = spec.role == "adviser"
    user.is_staff = user.is_superuser = spec.role == "admin"
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load_demo() -> tuple[Municipality, list[DemoPerson]]:
    demo, created = Municipality.objects.get_or_create(
        slug="demo",
        defaults={
            "name": "Musterstadt an der Havel",
            "ags": "12099001",
            "kind": Kind.STADT,
            "state": State.BB,
            "population": 18400,
        },
    )
    neighbour, _ = Municipality.objects.get_or_create(
        slug="beispielsee",
        defaults={
            "name": "Amt Beispielsee",
            "ags": "12099002",
            "kind": Kind.AMT,
            "state": State.BB,
            "population": 9100,
        },
    )
    users = {spec.email: _person(spec) for spec in PEOPLE}
    for spec in PEOPLE:
        user = users[spec.email]
        if spec.role in Role.values:
            Membership.objects.get_or_create(
                user=user, municipality=demo, defaults={"role": spec.role}
            )
        elif spec.role == "adviser":
            demo.advisers.add(user)
            neighbour.advisers.add(user)
        elif spec.role == "outsider":
            Membership.objects.get_or_create(
                user=user, municipality=neighbour, defaults={"role": Role.COORDINATOR}
            )
    process_services.set_up_process(neighbour)
    if created:
        _fill_cycle(demo, users)
    load_demo_strategy(demo, users)  # idempotent on its own
    from schreibwerkstatt.core.demo_strategy import TITLE
    from schreibwerkstatt.documents.demo import load_demo_document

    # Chapter texts and revision 1, adopted before the later roadmap and status changes,
    # so the diff against the current draft has something to show.
    load_demo_document(demo, TITLE, by=users["koordination@demo.example"])
    from schreibwerkstatt.roadmap.demo import add_demo_roadmap

    add_demo_roadmap(demo)  # phases, dependencies and milestones of the roadmap; idempotent
    from schreibwerkstatt.monitoring.demo import load_demo_monitoring

    load_demo_monitoring(demo, users)  # status history and indicator values; idempotent
    from schreibwerkstatt.transparency.demo import publish_demo_strategy

    publish_demo_strategy(demo)  # last: the public page needs the strategy's final status
    _invite_neighbour(demo, neighbour, users)
    _grant_support_access(demo, users)
    return demo, list(PEOPLE)


def _invite_neighbour(demo: Municipality, neighbour: Municipality, users: dict) -> None:
    """An open partnership invitation: the neighbour's coordination (nachbar@) sees it on its
    strategies list and can accept it; until then neither side sees the other."""
    from schreibwerkstatt.core.demo_strategy import TITLE
    from schreibwerkstatt.strategies.models import Strategy, StrategyPartner
    from schreibwerkstatt.strategies.partnerships import invite_partner

    strategy = Strategy.objects.filter(municipality=demo, title=TITLE).first()
    if strategy is None or StrategyPartner.every_state.filter(strategy=strategy).exists():
        return
    invite_partner(
        strategy,
        neighbour,
        label="Amt im Umland",
        invited_by=users["koordination@demo.example"],
    )


def _grant_support_access(demo: Municipality, users: dict) -> None:
    """A running support access, so the notice on the overview and the audit log show one."""
    from schreibwerkstatt.municipalities.models import SupportAccess
    from schreibwerkstatt.municipalities.services import grant_support_access

    if SupportAccess.objects.filter(municipality=demo).active().exists():
        return
    grant_support_access(
        municipality=demo,
        operator=users["betrieb@demo.example"],
        days=7,
        reason="Fehlermeldung zum Word-Export prüfen",
        granted_by=users["koordination@demo.example"],
    )


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
