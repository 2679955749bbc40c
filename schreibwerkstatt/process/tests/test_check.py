"""The Strategie-Check: its page, and the one rule set (process/check.py CRITERIA) from which the
gap list, the counts of the strategy's figures and the phases' criteria are made."""

from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.inventory.models import MaturityQuestion
from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.process import check
from schreibwerkstatt.process.check import MEASURE, Criterion, Rule, count_gaps, find_gaps
from schreibwerkstatt.process.phases import Phase
from schreibwerkstatt.process.tests.helpers import complete
from schreibwerkstatt.strategies.figures import strategy_figures
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Step,
    Strategy,
)
from schreibwerkstatt.strategies.tests.conftest import make_strategy
from tests.factories import MembershipFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(strategy):
    """url("check") → the check page; url("measure_edit", pk=1) → a page of the strategy."""

    def build(name: str, **kwargs) -> str:
        namespace = "process" if name == "check" else "strategies"
        kwargs = {"slug": "amtsberg", "strategy": strategy.pk, **kwargs}
        return reverse(f"{namespace}:{name}", kwargs=kwargs)

    return build


def with_every_kind_of_gap(strategy: Strategy) -> None:
    make_strategy(strategy, fields=3, measures_per_field=2)
    field = FieldOfAction.objects.create(strategy=strategy, title="Mobilität")
    FieldOfAction.objects.create(strategy=strategy, title="Kultur")
    goal = Goal.objects.create(strategy=strategy, title="Busse in Echtzeit")
    goal.fields.add(field)
    Indicator.objects.create(strategy=strategy, goal=goal, name="Anzeigen", unit="Anzahl")
    measure = Measure.objects.create(strategy=strategy, title="Echtzeitanzeigen")
    Indicator.objects.create(strategy=strategy, measure=measure, name="Stelen", unit="Anzahl")
    today = timezone.localdate()
    Step.objects.create(measure=measure, title="Angebote einholen", due_date=today - timedelta(3))
    Step.objects.create(measure=measure, title="Erledigt", due_date=today - timedelta(3), done=True)
    Step.objects.create(measure=measure, title="Heute fällig", due_date=today)
    # Running, and its last status update is older than the strategy allows.
    Measure.objects.filter(pk=measure.pk).update(
        status=Measure.Status.RUNNING, status_updated_at=timezone.now() - timedelta(days=400)
    )
    # A field from the catalogue whose maturity questions nobody answered.
    catalogue = CatalogueField.objects.create(title="Bildung (Test)", description="Schulen")
    MaturityQuestion.objects.create(field=catalogue, text="Haben Schulen WLAN?")
    FieldOfAction.objects.create(strategy=strategy, title="Bildung", catalogue_entry=catalogue)


def test_the_check_lists_every_gap_with_a_link_to_fix_it(strategy, as_persona, url) -> None:
    field = FieldOfAction.objects.create(strategy=strategy, title="Mobilität")
    goal = Goal.objects.create(strategy=strategy, title="Busse in Echtzeit")
    Indicator.objects.create(strategy=strategy, goal=goal, name="Anzeigen", unit="Anzahl")
    measure = Measure.objects.create(strategy=strategy, title="Echtzeitanzeigen")
    Step.objects.create(
        measure=measure,
        title="Angebote einholen",
        due_date=timezone.localdate() - timedelta(days=3),
    )
    response = as_persona("reader").get(url("check"))
    content = response.content.decode()
    gaps = [g.message for _, group in response.context["groups"] for g in group]
    assert any("Mobilität" in g for g in gaps)  # field without goals (and guiding sentence)
    assert any("Anzeigen" in g for g in gaps)  # indicator without baseline
    assert (
        sum("Echtzeitanzeigen" in g for g in gaps) >= 4
    )  # no lead, period, financing, goal, priority
    assert any("Angebote einholen" in g for g in gaps)  # overdue step
    assert url("measure_edit", pk=measure.pk) in content
    assert url("field", pk=field.pk) in content


def test_a_complete_strategy_has_no_gaps(strategy, people, as_persona, url) -> None:
    complete(strategy, people["editor"])
    response = as_persona("reader").get(url("check"))
    assert [g.message for _, group in response.context["groups"] for g in group] == []
    assert response.context["gap_count"] == 0
    assert as_persona("reader").get(url("overview")).context["gap_count"] == 0


def test_the_check_page_has_the_same_number_of_queries_for_small_and_large_strategies(
    strategy, as_persona, url, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")
    make_strategy(strategy, fields=12, measures_per_field=8)
    client.get(url("check"))
    with django_assert_max_num_queries(20) as small:
        assert client.get(url("check")).status_code == 200
    make_strategy(strategy, fields=36, measures_per_field=8)  # now 48 × 8
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url("check"))


def test_each_rule_counts_as_many_gaps_as_it_lists(strategy, municipality_a) -> None:
    strategy.vision = " \n "  # only white space: no vision
    strategy.save()
    with_every_kind_of_gap(strategy)
    empty = Strategy.objects.create(municipality=municipality_a, title="Leer")
    alone = MunicipalityFactory(name="Einsiedel", slug="einsiedel", ags="12060099")
    MembershipFactory(municipality=alone, role=Role.COORDINATOR)
    lonely = Strategy.objects.create(municipality=alone, title="Allein")
    seen: set[str] = set()
    for each in (strategy, empty, lonely):
        listed = Counter(gap.rule for gap in find_gaps(each, each.municipality.slug))
        figures = strategy_figures(each)
        assert {key: figures[f"gap_{key}"] for key in listed} == dict(listed)
        assert count_gaps(each) == figures["gaps"] == listed.total()
        seen |= set(listed)
    assert seen == {rule.key for rule in check.rules()}  # together they break every rule


def test_the_gaps_of_a_thing_are_listed_together_in_the_models_order(strategy, url) -> None:
    with_every_kind_of_gap(strategy)
    gaps = find_gaps(strategy, "amtsberg")
    first = Measure.objects.filter(strategy=strategy).first()  # serves a goal
    measures = [gap for gap in gaps if gap.rule.startswith("measure_")][:4]
    assert [gap.rule for gap in measures] == [
        "measure_without_lead", "measure_without_money", "measure_without_priority",
        "measure_without_period",
    ]  # fmt: skip
    assert {gap.url for gap in measures} == {url("measure_edit", pk=first.pk)}
    assert [gap.rule for gap in gaps[:2]] == ["strategy_without_period", "no_projects"]
    overdue = [gap.message for gap in gaps if gap.rule == "step_overdue"]
    assert overdue == [
        "Der Schritt „Angebote einholen“ der Maßnahme „Echtzeitanzeigen“ war am "
        f"{(timezone.localdate() - timedelta(3)):%d.%m.%Y} fällig."
    ]


def test_a_new_rule_is_one_entry_in_the_table(strategy, monkeypatch) -> None:
    Measure.objects.create(strategy=strategy, title="Ohne Problem")
    Measure.objects.create(strategy=strategy, title="Mit Problem", problem="Lange Wege")
    rule = Rule(
        "measure_without_problem",
        MEASURE,
        "t.problem = ''",
        "Measure “%(title)s” names no problem.",
        "strategies:measure_edit",
    )
    criterion = Criterion("problems", Phase.MEASURES, "Every measure names its problem.", (rule,))
    before = count_gaps(strategy)
    monkeypatch.setattr(check, "CRITERIA", (*check.CRITERIA, criterion))
    gaps = find_gaps(strategy, "amtsberg")
    assert [gap.message for gap in gaps if gap.rule == rule.key] == [
        "Measure “Ohne Problem” names no problem."
    ]
    assert strategy_figures(strategy)["gap_measure_without_problem"] == 1
    assert count_gaps(strategy) == before + 1 == len(gaps)


def test_every_rule_and_criterion_has_its_own_key_and_a_page_that_fixes_it() -> None:
    keys = [rule.key for rule in check.rules()]
    assert len(keys) == len(set(keys))
    assert len({c.key for c in check.CRITERIA}) == len(check.CRITERIA)
    for rule in check.rules():
        kwargs = {
            check.THING: {"slug": "x", "strategy": 1, "pk": 1},
            check.STRATEGY_PAGE: {"slug": "x", "strategy": 1},
            check.MUNICIPALITY_PAGE: {"slug": "x"},
        }[rule.scope]
        if rule.subject is check.STRATEGY and rule.scope == check.THING:
            del kwargs["pk"]  # the strategy's own pages
        reverse(rule.fix, kwargs=kwargs)
    # Phases follow the cycle: a criterion of an earlier phase never comes after a later one.
    phases = [int(c.phase) for c in check.CRITERIA]
    assert phases == sorted(phases)


def test_the_gap_count_matches_the_full_check_on_the_demo_strategy() -> None:
    from schreibwerkstatt.demo.load import load_demo

    load_demo()
    strategy = Strategy.objects.get(municipality__slug="demo")
    gaps = find_gaps(strategy, "demo")
    assert len(gaps) > 0
    assert count_gaps(strategy) == len(gaps)
    Measure.objects.filter(strategy=strategy).update(priority="", lead_unit="", responsible=None)
    assert count_gaps(strategy) == len(find_gaps(strategy, "demo"))
