"""The strategy's own navigation: grouped by what the team is doing, one current page."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def subnav(html: str) -> str:
    return re.search(r'<nav class="sw-subnav".*?</nav>', html, re.S).group(0)


def test_the_parts_of_a_strategy_are_grouped(strategy, as_persona, url) -> None:
    nav = subnav(as_persona("reader").get(url("overview")).content.decode())
    groups = re.findall(
        r'<span class="sw-subnav__label" id="([^"]+)">([^<]+)</span>\s*<ul[^>]*aria-labelledby="([^"]+)"(.*?)</ul>',
        nav,
        re.S,
    )
    assert [(label, opened == labelled) for opened, label, labelled, _ in groups] == [
        ("Erarbeiten", True),
        ("Prüfen und beschließen", True),
        ("Umsetzen", True),
        ("Daten austauschen", True),
    ]
    links = {label: re.findall(r">([^<]+)</a>", body) for _, label, _, body in groups}
    assert links["Erarbeiten"] == [
        "Bestandsaufnahme", "Vision", "Handlungsfelder", "Ziele und Indikatoren", "Maßnahmen",
        "Prioritäten", "Roadmap",
    ]  # fmt: skip
    assert links["Prüfen und beschließen"] == ["Strategie-Check", "Dokument", "Prüfen", "Fassungen"]
    assert links["Umsetzen"] == ["Umsetzung"]
    assert links["Daten austauschen"] == ["Import und Export"]


def test_only_the_page_itself_is_marked_current(strategy, as_persona, url) -> None:
    """The measure list is not the cycle's phase 5 page, though nav_active says 5 for both."""
    client = as_persona("reader")
    html = client.get(url("measures")).content.decode()
    assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [url("measures")]
    phase = reverse("process:phase", kwargs={"slug": "amtsberg", "number": 5})
    html = client.get(phase).content.decode()
    assert re.findall(r'href="([^"]+)" aria-current="page"', html) == [phase]
