"""Municipalities side by side: /beratung/vergleich/?m=…&m=… (views.compare)."""

import pytest
from django.urls import reverse

from tests.queries import warm_get_queries

from .conftest import advised_municipalities

pytestmark = pytest.mark.django_db
URL = reverse("advising:compare")


def test_it_shows_the_ticked_municipalities_side_by_side(
    as_persona, adviser, municipality_a, strategy_a
) -> None:
    other = advised_municipalities(adviser, 1)[0]
    response = as_persona("adviser").get(URL, {"m": [municipality_a.pk, other.pk]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Amtsberg" in text and other.name in text and "Digitales Amtsberg" in text
    assert text.index("Amtsberg") < text.index(other.name)  # in the order ticked


def test_a_municipality_the_adviser_does_not_accompany_is_not_found(
    as_persona, municipality_a, municipality_b
) -> None:
    response = as_persona("adviser").get(URL, {"m": [municipality_a.pk, municipality_b.pk]})
    assert response.status_code == 404
    assert b"Birkenwerder" not in response.content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"m": ["1"]}, "mindestens zwei"),
        ({}, "mindestens zwei"),
        ({"m": ["1", "x"]}, "Wählen Sie Kommunen aus der Liste"),
        ({"m": [str(n) for n in range(1, 9)]}, "höchstens 6"),
    ],
)
def test_bad_input_is_a_400_with_a_german_message(query, message, as_persona, people) -> None:
    response = as_persona("adviser").get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "outsider", "operator", "superuser"])
def test_it_refuses_everybody_but_advisers(
    persona, as_persona, municipality_a, municipality_b
) -> None:
    response = as_persona(persona).get(URL, {"m": [municipality_a.pk, municipality_b.pk]})
    assert response.status_code == 403
    assert b"Amtsberg" not in response.content


def test_anonymous_visitors_go_to_the_login(as_persona) -> None:
    response = as_persona("anonymous").get(URL, {"m": [1, 2]})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_its_queries_do_not_grow_with_the_municipalities_compared(
    as_persona, adviser, django_assert_max_num_queries
) -> None:
    many = advised_municipalities(adviser, 6)
    client = as_persona("adviser")
    two = "&".join(f"m={m.pk}" for m in many[:2])
    six = "&".join(f"m={m.pk}" for m in many)
    small = warm_get_queries(client, f"{URL}?{two}", django_assert_max_num_queries, 14)
    large = warm_get_queries(client, f"{URL}?{six}", django_assert_max_num_queries, 14)
    assert small == large
