"""Ticking a step in place on Meine Aufgaben (personal:step_toggle)."""

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.strategies.models import Step, StrategyPartner
from tests.factories import MembershipFactory, UserFactory

from .conftest import make_measure, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(strategy_a, people):
    measure = make_measure(strategy_a, "E-Akte einführen")
    return make_step(measure, "Scanner bestellen", people["contributor"], -2)


def toggle_url(step, slug: str = "amtsberg") -> str:
    return reverse(
        "personal:step_toggle",
        kwargs={"slug": slug, "strategy": step.measure.strategy_id, "pk": step.pk},
    )


def test_the_owner_ticks_a_step_and_gets_the_row_back(step, as_persona) -> None:
    response = as_persona("contributor").post(
        toggle_url(step), {"done": "true", "version": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="my-step-{step.pk}"') and "<html" not in html
    assert "Erledigt" in html and "Wieder öffnen" in html and "Überfällig" not in html
    assert 'name="version" value="2"' in html
    step.refresh_from_db()
    assert step.done and step.done_at is not None and step.version == 2
    # The change is recorded in the step's history, by the person who ticked it.
    assert step.history.first().history_user.email == "contributor@amtsberg.example"


def test_it_reopens_a_step_too(step, as_persona) -> None:
    client = as_persona("contributor")
    client.post(toggle_url(step), {"done": "true", "version": "1"})
    response = client.post(toggle_url(step), {"done": "false", "version": "2"})
    assert response.status_code == 302 and response.url == reverse("personal:my_tasks")
    step.refresh_from_db()
    assert not step.done and step.done_at is None and step.version == 3


def test_without_htmx_it_returns_to_the_page_with_a_message(step, as_persona) -> None:
    client = as_persona("contributor")
    response = client.post(toggle_url(step), {"done": "true", "version": "1"}, follow=True)
    assert response.redirect_chain == [(reverse("personal:my_tasks"), 302)]
    assert "„Scanner bestellen“ ist erledigt." in response.content.decode()


def test_a_change_by_somebody_else_in_between_is_not_overwritten(step, as_persona) -> None:
    # A colleague moved the due date after the page was loaded (version 1).
    Step.objects.filter(pk=step.pk).update(due_date="2026-04-30", version=F("version") + 1)

    response = as_persona("contributor").post(
        toggle_url(step), {"done": "true", "version": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Jemand anderes hat diesen Schritt inzwischen geändert" in html
    assert "ist jetzt offen" in html and "30.04.2026" in html
    assert 'name="version" value="2"' in html  # ticking again now works
    step.refresh_from_db()
    assert not step.done and step.version == 2


def test_a_conflict_without_htmx_shows_the_page_with_409(step, as_persona) -> None:
    Step.objects.filter(pk=step.pk).update(title="Scanner leihen", version=F("version") + 1)
    response = as_persona("contributor").post(toggle_url(step), {"done": "true", "version": "1"})
    assert response.status_code == 409
    assert "„Scanner leihen“ ist jetzt offen." in response.content.decode()
    step.refresh_from_db()
    assert not step.done


def test_ticking_what_is_already_done_is_no_conflict(step, as_persona) -> None:
    Step.objects.filter(pk=step.pk).update(done=True, version=F("version") + 1)
    response = as_persona("contributor").post(
        toggle_url(step), {"done": "true", "version": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.done and step.version == 2


@pytest.mark.parametrize(
    "data", [{"done": "true"}, {"done": "true", "version": "zwei"}, {"version": "0"}]
)
def test_bad_input_is_refused_and_changes_nothing(step, as_persona, data) -> None:
    response = as_persona("contributor").post(toggle_url(step), data)
    assert response.status_code == 400
    assert "Ungültige Anfrage." in response.content.decode()
    step.refresh_from_db()
    assert not step.done and step.version == 1


@pytest.mark.parametrize(
    ("persona", "status"), [("reader", 403), ("adviser", 403), ("outsider", 404)]
)
def test_others_may_not_tick_it(step, as_persona, persona, status) -> None:
    response = as_persona(persona).post(toggle_url(step), {"done": "true", "version": "1"})
    assert response.status_code == status
    step.refresh_from_db()
    assert not step.done


def test_another_contributor_who_owns_nothing_here_may_not_tick_it(step, municipality_a) -> None:
    stranger = UserFactory()
    MembershipFactory(user=stranger, municipality=municipality_a, role=Role.CONTRIBUTOR)
    client = Client()
    client.force_login(stranger)
    assert client.post(toggle_url(step), {"done": "true", "version": "1"}).status_code == 403


def test_anonymous_is_sent_to_the_login_and_get_is_not_allowed(step, as_persona) -> None:
    response = as_persona("anonymous").post(toggle_url(step), {"done": "true", "version": "1"})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert as_persona("contributor").get(toggle_url(step)).status_code == 405


def test_a_step_of_a_partner_strategy_is_ticked_through_the_partner_municipality(
    strategy_b, municipality_a, people, as_persona
) -> None:
    StrategyPartner.objects.create(
        strategy=strategy_b, municipality=municipality_a, status="accepted"
    )
    step = make_step(make_measure(strategy_b, "Gemeinsam"), "Abstimmen", people["contributor"], 3)
    html = as_persona("contributor").get(reverse("personal:my_tasks")).content.decode()
    assert toggle_url(step, "amtsberg") in html

    response = as_persona("contributor").post(
        toggle_url(step, "amtsberg"), {"done": "true", "version": "1"}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done
