"""The @mention machinery of core (core/mentions.py): the parser, the rendering, and the
suggestions endpoint with an audience registered by the test (apps register theirs in
`ready`; the strategy's audience is tested in comments/tests/test_mentions.py)."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from schreibwerkstatt.core import mentions
from schreibwerkstatt.core.mentions import (
    find_mentions,
    render_markdown_mentions,
    render_mentions,
    render_mentions_inline,
    replace_mentions_of,
    written,
)


@dataclass
class Person:
    pk: int
    name: str
    email: str


ANNA = Person(1, "Anna Weber", "anna.weber@amtsberg.example")
ANNA_2 = Person(2, "Anna Weber", "a.weber@birkenwerder.example")
ANN = Person(3, "Anna", "anna@amtsberg.example")
JUERGEN = Person(4, "Jürgen Müller-Lüdenscheidt", "jml@amtsberg.example")
SINEAD = Person(5, "Sinéad O’Brien", "sob@amtsberg.example")
OEZLEM = Person(6, "Özlem Çelik", "oc@amtsberg.example")
BERND = Person(7, "Bernd Weber", "bernd@amtsberg.example")
AUDIENCE = [ANNA, ANN, JUERGEN, SINEAD, OEZLEM, BERND]


def people(text: str, audience=AUDIENCE) -> list[int]:
    return [p.pk for p in find_mentions(text, audience).people]


# The parser --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, mentioned",
    [
        ("@Anna Weber kannst du das prüfen?", [1]),
        ("Frage an @anna weber.", [1]),  # case does not count
        ("@Anna  Weber", [1]),  # nor the spacing
        ("@Anna Weber, @Bernd Weber: bitte prüfen", [1, 7]),
        ("(@Bernd Weber)", [7]),
        ("@Bernd Weber!", [7]),
        ("@Bernd Weber?", [7]),
        ("@Bernd Weber;", [7]),
        ("„@Bernd Weber“", [7]),
        ("@Jürgen Müller-Lüdenscheidt, bitte", [4]),  # umlauts and a hyphen
        ("@jürgen müller-lüdenscheidt", [4]),
        ("@Sinéad O’Brien: ok", [5]),  # an apostrophe
        ("@Özlem Çelik", [6]),
        ("@O\u0308zlem C\u0327elik", [6]),  # decomposed letters are the same letters
        ("@Anna hat recht", [3]),  # "Anna" is a prefix of "Anna Weber": the text decides
        ("@Anna Weber hat recht", [1]),  # the longest name wins
        ("@Anna Weber @Anna Weber", [1]),  # once
        ("@anna.weber@amtsberg.example bitte", [1]),  # an older mention by address
        ("@ANNA.WEBER@AMTSBERG.EXAMPLE", [1]),
        ("Mail an info@amtsberg.example", []),  # an address is no mention
        ("um 5 @ Rathaus", []),
        ("@2026 geplant", []),
        ("", []),
    ],
)
def test_it_resolves_mentions_by_name(text: str, mentioned: list[int]) -> None:
    assert people(text) == mentioned


@pytest.mark.parametrize(
    "text, unresolved",
    [
        ("@Anna Webers Vorschlag", ["@Anna Webers"]),  # not "@Anna", not "@Anna Weber"
        ("@Bernd Weber-Schulz", ["@Bernd Weber-Schulz"]),
        ("@Niemand Bekanntes hier", ["@Niemand Bekanntes"]),
        ("@nobody@elsewhere.example", ["@nobody@elsewhere.example"]),
        ("@Anna Weber#99", ["@Anna Weber#99"]),  # a number that is not hers
    ],
)
def test_it_names_what_resolves_to_nobody(text: str, unresolved: list[str]) -> None:
    found = find_mentions(text, AUDIENCE)
    assert found.unresolved == unresolved
    assert found.people == []


def test_two_people_of_one_name_need_the_number() -> None:
    audience = [*AUDIENCE, ANNA_2]
    found = find_mentions("@Anna Weber bitte", audience)
    assert found.people == [] and found.ambiguous == ["@Anna Weber"]
    assert people("@Anna Weber#2 bitte", audience) == [2]
    assert people("@anna weber#1, bitte", audience) == [1]
    assert people("@Anna Weber#1 und @Anna Weber#2", audience) == [1, 2]


def test_how_a_mention_is_written() -> None:
    assert written(ANNA) == "@Anna Weber"
    assert written(ANNA_2, pinned=True) == "@Anna Weber#2"
    assert written(Person(8, "  Eva   Lang ", "e@x.example")) == "@Eva Lang"


# Rendering ---------------------------------------------------------------------------------


def test_rendering_escapes_the_text_and_marks_the_mentions() -> None:
    html = render_mentions_inline("<b>@Bernd Weber</b> & @Niemand\nzweite Zeile", [BERND])
    assert html == (
        '&lt;b&gt;<strong class="sw-mention">@Bernd Weber</strong>&lt;/b&gt; &amp; @Niemand'
        "<br>zweite Zeile"
    )
    assert render_mentions("a\n\nb @Bernd Weber", [BERND]) == (
        '<p>a</p>\n\n<p>b <strong class="sw-mention">@Bernd Weber</strong></p>'
    )


def test_rendering_marks_only_the_people_stored_with_the_text() -> None:
    html = render_mentions_inline("@Bernd Weber und @Anna Weber", [BERND])
    assert html.count("sw-mention") == 1


def test_a_name_that_looks_like_html_stays_text() -> None:
    evil = Person(9, '<img src=x onerror="alert(1)">', "evil@x.example")
    html = render_mentions_inline('@<img src=x onerror="alert(1)"> hi', [evil])
    assert "<img" not in html and "&lt;img" in html


def test_markdown_is_sanitised_and_mentions_marked_outside_code_and_links() -> None:
    html = render_markdown_mentions(
        "**Hallo** @Bernd Weber, `@Bernd Weber` [@Bernd Weber](https://x.example) <script>x</script>",
        [BERND],
    )
    assert html.count('class="sw-mention"') == 1
    assert "<code>@Bernd Weber</code>" in html
    assert "<script" not in html


def test_erasure_replaces_the_persons_mentions_only() -> None:
    text = "@Anna Weber#1, @Anna Weber#2 und @anna.weber@amtsberg.example"
    assert replace_mentions_of(text, ANNA, "ehemalige:r Nutzer:in #1") == (
        "@ehemalige:r Nutzer:in #1, @Anna Weber#2 und @ehemalige:r Nutzer:in #1"
    )
    assert replace_mentions_of("nichts", ANNA, "x") == "nichts"


# The suggestions endpoint ----------------------------------------------------------------

URL = reverse("core:mention_suggestions")


@pytest.fixture
def team(db) -> Iterator[dict]:
    """An audience "team:1" of four people registered for the test; only its members may
    ask for it."""
    User = get_user_model()
    members = {
        key: User.objects.create_user(email=f"{key}@team.example", password="x", name=name)
        for key, name in [
            ("anna", "Anna Weber"),
            ("anna2", "Anna Weber"),
            ("andreas", "Andreas Ähnlich"),
            ("jan", "Jan-Andre Lorenz"),
            ("bernd", "Bernd Weber"),
        ]
    }
    outsider = User.objects.create_user(email="o@else.example", password="x", name="Anke Außen")

    def resolve(user, ref):
        if ref != 1 or not user.email.endswith("@team.example"):
            return None
        return User.objects.filter(email__endswith="@team.example")

    mentions.register_audience("team", resolve)
    yield {**members, "outsider": outsider}
    mentions._AUDIENCES.pop("team", None)


def ask(client, q: str, audience: str = "team:1"):
    return client.get(URL, {"audience": audience, "q": q})


def test_it_suggests_people_of_the_audience_by_any_part_of_the_name(client, team) -> None:
    client.force_login(team["bernd"])
    answer = ask(client, "An").json()["suggestions"]
    assert answer == [
        {"name": "Andreas Ähnlich", "insert": "@Andreas Ähnlich"},
        {"name": "Anna Weber", "insert": f"@Anna Weber#{team['anna'].pk}"},
        {"name": "Anna Weber", "insert": f"@Anna Weber#{team['anna2'].pk}"},
        {"name": "Jan-Andre Lorenz", "insert": "@Jan-Andre Lorenz"},
    ]
    assert [s["name"] for s in ask(client, "@web").json()["suggestions"]] == [
        "Anna Weber",
        "Anna Weber",
    ]  # not the caller


def test_it_lists_at_most_the_limit(client, team, monkeypatch) -> None:
    monkeypatch.setattr(mentions, "MAX_SUGGESTIONS", 2)
    client.force_login(team["bernd"])
    assert len(ask(client, "").json()["suggestions"]) == 2


def test_outsiders_get_the_answer_of_nobody_matching(client, team) -> None:
    client.force_login(team["bernd"])
    nobody = ask(client, "Zzz").content
    client.force_login(team["outsider"])
    assert ask(client, "An").content == nobody
    assert ask(client, "").content == nobody
    client.force_login(team["bernd"])
    assert ask(client, "An", audience="team:2").content == nobody  # no such team


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "An"},
        {"audience": "", "q": "An"},
        {"audience": "team", "q": "An"},
        {"audience": "team:x", "q": "An"},
        {"audience": "team:1:2", "q": "An"},
        {"audience": "nosuch:1", "q": "An"},
        {"audience": "team:1" + "9" * 40, "q": "An"},
        {"audience": "team:1", "q": "A" * 61},
        {"audience": "team:1", "q": "A\x00"},
    ],
)
def test_bad_questions_get_400_with_a_german_message(client, team, params) -> None:
    client.force_login(team["bernd"])
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["suggestions"] == []
    assert response.json()["error"]


def test_odd_letters_find_nothing_and_break_nothing(client, team) -> None:
    client.force_login(team["bernd"])
    for q in ["%", "_", "'", '"', "\\", "<script>", "   ", "ä" * 60]:
        assert ask(client, q).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, team) -> None:
    response = ask(client, "An")
    assert response.status_code == 302 and "/anmelden/" in response.url


def test_only_get(client, team) -> None:
    client.force_login(team["bernd"])
    assert client.post(URL, {"audience": "team:1", "q": "An"}).status_code == 405


def test_the_answer_costs_the_same_queries_however_large_the_audience(
    client, team, django_assert_max_num_queries
) -> None:
    client.force_login(team["bernd"])
    ask(client, "An")
    with django_assert_max_num_queries(4) as small:
        ask(client, "An")
    User = get_user_model()
    for i in range(40):
        User.objects.create_user(email=f"p{i}@team.example", password="x", name=f"Anton {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        ask(client, "An")
