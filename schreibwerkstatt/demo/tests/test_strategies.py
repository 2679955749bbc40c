import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from schreibwerkstatt.demo.load import load_demo
from schreibwerkstatt.demo.strategies import TITLE, load_demo_strategy
from schreibwerkstatt.process.check import find_gaps
from schreibwerkstatt.process.phases import Phase
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    MeasureScore,
    Step,
    Strategy,
)
from schreibwerkstatt.strategies.services import dependency_cycle

pytestmark = pytest.mark.django_db

EMAILS = ("koordination@demo.example", "redaktion@demo.example", "mitwirkende@demo.example")


@pytest.fixture
def demo():
    municipality, _people = load_demo()
    users = {user.email: user for user in get_user_model().objects.filter(email__in=EMAILS)}
    return municipality, users


@pytest.fixture
def strategy(demo):
    return load_demo_strategy(*demo)


def test_strategy_has_the_promised_shape(strategy):
    assert strategy.title == TITLE
    assert strategy.status == Strategy.Status.IMPLEMENTATION
    assert strategy.layer_names == ["Leitziel", "Handlungsziel"]
    assert strategy.own_share_amount == strategy.budget * strategy.own_share_percent / 100
    assert strategy.programme_phases.count() == 2
    assert strategy.principles.count() == 4
    assert strategy.plan_links.count() == 2

    fields = FieldOfAction.objects.filter(strategy=strategy)
    assert fields.count() == 8
    assert fields.filter(catalogue_entry__isnull=False).count() >= 6
    assert all(field.guiding_sentence and field.starting_situation for field in fields)
    assert all(field.responsible_id for field in fields)

    goals = Goal.objects.filter(strategy=strategy)
    assert goals.count() == 20
    assert goals.filter(parent=None).count() == 8
    assert goals.filter(parent__parent=None, parent__isnull=False).count() == 12
    indicators = Indicator.objects.filter(strategy=strategy)
    assert indicators.count() == 20  # one per goal
    assert not indicators.filter(baseline_value=None).exists()
    assert not indicators.filter(baseline_date=None).exists()

    measures = Measure.objects.filter(strategy=strategy)
    assert measures.count() == 40
    assert measures.filter(is_flagship=True).count() == 3
    assert measures.filter(parent__isnull=False).exists()
    assert {m.status for m in measures} == {"idea", "planned", "running", "done"}
    assert {m.priority for m in measures} == {"high", "medium", "low"}
    assert all(m.lead_unit and (m.financing or m.cost_one_off) for m in measures)
    assert all(strategy.period_start <= m.start <= m.end <= strategy.period_end for m in measures)
    assert all(m.tags.filter(axis__name="Zeitpunkt").count() == 1 for m in measures)

    steps = Step.objects.filter(measure__strategy=strategy)
    assert steps.count() > 80
    assert all(2 <= m.steps.count() <= 5 for m in measures)
    assert steps.overdue(timezone.localdate()).count() == 2

    assert strategy.criteria.count() == 3
    scored = MeasureScore.objects.filter(measure__strategy=strategy)
    assert 15 <= scored.values("measure").distinct().count() <= 25


def test_every_row_passes_model_validation(strategy):
    strategy.full_clean()
    for model in (FieldOfAction, Goal, Indicator, Measure):
        for obj in model.objects.filter(strategy=strategy):
            obj.full_clean()
    for step in Step.objects.filter(measure__strategy=strategy):
        step.full_clean()
    for score in MeasureScore.objects.filter(measure__strategy=strategy):
        score.full_clean()


def test_dependencies_form_no_cycle(strategy):
    measures = Measure.objects.filter(strategy=strategy)
    assert Measure.depends_on.through.objects.filter(from_measure__strategy=strategy).count() > 5
    for measure in measures:
        assert dependency_cycle(measure, measure.depends_on.all()) is None


def test_loading_twice_creates_nothing(demo, strategy):
    def counts() -> list[int]:
        return [
            Strategy.objects.count(),
            FieldOfAction.objects.count(),
            Goal.objects.count(),
            Indicator.objects.count(),
            Measure.objects.count(),
            Step.objects.count(),
            MeasureScore.objects.count(),
            Measure.history.count(),
        ]

    before = counts()
    assert load_demo_strategy(*demo).pk == strategy.pk
    assert counts() == before


def test_the_check_finds_the_realistic_gaps_of_an_implementation(strategy):
    gaps = find_gaps(strategy, "demo")
    # The work before the adoption is complete; two overdue steps and a measure without a
    # recent status update are left (see demo/tests/test_cycle.py).
    assert sorted(gap.rule for gap in gaps) == [
        "measure_status_stale",
        "step_overdue",
        "step_overdue",
    ]
    assert {gap.phase for gap in gaps} == {Phase.IMPLEMENTATION}
