"""Who reaches the revision and review pages: members of the municipality (with their role),
nobody of another municipality (404), nobody anonymous (login); and query counts that do not
grow with the strategy."""

from typing import Any

import pytest
from django.urls import reverse

from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.revisions.models import ReviewComment, Revision
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.tests.conftest import make_strategy

from .conftest import adopt

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(strategy: Strategy, url: Any, people: dict[str, Any]) -> dict[str, str]:
    first = adopt(strategy, people["coordinator"])
    strategy.refresh_from_db()
    from schreibwerkstatt.revisions import services

    services.begin_fortschreibung(strategy, expected_version=strategy.version)
    strategy.refresh_from_db()
    second = services.adopt(
        strategy, adopted_on=first.adopted_on, body="Stadtverordnetenversammlung",
        document_number="2026/112", expected_version=strategy.version,
    )  # fmt: skip
    comment = ReviewComment.objects.create(
        strategy=strategy, chapter_key="vorwort", anchor="p-1", quote="Text", text="Geheimer Hinweis",
        author=people["editor"],
    )  # fmt: skip
    review = Chapter.objects.get(strategy=strategy, key="vorwort")
    assert review.text
    return {
        "list": url("list"),
        "adopt": url("adopt"),
        "begin": url("begin"),
        "compare": url("compare") + f"?von={first.pk}&mit=entwurf",
        "detail": url("detail", pk=first.pk),
        "diff": url("diff", pk=first.pk, other=second.pk),
        "diff_draft": url("diff_draft", pk=second.pk),
        "review": url("review"),
        "comment": url("comment", anchor="p-0000000000"),
        "resolve": url("resolve", pk=comment.pk),
    }


@pytest.mark.parametrize("name", ["list", "adopt", "begin", "compare", "detail", "diff",
                                  "diff_draft", "review", "comment", "resolve"])  # fmt: skip
def test_another_municipality_gets_404_and_anonymous_the_login(
    name: str, pages: dict[str, str], as_persona: Any
) -> None:
    for method in ("get", "post"):
        response = getattr(as_persona("outsider"), method)(
            pages[name], {"text": "x", "version": "1"}
        )
        assert response.status_code in {404, 405}, (name, method, response.status_code)
        assert b"Amtsberg" not in response.content
        anonymous = getattr(as_persona("anonymous"), method)(pages[name])
        if anonymous.status_code != 405:
            assert anonymous.status_code == 302
            assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert not ReviewComment.objects.exclude(text="Geheimer Hinweis").exists()
    assert Revision.objects.count() == 2


def test_a_revision_of_another_strategy_is_not_found_under_this_one(
    pages: dict[str, str], strategy: Strategy, url: Any, municipality_a: Any, as_persona: Any
) -> None:
    other = Strategy.objects.create(municipality=municipality_a, title="Zweite Strategie")
    foreign = Revision.objects.create(
        strategy=other, number=1, state="adopted", snapshot={}, adopted_on="2026-01-01"
    )
    own = Revision.objects.filter(strategy=strategy).first()
    client = as_persona("reader")
    assert client.get(url("detail", pk=foreign.pk)).status_code == 404
    assert client.get(url("diff", pk=own.pk, other=foreign.pk)).status_code == 404
    assert client.get(url("diff_draft", pk=foreign.pk)).status_code == 404
    response = client.get(url("compare"), {"von": foreign.pk, "mit": "entwurf"})
    assert response.status_code == 400


def test_the_comparison_form_sends_on_to_the_comparison(
    pages: dict[str, str], strategy: Strategy, url: Any, as_persona: Any
) -> None:
    first, second = Revision.objects.filter(strategy=strategy).order_by("number")
    client = as_persona("adviser")
    response = client.get(url("compare"), {"von": first.pk, "mit": second.pk})
    assert response.status_code == 302
    assert response["Location"] == url("diff", pk=first.pk, other=second.pk)
    assert client.get(url("compare"), {"von": first.pk, "mit": "entwurf"})["Location"] == url(
        "diff_draft", pk=first.pk
    )
    same = client.get(url("compare"), {"von": first.pk, "mit": first.pk}, HTTP_ACCEPT_LANGUAGE="de")
    assert same.status_code == 400
    assert "Bitte wählen Sie zwei verschiedene Fassungen." in same.content.decode()
    assert client.get(url("compare"), {"von": "x", "mit": "y"}).status_code == 400


def test_a_revision_in_preparation_cannot_be_diffed_as_if_frozen(
    strategy: Strategy, url: Any, people: dict[str, Any], as_persona: Any
) -> None:
    first = adopt(strategy, people["coordinator"])
    strategy.refresh_from_db()
    from schreibwerkstatt.revisions import services

    draft = services.begin_fortschreibung(strategy, expected_version=strategy.version)
    client = as_persona("reader")
    assert client.get(url("diff", pk=first.pk, other=draft.pk)).status_code == 404
    assert client.get(url("diff_draft", pk=draft.pk)).status_code == 404
    assert client.get(url("diff", pk=first.pk, other=first.pk)).status_code == 404


def test_a_diff_page_of_two_revisions_shows_the_changes(
    strategy: Strategy, url: Any, people: dict[str, Any], as_persona: Any
) -> None:
    from schreibwerkstatt.revisions import services

    first = adopt(strategy, people["coordinator"])
    strategy.refresh_from_db()
    services.begin_fortschreibung(strategy, expected_version=strategy.version)
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(
        text="Die Digitalisierung verändert, wie Amtsberg arbeitet und wie alle Menschen "
        "ihre Anliegen erledigen."
    )
    strategy.measures.filter(title="WLAN im Rathaus").update(title="WLAN in allen Schulen")
    strategy.measures.filter(title="E-Akte einführen").delete()
    strategy.refresh_from_db()
    second = services.adopt(
        strategy, adopted_on=first.adopted_on, body="Stadtverordnetenversammlung",
        document_number="2026/112", expected_version=strategy.version,
    )  # fmt: skip

    # The order of the two ids does not matter: the older revision is "before".
    page = as_persona("reader").get(
        url("diff", pk=second.pk, other=first.pk), HTTP_ACCEPT_LANGUAGE="de"
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "Fassung 1, beschlossen am 12.03.2026 im Vergleich mit Fassung 2" in text
    assert "So lesen Sie die Änderungen" in text
    chapter = text[text.index('id="diff-chapter-vorwort"') :]
    assert (
        '<del class="sw-diff__del"><span class="sw-sr-only">[entfernt: </span>Bürgerinnen und Bürger'
        in chapter
    )
    assert (
        '<ins class="sw-diff__ins"><span class="sw-sr-only">[eingefügt: </span>alle Menschen'
        in chapter
    )
    measures = text[text.index('id="diff-section-measures"') :]
    assert "E-Akte einführen" in measures[measures.index("Entfernt (1)") :]
    assert "WLAN in allen Schulen" in measures and "WLAN im Rathaus" in measures


def fill(strategy: Strategy, people: dict[str, Any], *, large: bool) -> None:
    if large:
        make_strategy(strategy, fields=4, measures_per_field=6)
        text = "\n\n".join(
            f"Absatz {i} über die digitale Verwaltung in Amtsberg." for i in range(30)
        )
        Chapter.objects.filter(strategy=strategy, key="anlass").update(text=text)
    adopt(strategy, people["coordinator"])
    strategy.refresh_from_db()
    from schreibwerkstatt.revisions import services

    services.begin_fortschreibung(strategy, expected_version=strategy.version)
    comments = 25 if large else 1
    ReviewComment.objects.bulk_create(
        ReviewComment(
            strategy=strategy, chapter_key="vorwort", anchor=f"p-{i}", quote=f"Alter Text {i}",
            text=f"Hinweis {i}", author=people["reader" if i % 2 else "editor"],
            resolved=bool(i % 3), resolved_by=people["editor"] if i % 3 else None,
        )
        for i in range(comments)
    )  # fmt: skip


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("name", ["list", "review"])
def test_query_counts_do_not_grow_with_the_strategy(
    name: str, large: bool, strategy: Strategy, url: Any, people: dict[str, Any],
    as_persona: Any, django_assert_num_queries: Any, session_queries: int,
) -> None:  # fmt: skip
    fill(strategy, people, large=large)
    client = as_persona("editor")
    client.get(url(name))  # warm caches (content types, sessions)
    expected = {"list": LIST_QUERIES, "review": REVIEW_QUERIES}[name]
    with django_assert_num_queries(expected + session_queries):
        response = client.get(url(name))
    assert response.status_code == 200


# Without the session's query (see conftest.session_queries).
LIST_QUERIES = 5
REVIEW_QUERIES = 42
