import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.strategies.models import Goal, Measure, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(municipality_a, people):
    return Strategy.objects.create(municipality=municipality_a, title="Amtsberg digital")


@pytest.fixture
def measure(strategy):
    return Measure.objects.create(strategy=strategy, title="Glasfaser für Schulen")


def add_url(strategy) -> str:
    return reverse("comments:add", kwargs={"slug": "amtsberg", "strategy": strategy.pk})


def measure_url(measure) -> str:
    return reverse(
        "strategies:measure",
        kwargs={"slug": "amtsberg", "strategy": measure.strategy_id, "pk": measure.pk},
    )


def post(client, strategy, target_type, target_id, text, **extra):
    data = {"target_type": target_type, "target_id": target_id, "text": text, **extra}
    return client.post(add_url(strategy), data)


def test_a_reader_comments_on_a_measure_and_mentions_a_colleague(
    strategy, measure, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            as_persona("reader"),
            strategy,
            "measure",
            measure.pk,
            "Was kostet das? @editor@amtsberg.example",
            next=measure_url(measure),
        )
    assert response.status_code == 302 and response.url == measure_url(measure)
    comment = Comment.objects.get()
    assert (comment.target, comment.author) == (measure, people["reader"])
    assert list(comment.mentions.all()) == [people["editor"]]
    assert [m.to for m in mail.outbox] == [["editor@amtsberg.example"]]
    page = as_persona("adviser").get(measure_url(measure)).content.decode()
    assert "Was kostet das?" in page


def test_people_outside_the_strategy_are_not_notified(
    strategy, measure, people, as_persona
) -> None:
    """Nothing is stored and nobody told; the message quotes only what the author wrote."""
    editor = as_persona("editor")
    for text in ["@outsider@birkenwerder.example schau mal", "@Outsider Birkenwerder schau"]:
        response = post(editor, strategy, "measure", measure.pk, text, next=measure_url(measure))
        assert response.status_code == 303 and response.url == measure_url(measure)
        page = editor.get(response.url).content.decode()
        assert "Der Kommentar wurde nicht gespeichert" in page
        assert "Niemand, der diese Strategie lesen kann, heißt" in page
    assert not Comment.objects.exists()
    assert mail.outbox == []


def test_advisers_comment_too(strategy, measure, as_persona) -> None:
    assert (
        post(
            as_persona("adviser"), strategy, "measure", measure.pk, "Tipp: Förderprogramm prüfen"
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("target_type", "text"),
    [("measure", ""), ("measure", "x" * 2001), ("user", "Hallo")],
)
def test_bad_comments_are_refused(strategy, measure, as_persona, target_type, text) -> None:
    response = post(as_persona("editor"), strategy, target_type, measure.pk, text)
    assert response.status_code == 303
    assert not Comment.objects.exists()


def test_an_element_of_another_strategy_cannot_be_commented(
    strategy, municipality_b, as_persona
) -> None:
    other = Strategy.objects.create(municipality=municipality_b, title="Fremd")
    foreign_goal = Goal.objects.create(strategy=other, title="Fremdes Ziel")
    assert post(as_persona("editor"), strategy, "goal", foreign_goal.pk, "Hallo").status_code == 404
    assert not Comment.objects.exists()


def test_the_author_or_an_editor_resolves_a_comment(strategy, measure, people, as_persona) -> None:
    comment = Comment.objects.create(
        strategy=strategy, content_type=ContentType.objects.get_for_model(measure), object_id=measure.pk,
        author=people["reader"], text="Bitte prüfen",
    )  # fmt: skip
    url = reverse(
        "comments:resolve", kwargs={"slug": "amtsberg", "strategy": strategy.pk, "pk": comment.pk}
    )
    assert as_persona("contributor").post(url, {"resolved": "true"}).status_code == 403
    assert as_persona("reader").post(url, {"resolved": "true"}).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == people["reader"]
    assert as_persona("editor").post(url, {"resolved": "false"}).status_code == 302
    comment.refresh_from_db()
    assert not comment.resolved


def test_an_external_next_address_is_ignored(strategy, measure, as_persona) -> None:
    response = post(
        as_persona("editor"), strategy, "measure", measure.pk, "Hallo", next="https://evil.example/"
    )
    assert response.url == reverse(
        "strategies:overview", kwargs={"slug": "amtsberg", "strategy": strategy.pk}
    )


JUNK_NEXT = [
    "1e308",
    "\x00",
    "/kommunen/\x00/",
    "logout",
    "comments:add",
    "javascript:alert(1)",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "/" + "x" * 3000,
]


@pytest.mark.parametrize("junk", JUNK_NEXT)
def test_a_junk_next_address_falls_back_to_the_overview(
    strategy, measure, as_persona, junk
) -> None:
    overview = reverse("strategies:overview", kwargs={"slug": "amtsberg", "strategy": strategy.pk})
    response = post(as_persona("editor"), strategy, "measure", measure.pk, "Hallo", next=junk)
    assert response.status_code == 302 and response.url == overview
    assert Comment.objects.get().text == "Hallo"
    # The same with a comment that is not saved (an empty text) and with a resolve.
    refused = post(as_persona("editor"), strategy, "measure", measure.pk, "", next=junk)
    assert refused.status_code == 303 and refused.url == overview
    resolve = reverse("comments:resolve", args=["amtsberg", strategy.pk, Comment.objects.get().pk])
    resolved = as_persona("editor").post(resolve, {"resolved": "true", "next": junk})
    assert resolved.status_code == 302 and resolved.url == overview


def test_a_next_path_with_query_and_anchor_is_kept(strategy, measure, as_persona) -> None:
    target = measure_url(measure) + "?ansicht=alle#comment-7"
    response = post(as_persona("editor"), strategy, "measure", measure.pk, "Hallo", next=target)
    assert response.status_code == 302 and response.url == target
