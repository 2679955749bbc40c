"""The public glossary page /glossar/: for everybody, alphabetical, with A–Z jump links."""

import re

import pytest
from django.urls import reverse

URL = "/glossar/"


def test_the_route_is_the_public_glossary() -> None:
    assert reverse("glossary:index") == URL


@pytest.mark.parametrize("persona", ["anonymous", "reader", "outsider", "operator", "superuser"])
def test_everybody_reads_it_without_logging_in(glossary, as_persona, persona) -> None:
    response = as_persona(persona).get(URL)
    assert response.status_code == 200
    assert '<dt class="kern-heading-small sw-glossary__term" id="handlungsfeld">' in (
        response.content.decode()
    )


def test_it_lists_the_terms_alphabetically_with_umlauts_under_their_letter(
    glossary, client
) -> None:
    content = client.get(URL).content.decode()
    terms = re.findall(r'sw-glossary__term" id="[^"]+">([^<]+)<', content)
    assert terms == ["Ärgernis", "Federführung", "Handlungsfeld", "Outcome"]
    # Ä is listed under A, next to the letters' jump links
    assert '<h2 class="kern-heading-medium" id="buchstabe-a">A</h2>' in content
    assert 'href="#buchstabe-a">A</a>' in content and 'href="#buchstabe-h">H</a>' in content
    # a letter without terms is no link
    assert 'href="#buchstabe-b"' not in content
    assert 'B<span class="kern-sr-only"> – keine Begriffe</span>' in content


def test_it_renders_definitions_as_sanitised_markdown(glossary, client) -> None:
    content = client.get(URL).content.decode()
    assert "<strong>Themenbereich</strong>" in content
    assert "<script>alert(1)</script>" not in content
    assert "Auch: Handlungsfelder" in content


def test_an_empty_glossary_says_so(db, client) -> None:
    from schreibwerkstatt.glossary.models import Term

    Term.objects.all().delete()
    response = client.get(URL)
    assert "Das Glossar enthält noch keine Begriffe." in response.content.decode()


def test_it_answers_only_get(glossary, client) -> None:
    assert client.post(URL).status_code == 405


def test_its_queries_do_not_grow_with_the_terms(
    glossary, client, django_assert_max_num_queries
) -> None:
    from schreibwerkstatt.glossary.models import Term

    Term.objects.bulk_create(
        Term(term=f"Begriff {n}", slug=f"begriff-{n}", definition="Text.") for n in range(60)
    )
    with django_assert_max_num_queries(2):  # session + terms
        assert client.get(URL).status_code == 200
