"""The operator edits every site page under /plattform/seiten/: start page, Leichte Sprache
and the legal pages, with optimistic locking and history. Members, advisers and a superuser
without the operator area get 403, anonymous visitors the login."""

import pytest
from django.urls import reverse

from schreibwerkstatt.core.models import SitePage

pytestmark = pytest.mark.django_db

FORBIDDEN = ["coordinator", "reader", "adviser", "outsider", "superuser"]
LIST = "/plattform/seiten/"


def edit(key: str) -> str:
    return reverse("public:edit_page", args=[key])


def test_the_routes() -> None:
    assert reverse("public:pages") == LIST
    assert edit("easy-language") == "/plattform/seiten/easy-language/"


@pytest.mark.parametrize("url", [LIST, "/plattform/seiten/start/", "/plattform/seiten/imprint/"])
@pytest.mark.parametrize("persona", FORBIDDEN)
def test_it_forbids_everybody_but_operators(people, as_persona, url, persona) -> None:
    client = as_persona(persona)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Gekapert", "body": "x", "version": 1}).status_code == 403
    assert not SitePage.objects.filter(title="Gekapert").exists()


@pytest.mark.parametrize("url", [LIST, "/plattform/seiten/start/"])
def test_it_sends_anonymous_visitors_to_the_login(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_names_every_page_with_its_edit_link(people, as_persona) -> None:
    page = as_persona("operator").get(LIST).content.decode()
    for key in ["start", "easy-language", "imprint", "privacy", "accessibility"]:
        assert f'href="{edit(key)}"' in page
    assert "Startseite für Besucher" in page and "Leichte Sprache" in page


def test_the_operator_edits_the_start_page(people, as_persona, client) -> None:
    page = SitePage.objects.get(key="start")
    response = as_persona("operator").post(
        edit("start"), {"title": "Willkommen", "body": "Neu.", "version": page.version}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    page.refresh_from_db()
    assert (page.title, page.body, page.version) == ("Willkommen", "Neu.", 2)
    assert page.history.count() == 1  # the migration's row has none; the edit has one
    assert "Willkommen" in client.get("/").content.decode()


def test_the_contact_address_is_a_field_of_the_legal_pages_only(people, as_persona) -> None:
    client = as_persona("operator")
    assert 'name="contact_email"' in client.get(edit("accessibility")).content.decode()
    assert 'name="contact_email"' not in client.get(edit("easy-language")).content.decode()


def test_an_edit_that_lost_the_race_overwrites_nothing(people, as_persona) -> None:
    client = as_persona("operator")
    version = SitePage.objects.get(key="easy-language").version
    first = {"title": "Leichte Sprache", "body": "Erste Fassung.", "version": version}
    assert client.post(edit("easy-language"), first).status_code == 302
    response = client.post(edit("easy-language"), {**first, "body": "Zweite Fassung."})
    assert response.status_code == 409
    assert "Es wurde nichts überschrieben." in response.content.decode()
    assert SitePage.objects.get(key="easy-language").body == "Erste Fassung."


def test_a_page_without_text_is_written_for_the_first_time(people, as_persona, client) -> None:
    SitePage.objects.filter(key="imprint").delete()
    assert client.get(reverse("core:imprint")).status_code == 404
    response = as_persona("operator").post(
        edit("imprint"), {"title": "Impressum", "body": "Amt Musterland", "contact_email": ""}
    )
    assert response.status_code == 302
    assert "Amt Musterland" in client.get(reverse("core:imprint")).content.decode()


def test_invalid_input_and_unknown_pages(people, as_persona) -> None:
    client = as_persona("operator")
    assert client.post(edit("start"), {"title": "", "body": "", "version": 1}).status_code == 400
    assert client.get(edit("gibt-es-nicht")).status_code == 404
    assert client.post(LIST).status_code == 405


def test_the_operators_start_page_leads_to_the_site_pages(people, as_persona) -> None:
    page = as_persona("operator").get("/", follow=True).content.decode()
    assert f'href="{LIST}"' in page
    assert f'href="{LIST}"' not in as_persona("coordinator").get("/", follow=True).content.decode()
