"""Test data shared by the revision tests and the revision browser tests."""

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy

VORWORT = (
    "Die Digitalisierung verändert, wie Amtsberg arbeitet und wie Bürgerinnen und Bürger "
    "ihre Anliegen erledigen.\n\n"
    "Diese Strategie beschreibt, was wir bis 2030 erreichen wollen und welche Maßnahmen "
    "wir dafür umsetzen."
)


def strategy_with_vorwort(municipality: Municipality) -> Strategy:
    """A strategy of `municipality` with a field, a goal, three measures and a Vorwort."""
    strategy = Strategy.objects.create(municipality=municipality, title="Digitales Amtsberg 2030")
    field = FieldOfAction.objects.create(strategy=strategy, title="Digitale Verwaltung")
    goal = Goal.objects.create(strategy=strategy, title="Alle Leistungen online")
    goal.fields.add(field)
    for title, status in [
        ("E-Akte einführen", Measure.Status.RUNNING),
        ("Bürgerportal aufbauen", Measure.Status.DONE),
        ("WLAN im Rathaus", Measure.Status.PLANNED),
    ]:
        measure = Measure.objects.create(strategy=strategy, title=title, status=status)
        measure.fields.add(field)
        measure.goals.add(goal)
    ensure_chapters(strategy)
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(text=VORWORT)
    return strategy
