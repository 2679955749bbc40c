"""@mentions by name in comments (core/mentions.py, comments.services): the autocomplete of
a strategy's audience, comments that mention people by name and notify them through the
inbox, a mention of somebody outside refused without revealing anything, two people of one
name, older mentions by address, the display and the erasure of a mentioned person."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.comments.services import add_comment
from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.privacy.erasure import erase_user, pseudonym_for
from schreibwerkstatt.strategies.models import Measure, StrategyPartner
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
SUGGEST = reverse("core:mention_suggestions")
MEMBERS = ["coordinator", "editor", "contributor", "reader", "adviser"]
OF_A = {
    "Adviser Agentur",
    "Contributor Amtsberg",
    "Coordinator Amtsberg",
    "Editor Amtsberg",
    "Reader Amtsberg",
}


@pytest.fixture
def measure(strategy):
    return Measure.objects.create(strategy=strategy, title="Glasfaser für Schulen")


def suggest(client, strategy, q: str):
    return client.get(SUGGEST, {"audience": f"strategy:{strategy.pk}", "q": q})


def names(response) -> set[str]:
    assert response.status_code == 200
    return {s["name"] for s in response.json()["suggestions"]}


def measure_page(measure) -> str:
    return reverse(
        "strategies:measure",
        kwargs={"slug": "amtsberg", "strategy": measure.strategy_id, "pk": measure.pk},
    )


def comment(client, measure, text: str):
    return client.post(
        reverse("comments:add", kwargs={"slug": "amtsberg", "strategy": measure.strategy_id}),
        {
            "target_type": "measure",
            "target_id": measure.pk,
            "text": text,
            "next": measure_page(measure),
        },
    )


# The autocomplete --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
def test_people_of_the_strategy_get_its_people_but_themselves(
    persona, strategy, people, as_persona
) -> None:
    mine = people[persona].name
    assert names(suggest(as_persona(persona), strategy, "")) == OF_A - {mine}
    assert names(suggest(as_persona(persona), strategy, "amts")) == {
        n for n in OF_A - {mine} if n.endswith("Amtsberg")
    }
    found = names(suggest(as_persona(persona), strategy, "Out"))
    assert found == set()  # B's coordinator is nobody of this strategy


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser"])
def test_nobody_outside_gets_a_name_or_a_different_answer(
    persona, strategy, people, as_persona
) -> None:
    nobody = suggest(as_persona("editor"), strategy, "Zzz").content
    for q in ["", "Ed", "Editor Amtsberg", "Out"]:
        response = suggest(as_persona(persona), strategy, q)
        assert response.status_code == 200
        assert response.content == nobody, (persona, q)
    # a strategy that does not exist answers alike
    missing = {"audience": f"strategy:{strategy.pk + 1000}", "q": "Ed"}
    assert as_persona("editor").get(SUGGEST, missing).content == nobody


def test_an_accepted_partners_people_belong_to_the_audience(
    strategy, municipality_b, people, as_persona
) -> None:
    StrategyPartner.every_state.create(
        strategy=strategy, municipality=municipality_b, status=StrategyPartner.Status.ACCEPTED
    )
    assert "Outsider Birkenwerder" in names(suggest(as_persona("editor"), strategy, "Out"))
    assert "Editor Amtsberg" in names(suggest(as_persona("outsider"), strategy, "Ed"))


def test_an_invited_partner_is_not_in_the_audience_yet(
    strategy, municipality_b, people, as_persona
) -> None:
    StrategyPartner.every_state.create(
        strategy=strategy, municipality=municipality_b, status=StrategyPartner.Status.INVITED
    )
    assert names(suggest(as_persona("editor"), strategy, "Out")) == set()
    assert names(suggest(as_persona("outsider"), strategy, "Ed")) == set()


def test_two_people_of_one_name_are_suggested_with_their_number(
    strategy, municipality_a, people, as_persona
) -> None:
    twin = UserFactory(email="editor2@amtsberg.example", name="Editor Amtsberg")
    MembershipFactory(user=twin, municipality=municipality_a, role=Role.READER)
    answer = suggest(as_persona("reader"), strategy, "Edi").json()["suggestions"]
    assert sorted(s["insert"] for s in answer) == sorted(
        [f"@Editor Amtsberg#{people['editor'].pk}", f"@Editor Amtsberg#{twin.pk}"]
    )


def test_the_autocomplete_costs_the_same_queries_however_many_people(
    strategy, municipality_a, people, as_persona, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")
    suggest(client, strategy, "A")
    with django_assert_max_num_queries(7) as few:
        suggest(client, strategy, "A")
    for i in range(30):
        user = UserFactory(email=f"p{i}@amtsberg.example", name=f"Anton Amtsberg {i}")
        MembershipFactory(user=user, municipality=municipality_a, role=Role.READER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(names(suggest(client, strategy, "A"))) <= 8


# Comments with mentions by name --------------------------------------------------------------


def test_a_mention_by_name_is_stored_and_told_through_the_inbox(
    strategy, measure, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = comment(
            as_persona("reader"), measure, "Was meinst du, @Editor Amtsberg? Und @Adviser Agentur."
        )
    assert response.status_code == 302
    stored = Comment.objects.get()
    assert set(stored.mentions.all()) == {people["editor"], people["adviser"]}
    told = Notification.objects.filter(kind=Kind.MENTION)
    assert {n.recipient for n in told} == {people["editor"], people["adviser"]}
    assert told.first().subject == "Reader Amtsberg hat Sie in „Glasfaser für Schulen“ erwähnt"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "adviser@agentur.example",
        "editor@amtsberg.example",
    ]


def test_an_outsider_is_neither_told_nor_revealed(
    strategy, measure, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    """The answer is the same whether the name belongs to nobody at all or to a person of
    another municipality: it quotes the author's own text only, and nothing is stored."""
    answers, editor = [], as_persona("editor")
    for text in ["@Outsider Birkenwerder bitte", "@Niemand Birkenwerder bitte"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = comment(editor, measure, text)
        page = editor.get(response.url).content.decode()
        written = text.removesuffix(" bitte")
        message = f"Niemand, der diese Strategie lesen kann, heißt „{written}“"
        assert message in page
        # the page without the quoted text and the form's token
        answers.append(re.sub(r"[A-Za-z0-9]{64}", "", page.replace(written, "…")))
    assert answers[0] == answers[1]
    assert not Comment.objects.exists()
    assert not Notification.objects.exists() and mail.outbox == []


def test_one_of_two_people_of_one_name_needs_the_number(
    strategy, measure, municipality_a, people, as_persona
) -> None:
    twin = UserFactory(email="editor2@amtsberg.example", name="Editor Amtsberg")
    MembershipFactory(user=twin, municipality=municipality_a, role=Role.READER)
    reader = as_persona("reader")
    response = comment(reader, measure, "@Editor Amtsberg bitte")
    page = reader.get(response.url).content.decode()
    assert "Mehrere Personen, die diese Strategie lesen können" in page
    assert not Comment.objects.exists()
    comment(reader, measure, f"@Editor Amtsberg#{twin.pk} bitte")
    assert list(Comment.objects.get().mentions.all()) == [twin]


def test_an_older_mention_by_address_still_resolves_within_the_audience(
    strategy, measure, people, as_persona
) -> None:
    comment(as_persona("reader"), measure, "Bitte @editor@amtsberg.example ansehen")
    assert list(Comment.objects.get().mentions.all()) == [people["editor"]]


def test_the_thread_marks_mentions_by_name_and_by_address(
    strategy, measure, people, as_persona
) -> None:
    for text in ["Hallo @Editor Amtsberg <b>fett</b>", "Alt: @coordinator@amtsberg.example"]:
        add_comment(
            strategy=strategy, target=measure, author=people["reader"], text=text, link="/x/"
        )
    html = as_persona("adviser").get(measure_page(measure)).content.decode()
    assert '<strong class="sw-mention">@Editor Amtsberg</strong> &lt;b&gt;fett&lt;/b&gt;' in html
    assert '<strong class="sw-mention">@coordinator@amtsberg.example</strong>' in html
    # the form's field is the autocomplete's combobox, for the strategy's audience
    assert f'data-mentions="strategy:{strategy.pk}"' in html


def test_the_thread_costs_the_same_queries_however_many_mentions(
    strategy, measure, people, as_persona, django_assert_max_num_queries
) -> None:
    client = as_persona("adviser")
    add_comment(
        strategy=strategy,
        target=measure,
        author=people["reader"],
        text="@Editor Amtsberg",
        link="/",
    )
    client.get(measure_page(measure))
    with django_assert_max_num_queries(100) as one:
        client.get(measure_page(measure))
    for _ in range(10):
        add_comment(
            strategy=strategy,
            target=measure,
            author=people["reader"],
            text="@Editor Amtsberg @Coordinator Amtsberg",
            link="/",
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(measure_page(measure))


# Erasure and the inbox's label -----------------------------------------------------------------


def test_erasure_puts_the_pseudonym_in_the_mentions_of_the_person_only(
    strategy, measure, municipality_a, people
) -> None:
    twin = UserFactory(email="editor2@amtsberg.example", name="Editor Amtsberg")
    MembershipFactory(user=twin, municipality=municipality_a, role=Role.READER)
    editor = people["editor"]
    texts = [
        f"@Editor Amtsberg#{editor.pk} und @Editor Amtsberg#{twin.pk}",
        "Alt: @editor@amtsberg.example",
    ]
    for text in texts:
        add_comment(strategy=strategy, target=measure, author=people["reader"], text=text, link="/")
    pk = editor.pk
    erase_user(editor)
    pseudonym = pseudonym_for(pk)
    first, second = Comment.objects.order_by("pk")
    assert first.text == f"@{pseudonym} und @Editor Amtsberg#{twin.pk}"
    assert second.text == f"Alt: @{pseudonym}"
    assert list(first.mentions.all()) == [twin]
    assert not User.objects.filter(pk=pk).exists()


def test_the_inbox_calls_the_kind_mentions_of_you(people, as_persona) -> None:
    html = as_persona("editor").get(reverse("inbox:settings")).content.decode()
    assert "Erwähnungen" in html and "Erwähnungen in Kommentaren" not in html
