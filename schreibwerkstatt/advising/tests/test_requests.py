"""Requests for advice ("Beratung anfragen"): sent by the municipality, answered by its advisers."""

import pytest
from django.core import mail
from django.urls import reverse

from conftest import client_for
from schreibwerkstatt.advising.models import AdviceRequest
from schreibwerkstatt.strategies.models import Measure, Strategy

pytestmark = pytest.mark.django_db


def add_url(municipality) -> str:
    return reverse("advising:request_add", kwargs={"slug": municipality.slug})


def answer_url(advice) -> str:
    return reverse("advising:request_answer", args=[advice.municipality.slug, advice.pk])


@pytest.fixture
def advice(municipality_a, people):
    return AdviceRequest.objects.create(
        municipality=municipality_a, topic="Fördermittel", text="Welche Programme?",
        requested_by=people["coordinator"],
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["coordinator", "editor"])
def test_coordination_and_editors_ask_and_the_advisers_are_told(
    persona, as_persona, municipality_a, strategy_a, adviser, django_capture_on_commit_callbacks
) -> None:
    measure = strategy_a.measures.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona(persona).post(
            add_url(municipality_a),
            {
                "topic": "Fördermittel",
                "text": "Welche Programme?",
                "about": f"measure-{measure.pk}",
            },
        )
    assert response.status_code == 302
    advice = AdviceRequest.objects.get()
    assert advice.measure == measure and advice.status == "open"
    assert [m.to for m in mail.outbox] == [[adviser.email]]
    assert "Amtsberg bittet um Beratung: Fördermittel" in mail.outbox[0].subject


def test_an_object_of_another_strategy_is_refused(
    as_persona, municipality_a, municipality_b, strategy_a
) -> None:
    foreign = Measure.objects.create(
        strategy=Strategy.objects.create(municipality=municipality_b, title="B"), title="Fremd"
    )
    response = as_persona("coordinator").post(
        add_url(municipality_a), {"topic": "x", "text": "y", "about": f"measure-{foreign.pk}"}
    )
    assert response.status_code == 400
    assert "keine gültige Auswahl" in response.content.decode()
    assert not AdviceRequest.objects.exists()


def test_a_request_to_nobody_is_refused_with_a_clear_message(
    as_persona, municipality_a, adviser
) -> None:
    municipality_a.advisers.clear()
    response = as_persona("coordinator").post(add_url(municipality_a), {"topic": "x", "text": "y"})
    assert response.status_code == 400
    assert "noch von keiner Beraterin und keinem Berater begleitet" in response.content.decode()
    assert not AdviceRequest.objects.exists() and not mail.outbox


def test_an_empty_request_is_a_400(as_persona, municipality_a) -> None:
    response = as_persona("coordinator").post(add_url(municipality_a), {"topic": " ", "text": ""})
    assert response.status_code == 400
    assert not AdviceRequest.objects.exists()


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_others_of_the_municipality_cannot_ask(persona, as_persona, municipality_a) -> None:
    assert (
        as_persona(persona).post(add_url(municipality_a), {"topic": "x", "text": "y"}).status_code
        == 403
    )
    assert not AdviceRequest.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "reader", "adviser"])
def test_the_municipality_and_its_advisers_see_the_requests(persona, as_persona, advice) -> None:
    client = as_persona(persona)
    listing = client.get(reverse("advising:requests", args=[advice.municipality.slug]))
    assert listing.status_code == 200 and "Fördermittel" in listing.content.decode()
    detail = client.get(reverse("advising:request", args=[advice.municipality.slug, advice.pk]))
    assert detail.status_code == 200 and "Welche Programme?" in detail.content.decode()
    assert ('name="status"' in detail.content.decode()) == (persona == "adviser")


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser"])
def test_outsiders_get_nothing(persona, as_persona, advice) -> None:
    slug = advice.municipality.slug
    for url in (
        reverse("advising:requests", args=[slug]),
        reverse("advising:request", args=[slug, advice.pk]),
    ):
        response = as_persona(persona).get(url)
        assert response.status_code == 404 and b"Programme" not in response.content


def test_a_request_of_another_municipality_is_not_found_under_this_address(
    as_persona, advice, municipality_b
) -> None:
    url = reverse("advising:request", args=[municipality_b.slug, advice.pk])
    assert as_persona("outsider").get(url).status_code == 404


def test_the_adviser_answers_and_the_requester_is_told(
    as_persona, advice, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("adviser").post(
            answer_url(advice),
            {"status": "in_progress", "answer": "Schauen Sie ins Programm X.", "version": "1"},
        )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == "in_progress" and advice.answered_by == people["adviser"]
    assert [m.to for m in mail.outbox] == [[people["coordinator"].email]]
    assert "„in Bearbeitung“" in mail.outbox[0].body and "Programm X" in mail.outbox[0].body
    page = as_persona("reader").get(
        reverse("advising:request", args=[advice.municipality.slug, advice.pk])
    )
    assert "Schauen Sie ins Programm X." in page.content.decode()


def test_a_stale_answer_changes_nothing(as_persona, advice) -> None:
    AdviceRequest.objects.filter(pk=advice.pk).update(status="done", version=2)
    response = as_persona("adviser").post(
        answer_url(advice), {"status": "open", "answer": "", "version": "1"}
    )
    assert response.status_code == 409
    advice.refresh_from_db()
    assert advice.status == "done"


@pytest.mark.parametrize("data", [{"status": "weg", "version": "1"}, {"status": "done"}])
def test_bad_answers_are_a_400(data, as_persona, advice) -> None:
    assert as_persona("adviser").post(answer_url(advice), data).status_code == 400
    advice.refresh_from_db()
    assert advice.status == "open"


@pytest.mark.parametrize("persona", ["coordinator", "editor", "reader"])
def test_members_cannot_change_the_status(persona, as_persona, advice) -> None:
    response = as_persona(persona).post(answer_url(advice), {"status": "done", "version": "1"})
    assert response.status_code == 403


def test_an_adviser_not_assigned_gets_404(advice, other_adviser) -> None:
    client = client_for(other_adviser)
    assert client.post(answer_url(advice), {"status": "done", "version": "1"}).status_code == 404
    assert (
        client.get(reverse("advising:requests", args=[advice.municipality.slug])).status_code == 404
    )


def test_the_adviser_list_shows_only_their_municipalities(
    as_persona, advice, municipality_b, other_adviser
) -> None:
    municipality_b.advisers.add(other_adviser)
    AdviceRequest.objects.create(municipality=municipality_b, topic="Geheim B", text="?")
    page = as_persona("adviser").get(reverse("advising:adviser_requests"))
    assert "Fördermittel" in page.content.decode() and "Geheim B" not in page.content.decode()
    assert (
        as_persona("adviser").get(reverse("advising:adviser_requests"), {"status": "x"}).status_code
        == 400
    )
    assert as_persona("coordinator").get(reverse("advising:adviser_requests")).status_code == 403
