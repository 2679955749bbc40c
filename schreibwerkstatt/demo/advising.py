"""The demo adviser's cockpit: two more municipalities they accompany, so the cockpit shows
five in different phases (Musterstadt implements, the Amt Beispielsee has not started,
Musterheide has just started, Lindenau collects measures, Kiefernwalde has no strategy yet),
an open request for advice from Musterstadt and the advisers' notes on Musterheide.

Idempotent: municipalities are found by slug, the strategy, the request and the note are
only written when missing. No mail is sent.
"""

from datetime import date

from django.utils import timezone

from schreibwerkstatt.advising.models import AdviceRequest, AdviserNote
from schreibwerkstatt.municipalities.models import Kind, Municipality, State
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy

ADVISER = "beratung@demo.example"
COORDINATOR = "koordination@demo.example"
# (slug, name, AGS, kind, population): fictional municipalities of Brandenburg.
# The last number: how many of the municipality's first checklist items are done (the
# mandate, the core team, ...: what software cannot see), ticked when it is created.
MORE = (
    ("lindenau", "Stadt Lindenau", "12099004", Kind.STADT, 11800, 12),
    ("kiefernwalde", "Gemeinde Kiefernwalde", "12099005", Kind.GEMEINDE, 1650, 2),
)
LINDENAU_FIELDS = (
    ("Digitale Verwaltung", "Alle Leistungen sind online erreichbar.", (
        ("Online-Anträge für Bürgerinnen und Bürger", ("Bürgerportal einführen", "Terminbuchung online")),
    )),
    ("Bildung", "Jede Schule arbeitet digital.", (
        ("Digitale Ausstattung der Grundschulen", ("WLAN in allen Klassenräumen",)),
    )),
    ("Mobilität", "", ()),
)  # fmt: skip
NOTE = (
    "Erstes Gespräch mit Frau Gerber am 12. Mai: Der Ratsbeschluss ist für September geplant.\n"
    "Kernteam steht noch nicht. Beim nächsten Termin die Vorlage für den Beschluss mitbringen."
)


def _municipality(
    slug: str, name: str, ags: str, kind: str, population: int, done: int
) -> Municipality:
    municipality, created = Municipality.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "ags": ags, "kind": kind, "state": State.BB,
                  "population": population},
    )  # fmt: skip
    if created:
        set_up_process(municipality)
        first = ChecklistItem.objects.filter(municipality=municipality).order_by(
            "phase", "position"
        )
        ChecklistItem.objects.filter(pk__in=list(first.values_list("pk", flat=True)[:done])).update(
            done=True, done_at=timezone.now()
        )
    return municipality


def _lindenau_strategy(municipality: Municipality) -> None:
    """Vision written, fields and goals set, the first measures collected (phase 5); no
    indicators yet, so the Strategie-Check has gaps to show."""
    if Strategy.objects.filter(municipality=municipality).exists():
        return
    strategy = Strategy.objects.create(
        municipality=municipality,
        title="Lindenau digital 2030",
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
        vision="Lindenau ist eine Stadt, in der Verwaltung, Schule und Alltag digital gut funktionieren.",
    )
    for position, (title, sentence, goals) in enumerate(LINDENAU_FIELDS):
        field = FieldOfAction.objects.create(
            strategy=strategy, title=title, guiding_sentence=sentence, position=position
        )
        for goal_title, measures in goals:
            goal = Goal.objects.create(strategy=strategy, title=goal_title)
            goal.fields.add(field)
            for measure_title in measures:
                measure = Measure.objects.create(strategy=strategy, title=measure_title)
                measure.fields.add(field)
                measure.goals.add(goal)


def load_demo_advising(municipalities: dict, users: dict) -> None:
    adviser = users[ADVISER]
    for spec in MORE:
        municipality = _municipality(*spec)
        municipality.advisers.add(adviser)
        municipalities[municipality.slug] = municipality
    _lindenau_strategy(municipalities["lindenau"])
    demo = municipalities["demo"]
    if not AdviceRequest.objects.filter(municipality=demo).exists():
        measures = Measure.objects.filter(strategy__municipality=demo).order_by("pk")
        measure = measures.filter(title__icontains="portal").first() or measures.first()
        AdviceRequest.objects.create(
            municipality=demo,
            topic="Fördermittel für das Bürgerportal",
            text=(
                "Wir möchten das Bürgerportal 2027 ausbauen. Welche Förderprogramme kommen "
                "dafür in Frage, und wie hoch ist üblicherweise der Eigenanteil?"
            ),
            measure=measure,
            requested_by=users[COORDINATOR],
        )
    newcomer = municipalities["musterheide"]
    if not AdviserNote.objects.filter(municipality=newcomer).exists():
        AdviserNote.objects.create(municipality=newcomer, text=NOTE, updated_by=adviser)
