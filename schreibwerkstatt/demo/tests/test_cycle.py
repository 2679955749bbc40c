"""The demo's strategy cycle reflects its data: Musterstadt, whose strategy is implemented,
has done the work of phases 0–9, with the open points of a real implementation; the Gemeinde
Musterheide has just started, so "Als Nächstes" leads from phase 0."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.demo.inventory import ANSWERS
from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.demo.municipalities import MUNICIPALITIES, NEWCOMER
from schreibwerkstatt.demo.newcomer import TITLE as NEWCOMER_TITLE
from schreibwerkstatt.demo.process import MANDATE_REFERENCE
from schreibwerkstatt.demo.strategies import TITLE
from schreibwerkstatt.inventory.models import (
    ExistingProject,
    MaturityAnswer,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from schreibwerkstatt.municipalities.models import Kind, Membership, Municipality, Role
from schreibwerkstatt.process.cycle import Progress, cycle_progress, next_step
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import MANDATE_KEY, Phase
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy

pytestmark = pytest.mark.django_db

# The criteria of the demo strategy that are not met. Phases 0–9 are done; the open points
# are those of the implementation: a measure without a status update for months
# (demo/monitoring.py) and two overdue steps (demo/strategies.py).
UNMET = {"status_current", "steps_on_time"}
MET_IN_PHASES_0_TO_9 = {
    "period", "core_team",  # 0
    "projects", "stakeholders", "maturity", "swot",  # 1
    "vision", "principles",  # 2
    "fields", "field_maturity", "field_responsibles",  # 3
    "goals", "indicators",  # 4
    "measures",  # 5
    "priorities",  # 6
    "adopted", "published",  # 9
}  # fmt: skip
# The one open checklist item before the implementation.
OPEN_BEFORE_IMPLEMENTATION = [
    (Phase.PARTICIPATION, "Ergebnisse der Beteiligung dokumentieren und rückmelden")
]


def states(progress: Progress) -> dict[str, tuple[int, bool]]:
    return {
        state.criterion.key: (phase.info.number, state.met)
        for phase in progress.phases
        for state in phase.criteria
    }


def numbers(progress: Progress) -> list[tuple[int, int]]:
    return [(phase.done, phase.total) for phase in progress.phases]


def coordinator_of(municipality: Municipality) -> Client:
    client = Client()
    client.force_login(municipality.memberships.filter(role=Role.COORDINATOR).first().user)
    return client


def test_the_demo_strategy_meets_the_criteria_of_phases_0_to_9() -> None:
    demo, _people = load_demo()
    strategy = Strategy.objects.get(municipality=demo, title=TITLE)
    by_key = states(cycle_progress(demo, strategy))
    assert {key for key, (_phase, met) in by_key.items() if not met} == UNMET
    assert {key for key, (phase, met) in by_key.items() if met and phase <= 9} == (
        MET_IN_PHASES_0_TO_9
    )
    assert all(by_key[key][0] == Phase.IMPLEMENTATION for key in UNMET)

    open_items = ChecklistItem.objects.filter(
        municipality=demo, done=False, phase__lt=Phase.IMPLEMENTATION
    )
    assert [(item.phase, item.title) for item in open_items] == OPEN_BEFORE_IMPLEMENTATION
    assert open_items.get().assignee is not None
    mandate = ChecklistItem.objects.get(municipality=demo, key=MANDATE_KEY)
    assert mandate.done and mandate.reference == MANDATE_REFERENCE and mandate.reference_date


def test_the_next_step_of_the_demo_is_the_open_participation_item() -> None:
    demo, _people = load_demo()
    strategy = Strategy.objects.get(municipality=demo, title=TITLE)
    step = next_step(demo, cycle_progress(demo, strategy))
    assert (step.kind, step.phase.number, step.title) == (
        "item",
        Phase.PARTICIPATION,
        OPEN_BEFORE_IMPLEMENTATION[0][1],
    )


def test_the_demo_inventory_answers_the_self_check_for_every_chosen_field() -> None:
    demo, _people = load_demo()
    strategy = Strategy.objects.get(municipality=demo, title=TITLE)
    assert ExistingProject.objects.filter(strategy=strategy).count() >= 5
    assert {s.quadrant for s in Stakeholder.objects.filter(strategy=strategy)} == set(
        Stakeholder.Quadrant
    )
    assert {e.quadrant for e in SwotEntry.objects.filter(strategy=strategy)} == set(
        SwotEntry.Quadrant
    )
    asked = MaturityQuestion.objects.active().filter(
        field__in=FieldOfAction.objects.filter(strategy=strategy).values("catalogue_entry")
    )
    answered = MaturityAnswer.objects.filter(strategy=strategy)
    assert set(answered.values_list("question", flat=True)) == set(
        asked.values_list("pk", flat=True)
    )
    # The demo's own answers fit the default questions word for word (no fallback answer).
    assert set(asked.values_list("text", flat=True)) <= set(ANSWERS)
    for model in (ExistingProject, Stakeholder, SwotEntry, MaturityAnswer):
        for obj in model.objects.filter(strategy=strategy):
            obj.full_clean()


def test_the_overview_shows_the_progress_of_the_cycle() -> None:
    demo, _people = load_demo()
    newcomer = Municipality.objects.get(slug=NEWCOMER)
    for municipality in (demo, newcomer):
        strategy = Strategy.objects.get(municipality=municipality)
        expected = cycle_progress(municipality, strategy)
        response = coordinator_of(municipality).get(
            reverse("process:dashboard", kwargs={"slug": municipality.slug})
        )
        assert response.status_code == 200
        shown = response.context["progress"]
        assert shown.strategy == strategy
        assert numbers(shown) == numbers(expected)
        assert (shown.done, shown.total, shown.percent) == (
            expected.done,
            expected.total,
            expected.percent,
        )
        assert (
            f"{expected.done} von {expected.total} Punkten erledigt ({expected.percent}\u00a0%)"
            in response.content.decode()
        )


def test_the_new_municipality_has_just_started() -> None:
    load_demo()
    newcomer = Municipality.objects.get(slug=NEWCOMER)
    assert newcomer.kind in (Kind.GEMEINDE, Kind.AMT) and newcomer.ags.startswith("12")
    assert len({ags for _slug, _name, ags, _kind, _population in MUNICIPALITIES}) == len(
        MUNICIPALITIES
    )
    assert Municipality.objects.filter(ags=newcomer.ags).count() == 1
    members = Membership.objects.filter(municipality=newcomer)
    assert [(m.user.email, m.role) for m in members] == [
        ("neustart@demo.example", Role.COORDINATOR)
    ]

    strategy = Strategy.objects.get(municipality=newcomer)
    assert (strategy.title, strategy.status) == (NEWCOMER_TITLE, Strategy.Status.DRAFT)
    assert (strategy.period_start, strategy.period_end) == (date(2027, 1, 1), date(2031, 12, 31))
    for model in (FieldOfAction, Goal, Measure, ExistingProject, Stakeholder, SwotEntry):
        assert not model.objects.filter(strategy=strategy).exists()
    assert not ChecklistItem.objects.filter(municipality=newcomer, done=True).exists()
    mandate = ChecklistItem.objects.get(municipality=newcomer, key=MANDATE_KEY)
    assert mandate.reference == ""

    progress = cycle_progress(newcomer, strategy)
    assert {key for key, (_phase, met) in states(progress).items() if met} == {"period"}
    step = next_step(newcomer, progress)
    assert (step.kind, step.phase.number, step.url) == (
        "criterion",
        Phase.PREPARATION,
        reverse("municipalities:members", kwargs={"slug": NEWCOMER}),
    )
    page = coordinator_of(newcomer).get(reverse("process:dashboard", kwargs={"slug": NEWCOMER}))
    assert "Als Nächstes" in page.content.decode() and step.url in page.content.decode()
