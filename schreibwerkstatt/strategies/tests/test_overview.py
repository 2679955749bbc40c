"""The strategy overview: its figures, its field table and what it costs in queries."""

from datetime import date

import pytest
from django.urls import reverse

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Measure,
    ProgrammePhase,
    StrategyPartner,
)

from .conftest import make_strategy

pytestmark = pytest.mark.django_db


def field_rows(html: str) -> dict[str, tuple[str, str]]:
    """{field title: (goals, measures)} from the overview's field table."""
    import re

    rows = re.findall(
        r'<th scope="row" class="kern-table__cell"><a class="kern-link" href="[^"]+">([^<]+)</a></th>\s*'
        r'<td class="kern-table__cell">[^<]*</td>\s*'
        r'<td class="kern-table__cell kern-table__cell--numeric">(\d+)</td>\s*'
        r'<td class="kern-table__cell kern-table__cell--numeric">(\d+)</td>',
        html,
    )
    return {title: (goals, measures) for title, goals, measures in rows}


def test_the_field_table_counts_each_goal_and_measure_once_per_field(
    strategy, as_persona, url
) -> None:
    late = FieldOfAction.objects.create(strategy=strategy, title="Verwaltung", position=2)
    early = FieldOfAction.objects.create(strategy=strategy, title="Bildung", position=1)
    empty = FieldOfAction.objects.create(strategy=strategy, title="Mobilität", position=3)
    goals = [Goal.objects.create(strategy=strategy, title=f"Ziel {n}") for n in range(3)]
    for goal in goals:
        goal.fields.add(late)
    goals[0].fields.add(early)
    both = Measure.objects.create(strategy=strategy, title="Beides")
    both.fields.add(late, early)
    both.goals.add(*goals)  # goals are not measures: no effect on the field counts
    Measure.objects.create(strategy=strategy, title="Nur Verwaltung").fields.add(late)

    html = as_persona("reader").get(url("overview")).content.decode()

    assert field_rows(html) == {
        "Bildung": ("1", "1"),
        "Verwaltung": ("3", "2"),
        "Mobilität": ("0", "0"),
    }
    assert html.index("Bildung") < html.index("Verwaltung") < html.index("Mobilität")
    assert (
        reverse(
            "strategies:field", kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": empty.pk}
        )
        in html
    )


def test_a_strategy_without_fields_says_so_and_links_to_the_choice(
    strategy, as_persona, url
) -> None:
    html = as_persona("reader").get(url("overview")).content.decode()
    assert "Diese Strategie hat keine Handlungsfelder" in html
    assert url("fields") in html


def test_partners_and_programme_phases_are_shown_when_there_are_some(
    strategy, municipality_b, as_persona, url
) -> None:
    client = as_persona("reader")
    html = client.get(url("overview")).content.decode()
    assert "Gemeinsame Strategie mit" not in html and "Programmphasen" not in html

    StrategyPartner.objects.create(
        strategy=strategy, municipality=municipality_b, label="Nachbar", status="accepted"
    )
    ProgrammePhase.objects.create(
        strategy=strategy, name="Umsetzungsphase", start=date(2027, 1, 1), end=date(2028, 12, 31)
    )
    html = client.get(url("overview")).content.decode()
    assert "Gemeinsame Strategie mit: Birkenwerder-Nord (Nachbar)" in html
    assert "Umsetzungsphase: 01.01.2027 – 31.12.2028" in html


def test_the_overview_has_a_fixed_number_of_queries(
    strategy, municipality_b, as_persona, url, django_assert_num_queries, session_queries
) -> None:
    client = as_persona("editor")
    make_strategy(strategy, fields=12, measures_per_field=8)
    client.get(url("overview"))
    # User, membership (with the municipality), strategy, figures, field table, comments; the
    # cycle's panel: the checklist's counts and the first gap of "Als Nächstes".
    with django_assert_num_queries(8 + session_queries):
        assert client.get(url("overview")).status_code == 200
    # Partners and programme phases cost a query each, only when the strategy has some.
    StrategyPartner.objects.create(
        strategy=strategy, municipality=municipality_b, status="accepted"
    )
    ProgrammePhase.objects.create(
        strategy=strategy, name="Strategiephase", start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    make_strategy(strategy, fields=36, measures_per_field=8)
    # ... and the phases' comment links one more, for all of them together.
    with django_assert_num_queries(11 + session_queries):
        assert client.get(url("overview")).status_code == 200


def test_an_adviser_reaches_the_overview_without_a_membership(strategy, as_persona, url) -> None:
    """Advisers are not members, so their municipality comes from the database, not from the
    membership list; outsiders still get 404."""
    assert as_persona("adviser").get(url("overview")).status_code == 200
    assert as_persona("outsider").get(url("overview")).status_code == 404
    assert as_persona("anonymous").get(url("overview")).status_code == 302
