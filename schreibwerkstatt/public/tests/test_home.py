"""The visitors' start page "/": the operator's intro text, the first entry questions, the
public guides, the glossary and Leichte Sprache; upcoming workshops only when there are some.
Signed-in people keep their own start page."""

from dataclasses import dataclass
from datetime import datetime

import pytest
from django.urls import reverse

from schreibwerkstatt.core.models import SitePage
from schreibwerkstatt.guides.models import Guide, Question
from schreibwerkstatt.public import workshops

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db) -> dict:
    """A small handbook of its own instead of the shipped one."""
    Question.objects.all().delete()
    Guide.objects.all().delete()
    public = Guide.objects.create(
        slug="vorbereitung",
        title="Vorbereitung: Auftrag und Kernteam",
        summary="Wer fängt an?",
        body="## Worum es geht",
        phase=0,
        public=True,
    )
    internal = Guide.objects.create(
        slug="intern",
        title="Nur für Mitglieder",
        summary="Intern.",
        body="Text",
        phase=1,
        public=False,
    )
    questions = [
        Question.objects.create(
            question=f"Frage Nummer {n}?", answer="Antwort.", guide=public, position=n
        )
        for n in range(7)
    ]
    return {"public": public, "internal": internal, "questions": questions}


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


def test_it_shows_the_first_five_entry_questions_and_links_to_all(content, client) -> None:
    page = client.get("/").content.decode()
    faq = reverse("guides:questions")
    for question in content["questions"][:5]:
        assert f'href="{faq}#frage-{question.pk}">{question.question}</a>' in page
    assert "Frage Nummer 5?" not in page
    assert f'href="{faq}">Alle Einstiegsfragen und Antworten</a>' in page


def test_it_lists_only_the_public_guides(content, client) -> None:
    page = client.get("/").content.decode()
    assert (
        f'href="{content["public"].get_absolute_url()}">Vorbereitung: Auftrag und Kernteam</a>'
        in page
    )
    assert "Wer fängt an?" in page
    assert "Nur für Mitglieder" not in page


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


def test_the_workshops_app_provides_the_dates_and_has_none_without_series() -> None:
    from schreibwerkstatt.workshops import workshop_dates

    assert workshops.providers() == [workshop_dates.upcoming]
    assert workshops.upcoming_dates() == []


@pytest.mark.parametrize("persona", ["coordinator", "operator"])
def test_signed_in_people_keep_their_own_start_page(content, as_persona, persona) -> None:
    page = as_persona(persona).get("/", follow=True).content.decode()
    assert 'id="entry-questions"' not in page


def test_its_queries_do_not_grow_with_the_content(
    content, client, django_assert_max_num_queries
) -> None:
    for n in range(20):
        Guide.objects.create(slug=f"g{n}", title=f"G{n}", summary="S", body="B", public=True)
    client.get("/")  # warm caches (the help panel's index of the guides)
    with django_assert_max_num_queries(4):  # page, questions, guides, workshop dates
        assert client.get("/").status_code == 200


def test_it_answers_only_get(content, client) -> None:
    assert client.post("/").status_code == 405
