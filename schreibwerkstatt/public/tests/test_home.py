"""The visitors' start page "/": the operator's intro text, the glossary and Leichte Sprache;
upcoming workshops only when there are some. Signed-in people keep their own start page."""

from dataclasses import dataclass
from datetime import datetime

import pytest
from django.urls import reverse

from schreibwerkstatt.core.models import SitePage
from schreibwerkstatt.public import workshops

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db) -> None:
    """The shipped site pages (data migrations)."""


def test_visitors_see_the_intro_text_of_the_operators(content, client) -> None:
    SitePage.objects.filter(key="start").update(
        title="Willkommen im Amt", body="## Für wen\n\nFür **alle** Kommunen.<script>x()</script>"
    )
    response = client.get("/")
    content_ = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="kern-heading-x-large">Willkommen im Amt</h1>' in content_
    assert "<h2>Für wen</h2>" in content_ and "<strong>alle</strong>" in content_
    assert "<script>x()" not in content_
    assert reverse("accounts:login") in content_


def test_the_shipped_intro_is_there_from_the_start(content, client) -> None:
    page = SitePage.objects.get(key="start")
    assert page.title.startswith("Digitalstrategien für Kommunen")
    assert "## Für wen ist die Schreibwerkstatt?" in page.body
    assert "Für wen ist die Schreibwerkstatt?" in client.get("/").content.decode()


def test_it_links_the_glossary_and_leichte_sprache(content, client) -> None:
    page = client.get("/").content.decode()
    assert f'href="{reverse("glossary:index")}"' in page
    assert f'href="{reverse("public:easy_language")}"' in page


def test_without_workshop_dates_there_is_no_workshop_section(content, client) -> None:
    assert 'id="workshops"' not in client.get("/").content.decode()


@dataclass
class Workshop:
    starts: datetime
    title: str
    place: str = ""
    url: str = ""


def test_upcoming_workshops_appear_when_a_provider_has_dates(content, client, monkeypatch) -> None:
    late = Workshop(datetime(2027, 3, 2, 10), "Handlungsfelder finden", "online")
    early = Workshop(datetime(2027, 2, 1, 9), "Auftakt", url="https://example.org/auftakt")
    monkeypatch.setattr(workshops, "providers", lambda: [lambda: [late, early]])
    page = client.get("/").content.decode()
    assert 'id="workshops"' in page and "Kommende Workshops" in page
    assert page.index("Auftakt") < page.index("Handlungsfelder finden")
    assert '<a class="kern-link" href="https://example.org/auftakt">Auftakt</a>' in page
    assert "(online)" in page


def test_no_app_provides_workshop_dates_yet() -> None:
    assert workshops.providers() == []
    assert workshops.upcoming_dates() == []


@pytest.mark.parametrize("persona", ["coordinator", "operator"])
def test_signed_in_people_keep_their_own_start_page(content, as_persona, persona) -> None:
    page = as_persona(persona).get("/", follow=True).content.decode()
    assert 'id="more-help"' not in page


def test_its_queries_do_not_grow_with_the_content(
    content, client, django_assert_max_num_queries
) -> None:
    client.get("/")  # warm caches (the help panel's index of the guides)
    with django_assert_max_num_queries(1):  # the page
        assert client.get("/").status_code == 200


def test_it_answers_only_get(content, client) -> None:
    assert client.post("/").status_code == 405
