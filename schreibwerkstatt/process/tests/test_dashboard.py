import re

import pytest
from django.urls import reverse

from schreibwerkstatt.process.check import CRITERIA, criteria_of
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import PHASES
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.tests.conftest import make_strategy
from tests.factories import ChecklistItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def dashboard_url(m) -> str:
    return reverse("process:dashboard", kwargs={"slug": m.slug})


def test_it_shows_every_phase_with_progress_and_the_overall_progress(
    municipality_a, people, as_persona
) -> None:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    items = list(ChecklistItem.objects.filter(municipality=municipality_a, phase=0))
    for item in items[:2]:
        item.done = True
        item.save()
    total = ChecklistItem.objects.filter(municipality=municipality_a).count() + len(CRITERIA)
    response = as_persona("reader").get(dashboard_url(municipality_a))
    content = response.content.decode()
    assert response.status_code == 200
    for info in PHASES:
        assert (
            reverse("process:phase", kwargs={"slug": "amtsberg", "number": info.number}) in content
        )
    assert "Vorbereitung" in content and "Umsetzung, Monitoring, Fortschreibung" in content
    # Met: the two ticked items and, of the criteria, only the core team (A has four members).
    assert f"Fortschritt von „{strategy.title}“: 3 von {total} Punkten erledigt" in content, (
        re.findall(r'for="overall-progress">([^<]*)<', content)
    )
    assert f"3 von {len(items) + len(criteria_of(0))} erledigt" in content


def test_it_lists_open_items_with_their_owner(municipality_a, people, as_persona) -> None:
    ChecklistItemFactory(
        municipality=municipality_a,
        title="Breitbandatlas auswerten",
        assignee=people["contributor"],
        due_date="2026-01-15",
    )
    ChecklistItemFactory(municipality=municipality_a, title="Schon erledigt", done=True)
    content = as_persona("adviser").get(dashboard_url(municipality_a)).content.decode()
    assert "Breitbandatlas auswerten" in content
    assert "Contributor Amtsberg" in content
    assert "Schon erledigt" not in content


@pytest.mark.parametrize("with_strategy", [False, True])
def test_the_dashboard_has_a_fixed_number_of_queries(
    municipality_a,
    people,
    as_persona,
    with_strategy,
    django_assert_num_queries,
    django_assert_max_num_queries,
) -> None:
    client = as_persona("coordinator")
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digital")
    if with_strategy:
        make_strategy(strategy, fields=2, measures_per_field=2)
    else:
        strategy.delete()
    client.get(dashboard_url(municipality_a))
    with django_assert_max_num_queries(12) as small:
        client.get(dashboard_url(municipality_a))
    for index in range(200):
        member = MembershipFactory(municipality=municipality_a)
        ChecklistItemFactory(municipality=municipality_a, phase=index % 11, assignee=member.user)
    if with_strategy:
        make_strategy(strategy, fields=20, measures_per_field=10)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(dashboard_url(municipality_a))


@pytest.mark.parametrize("number", [1, 5])
def test_the_phase_page_has_a_fixed_number_of_queries(
    municipality_a,
    people,
    as_persona,
    number,
    django_assert_num_queries,
    django_assert_max_num_queries,
) -> None:
    client = as_persona("coordinator")
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digital")
    make_strategy(strategy, fields=2, measures_per_field=2)
    url = reverse("process:phase", kwargs={"slug": municipality_a.slug, "number": number})
    client.get(url)
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    for _ in range(60):
        member = MembershipFactory(municipality=municipality_a)
        ChecklistItemFactory(municipality=municipality_a, phase=number, assignee=member.user)
    make_strategy(strategy, fields=20, measures_per_field=10)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_an_unknown_phase_is_not_found(municipality_a, people, as_persona) -> None:
    response = as_persona("coordinator").get(
        reverse("process:phase", kwargs={"slug": "amtsberg", "number": 11})
    )
    assert response.status_code == 404


def test_the_dashboard_shows_the_strategy_check_count(municipality_a, people, as_persona) -> None:
    from schreibwerkstatt.process.check import count_gaps
    from schreibwerkstatt.strategies.models import Measure, Strategy

    strategy = Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")
    Measure.objects.create(strategy=strategy, title="Glasfaser")
    content = as_persona("reader").get(dashboard_url(municipality_a)).content.decode()
    gaps = count_gaps(strategy)
    assert gaps > 0
    assert "Amtsberg digital" in content and f"Strategie-Check: {gaps} Lücken" in content
