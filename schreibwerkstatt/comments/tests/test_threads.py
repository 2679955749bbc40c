"""Comments on every element of a strategy: comment pages, "Comments (n)" links in lists,
the vision and the strategy itself, forged targets and query counts."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.comments.targets import KINDS, listed_at, thread_url
from schreibwerkstatt.inventory.models import ExistingProject, Stakeholder, SwotEntry
from schreibwerkstatt.strategies import models as s
from schreibwerkstatt.strategies.models import GuidingPrinciple, Indicator, Step, Strategy
from tests.tenant_objects import build_objects

pytestmark = pytest.mark.django_db

# Kind of element -> its object in tests/tenant_objects.py.
OBJECT_OF_KIND = {
    "indicator": "indicator",
    "step": "step",
    "milestone": "milestone",
    "programmephase": "programme_phase",
    "guidingprinciple": "principle",
    "planlink": "plan_link",
    "tagaxis": "tag_axis",
    "prioritycriterion": "criterion",
    "existingproject": "existing_project",
    "stakeholder": "stakeholder",
    "swotentry": "swot_entry",
}
# Every kind shows its link where it is listed.
LISTED_KINDS = sorted(OBJECT_OF_KIND)


@pytest.fixture
def objects(municipality_a, people):
    built = build_objects(municipality_a, people, secret_title="Bürgerportal")
    Comment.objects.all().delete()  # start without the comment tenant_objects adds
    return built


@pytest.fixture
def strategy(objects):
    return objects["strategy"]


def page_of(kind: str, target, strategy) -> str:
    return thread_url(KINDS[kind], target, "amtsberg", strategy.pk)


def comment_on(strategy, target, author, text="Bitte prüfen", *, part="", resolved=False):
    return Comment.objects.create(
        strategy=strategy, content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk, author=author, text=text, part=part, resolved=resolved,
    )  # fmt: skip


def link_text(html: str, url: str) -> str:
    """The visible text of the link to `url` (without the text for screen readers)."""
    match = re.search(
        rf'<a class="kern-link sw-comments-link" href="{re.escape(url)}">([^<]*)<', html
    )
    assert match, f"no comments link to {url}"
    return match.group(1)


def test_every_kind_that_is_only_listed_has_a_comment_page() -> None:
    assert {key for key, kind in KINDS.items() if kind.segment} == set(OBJECT_OF_KIND)


@pytest.mark.parametrize("kind", sorted(OBJECT_OF_KIND))
def test_a_reader_comments_on_each_element_on_its_comment_page(
    kind, strategy, objects, people, as_persona
) -> None:
    target = objects[OBJECT_OF_KIND[kind]]
    url = page_of(kind, target, strategy)
    assert url.startswith(f"/kommunen/amtsberg/strategien/{strategy.pk}/kommentare/")
    client = as_persona("reader")

    response = client.post(url, {"text": "Wer kümmert sich darum?"})

    assert response.status_code == 302 and response.url == url
    comment = Comment.objects.get()
    assert (comment.target, comment.author, comment.strategy) == (
        target,
        people["reader"],
        strategy,
    )
    assert comment.part == "" and not comment.resolved
    page = client.get(url).content.decode()
    assert f"Kommentare zu „{target}“" in page
    assert "Wer kümmert sich darum?" in page
    assert "Ihr Kommentar wurde gespeichert." in page
    assert f'href="{listed_at(KINDS[kind], target, "amtsberg", strategy.pk)}"' in page


@pytest.mark.parametrize("kind", LISTED_KINDS)
def test_the_list_shows_the_number_of_open_comments_of_each_element(
    kind, strategy, objects, people, as_persona
) -> None:
    target = objects[OBJECT_OF_KIND[kind]]
    comment_on(strategy, target, people["editor"], "offen 1")
    comment_on(strategy, target, people["editor"], "offen 2")
    comment_on(strategy, target, people["editor"], "erledigt", resolved=True)
    url = page_of(kind, target, strategy)

    html = as_persona("adviser").get(listed_at(KINDS[kind], target, "amtsberg", strategy.pk))

    assert html.status_code == 200
    assert link_text(html.content.decode(), url) == "Kommentare (2)"
    assert f"2 offene Kommentare zu „{target}“" in html.content.decode()


def test_an_element_without_comments_shows_zero(strategy, objects, as_persona) -> None:
    url = page_of("stakeholder", objects["stakeholder"], strategy)
    html = as_persona("reader").get(
        reverse("inventory:stakeholders", args=["amtsberg", strategy.pk])
    )
    assert link_text(html.content.decode(), url) == "Kommentare (0)"


def test_a_milestone_of_the_whole_strategy_is_commented_from_the_milestone_list(
    strategy, people, as_persona
) -> None:
    milestone = s.Milestone.objects.create(
        strategy=strategy, title="Ratsbeschluss", date="2026-03-01"
    )
    url = page_of("milestone", milestone, strategy)
    milestones = reverse("roadmap:milestones", args=["amtsberg", strategy.pk])
    assert as_persona("reader").post(url, {"text": "Termin steht?"}).status_code == 302
    assert f'href="{milestones}"' in as_persona("reader").get(url).content.decode()
    assert link_text(as_persona("reader").get(milestones).content.decode(), url) == "Kommentare (1)"


def test_a_step_ticked_with_htmx_keeps_its_comments_link(
    strategy, objects, people, as_persona
) -> None:
    step = objects["step"]
    comment_on(strategy, step, people["reader"])
    url = reverse("strategies:step_toggle", args=["amtsberg", strategy.pk, step.pk])
    response = as_persona("editor").post(url, {"done": "true"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert link_text(response.content.decode(), page_of("step", step, strategy)) == "Kommentare (1)"


def test_the_strategy_and_its_vision_have_separate_threads(strategy, people, as_persona) -> None:
    add = reverse("comments:add", args=["amtsberg", strategy.pk])
    overview = reverse("strategies:overview", args=["amtsberg", strategy.pk])
    vision = reverse("strategies:vision", args=["amtsberg", strategy.pk])
    client = as_persona("adviser")

    client.post(add, {"target_type": "strategy", "target_id": strategy.pk, "text": "Zur Strategie", "next": overview})  # fmt: skip
    response = client.post(add, {"target_type": "vision", "target_id": strategy.pk, "text": "Zur Vision", "next": vision})  # fmt: skip

    assert response.status_code == 302 and response.url == vision
    assert sorted(Comment.objects.values_list("part", "text")) == [
        ("", "Zur Strategie"),
        ("vision", "Zur Vision"),
    ]
    overview_page = client.get(overview).content.decode()
    vision_page = client.get(vision).content.decode()
    assert "Zur Strategie" in overview_page and "Zur Vision" not in overview_page
    assert "Zur Vision" in vision_page and "Zur Strategie" not in vision_page
    assert f'id="comments-vision-{strategy.pk}"' in vision_page


def test_the_vision_thread_needs_the_strategy_of_the_url(
    strategy, municipality_b, as_persona
) -> None:
    other = Strategy.objects.create(municipality=municipality_b, title="Fremd")
    response = as_persona("editor").post(
        reverse("comments:add", args=["amtsberg", strategy.pk]),
        {"target_type": "vision", "target_id": other.pk, "text": "Hallo"},
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.fixture
def elements_of_b(municipality_b):
    """One element of each kind in a strategy of municipality B."""
    other = Strategy.objects.create(municipality=municipality_b, title="Strategie Birkenwerder")
    goal = s.Goal.objects.create(strategy=other, title="Ziel B")
    measure = s.Measure.objects.create(strategy=other, title="Maßnahme B")
    return {
        "indicator": s.Indicator.objects.create(strategy=other, goal=goal, name="Quote", unit="%"),
        "step": s.Step.objects.create(measure=measure, title="Schritt B"),
        "milestone": s.Milestone.objects.create(
            strategy=other, title="Meilenstein B", date="2026-05-01"
        ),
        "programme_phase": s.ProgrammePhase.objects.create(
            strategy=other, name="Phase B", start="2026-01-01", end="2026-12-31"
        ),
        "principle": s.GuidingPrinciple.objects.create(strategy=other, text="Leitlinie B"),
        "plan_link": s.PlanLink.objects.create(strategy=other, title="Plan B"),
        "tag_axis": s.TagAxis.objects.create(strategy=other, name="Achse B"),
        "criterion": s.PriorityCriterion.objects.create(strategy=other, name="Kriterium B"),
        "existing_project": ExistingProject.objects.create(strategy=other, title="Projekt B"),
        "stakeholder": Stakeholder.objects.create(strategy=other, name="Akteur B"),
        "swot_entry": SwotEntry.objects.create(strategy=other, quadrant="threats", text="Risiko B"),
    }


@pytest.mark.parametrize("kind", sorted(OBJECT_OF_KIND))
def test_a_forged_target_of_another_municipality_is_refused(
    kind, strategy, elements_of_b, as_persona
) -> None:
    """An editor of A names an element of B, in A's strategy: through the hidden fields of
    the thread form and through the comment page's address. Nothing is saved."""
    foreign = elements_of_b[OBJECT_OF_KIND[kind]]
    client = as_persona("editor")

    via_form = client.post(
        reverse("comments:add", args=["amtsberg", strategy.pk]),
        {"target_type": kind, "target_id": foreign.pk, "text": "Untergeschoben"},
    )
    forged_url = reverse(f"comments:thread_{kind}", args=["amtsberg", strategy.pk, foreign.pk])
    via_page = client.post(forged_url, {"text": "Untergeschoben"})

    assert (via_form.status_code, via_page.status_code, client.get(forged_url).status_code) == (
        404,
        404,
        404,
    )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_people_outside_the_municipality_neither_read_nor_write(
    persona, strategy, objects, people, as_persona
) -> None:
    comment_on(strategy, objects["stakeholder"], people["editor"], "Vertraulich")
    url = page_of("stakeholder", objects["stakeholder"], strategy)
    client = as_persona(persona)
    for response in (client.get(url), client.post(url, {"text": "Hallo"})):
        if persona == "anonymous":
            assert response.status_code == 302 and response.url.startswith(
                reverse("accounts:login")
            )
        else:
            assert response.status_code == 404
        assert b"Vertraulich" not in response.content
    assert Comment.objects.count() == 1


def test_the_comment_page_only_knows_get_and_post(strategy, objects, as_persona) -> None:
    url = page_of("indicator", objects["indicator"], strategy)
    assert as_persona("editor").put(url).status_code == 405


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "Bitte schreiben Sie einen Kommentar."), ("x" * 2001, "höchstens 2000 Zeichen")],
)
def test_a_bad_comment_is_shown_again_with_its_error(
    text, error, strategy, objects, as_persona
) -> None:
    url = page_of("swotentry", objects["swot_entry"], strategy)
    response = as_persona("contributor").post(url, {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_mentions_on_a_comment_page_notify_members_only(
    strategy, objects, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    principle = objects["principle"]
    url = page_of("guidingprinciple", principle, strategy)
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("adviser").post(url, {"text": "@Coordinator Amtsberg bitte ansehen"})
    comment = Comment.objects.get()
    assert list(comment.mentions.all()) == [people["coordinator"]]
    assert [m.to for m in mail.outbox] == [["coordinator@amtsberg.example"]]
    assert principle.text in mail.outbox[0].subject
    assert url in mail.outbox[0].body


def test_a_mention_of_an_outsider_on_a_comment_page_is_refused(
    strategy, objects, people, as_persona, django_capture_on_commit_callbacks
) -> None:
    url = page_of("guidingprinciple", objects["principle"], strategy)
    text = "@Coordinator Amtsberg @Outsider Birkenwerder bitte ansehen"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("adviser").post(url, {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Niemand, der diese Strategie lesen kann, heißt „@Outsider Birkenwerder“" in html
    assert 'aria-invalid="true"' in html and text in html  # the text is kept to correct it
    assert not Comment.objects.exists() and mail.outbox == []


def test_a_comment_is_resolved_from_its_comment_page(strategy, objects, people, as_persona) -> None:
    project = objects["existing_project"]
    comment = comment_on(strategy, project, people["reader"])
    url = page_of("existingproject", project, strategy)
    resolve = reverse("comments:resolve", args=["amtsberg", strategy.pk, comment.pk])
    assert f'action="{resolve}"' in as_persona("reader").get(url).content.decode()
    assert f'action="{resolve}"' not in as_persona("adviser").get(url).content.decode()

    response = as_persona("editor").post(resolve, {"resolved": "true", "next": url})

    assert response.status_code == 302 and response.url == url
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == people["editor"]
    projects = reverse("inventory:projects", args=["amtsberg", strategy.pk])
    assert link_text(as_persona("reader").get(projects).content.decode(), url) == "Kommentare (0)"


def test_comments_of_existing_rows_stay_on_the_element_itself(strategy, objects, people) -> None:
    """Rows from before the `part` column describe the element itself (part "")."""
    comment = comment_on(strategy, objects["measure"], people["editor"])
    assert list(Comment.objects.on(objects["measure"])) == [comment]
    assert list(Comment.objects.on(objects["measure"], "vision")) == []


# Query counts ------------------------------------------------------------------------------


def grow(strategy, objects, people, size: int) -> None:
    """`size` more elements of each listed kind, each with two open comments."""
    measure = objects["measure"]
    for n in range(size):
        elements = [
            Step.objects.create(measure=measure, title=f"Schritt {n}", owner=people["editor"]),
            Indicator.objects.create(
                strategy=strategy, measure=measure, name=f"Kennzahl {n}", unit="%"
            ),
            GuidingPrinciple.objects.create(strategy=strategy, text=f"Leitlinie {n}"),
            ExistingProject.objects.create(strategy=strategy, title=f"Projekt {n}"),
            Stakeholder.objects.create(strategy=strategy, name=f"Akteur {n}"),
            SwotEntry.objects.create(strategy=strategy, quadrant="strengths", text=f"Stärke {n}"),
            s.Milestone.objects.create(
                strategy=strategy, title=f"Meilenstein {n}", date="2026-09-01"
            ),
        ]
        for element in elements:
            comment_on(strategy, element, people["reader"], "eins")
            comment_on(strategy, element, people["adviser"], "zwei")


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries]


LIST_PAGES = [
    ("strategies:measure", "measure"),
    ("strategies:vision", None),
    ("inventory:projects", None),
    ("inventory:stakeholders", None),
    ("inventory:swot", None),
    ("roadmap:milestones", None),
]


@pytest.mark.parametrize(("name", "pk_of"), LIST_PAGES)
def test_a_list_page_counts_comments_with_one_query_whatever_its_size(
    name, pk_of, strategy, objects, people, as_persona, django_assert_num_queries
) -> None:
    args = ["amtsberg", strategy.pk] + ([objects[pk_of].pk] if pk_of else [])
    url = reverse(name, args=args)
    client = as_persona("reader")
    grow(strategy, objects, people, 1)
    client.get(url)  # warm caches (content types, sessions)
    small = queries_of(client, url)
    counting = [sql for sql in small if '"comments_comment"' in sql and "COUNT(" in sql]
    assert len(counting) == 1, small

    grow(strategy, objects, people, 12)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count("Kommentare (2)") >= 12


def test_the_comment_page_has_a_fixed_number_of_queries(
    strategy, objects, people, as_persona, django_assert_num_queries, session_queries
) -> None:
    target = objects["stakeholder"]
    url = page_of("stakeholder", target, strategy)
    client = as_persona("adviser")
    comment_on(strategy, target, people["reader"])
    client.get(url)  # warm caches (content types, sessions)
    # session, user, municipality, memberships, advised municipalities, strategy, element,
    # comments (with their authors), the people they mention (marked in the text), the
    # municipalities of the page header
    with django_assert_num_queries(9 + session_queries):
        client.get(url)
    for n in range(25):
        comment_on(strategy, target, people["editor"] if n % 2 else None, f"Kommentar {n}")
    with django_assert_num_queries(9 + session_queries):
        response = client.get(url)
    assert response.content.decode().count('class="sw-checklist__item') == 26
