"""Strategies in known states of the cycle, built from the data the criteria look at."""

from datetime import timedelta

from django.utils import timezone

from schreibwerkstatt.inventory.models import (
    ExistingProject,
    MaturityAnswer,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    Strategy,
)


def complete(strategy: Strategy, responsible) -> Strategy:
    """Fill `strategy` so that every automatic criterion of the cycle is met (its municipality
    must have at least two working members)."""
    today = timezone.localdate()
    strategy.period_start, strategy.period_end = today, today + timedelta(days=1500)
    strategy.vision = "Amtsberg ist 2030 digital erreichbar."
    strategy.public_page = True
    strategy.save()
    GuidingPrinciple.objects.create(strategy=strategy, text="Digital, aber nicht ohne Menschen")
    ExistingProject.objects.create(strategy=strategy, title="E-Akte im Bauamt")
    Stakeholder.objects.create(strategy=strategy, name="Freiwillige Feuerwehr")
    SwotEntry.objects.create(strategy=strategy, quadrant="strengths", text="Engagiertes Team")
    question = MaturityQuestion.objects.create(text="Gibt es eine E-Akte?")
    MaturityAnswer.objects.create(strategy=strategy, question=question, value=2)
    field = FieldOfAction.objects.create(
        strategy=strategy,
        title="Verwaltung",
        guiding_sentence="Alles online",
        starting_situation="Bisher vieles auf Papier.",
        responsible=responsible,
    )
    goal = Goal.objects.create(strategy=strategy, title="Online-Anträge")
    goal.fields.add(field)
    Indicator.objects.create(
        strategy=strategy, goal=goal, name="Quote", unit="%", baseline_value=10,
        baseline_date=today, target_value=80, target_date=today + timedelta(days=900),
    )  # fmt: skip
    measure = Measure.objects.create(
        strategy=strategy, title="Portal", lead_unit="Hauptamt", cost_one_off=1000,
        priority="high", start=today + timedelta(days=30), end=today + timedelta(days=400),
        status=Measure.Status.PLANNED,
    )  # fmt: skip
    measure.goals.add(goal)
    measure.fields.add(field)
    Revision.objects.create(
        strategy=strategy, number=1, state=Revision.State.ADOPTED, snapshot={},
        adopted_on=today, body="Gemeindevertretung",
    )  # fmt: skip
    return strategy
