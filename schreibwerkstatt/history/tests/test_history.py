"""The history of changes of strategy content: who changed what and when, and restoring
an earlier version (history/services.py, views.py), on the kinds of strategies/history.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from schreibwerkstatt.history.services import PER_PAGE
from schreibwerkstatt.municipalities.models import Membership
from schreibwerkstatt.strategies import services
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Milestone,
    Step,
    Strategy,
)
from schreibwerkstatt.strategies.tests.conftest import edit, messages_of, page_of

pytestmark = pytest.mark.django_db


# Reading ----------------------------------------------------------------------------------


def test_the_history_shows_who_changed_which_field_from_what_to_what(
    strategy, measure, people, as_persona, url
) -> None:
    field = FieldOfAction.objects.create(strategy=strategy, title="Bürgerservice")
    goal = Goal.objects.create(strategy=strategy, title="Leistungen online")
    client = as_persona("editor")
    response = client.post(
        url("measure_edit", pk=measure.pk),
        {
            "title": "Termine online buchen",
            "status": "running",
            "start": "2026-03-01",
            "cost_one_off": "12.500,00",
            "is_flagship": "on",
            "goals": [goal.pk],
            "fields": [field.pk],
            "responsible": people["editor"].pk,
            "version": 1,
        },
    )
    assert response.status_code == 302

    content = page_of(as_persona("reader"), url("history_measure", pk=measure.pk))
    # Who and what, with German labels and readable values.
    assert "Editor Amtsberg" in content
    assert "Titel" in content and "Online-Terminvergabe" in content
    assert "Termine online buchen" in content
    assert "Idee" in content and "In Umsetzung" in content  # choice labels, not "running"
    assert "01.03.2026" in content  # a German date
    assert "12.500,00" in content  # a German amount
    assert "Leuchtturmprojekt" in content and "ja" in content
    assert "Contributor Amtsberg" in content  # the responsible person before, by name
    assert "Leistungen online" in content and "Bürgerservice" in content  # many-to-many
    assert "running" not in content


def test_one_edit_is_one_record_even_when_links_change(strategy, measure) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Leistungen online")
    before = measure.history.count()
    edit(measure, title="Neu", goals=[goal.pk])
    assert measure.history.count() == before + 1
    newest = measure.history.latest()
    assert newest.title == "Neu"
    assert [row.goal_id for row in newest.goals.all()] == [goal.pk]


def test_records_are_listed_newest_first_and_paginated(strategy, measure, as_persona, url) -> None:
    for number in range(PER_PAGE + 5):
        measure = edit(measure, title=f"Fassung {number}")
    client = as_persona("reader")
    first = page_of(client, url("history_measure", pk=measure.pk))
    assert first.index(f"Fassung {PER_PAGE + 4}") < first.index(f"Fassung {PER_PAGE + 3}")
    assert "Seite 1 von 2" in first and "?seite=2" in first
    second = page_of(client, url("history_measure", pk=measure.pk) + "?seite=2")
    assert "Fassung 0" in second and "Online-Terminvergabe" in second
    assert "angelegt" in second  # the creation is the oldest record


@pytest.mark.parametrize("page", ["0", "zwei", "3"])
def test_a_page_that_does_not_exist_is_a_bad_request(page, measure, as_persona, url) -> None:
    response = as_persona("reader").get(url("history_measure", pk=measure.pk) + f"?seite={page}")
    assert response.status_code == 400
    assert response.content.decode() in {
        "Bitte geben Sie die Seite als ganze Zahl an.",
        "Diese Seite des Verlaufs gibt es nicht.",
    }


def test_the_number_of_queries_does_not_depend_on_the_number_of_records(
    strategy, people, as_persona, url, django_assert_num_queries, session_queries
) -> None:
    goals = [Goal.objects.create(strategy=strategy, title=f"Ziel {n}") for n in range(3)]
    client = as_persona("reader")

    def measure_with(changes: int) -> Measure:
        item = Measure.objects.create(strategy=strategy, title="Start")
        for number in range(changes):
            item = edit(
                item,
                title=f"Titel {number}",
                responsible_id=people["editor" if number % 2 else "contributor"].pk,
                cost_one_off=Decimal(number),
                start=date(2026, 1, 1 + number % 28),
                goals=[goals[number % 3].pk],
            )
        return item

    small, large = measure_with(3), measure_with(2 * PER_PAGE + 10)
    client.get(url("history_measure", pk=small.pk))  # the session is loaded once
    # Session, user, membership (with the municipality), strategy, measure, count, records,
    # three many-to-many states, the people and the goals named in the changes.
    queries = 11 + session_queries
    with django_assert_num_queries(queries):
        page_of(client, url("history_measure", pk=small.pk))
    for page in ["", "?seite=2", "?seite=3"]:
        with django_assert_num_queries(queries):
            content = page_of(client, url("history_measure", pk=large.pk) + page)
        # 2 × 50 + 10 edits and the creation: 111 records
        assert content.count('class="sw-history__entry"') == (
            11 if page == "?seite=3" else PER_PAGE
        )


def test_a_deleted_link_target_is_named_from_its_history(
    strategy, measure, as_persona, url
) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Gelöschtes Ziel")
    measure = edit(measure, goals=[goal.pk])
    goal.delete()
    content = page_of(as_persona("reader"), url("history_measure", pk=measure.pk))
    assert "Gelöschtes Ziel (gelöscht)" in content


# Restoring --------------------------------------------------------------------------------


def test_an_editor_restores_an_earlier_version_as_a_new_recorded_change(
    strategy, measure, people, as_persona, url, restore
) -> None:
    goal = Goal.objects.create(strategy=strategy, title="Leistungen online")
    measure = edit(measure, title="Fassung A", status="planned", goals=[goal.pk])
    record = measure.history.latest()
    measure = edit(measure, title="Fassung B", status="running", goals=[])
    client = as_persona("editor")
    page = page_of(client, url("history_measure", pk=measure.pk))
    assert "Diese Fassung wiederherstellen" in page
    restore_url = url("restore_measure", pk=measure.pk, history_id=record.history_id)
    assert f'action="{restore_url}"' in page and 'name="csrfmiddlewaretoken"' in page
    assert f'name="version" value="{measure.version}"' in page

    response = restore(client, "measure", measure, record, follow=True)
    assert response.status_code == 200
    measure.refresh_from_db()
    assert (measure.title, measure.status, measure.version) == ("Fassung A", "planned", 4)
    assert list(measure.goals.all()) == [goal]
    newest = measure.history.latest()
    assert newest.history_user == people["editor"]
    assert newest.history_change_reason.startswith("Wiederhergestellt: Fassung vom ")
    content = response.content.decode()
    assert "wurde wiederhergestellt" in content
    assert "Wiederhergestellt: Fassung vom" in content  # the restore appears in the history


def test_a_stale_restore_changes_nothing(measure, as_persona, url, restore) -> None:
    record = measure.history.earliest()
    measure = edit(measure, title="Neuer Titel")
    # version 1: the form was loaded before the edit
    response = restore(as_persona("editor"), "measure", measure, record, version=1, follow=True)
    measure.refresh_from_db()
    assert (measure.title, measure.version) == ("Neuer Titel", 2)
    assert any("in der Zwischenzeit" in m for m in messages_of(response))


def test_restoring_the_current_state_records_nothing(measure, as_persona, url, restore) -> None:
    record = measure.history.latest()
    response = restore(as_persona("editor"), "measure", measure, record, follow=True)
    assert measure.history.count() == 1
    assert any("entspricht dem aktuellen Stand" in m for m in messages_of(response))


@pytest.mark.parametrize("data", [{}, {"version": "x"}, {"version": "0"}])
def test_a_restore_without_a_valid_version_is_a_bad_request(data, measure, as_persona, url) -> None:
    record = measure.history.earliest()
    response = as_persona("editor").post(
        url("restore_measure", pk=measure.pk, history_id=record.history_id), data
    )
    assert response.status_code == 400
    assert measure.history.count() == 1


def test_a_record_of_another_object_cannot_be_restored(
    strategy, measure, as_persona, url, restore
) -> None:
    other = Measure.objects.create(strategy=strategy, title="Andere Maßnahme")
    record = other.history.earliest()
    response = restore(as_persona("editor"), "measure", measure, record, version=1)
    assert response.status_code == 404


def test_a_version_whose_linked_person_left_cannot_be_restored(
    strategy, measure, people, as_persona, url, restore
) -> None:
    record = measure.history.earliest()  # the contributor is responsible
    measure = edit(measure, title="Neu", responsible_id=None)
    Membership.objects.filter(user=people["contributor"]).delete()
    response = restore(as_persona("editor"), "measure", measure, record, follow=True)
    measure.refresh_from_db()
    assert (measure.title, measure.version) == ("Neu", 2)
    [message] = messages_of(response)
    assert message.startswith("Diese Fassung kann nicht wiederhergestellt werden:")
    assert "„Verantwortliche Person“" in message and "„Contributor Amtsberg“" in message


def test_a_version_whose_higher_goal_was_deleted_cannot_be_restored(
    strategy, as_persona, url, restore
) -> None:
    old_parent = Goal.objects.create(strategy=strategy, title="Alter Oberbegriff")
    new_parent = Goal.objects.create(strategy=strategy, title="Neuer Oberbegriff")
    goal = Goal.objects.create(strategy=strategy, title="Teilziel", parent=old_parent)
    record = goal.history.latest()
    goal = edit(goal, parent_id=new_parent.pk, title="Umbenannt")
    old_parent.delete()
    response = restore(as_persona("editor"), "goal", goal, record, follow=True)
    assert response.status_code == 200
    goal.refresh_from_db()
    assert (goal.title, goal.parent_id) == ("Umbenannt", new_parent.pk)
    [message] = messages_of(response)
    assert "„Übergeordnetes Ziel“" in message and "Alter Oberbegriff (gelöscht)" in message


def test_a_version_that_would_close_a_cycle_of_goals_cannot_be_restored(
    strategy, as_persona, url, restore
) -> None:
    upper = Goal.objects.create(strategy=strategy, title="Oben")
    lower = Goal.objects.create(strategy=strategy, title="Unten")
    upper = edit(upper, parent_id=lower.pk)
    below_lower = upper.history.latest()
    upper = edit(upper, parent_id=None)
    edit(lower, parent_id=upper.pk)
    response = restore(as_persona("editor"), "goal", upper, below_lower, follow=True)
    upper.refresh_from_db()
    assert upper.parent_id is None
    assert "unter sich selbst" in messages_of(response)[0]


def test_links_to_deleted_entries_are_left_out_with_a_warning(
    strategy, measure, as_persona, url, restore
) -> None:
    kept = FieldOfAction.objects.create(strategy=strategy, title="Bleibt")
    gone = FieldOfAction.objects.create(strategy=strategy, title="Entfällt")
    measure = edit(measure, fields=[kept.pk, gone.pk])
    record = measure.history.latest()
    measure = edit(measure, fields=[], title="Ohne Felder")
    gone.delete()
    response = restore(as_persona("editor"), "measure", measure, record, follow=True)
    measure.refresh_from_db()
    assert list(measure.fields.all()) == [kept]
    assert any("Entfällt (gelöscht)" in m for m in messages_of(response))


def test_restoring_the_strategy_keeps_the_publication_decision(strategy, as_persona, url) -> None:
    record = strategy.history.latest()
    strategy = edit(strategy, title="Neuer Name", vision="Amtsberg 2030", public_page=True)
    response = as_persona("editor").post(
        url("restore_strategy", history_id=record.history_id), {"version": strategy.version}
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.title, strategy.vision, strategy.public_page) == (
        "Digitales Amtsberg 2030",
        "",
        True,
    )


def test_a_step_is_restored_with_its_done_state(
    strategy, measure, people, as_persona, url, restore
) -> None:
    step = Step.objects.create(measure=measure, title="Angebot einholen")
    record = step.history.latest()
    services.set_step_done(step, done=True)
    step.refresh_from_db()
    response = restore(as_persona("contributor"), "step", step, record)  # leads the measure
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.done, step.done_at, step.version) == (False, None, 3)


# Who may do what ----------------------------------------------------------------------------


def test_readers_and_advisers_see_the_history_but_cannot_restore(
    measure, as_persona, url, restore
) -> None:
    record = measure.history.earliest()
    measure = edit(measure, title="Neu")
    for persona in ["reader", "adviser"]:
        content = page_of(as_persona(persona), url("history_measure", pk=measure.pk))
        assert "Neu" in content and "Diese Fassung wiederherstellen" not in content
        response = restore(as_persona(persona), "measure", measure, record)
        assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.title == "Neu"


def test_a_contributor_restores_only_what_they_lead(
    strategy, measure, people, as_persona, url, restore
) -> None:
    foreign = Measure.objects.create(strategy=strategy, title="Fremde Maßnahme")
    record = foreign.history.earliest()
    foreign = edit(foreign, title="Geändert")
    client = as_persona("contributor")
    content = page_of(client, url("history_measure", pk=foreign.pk))
    assert "Diese Fassung wiederherstellen" not in content
    response = restore(client, "measure", foreign, record)
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.title == "Geändert"
    # Fields of action are the editors' business, too.
    field = FieldOfAction.objects.create(strategy=strategy, title="Feld")
    field_record = field.history.earliest()
    field = edit(field, title="Feld neu")
    response = restore(client, "field", field, field_record)
    assert response.status_code == 403
    # Their own measure they may restore.
    own_record = measure.history.earliest()
    measure = edit(measure, title="Eigene neu")
    response = restore(client, "measure", measure, own_record)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Online-Terminvergabe"


def test_an_indicator_of_a_measure_is_restored_by_whoever_leads_the_measure(
    strategy, measure, as_persona, url, restore
) -> None:
    indicator = Indicator.objects.create(
        strategy=strategy, measure=measure, name="Online-Quote", unit="%"
    )
    record = indicator.history.earliest()
    indicator = edit(indicator, target_value=Decimal("80.0000"), kind="output")
    content = page_of(as_persona("reader"), url("history_indicator", pk=indicator.pk))
    assert "Zielwert" in content and "80" in content and "80,0000" not in content
    response = restore(as_persona("contributor"), "indicator", indicator, record)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.kind) == (None, "outcome")


def test_people_of_another_municipality_learn_nothing(
    strategy, measure, as_persona, url, restore
) -> None:
    record = measure.history.earliest()
    client = as_persona("outsider")
    assert client.get(url("history_measure", pk=measure.pk)).status_code == 404
    response = restore(client, "measure", measure, record, version=1)
    assert response.status_code == 404
    # Not even through their own municipality's address.
    address = reverse(
        "history:history_measure",
        kwargs={"slug": "birkenwerder-nord", "strategy": strategy.pk, "pk": measure.pk},
    )
    assert client.get(address).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(measure, as_persona, url) -> None:
    response = as_persona("anonymous").get(url("history_measure", pk=measure.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_history_pages_refuse_other_methods(measure, as_persona, url) -> None:
    client = as_persona("editor")
    assert client.post(url("history_measure", pk=measure.pk)).status_code == 405
    record = measure.history.earliest()
    assert (
        client.get(url("restore_measure", pk=measure.pk, history_id=record.history_id)).status_code
        == 405
    )


# Links from the objects' pages ----------------------------------------------------------------


def test_each_page_links_to_the_history_of_its_object(
    strategy, measure, people, as_persona, url
) -> None:
    field = FieldOfAction.objects.create(strategy=strategy, title="Feld")
    goal = Goal.objects.create(strategy=strategy, title="Ziel")
    indicator = Indicator.objects.create(strategy=strategy, goal=goal, name="Quote", unit="%")
    step = Step.objects.create(measure=measure, title="Schritt")
    milestone = Milestone.objects.create(
        strategy=strategy, measure=measure, title="Meilenstein", date="2026-06-30"
    )
    client = as_persona("editor")
    pages = [
        (url("overview"), url("history_strategy")),
        (url("edit"), url("history_strategy")),
        (url("field", pk=field.pk), url("history_field", pk=field.pk)),
        (url("field_edit", pk=field.pk), url("history_field", pk=field.pk)),
        (url("goal_edit", pk=goal.pk), url("history_goal", pk=goal.pk)),
        (url("indicator_edit", pk=indicator.pk), url("history_indicator", pk=indicator.pk)),
        (url("measure", pk=measure.pk), url("history_measure", pk=measure.pk)),
        (url("measure_edit", pk=measure.pk), url("history_measure", pk=measure.pk)),
        (url("step_edit", pk=step.pk), url("history_step", pk=step.pk)),
    ]
    for page, history in pages:
        assert f'href="{history}"' in page_of(client, page), page
    for address in [history for _page, history in pages] + [
        url("history_milestone", pk=milestone.pk)
    ]:
        assert "Verlauf:" in page_of(client, address)


def test_a_partner_municipality_sees_the_history_under_its_own_address(
    strategy, measure, municipality_b, people, as_persona
) -> None:
    from schreibwerkstatt.strategies.models import StrategyPartner

    StrategyPartner.objects.create(
        strategy=strategy, municipality=municipality_b, status="accepted"
    )
    address = reverse(
        "history:history_measure",
        kwargs={"slug": "birkenwerder-nord", "strategy": strategy.pk, "pk": measure.pk},
    )
    content = page_of(as_persona("outsider"), address)  # coordinator of the partner
    assert "Online-Terminvergabe" in content
    assert "/kommunen/birkenwerder-nord/" in content


def test_strategy_is_the_object_of_its_own_history_page(strategy, as_persona, url) -> None:
    edit(strategy, vision="Amtsberg ist 2030 digital.")
    content = page_of(as_persona("reader"), url("history_strategy"))
    assert "Vision" in content and "Amtsberg ist 2030 digital." in content
    assert Strategy.objects.get().version == 2
