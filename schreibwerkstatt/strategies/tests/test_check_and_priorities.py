import pytest

from schreibwerkstatt.strategies.models import (
    Goal,
    Measure,
    MeasureScore,
    PriorityCriterion,
)
from schreibwerkstatt.strategies.tests.conftest import make_strategy, priority_list_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["overview", "fields", "measures", "priorities", "goals"])
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
