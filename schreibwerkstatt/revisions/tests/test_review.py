"""Review: comments on single paragraphs of the draft, anchored so that they survive small
edits; everybody who may see the strategy comments; author, editors and coordinators resolve."""

from typing import Any

import pytest

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.revisions.models import ReviewComment
from schreibwerkstatt.revisions.review import DraftParagraph, place
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db

FIRST = (
    "Die Digitalisierung verändert, wie Amtsberg arbeitet und wie Bürgerinnen und Bürger "
    "ihre Anliegen erledigen."
)


def paragraph(anchor: str, text: str, chapter: str = "vorwort") -> DraftParagraph:
    return DraftParagraph(chapter, chapter.title(), anchor, text)


def comment(anchor: str, quote: str, chapter: str = "vorwort", pk: int = 1) -> ReviewComment:
    return ReviewComment(pk=pk, chapter_key=chapter, anchor=anchor, quote=quote, text="?")


def test_placement_prefers_the_exact_anchor() -> None:
    paragraphs = [paragraph("p-1", "Ganz anderer Text."), paragraph("p-2", FIRST)]
    placement = place([comment("p-1", FIRST)], paragraphs)
    assert list(placement.by_anchor) == ["p-1"] and not placement.moved


def test_placement_finds_a_slightly_edited_paragraph_of_the_same_chapter() -> None:
    edited = FIRST.replace("Bürgerinnen und Bürger", "alle Menschen")
    paragraphs = [
        paragraph("p-x", edited, chapter="anlass"),  # same text, other chapter: not taken
        paragraph("p-1", "Diese Strategie beschreibt, was wir bis 2030 erreichen wollen."),
        paragraph("p-2", edited),
    ]
    placement = place([comment("p-old", FIRST, pk=7)], paragraphs)
    assert [c.pk for c in placement.by_anchor["p-2"]] == [7]
    assert placement.moved == {7} and not placement.orphaned


def test_placement_lists_comments_of_rewritten_paragraphs_as_orphaned() -> None:
    paragraphs = [paragraph("p-1", "Wir gründen ein Smart-City-Büro im Rathaus.")]
    placement = place([comment("p-old", FIRST, pk=3)], paragraphs)
    assert [c.pk for c in placement.orphaned] == [3] and not placement.by_anchor


def set_vorwort(strategy: Strategy, text: str) -> None:
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(text=text)


def anchors_in(html: str) -> list[str]:
    import re

    return re.findall(r'data-anchor="(p-[0-9a-f]+)"', html)


@pytest.mark.parametrize("persona", ["reader", "adviser", "contributor", "editor", "coordinator"])
def test_every_member_comments_on_a_paragraph_without_javascript(
    persona: str, strategy: Strategy, url: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    client = as_persona(persona)
    review = client.get(url("review"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    anchor = anchors_in(review)[0]
    form_url = url("comment", anchor=anchor)
    assert f'href="{form_url}"' in review and "Kommentieren" in review

    form = client.get(form_url, HTTP_ACCEPT_LANGUAGE="de")
    assert form.status_code == 200 and FIRST in form.content.decode()
    response = client.post(form_url, {"text": "Bitte konkreter werden."})

    assert response.status_code == 302
    assert response["Location"] == url("review") + f"#{anchor}"
    saved = ReviewComment.objects.get()
    assert (saved.chapter_key, saved.anchor, saved.quote, saved.author) == (
        "vorwort", anchor, FIRST, people[persona],
    )  # fmt: skip
    page = client.get(url("review"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    after_paragraph = page[page.index(f'id="{anchor}"') :]
    assert after_paragraph.index("Bitte konkreter werden.") < after_paragraph.index(
        'class="sw-review__item"'
    )  # shown right after its paragraph, before the next one
    assert "1 Kommentar, davon 1 offen." in page


def test_an_empty_comment_is_refused_and_nothing_saved(
    strategy: Strategy, url: Any, as_persona: Any
) -> None:
    client = as_persona("reader")
    anchor = anchors_in(client.get(url("review")).content.decode())[0]
    response = client.post(url("comment", anchor=anchor), {"text": "  "}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Kommentar." in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_a_paragraph_that_does_not_exist_gives_404(
    strategy: Strategy, url: Any, as_persona: Any
) -> None:
    client = as_persona("reader")
    assert client.get(url("comment", anchor="p-0000000000")).status_code == 404
    assert client.post(url("comment", anchor="p-0000000000"), {"text": "x"}).status_code == 404
    assert not ReviewComment.objects.exists()


def test_a_comment_survives_a_small_edit_and_is_orphaned_by_a_rewrite(
    strategy: Strategy, url: Any, as_persona: Any
) -> None:
    client = as_persona("reader")
    anchor = anchors_in(client.get(url("review")).content.decode())[0]
    client.post(url("comment", anchor=anchor), {"text": "Wer ist gemeint?"})

    set_vorwort(strategy, FIRST.replace("erledigen", "schnell erledigen") + "\n\nZweiter Absatz.")
    page = client.get(url("review"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    new_anchor = anchors_in(page)[0]
    assert new_anchor != anchor  # the paragraph's text changed, so did its anchor
    after = page[page.index(f'id="{new_anchor}"') :]
    assert after.index("Wer ist gemeint?") < after.index("Zweiter Absatz.")
    assert "der Absatz wurde seither überarbeitet" in page
    assert "Absatz nicht mehr vorhanden" not in page

    set_vorwort(strategy, "Wir gründen ein Smart-City-Büro.\n\nZweiter Absatz.")
    page = client.get(url("review"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    orphaned = page[page.index("Absatz nicht mehr vorhanden") :]
    assert "Wer ist gemeint?" in orphaned and FIRST in orphaned


def resolve(client: Any, url: Any, item: ReviewComment, value: str = "true") -> int:
    return client.post(url("resolve", pk=item.pk), {"resolved": value}).status_code


@pytest.fixture
def readers_comment(strategy: Strategy, people: dict[str, Any]) -> ReviewComment:
    return ReviewComment.objects.create(
        strategy=strategy, chapter_key="vorwort", anchor="p-1", quote=FIRST,
        text="Zu lang.", author=people["reader"],
    )  # fmt: skip


def test_the_author_resolves_and_reopens_their_comment(
    readers_comment: ReviewComment, url: Any, as_persona: Any, people: dict[str, Any]
) -> None:
    assert resolve(as_persona("reader"), url, readers_comment) == 302
    readers_comment.refresh_from_db()
    assert readers_comment.resolved and readers_comment.resolved_by == people["reader"]
    assert readers_comment.resolved_at is not None
    assert resolve(as_persona("reader"), url, readers_comment, "false") == 302
    readers_comment.refresh_from_db()
    assert not readers_comment.resolved and readers_comment.resolved_by is None


@pytest.mark.parametrize("persona", ["editor", "coordinator"])
def test_editors_and_coordinators_resolve_any_comment(
    persona: str, readers_comment: ReviewComment, url: Any, as_persona: Any
) -> None:
    assert resolve(as_persona(persona), url, readers_comment) == 302
    assert ReviewComment.objects.get(pk=readers_comment.pk).resolved


@pytest.mark.parametrize("persona", ["adviser", "contributor"])
def test_others_cannot_resolve_somebody_elses_comment(
    persona: str, readers_comment: ReviewComment, url: Any, as_persona: Any
) -> None:
    assert resolve(as_persona(persona), url, readers_comment) == 403
    assert not ReviewComment.objects.get(pk=readers_comment.pk).resolved


def test_a_bad_resolve_value_is_refused(
    readers_comment: ReviewComment, url: Any, as_persona: Any
) -> None:
    assert resolve(as_persona("reader"), url, readers_comment, "vielleicht") == 400
    assert not ReviewComment.objects.get(pk=readers_comment.pk).resolved


def test_the_resolve_button_is_shown_only_to_who_may_resolve(
    readers_comment: ReviewComment, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    set_vorwort(strategy, "Etwas ganz anderes steht jetzt hier.")  # orphaned: listed at the end
    action = url("resolve", pk=readers_comment.pk)
    assert action in as_persona("reader").get(url("review")).content.decode()
    assert action in as_persona("editor").get(url("review")).content.decode()
    assert action not in as_persona("adviser").get(url("review")).content.decode()
