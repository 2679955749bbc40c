from datetime import timedelta

import pytest
from django.utils import timezone

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    MeasureScore,
    PriorityCriterion,
    Step,
)
from schreibwerkstatt.strategies.tests.conftest import make_strategy, priority_list_data

pytestmark = pytest.mark.django_db


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
    strategy.vision = "Amtsberg ist 2030 digital erreichbar."
    strategy.period_start, strategy.period_end = (
        timezone.localdate(),
        timezone.localdate() + timedelta(days=1000),
    )
    strategy.save()
    field = FieldOfAction.objects.create(
        strategy=strategy, title="Verwaltung", guiding_sentence="Alles online"
    )
    goal = Goal.objects.create(strategy=strategy, title="Online")
    goal.fields.add(field)
    Indicator.objects.create(strategy=strategy, goal=goal, name="Quote", unit="%", baseline_value=10, target_value=80,
                             target_date=timezone.localdate())  # fmt: skip
    measure = Measure.objects.create(strategy=strategy, title="Portal", lead_unit="Hauptamt", start=timezone.localdate(),
                                     end=timezone.localdate(), cost_one_off=1000, priority="high")  # fmt: skip
    measure.goals.add(goal)
    response = as_persona("reader").get(url("check"))
    assert response.context["gap_count"] == 0
    assert as_persona("reader").get(url("overview")).context["gap_count"] == 0


@pytest.mark.parametrize("page", ["overview", "fields", "measures", "check", "priorities", "goals"])
def test_pages_have_the_same_number_of_queries_for_small_and_large_strategies(
    strategy, as_persona, url, page, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")
    make_strategy(strategy, fields=12, measures_per_field=8)
    client.get(url(page))
    with django_assert_max_num_queries(20) as small:
        assert client.get(url(page)).status_code == 200
    make_strategy(strategy, fields=36, measures_per_field=8)  # now 48 × 8
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url(page))


def test_the_field_page_has_a_fixed_number_of_queries(
    strategy, as_persona, url, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    make_strategy(strategy, fields=1, measures_per_field=2)
    field = strategy.fields.get()
    client = as_persona("editor")
    client.get(url("field", pk=field.pk))
    with django_assert_max_num_queries(12) as small:
        client.get(url("field", pk=field.pk))
    for i in range(30):
        measure = Measure.objects.create(strategy=strategy, title=f"Noch eine {i}")
        measure.fields.add(field)
        goal = Goal.objects.create(strategy=strategy, title=f"Ziel {i}")
        goal.fields.add(field)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url("field", pk=field.pk))


def test_weighted_criteria_give_a_score_and_a_matrix(strategy, as_persona, url) -> None:
    benefit = PriorityCriterion.objects.create(
        strategy=strategy, name="Nutzen", weight=2, scale_max=5, role="benefit"
    )
    effort = PriorityCriterion.objects.create(
        strategy=strategy, name="Aufwand", weight=1, scale_max=5, role="effort"
    )
    quick = Measure.objects.create(strategy=strategy, title="Schneller Gewinn")
    slow = Measure.objects.create(strategy=strategy, title="Großprojekt")
    client = as_persona("editor")
    data = priority_list_data(
        client, url,
        **{str(quick.pk): {benefit.pk: 5, effort.pk: 1, "priority": "high"},
           str(slow.pk): {benefit.pk: 3, effort.pk: 5}},
    )  # fmt: skip
    assert client.post(url("priorities_save"), data).status_code == 302
    response = client.get(url("priorities"))
    items = response.context["items"]
    assert [s.measure.title for s in items] == ["Schneller Gewinn", "Großprojekt"]
    assert float(items[0].score) == pytest.approx(100 * (2 * 1 + 1 * 0.8) / 3, abs=0.1)
    content = response.content.decode()
    assert (
        "<svg" in content and 'role="img"' in content and "<table" in content
    )  # chart with table alternative
    quick.refresh_from_db()
    assert (quick.priority, quick.version) == ("high", 2)
    assert quick.history.first().history_user.email == "editor@amtsberg.example"
    by_title = client.get(url("priorities") + "?sort=title").context["items"]
    assert [s.measure.title for s in by_title] == ["Großprojekt", "Schneller Gewinn"]


@pytest.mark.parametrize("value", ["6", "-1", "viel"])
def test_a_score_outside_the_scale_is_rejected(strategy, as_persona, url, value) -> None:
    criterion = PriorityCriterion.objects.create(strategy=strategy, name="Nutzen", scale_max=5)
    measure = Measure.objects.create(strategy=strategy, title="M")
    client = as_persona("editor")
    data = priority_list_data(client, url, **{str(measure.pk): {criterion.pk: value}})
    response = client.post(url("priorities_save"), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert (
        "M: Nutzen: Bitte geben Sie eine ganze Zahl von 0 bis 5 ein." in response.content.decode()
    )
    assert not MeasureScore.objects.exists()


def test_an_unknown_sort_order_is_rejected(strategy, as_persona, url) -> None:
    assert as_persona("reader").get(url("priorities") + "?sort=zufall").status_code == 400


def test_a_criterion_with_a_weight_over_100_is_rejected(strategy, as_persona, url) -> None:
    response = as_persona("editor").post(
        url("criterion_add"),
        {"name": "Dringlichkeit", "weight": "101", "scale_max": "5", "role": "benefit"},
    )
    assert response.status_code == 400
    assert not PriorityCriterion.objects.exists()


def test_the_gap_count_matches_the_full_check_on_the_demo_strategy() -> None:
    from schreibwerkstatt.demo.load import load_demo
    from schreibwerkstatt.strategies.check import count_gaps, find_gaps
    from schreibwerkstatt.strategies.models import Strategy

    load_demo()
    strategy = Strategy.objects.get(municipality__slug="demo")
    gaps = find_gaps(strategy, "demo")
    assert len(gaps) > 0
    assert count_gaps(strategy) == len(gaps)
    Measure.objects.filter(strategy=strategy).update(priority="", lead_unit="", responsible=None)
    assert count_gaps(strategy) == len(find_gaps(strategy, "demo"))
