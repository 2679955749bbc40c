"""Switching the transparency page on and off from the strategy overview."""

import pytest

from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.transparency import services

pytestmark = pytest.mark.django_db


def state(strategy: Strategy) -> tuple[bool, int]:
    strategy.refresh_from_db()
    return strategy.public_page, strategy.version


@pytest.mark.parametrize("persona", ["coordinator", "editor"])
def test_editors_and_coordinators_switch_it_off_and_on(
    persona, strategy, urls, as_persona, client
) -> None:
    person = as_persona(persona)
    response = person.post(urls["toggle"], {"public": "off"})
    assert response.status_code == 302
    assert response.url == urls["overview"] + "#transparency"
    assert state(strategy) == (False, 2)
    assert client.get(urls["page"]).status_code == 404
    assert "Die Transparenzseite ist ausgeschaltet." in person.get(response.url).content.decode()

    person.post(urls["toggle"], {"public": "on"})
    assert state(strategy) == (True, 3)
    assert client.get(urls["page"]).status_code == 200
    assert strategy.history.count() == 3  # each switch is recorded, with who did it
    assert strategy.history.first().history_user.email == f"{persona}@amtsberg.example"


def test_switching_to_the_current_state_changes_nothing(strategy, urls, as_persona) -> None:
    as_persona("editor").post(urls["toggle"], {"public": "on"})
    assert state(strategy) == (True, 1)


def test_switching_on_a_strategy_in_consultation_explains_why_nothing_is_visible(
    strategy, urls, as_persona, client
) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(
        public_page=False, status=Strategy.Status.CONSULTATION
    )
    response = as_persona("editor").post(urls["toggle"], {"public": "on"}, follow=True)
    text = response.content.decode()
    assert "bleibt aber verborgen, bis die Strategie den Status „Beschlossen“" in text
    assert "Eingeschaltet, aber noch nicht sichtbar." in text
    assert "In Abstimmung" in text
    assert state(strategy)[0] is True
    assert client.get(urls["page"]).status_code == 404


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_other_roles_of_the_municipality_may_not_switch_it(
    persona, strategy, urls, as_persona
) -> None:
    assert as_persona(persona).post(urls["toggle"], {"public": "off"}).status_code == 403
    assert state(strategy) == (True, 1)


def test_a_member_of_another_municipality_gets_404(strategy, urls, as_persona) -> None:
    response = as_persona("outsider").post(urls["toggle"], {"public": "off"})
    assert response.status_code == 404
    assert state(strategy) == (True, 1)
    # nor through the address of their own municipality
    own = urls["toggle"].replace("/amtsberg/", "/birkenwerder-nord/")
    assert as_persona("outsider").post(own, {"public": "off"}).status_code == 404
    assert state(strategy) == (True, 1)


def test_anonymous_visitors_are_sent_to_the_login(strategy, urls, client) -> None:
    response = client.post(urls["toggle"], {"public": "off"})
    assert response.status_code == 302 and response.url.startswith("/anmelden/")
    assert state(strategy) == (True, 1)


@pytest.mark.parametrize("data", [{}, {"public": "vielleicht"}, {"public": ""}])
def test_bad_input_is_refused_and_changes_nothing(data, strategy, urls, as_persona) -> None:
    response = as_persona("coordinator").post(urls["toggle"], data)
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
    assert state(strategy) == (True, 1)


def test_get_is_not_allowed(strategy, urls, as_persona) -> None:
    assert as_persona("coordinator").get(urls["toggle"]).status_code == 405


def test_the_overview_shows_the_address_and_the_embedding_code_when_published(
    strategy, urls, as_persona
) -> None:
    text = as_persona("reader").get(urls["overview"]).content.decode()
    assert "Die Transparenzseite ist öffentlich." in text
    assert f'href="http://testserver{urls["page"]}"' in text
    assert (
        f"&lt;iframe src=&quot;http://testserver{urls['embed']}&quot; "
        "title=&quot;Digitales Amtsberg 2030&quot; width=&quot;100%&quot;" in text
    )
    assert urls["toggle"] not in text  # readers see the state, but get no switch


def test_the_embedding_code_stays_valid_html_with_quotes_in_the_title(
    strategy, urls, as_persona
) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(title='Amtsberg "digital" <2030>')
    text = as_persona("reader").get(urls["overview"]).content.decode()
    # shown as text, the code reads: title="Amtsberg &quot;digital&quot; &lt;2030&gt;"
    assert "title=&quot;Amtsberg &amp;quot;digital&amp;quot; &amp;lt;2030&amp;gt;&quot;" in text


def test_the_overview_offers_the_switch_to_editors(strategy, urls, as_persona) -> None:
    text = as_persona("editor").get(urls["overview"]).content.decode()
    assert f'action="{urls["toggle"]}"' in text
    assert 'name="public" value="off"' in text
    Strategy.objects.filter(pk=strategy.pk).update(public_page=False)
    text = as_persona("editor").get(urls["overview"]).content.decode()
    assert 'name="public" value="on"' in text
    assert "Die Transparenzseite ist ausgeschaltet." in text
    assert "iframe" not in text


def test_the_overview_explains_that_a_draft_is_never_published(strategy, urls, as_persona) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(public_page=False, status=Strategy.Status.DRAFT)
    text = as_persona("editor").get(urls["overview"]).content.decode()
    assert (
        "erst, wenn die Strategie den Status „Beschlossen“ oder „In Umsetzung“ hat (jetzt: „Entwurf“)"
        in text
    )


def test_the_service_records_the_switch_as_a_versioned_save(strategy) -> None:
    updated = services.set_public_page(strategy, public=False)
    assert (updated.public_page, updated.version) == (False, 2)
    assert services.is_published(updated) is False
    assert services.set_public_page(updated, public=False).version == 2
