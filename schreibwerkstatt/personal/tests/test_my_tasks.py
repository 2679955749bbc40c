"""Meine Aufgaben: a person's steps and measures across all their municipalities."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.services import add_item
from schreibwerkstatt.strategies.models import Measure, Strategy, StrategyPartner
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory

from .conftest import day, make_measure, make_step

pytestmark = pytest.mark.django_db
URL = "/meine-aufgaben/"


def rows(html: str) -> list[str]:
    """The step titles of the steps table, in order."""
    return re.findall(r'<span class="sw-mytasks__title">([^<]+)</span>', html)


def test_the_page_is_reached_by_its_name_and_linked_in_the_header(people, as_persona) -> None:
    assert reverse("personal:my_tasks") == URL
    response = as_persona("reader").get(URL)
    assert response.status_code == 200
    assert f'href="{URL}" aria-current="page"' in response.content.decode()
    assert "Meine Aufgaben" in response.content.decode()


def test_it_needs_a_login_and_only_answers_get(people, as_persona) -> None:
    response = as_persona("anonymous").get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert as_persona("contributor").post(URL).status_code == 405


def test_it_lists_own_open_steps_by_due_date_with_undated_ones_last(
    strategy_a, people, as_persona
) -> None:
    me, colleague = people["contributor"], people["editor"]
    measure = make_measure(strategy_a, "E-Akte einführen")
    make_step(measure, "Ohne Datum", me, None)
    make_step(measure, "Nächsten Monat", me, 30)
    make_step(measure, "Längst fällig", me, -10)
    make_step(measure, "Morgen", me, 1)
    make_step(measure, "Schon erledigt", me, -3, done=True)
    make_step(measure, "Gehört der Kollegin", colleague, 2)

    html = as_persona("contributor").get(URL).content.decode()

    assert rows(html) == ["Längst fällig", "Morgen", "Nächsten Monat", "Ohne Datum"]
    assert "E-Akte einführen" in html and "Digitales Amtsberg 2030 · Amtsberg" in html


def test_overdue_and_due_soon_steps_are_named_in_words_not_only_by_colour(
    strategy_a, people, as_persona
) -> None:
    measure = make_measure(strategy_a, "E-Akte einführen")
    overdue = make_step(measure, "Längst fällig", people["contributor"], -10)
    soon = make_step(measure, "Morgen", people["contributor"], 1)
    later = make_step(measure, "Später", people["contributor"], 30)

    html = as_persona("contributor").get(URL).content.decode()

    def row(step) -> str:
        return html.split(f'id="my-step-{step.pk}"')[1].split("</tr>")[0]

    assert "Überfällig" in row(overdue) and "sw-mytasks__row--attention" in html
    assert "Bald fällig" in row(soon) and "Überfällig" not in row(soon)
    assert "Überfällig" not in row(later) and "Bald fällig" not in row(later)
    assert "1 überfälliger Schritt" in html
    assert "1 Schritt in den nächsten 7 Tagen fällig" in html


def test_it_gathers_work_from_all_municipalities_and_partner_strategies(
    strategy_a, strategy_b, municipality_a, municipality_b, people
) -> None:
    person = UserFactory(name="Pendlerin")
    MembershipFactory(user=person, municipality=municipality_a, role=Role.CONTRIBUTOR)
    MembershipFactory(user=person, municipality=municipality_b, role=Role.EDITOR)
    third = MunicipalityFactory(name="Dritte Gemeinde", slug="dritte")
    joint = Strategy.objects.create(municipality=third, title="Gemeinsame Strategie")
    StrategyPartner.objects.create(strategy=joint, municipality=municipality_b, status="accepted")
    make_step(make_measure(strategy_a, "Maßnahme A"), "Schritt in A", person, 3)
    make_step(make_measure(strategy_b, "Maßnahme B"), "Schritt in B", person, 1)
    make_step(make_measure(joint, "Gemeinsam"), "Gemeinsamer Schritt", person, 2)
    led = make_measure(strategy_b, "Geleitete Maßnahme", responsible=person)
    client = Client()
    client.force_login(person)

    html = client.get(URL).content.decode()

    assert rows(html) == ["Schritt in B", "Gemeinsamer Schritt", "Schritt in A"]
    # The joint strategy is reached through B, where the person is a member.
    assert "Gemeinsame Strategie · Birkenwerder-Nord" in html
    assert f"/kommunen/birkenwerder-nord/strategien/{joint.pk}/massnahmen/" in html
    assert "Geleitete Maßnahme" in html
    assert f"/kommunen/birkenwerder-nord/strategien/{strategy_b.pk}/massnahmen/{led.pk}/" in html


def test_it_shows_nothing_of_municipalities_the_person_has_left(
    strategy_a, strategy_b, municipality_b, people, as_persona
) -> None:
    me = people["contributor"]
    make_step(make_measure(strategy_a, "Maßnahme A"), "Schritt in A", me, 3)
    # Still the owner of a step in B, but no longer (or never) a member there.
    make_step(make_measure(strategy_b, "Maßnahme B"), "Geheimer Schritt in B", me, 1)
    make_measure(strategy_b, "Geheime Maßnahme in B", responsible=me)

    html = as_persona("contributor").get(URL).content.decode()
    assert rows(html) == ["Schritt in A"]
    assert "Geheim" not in html and "Birkenwerder" not in html

    Membership.objects.filter(user=me).delete()
    html = as_persona("contributor").get(URL).content.decode()
    assert rows(html) == []
    assert "keine offenen Projektschritte" in html


def test_archived_strategies_are_left_out(strategy_a, people, as_persona) -> None:
    make_step(make_measure(strategy_a, "Maßnahme A"), "Alter Schritt", people["contributor"], 3)
    Strategy.objects.filter(pk=strategy_a.pk).update(status=Strategy.Status.ARCHIVED)
    assert rows(as_persona("contributor").get(URL).content.decode()) == []


def test_it_lists_led_measures_that_are_not_completed_and_flags_stale_ones(
    strategy_a, people, as_persona, clock
) -> None:
    from datetime import timedelta

    me = people["contributor"]
    clock.shift(timedelta(days=-200))
    stale = make_measure(strategy_a, "Ohne Stand", responsible=me, status=Measure.Status.RUNNING)
    clock.shift(timedelta(days=200))
    fresh = make_measure(strategy_a, "Frisch", responsible=me, status=Measure.Status.RUNNING)
    make_measure(strategy_a, "Abgeschlossen", responsible=me, status=Measure.Status.DONE)
    make_measure(strategy_a, "Fremde Maßnahme", responsible=people["editor"])

    html = as_persona("contributor").get(URL).content.decode()

    measures = html.split('id="measures-heading"')[1]
    assert "Ohne Stand" in measures and "Frisch" in measures
    assert "Abgeschlossen" not in measures and "Fremde Maßnahme" not in measures
    stale_row = measures.split("Ohne Stand")[1].split("</tr>")[0]
    fresh_row = measures.split("Frisch")[1].split("</tr>")[0]
    assert "Kein aktueller Stand" in stale_row
    assert "Kein aktueller Stand" not in fresh_row
    assert fresh.pk != stale.pk


def test_only_steps_the_person_may_tick_get_a_button(strategy_a, people, as_persona) -> None:
    # A reader may own a step (e.g. from before a role change) but not tick it.
    step = make_step(make_measure(strategy_a, "M"), "Vom Lesenden", people["reader"], 3)
    html = as_persona("reader").get(URL).content.decode()
    assert "Vom Lesenden" in html
    assert f'id="my-step-toggle-{step.pk}"' not in html
    assert "Ihre Rolle erlaubt es nicht" in html

    step.owner = people["contributor"]
    step.save()
    html = as_persona("contributor").get(URL).content.decode()
    toggle = reverse(
        "personal:step_toggle",
        kwargs={"slug": "amtsberg", "strategy": strategy_a.pk, "pk": step.pk},
    )
    assert f'hx-post="{toggle}"' in html
    assert f'id="my-step-toggle-{step.pk}"' in html


def _fill(person, municipalities, *, strategies: int, measures: int, steps: int) -> None:
    from schreibwerkstatt.strategies.models import Step

    for municipality in municipalities:
        for s in range(strategies):
            strategy = Strategy.objects.create(municipality=municipality, title=f"S{s}")
            created = Measure.objects.bulk_create(
                Measure(strategy=strategy, title=f"M{m}", responsible=person, status="running")
                for m in range(measures)
            )
            Step.objects.bulk_create(
                Step(measure=created[i % measures], title=f"T{i}", owner=person,
                     due_date=None if i % 5 == 0 else f"2026-03-{1 + i % 28:02d}")
                for i in range(steps)
            )  # fmt: skip


def _queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_work(
    municipality_a, municipality_b, people, clock, django_assert_num_queries, session_queries
) -> None:
    small_person = UserFactory()
    MembershipFactory(user=small_person, municipality=municipality_a, role=Role.CONTRIBUTOR)
    _fill(small_person, [municipality_a], strategies=1, measures=1, steps=2)
    large_person = UserFactory()
    third = MunicipalityFactory()
    for municipality in (municipality_a, municipality_b, third):
        MembershipFactory(user=large_person, municipality=municipality, role=Role.EDITOR)
    _fill(large_person, [municipality_a, municipality_b, third], strategies=3, measures=8, steps=60)
    for municipality in (municipality_a, municipality_b, third):
        for phase in range(11):
            add_item(municipality, phase=phase, title=f"Aufgabe {phase}", assignee=large_person)
    # and a joint strategy of a fourth municipality, reached as partner through B
    fourth = MunicipalityFactory()
    _fill(large_person, [fourth], strategies=1, measures=2, steps=10)
    StrategyPartner.objects.create(
        strategy=fourth.strategies.get(), municipality=municipality_b, status="accepted"
    )
    small, large = Client(), Client()
    small.force_login(small_person)
    large.force_login(large_person)
    # The first page fills the caches of the help index and the glossary, and each person's
    # first request its own (in the full PostgreSQL + Redis run the large person's first
    # request counted one query more, never when run alone).
    small.get(URL)
    large.get(URL)

    small_count, small_html = _queries(small)
    large_count, large_html = _queries(large)

    assert small_html.count('id="my-step-toggle-') == 2
    assert large_html.count('id="my-step-toggle-') == 3 * 3 * 60 + 10
    assert small_count == large_count
    with django_assert_num_queries(small_count):
        small.get(URL)
    # session, user, memberships, strategies, their partnerships, steps, measures, checklist
    assert small_count == 7 + session_queries


def test_it_lists_the_open_checklist_items_assigned_to_the_person(
    municipality_a, municipality_b, people, as_persona, clock
) -> None:
    me, colleague = people["contributor"], people["editor"]
    soon = add_item(municipality_a, phase=1, title="Bestand erheben", assignee=me, due_date=day(2))
    soon.reference = "Schreibwerkstatt Frühjahr 2027, Termin 1"
    soon.save()
    later = add_item(municipality_a, phase=3, title="Felder wählen", assignee=me)
    finished = add_item(municipality_a, phase=1, title="Schon erledigt", assignee=me)
    ChecklistItem.objects.filter(pk=finished.pk).update(done=True)
    add_item(municipality_a, phase=1, title="Gehört der Kollegin", assignee=colleague)
    # B's item names the person, but they are no member of B (any more): not theirs to see
    add_item(municipality_b, phase=1, title="Fremde Aufgabe", assignee=me)

    html = as_persona("contributor").get(URL).content.decode()

    titles = re.findall(r'class="kern-link sw-mytasks__item" href="([^"]+)">([^<]+)</a>', html)
    assert titles == [
        (f"/kommunen/amtsberg/phasen/1/#item-{soon.pk}", "Bestand erheben"),
        (f"/kommunen/amtsberg/phasen/3/#item-{later.pk}", "Felder wählen"),
    ]
    assert "Schreibwerkstatt Frühjahr 2027, Termin 1" in html
    assert "Bestandsaufnahme" in html and "Handlungsfelder" in html  # the phases, in German
    assert "Fremde Aufgabe" not in html and "Gehört der Kollegin" not in html
    assert ChecklistItem.objects.filter(assignee=me).count() == 4
    assert "Bestand erheben" not in as_persona("editor").get(URL).content.decode()
