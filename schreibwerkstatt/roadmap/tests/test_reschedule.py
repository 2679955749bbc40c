"""Rescheduling one measure: the form, validation, optimistic locking and permissions."""

from datetime import date

import pytest
from django.db.models import F

from schreibwerkstatt.strategies.models import Measure, Milestone

pytestmark = pytest.mark.django_db


def post_dates(client, url, measure, **values):
    data = {
        "start": "",
        "end": "",
        "duration_months": "",
        "version": measure.version,
        "back": "table",
    }
    data.update(values)
    return client.post(url, data)


def test_the_form_shows_the_measure_its_dependencies_and_its_dates(
    as_persona, url, measures
) -> None:
    response = as_persona("editor").get(url("reschedule", pk=measures["post"].pk) + "?back=chart")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Termine von „Digitaler Posteingang“ ändern" in page
    assert "„E-Akte einführen“ (endet am 31.12.2027)" in page
    assert 'value="2027-01-01"' in page and 'value="2027-09-30"' in page
    assert 'name="back" value="chart"' in page
    assert url("chart") in page  # Cancel goes back where the person came from


def test_an_editor_reschedules_a_measure_with_a_new_version_and_history(
    as_persona, url, measures
) -> None:
    post = measures["post"]
    client = as_persona("editor")
    response = post_dates(
        client,
        url("reschedule", pk=post.pk),
        post,
        start="2028-01-01",
        end="2028-09-30",
    )
    assert response.status_code == 302
    assert response.url == url("table")
    post.refresh_from_db()
    assert (post.start, post.end, post.version) == (date(2028, 1, 1), date(2028, 9, 30), 2)
    latest = post.history.latest()
    assert latest.history_user.email == "editor@amtsberg.example"
    assert latest.start == date(2028, 1, 1)
    page = client.get(response.url).content.decode()
    assert (
        "Die Termine von „Digitaler Posteingang“ wurden gespeichert: 01.01.2028 – 30.09.2028."
        in page
    )
    assert "Konflikt" not in page  # the dependency conflict is resolved


def test_a_duration_without_an_end_is_shown_as_estimated_end(as_persona, url, measures) -> None:
    idea = measures["idea"]
    response = post_dates(
        as_persona("editor"),
        url("reschedule", pk=idea.pk),
        idea,
        start="2027-03-01",
        duration_months="6",
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.start, idea.end, idea.duration_months) == (date(2027, 3, 1), None, 6)
    page = as_persona("editor").get(url("table")).content.decode()
    assert "31.08.2027" in page and "(aus der Dauer)" in page


def test_dates_that_clash_with_dependencies_are_saved_with_a_warning(
    as_persona, url, measures
) -> None:
    eakte = measures["eakte"]
    Milestone.objects.create(
        strategy=eakte.strategy, measure=eakte, title="DMS live", date=date(2026, 2, 1)
    )
    client = as_persona("contributor")  # leads the E-Akte
    response = post_dates(
        client, url("reschedule", pk=eakte.pk), eakte, start="2026-06-01", end="2028-06-30"
    )
    assert response.status_code == 302
    eakte.refresh_from_db()
    assert eakte.end == date(2028, 6, 30)
    page = client.get(response.url).content.decode()
    assert (
        "Bitte prüfen Sie: „Digitaler Posteingang“ hängt von dieser Maßnahme ab, beginnt aber am 01.01.2027"
        in page
    )
    assert "Bitte prüfen Sie: Der Meilenstein „DMS live“ (01.02.2026) liegt jetzt außerhalb" in page


@pytest.mark.parametrize(
    "values, name, message",
    [
        (
            {"start": "2027-10-01", "end": "2027-01-01"},
            "end",
            "Das Ende darf nicht vor dem Beginn liegen.",
        ),
        ({"start": "31.02.2027"}, "start", "Bitte geben Sie ein Datum ein"),
        ({"start": "0227-01-01"}, "start", "zwischen den Jahren 2000 und 2100"),
        ({"duration_months": "0"}, "duration_months", "mindestens 1 Monat"),
        ({"duration_months": "121"}, "duration_months", "höchstens 120 Monate"),
        ({"duration_months": "zwei"}, "duration_months", "ganze Zahl von Monaten"),
    ],
)
def test_bad_input_changes_nothing_and_says_why_in_german(
    as_persona, url, measures, values, name, message
) -> None:
    post = measures["post"]
    response = post_dates(as_persona("editor"), url("reschedule", pk=post.pk), post, **values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="id_{name}_error"' in response.content.decode()
    assert Measure.objects.filter(pk=post.pk).values_list("start", "end", "version").get() == (
        date(2027, 1, 1), date(2027, 9, 30), 1,
    )  # fmt: skip


def test_a_missing_version_is_refused(as_persona, url, measures) -> None:
    post = measures["post"]
    response = as_persona("editor").post(url("reschedule", pk=post.pk), {"start": "2028-01-01"})
    assert response.status_code == 400
    assert "Bitte laden Sie die Seite neu" in response.content.decode()
    post.refresh_from_db()
    assert post.start == date(2027, 1, 1)


def test_a_stale_edit_gets_409_with_the_other_persons_dates_and_overwrites_nothing(
    as_persona, url, measures
) -> None:
    post = measures["post"]
    Measure.objects.filter(pk=post.pk).update(start=date(2027, 4, 1), version=F("version") + 1)
    response = post_dates(
        as_persona("editor"),
        url("reschedule", pk=post.pk),
        post,
        start="2028-01-01",
        end="2028-09-30",
    )  # carries version 1, the database has 2
    assert response.status_code == 409
    page = response.content.decode()
    assert "Jemand anderes hat dies inzwischen gespeichert" in page
    assert "01.04.2027" in page  # the other person's start
    assert 'name="version" value="2"' in page  # saving again replaces it knowingly
    assert 'value="2028-01-01"' in page  # their own input is kept
    post.refresh_from_db()
    assert (post.start, post.version) == (date(2027, 4, 1), 2)


@pytest.mark.parametrize("persona, status", [("reader", 403), ("adviser", 403), ("outsider", 404)])
def test_people_who_may_not_edit_the_measure_cannot_reschedule_it(
    as_persona, url, measures, persona, status
) -> None:
    post = measures["post"]
    for method in ["get", "post"]:
        response = getattr(as_persona(persona), method)(
            url("reschedule", pk=post.pk), {"start": "2030-01-01", "version": "1"}
        )
        assert response.status_code == status
    post.refresh_from_db()
    assert post.start == date(2027, 1, 1)


def test_a_contributor_reschedules_only_the_measures_they_lead(as_persona, url, measures) -> None:
    client = as_persona("contributor")
    assert client.get(url("reschedule", pk=measures["eakte"].pk)).status_code == 200
    response = post_dates(
        client, url("reschedule", pk=measures["post"].pk), measures["post"], start="2030-01-01"
    )
    assert response.status_code == 403
    assert Measure.objects.get(pk=measures["post"].pk).start == date(2027, 1, 1)


def test_a_measure_of_another_strategy_is_not_found(
    as_persona, url, measures, other_strategy
) -> None:
    foreign = Measure.objects.create(
        strategy=other_strategy, title="Fremde Maßnahme", start=date(2027, 1, 1)
    )
    assert as_persona("editor").get(url("reschedule", pk=foreign.pk)).status_code == 404
    response = post_dates(
        as_persona("editor"), url("reschedule", pk=foreign.pk), foreign, start="2030-01-01"
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.start == date(2027, 1, 1)
