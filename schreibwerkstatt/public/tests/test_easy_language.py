"""The offer in Leichte Sprache /leichte-sprache/ (BITV 2.0): public, German, linked in the
footer of every page."""

import pytest
from django.urls import reverse

from schreibwerkstatt.core.models import SitePage

pytestmark = pytest.mark.django_db
URL = "/leichte-sprache/"


def test_the_route() -> None:
    assert reverse("public:easy_language") == URL


@pytest.mark.parametrize("persona", ["anonymous", "reader", "outsider", "operator"])
def test_everybody_reads_the_shipped_text(as_persona, persona) -> None:
    response = as_persona(persona).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="kern-heading-large">Die Schreib·werkstatt in Leichter Sprache</h1>' in page
    assert "Die Schreib·werkstatt ist eine Internet·seite." in page


def test_the_text_is_marked_german_also_on_the_english_site(client) -> None:
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    assert '<div class="sw-prose sw-stack sw-easy-language" lang="de">' in page


@pytest.mark.parametrize("path", ["/", "/anmelden/", "/glossar/", "/impressum/"])
def test_every_page_links_it_in_the_footer(client, path) -> None:
    page = client.get(path).content.decode()
    footer = page[page.index('<footer class="sw-footer">') :]
    assert f'<a class="kern-link" href="{URL}" lang="de">Leichte Sprache</a>' in footer


def test_the_operators_text_is_sanitised(client) -> None:
    SitePage.objects.filter(key="easy-language").update(
        body="Ein Satz.\n\n<img src=x onerror=alert(1)>"
    )
    page = client.get(URL).content.decode()
    assert "<p>Ein Satz.</p>" in page and "onerror" not in page


def test_without_a_text_the_page_is_404(client) -> None:
    SitePage.objects.filter(key="easy-language").delete()
    assert client.get(URL).status_code == 404


def test_it_answers_only_get(client) -> None:
    assert client.post(URL).status_code == 405
