"""The results page (/suche/): who finds what, how results look, bad input, query counts.
Runs on SQLite (FTS5) and, in the PostgreSQL run of CI, on PostgreSQL (German full text)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.audit.models import Kind as AuditKind
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.glossary.models import Term
from schreibwerkstatt.municipalities.services import grant_support_access
from schreibwerkstatt.search import results as results_module
from schreibwerkstatt.strategies.models import Measure, Step, Strategy, StrategyPartner
from tests.factories import MunicipalityFactory, UserFactory

from .conftest import URL, results_of, search, text_of

pytestmark = pytest.mark.django_db

MEMBERS_OF_A = ["coordinator", "editor", "contributor", "reader", "adviser"]


@pytest.mark.parametrize("persona", MEMBERS_OF_A)
def test_people_of_a_find_each_kind_of_its_content(persona, content_a, as_persona) -> None:
    client = as_persona(persona)
    s = content_a["strategy"].pk
    expected = {
        "vernetzte": f"/kommunen/amtsberg/strategien/{s}/",
        "WLAN": f"/kommunen/amtsberg/strategien/{s}/handlungsfelder/{content_a['field'].pk}/",
        "angebunden": f"/kommunen/amtsberg/strategien/{s}/ziele/{content_a['goal'].pk}/",
        "Grundschulen": f"/kommunen/amtsberg/strategien/{s}/massnahmen/{content_a['measure'].pk}/",
        "Ausschreibung": f"/kommunen/amtsberg/strategien/{s}/massnahmen/{content_a['measure'].pk}/",
        "Förderbescheid": f"/kommunen/amtsberg/strategien/{s}/massnahmen/"
        f"{content_a['measure'].pk}/#comments-measure-{content_a['measure'].pk}",
    }
    for word, link in expected.items():
        response = search(client, word)
        assert response.status_code == 200
        assert f'href="{link}"' in text_of(response), (persona, word)


def test_each_result_is_labelled_with_its_kind_and_strategy(content_a, as_persona) -> None:
    text = text_of(search(as_persona("reader"), "Glasfaser"))
    for label in ["Maßnahmen", "Projektschritte", "Kommentare"]:
        assert f'<span class="kern-label kern-label--small">{label}</span>' in text
    # the measure, its step (under its measure), the comment; the handbook may add its own
    assert text.count("Amtsberg · Digitales Amtsberg 2030") == 3


def test_word_forms_are_found(content_a, as_persona) -> None:
    """German stemming on PostgreSQL, endings cut and prefixes on SQLite: the plural, the
    singular and the beginning of a compound find the same measure."""
    client = as_persona("reader")
    for word in ["Grundschule", "Grundschulen", "glasfaser", "Glasfaserausbau", "Ausschreibungen"]:
        assert content_a["measure"].title in text_of(search(client, word)), word


def test_all_words_must_occur(content_a, as_persona) -> None:
    client = as_persona("reader")
    assert content_a["measure"].title in text_of(search(client, "Glasfaser Grundschulen"))
    assert "Nichts gefunden" in text_of(search(client, "Glasfaser Zauberwald"))


def test_hits_are_marked_and_everything_else_is_escaped(strategy, as_persona) -> None:
    Measure.objects.create(
        strategy=strategy,
        title='<script>alert("x")</script> Sicherheitskonzept',
        summary='Ein <img src=x onerror=alert(1)> im Sicherheitskonzept & "Text".',
    )
    text = search(as_persona("reader"), "Sicherheitskonzept").content.decode()
    assert "<script>alert" not in text
    assert "<img" not in text
    assert "&lt;/script&gt; <mark>Sicherheitskonzept</mark>" in text  # the title, as text
    assert "<mark>Sicherheitskonzept</mark> &amp; &quot;Text" in text  # the snippet, as text


def test_visitors_find_no_municipality_content(content_a, as_persona) -> None:
    response = search(as_persona("anonymous"), "Glasfaser")
    assert response.status_code == 200
    text = text_of(response)
    assert "/kommunen/" not in results_of(text)
    assert "Amtsberg" not in text
    assert "Glasfaserausbau" not in text


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser"])
def test_others_find_nothing_of_a(persona, content_a, as_persona) -> None:
    """The coordinator of B, and the operator and a superuser, who hold nothing in A by their
    status."""
    for word in ["Glasfaser", "Förderbescheid", "Ausschreibung", "vernetzte", "Amtsberg"]:
        results = results_of(text_of(search(as_persona(persona), word)))
        assert "/kommunen/" not in results, (persona, word)
        assert "Amtsberg" not in results, (persona, word)


@pytest.mark.parametrize("persona", MEMBERS_OF_A)
def test_people_of_a_find_nothing_of_b(persona, content_a, content_b, as_persona) -> None:
    text = text_of(search(as_persona(persona), "Quellwasserspeicher"))
    assert "Nichts gefunden" in text
    assert "Birkenwerder" not in text
    # a word both hold: only A's
    text = text_of(search(as_persona(persona), "Glasfaser"))
    assert "Quellwasserspeicher" not in text
    assert "Glasfaserausbau" in text


def test_the_coordinator_of_b_finds_b(content_b, as_persona) -> None:
    text = text_of(search(as_persona("outsider"), "Quellwasserspeicher"))
    assert f"/kommunen/birkenwerder-nord/strategien/{content_b['strategy'].pk}/massnahmen/" in text


def test_an_operator_with_support_access_finds_and_it_is_recorded(
    content_a, people, as_persona, municipality_a
) -> None:
    operator = people["operator"]
    grant_support_access(
        municipality=municipality_a,
        operator=operator,
        days=1,
        reason="Suche prüfen",
        granted_by=people["coordinator"],
    )
    before = AuditEvent.objects.filter(kind=AuditKind.SUPPORT_USED).count()
    text = text_of(search(as_persona("operator"), "Glasfaser"))
    assert "Glasfaserausbau" in text
    event = AuditEvent.objects.filter(kind=AuditKind.SUPPORT_USED).latest("pk")
    assert AuditEvent.objects.filter(kind=AuditKind.SUPPORT_USED).count() == before + 1
    assert event.municipality_id == municipality_a.pk
    assert event.details["path"] == URL
    # the superuser without a support access still finds nothing of A
    assert "/kommunen/" not in results_of(text_of(search(as_persona("superuser"), "Glasfaser")))


def test_a_partner_finds_a_joint_strategy_under_its_own_address(
    content_a, municipality_b, as_persona
) -> None:
    strategy = content_a["strategy"]
    StrategyPartner.every_state.create(
        strategy=strategy, municipality=municipality_b, status=StrategyPartner.Status.ACCEPTED
    )
    text = text_of(search(as_persona("outsider"), "Grundschulen"))
    measure = content_a["measure"]
    assert f"/kommunen/birkenwerder-nord/strategien/{strategy.pk}/massnahmen/{measure.pk}/" in text
    assert "/kommunen/amtsberg/" not in text


def test_an_invited_partner_finds_nothing_yet(content_a, municipality_b, as_persona) -> None:
    StrategyPartner.every_state.create(strategy=content_a["strategy"], municipality=municipality_b)
    assert "Nichts gefunden" in text_of(search(as_persona("outsider"), "Grundschulen"))


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"Glasfaser',
        "Glasfaser*",
        "*",
        "NEAR(Glasfaser Schulen)",
        "Glasfaser AND OR NOT",
        "title:Glasfaser",
        "Glasfaser -Schulen",
        "(Glasfaser",
        "^Glasfaser",
        "'; DROP TABLE search_entry; --",
        "%_\\",
        "&|!<->:*",
        "Glasfaser " * 20,
        "ä" * 199,
        "🙂",
    ],
)
def test_odd_input_gives_results_or_none_but_never_an_error(query, content_a, as_persona) -> None:
    response = search(as_persona("reader"), query)
    assert response.status_code == 200, query
    text = text_of(response)
    assert "Ergebnis" in text or "Nichts gefunden" in text or "Buchstaben oder Ziffern" in text
    assert search(as_persona("reader"), "Grundschulen").status_code == 200  # index intact


def test_words_without_letters_get_a_german_hint(as_persona) -> None:
    text = text_of(search(as_persona("reader"), '"*" ()'))
    assert "Bitte geben Sie einen Suchbegriff mit Buchstaben oder Ziffern ein." in text


def test_the_page_without_a_query_shows_the_form_only(as_persona) -> None:
    for persona in ["reader", "anonymous"]:
        response = as_persona(persona).get(URL)
        assert response.status_code == 200
        assert 'id="search-results"' not in text_of(response)
        assert 'aria-invalid="true"' not in text_of(response)


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_asks_for_a_search_term(query, as_persona) -> None:
    response = search(as_persona("reader"), query)
    assert response.status_code == 400
    assert "Bitte geben Sie einen Suchbegriff ein." in text_of(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 201, "Bitte geben Sie einen kürzeren Suchbegriff ein (höchstens 200 Zeichen)."),
        ("Glasfaser " * 30, "Bitte geben Sie einen kürzeren Suchbegriff ein"),
        ("\x00Glasfaser", "Nullzeichen sind nicht erlaubt."),
    ],
)
def test_input_it_cannot_take_gets_a_german_message(query, message, as_persona) -> None:
    response = search(as_persona("reader"), query)
    assert response.status_code == 400
    assert message in text_of(response)
    assert 'aria-invalid="true"' in text_of(response)


@pytest.mark.parametrize("page", ["0", "-1", "x", "1001"])
def test_a_bad_page_number_is_refused(page, content_a, as_persona) -> None:
    response = search(as_persona("reader"), "Glasfaser", page=page)
    assert response.status_code == 400


def test_a_page_beyond_the_results_is_not_found(content_a, as_persona) -> None:
    assert search(as_persona("reader"), "Glasfaser", page="3").status_code == 404


def test_only_get_is_allowed(as_persona) -> None:
    assert as_persona("reader").post(URL, {"q": "x"}).status_code == 405


def test_results_are_paginated(strategy, as_persona, monkeypatch) -> None:
    monkeypatch.setattr(results_module, "PER_PAGE", 3)
    for number in range(7):
        Measure.objects.create(strategy=strategy, title=f"Laternenmaßnahme {number}")
    client = as_persona("reader")
    first = text_of(search(client, "Laternenmaßnahme"))
    assert "7 Ergebnisse" in first
    assert "Seite 1 von 3" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = text_of(search(client, "Laternenmaßnahme", page="3"))
    assert "Seite 3 von 3" in last
    assert last.count('class="sw-search-result"') == 1
    assert 'start="7"' in last


def test_the_header_has_the_search_box_for_signed_in_people(content_a, as_persona) -> None:
    page = text_of(as_persona("reader").get(reverse("process:dashboard", args=["amtsberg"])))
    assert f'action="{URL}" role="search"' in page
    assert 'role="search"' not in text_of(as_persona("anonymous").get(reverse("core:home")))


def test_the_page_is_german_and_english(content_a, as_persona) -> None:
    client = as_persona("reader")
    assert "Suchbegriff" in text_of(search(client, "Glasfaser"))
    client.cookies["django_language"] = "en"
    english = text_of(client.get(URL, {"q": "Glasfaser"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Search term" in english and "Measures" in english


def _grow(strategy, people, times: int) -> None:
    for number in range(times):
        measure = Measure.objects.create(strategy=strategy, title=f"Glasfaser Ortsteil {number}")
        Step.objects.create(measure=measure, title=f"Glasfaser verlegen {number}")
        Comment.objects.create(
            strategy=strategy,
            content_type=ContentType.objects.get_for_model(measure),
            object_id=measure.pk,
            author=people["editor"],
            text="Glasfaser ist bestellt.",
        )


@pytest.mark.parametrize("persona", ["reader", "adviser", "anonymous"])
def test_the_queries_of_a_search_do_not_grow_with_the_content(
    persona, strategy, people, municipality_b, as_persona, django_assert_max_num_queries
) -> None:
    """A search asks the same number of queries for 2 and for 60 hits, also when some of
    them belong to a strategy the person reaches as a partner."""
    joint = Strategy.objects.create(municipality=municipality_b, title="Gemeinsam")
    StrategyPartner.every_state.create(
        strategy=joint, municipality=strategy.municipality, status=StrategyPartner.Status.ACCEPTED
    )
    client = as_persona(persona)
    counts = []
    for times in (1, 20):
        _grow(strategy, people, times)
        _grow(joint, people, times)
        client.get(URL, {"q": "Glasfaser"})
        with django_assert_max_num_queries(8) as queries:
            response = client.get(URL, {"q": "Glasfaser"})
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts


def test_another_persons_membership_does_not_widen_the_search(content_a, as_persona) -> None:
    """A user of no municipality, neither adviser nor operator."""
    from conftest import client_for

    lonely = UserFactory(email="allein@example.org", name="Allein")
    assert "/kommunen/" not in results_of(text_of(search(client_for(lonely), "Glasfaser")))
    other = MunicipalityFactory(name="Drittdorf", slug="drittdorf", ags="12060077")
    assert other.pk  # exists, with no content: still nothing
    assert "/kommunen/" not in results_of(text_of(search(client_for(lonely), "Glasfaser")))


@pytest.mark.parametrize("persona", ["anonymous", "reader", "outsider", "operator"])
def test_everybody_finds_the_glossary(persona, as_persona) -> None:
    """The shipped glossary (a data migration, indexed by the initial build): a term found by
    a word of its definition, marked, linked to its place on the glossary page."""
    term = Term.objects.get(term="Handlungsfeld")
    response = search(as_persona(persona), "Handlungsfeld")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/glossar/#{term.slug}"' in html
    assert '<span class="kern-label kern-label--small">Glossar</span>' in html
    assert "<mark>Handlungsfeld</mark>" in html


def test_markdown_and_markup_of_a_definition_come_out_as_plain_text(as_persona) -> None:
    Term.objects.create(
        term="Prüfsiegel",
        slug="pruefsiegel",
        definition="Ein **Siegel** <script>alert(1)</script> [mit Link](javascript:alert(2)).",
    )
    html = search(as_persona("anonymous"), "Prüfsiegel").content.decode()
    assert "<script>alert(1)" not in html and "javascript:" not in html
    assert "**" not in html  # the words, without the Markdown
    assert "Ein Siegel" in html and "mit Link" in html


@pytest.fixture
def handbook(db) -> dict:
    from schreibwerkstatt.guides.models import Guide, Question

    public = Guide.objects.create(
        slug="murmeltier-oeffentlich",
        title="Murmeltierleitfaden für alle",
        summary="Wie die Kommune anfängt.",
        body="## Worum es geht\n\nDas **Murmeltier** zeigt den Weg.",
        public=True,
    )
    internal = Guide.objects.create(
        slug="murmeltier-intern",
        title="Murmeltierleitfaden intern",
        summary="Nur für Mitglieder.",
        body="## Intern\n\nDas Murmeltier im Kernteam.",
        public=False,
    )
    question = Question.objects.create(
        question="Was macht das Murmeltier im Winter?", answer="Es **schläft** lange."
    )
    return {"public": public, "internal": internal, "question": question}


@pytest.mark.parametrize(
    ("persona", "sees_internal"),
    [("anonymous", False), ("reader", True), ("adviser", True), ("operator", True),
     ("outsider", True), ("superuser", False)],
)  # fmt: skip
def test_guides_and_entry_questions_are_found_as_their_readers_may(
    persona, sees_internal, handbook, as_persona
) -> None:
    """Public guides and the entry questions for everybody; members-only guides for the people
    who may read them (members, advisers, operators: guides/rules.py), not for visitors nor a
    superuser without the operator area or a membership."""
    html = search(as_persona(persona), "Murmeltier").content.decode()
    assert f'href="/leitfaeden/{handbook["public"].slug}/"' in html
    assert f'href="/einstiegsfragen/#frage-{handbook["question"].pk}"' in html
    assert ('href="/leitfaeden/murmeltier-intern/"' in html) is sees_internal
    assert ("Murmeltierleitfaden intern" in html.replace("<mark>", "").replace("</mark>", "")) is (
        sees_internal
    )
    for label in ["Leitfäden", "Einstiegsfragen"]:
        assert f'<span class="kern-label kern-label--small">{label}</span>' in html


def test_a_guide_is_found_by_the_words_of_its_text_and_follows_its_edits(
    handbook, as_persona
) -> None:
    guide = handbook["public"]
    client = as_persona("anonymous")
    assert "/leitfaeden/murmeltier-oeffentlich/" in text_of(search(client, "Murmeltier zeigt"))
    guide.body = "## Neu\n\nJetzt mit Siebenschläfer."
    guide.public = False
    guide.save()
    assert "Nichts gefunden" in text_of(search(client, "Siebenschläfer"))
    assert "/leitfaeden/murmeltier-oeffentlich/" in text_of(
        search(as_persona("reader"), "Siebenschläfer")
    )
    guide.delete()
    assert "Nichts gefunden" in text_of(search(as_persona("reader"), "Siebenschläfer"))
