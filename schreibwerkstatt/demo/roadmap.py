"""The roadmap of the demo strategy (demo/strategies.py): programme phases, a few more
dependencies, and milestones of the strategy and of its measures, each added only if missing.

Some conflicts are left on purpose, so the roadmap has something to flag and the proposed
schedule something to resolve: measures that start before their prerequisite ends (from
the demo strategy itself) and one milestone outside its measure's period.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.demo.strategies import MEASURES, PHASES, TITLE
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.roadmap import schedule
from schreibwerkstatt.roadmap.timeline import load_items
from schreibwerkstatt.strategies.models import Measure, Milestone, ProgrammePhase, Strategy

TITLES = {spec.key: spec.title for spec in MEASURES}

# (measure, prerequisite) by key: the parking guidance needs the sensor network, the
# library's learning workshop the fibre connection of the public buildings.
DEPENDENCIES = (("parken", "lorawan"), ("bibliothek", "anschluss"))

STRATEGY_MILESTONES = (
    ("Beschluss der Digitalstrategie in der Stadtverordnetenversammlung", date(2026, 3, 12)),
    ("Erster Umsetzungsbericht an den Hauptausschuss", date(2027, 11, 30)),
    ("Zwischenbilanz und Fortschreibung der Strategie", date(2028, 12, 7)),
    ("Abschlussbericht an den Fördermittelgeber", date(2030, 11, 30)),
)
# (measure key, title, date); the LoRaWAN milestone lies after the measure's end on purpose.
MEASURE_MILESTONES = (
    ("eakte", "Dokumentenmanagementsystem in Betrieb", date(2026, 2, 2)),
    ("eakte_alle", "Alle Fachbereiche arbeiten mit der E-Akte", date(2027, 12, 1)),
    ("buergerbuero", "30 Leistungen online", date(2027, 6, 30)),
    ("glasfaser", "Ausbau der nördlichen Ortsteile abgeschlossen", date(2027, 6, 30)),
    ("lorawan", "Alle Gateways in Betrieb", date(2027, 9, 30)),
    ("rufbus", "Start des Regelbetriebs", date(2027, 1, 4)),
    ("website", "Neue Website online", date(2026, 10, 1)),
    ("beteiligungsplattform", "Erstes Beteiligungsverfahren online", date(2027, 10, 1)),
    ("licht_orte", "Hälfte der Ortsteile umgerüstet", date(2028, 9, 30)),
)


@transaction.atomic
def add_demo_roadmap(municipality: Municipality) -> Strategy | None:
    """Complete the roadmap of the demo strategy of `municipality`; idempotent."""
    strategy = Strategy.objects.filter(municipality=municipality, title=TITLE).first()
    if strategy is None:
        return None
    if not strategy.programme_phases.exists():
        ProgrammePhase.objects.bulk_create(
            ProgrammePhase(strategy=strategy, name=name, start=start, end=end)
            for name, start, end in PHASES
        )
    measures = {m.title: m for m in strategy.measures.all()}

    def measure(key: str) -> Measure | None:
        return measures.get(TITLES.get(key, ""))

    for key, prerequisite_key in DEPENDENCIES:
        dependent, prerequisite = measure(key), measure(prerequisite_key)
        if dependent and prerequisite:
            Measure.depends_on.through.objects.get_or_create(
                from_measure_id=dependent.pk, to_measure_id=prerequisite.pk
            )
    _date_undated(strategy)
    for title, day in STRATEGY_MILESTONES:
        if not strategy.milestones.filter(title=title, measure=None).exists():
            Milestone.objects.create(strategy=strategy, title=title, date=day)
    for key, title, day in MEASURE_MILESTONES:
        target = measure(key)
        if target and not strategy.milestones.filter(title=title, measure=target).exists():
            Milestone.objects.create(strategy=strategy, measure=target, title=title, date=day)
    return strategy


def _date_undated(strategy: Strategy) -> None:
    """Measures without a start get the start and end the proposed schedule gives them."""
    measures, items = load_items(strategy)
    proposals = schedule.propose(items, timezone.localdate())
    for m in measures:
        proposal = proposals[m.pk]
        if m.start is None and proposal.start is not None:
            m.start, m.end = proposal.start, proposal.end
            m.version += 1
            m.save()
