"""One object of each kind in municipality A, for the routes of tests/routes.py.

A route whose `pk` names a kind gets that object's pk; routes with a `strategy` kwarg get
the strategy of A; `number` is phase 0. Add a kind here when a new route needs one.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.municipalities.models import Membership
from tests.factories import ChecklistItemFactory, InvitationFactory, MunicipalityFactory
from tests.routes import TenantRoute


def build_objects(municipality, people, *, secret_title: str) -> dict:
    objects = {
        "item": ChecklistItemFactory(municipality=municipality, phase=0, title=secret_title),
        "membership": Membership.objects.get(user=people["reader"], municipality=municipality),
        "invitation": InvitationFactory(municipality=municipality, email="neu@amtsberg.example"),
    }
    objects.update(strategy_objects(municipality, people, secret_title=secret_title))
    objects.update(inventory_objects(municipality, objects, secret_title=secret_title))
    objects.update(monitoring_objects(objects, people, secret_title=secret_title))
    objects.update(job_objects(municipality, objects, people, secret_title=secret_title))
    objects.update(revision_objects(objects, people, secret_title=secret_title))
    objects.update(document_objects(objects))
    objects.update(board_objects(municipality, people, secret_title=secret_title))
    objects.update(word_template_objects(municipality, people, secret_title=secret_title))
    objects.update(support_objects(municipality, people))
    objects.update(advice_objects(municipality, people, secret_title=secret_title))
    return objects


def advice_objects(municipality, people, *, secret_title: str) -> dict:
    """A request for advice of A's coordination about the measure, with the adviser's note."""
    from schreibwerkstatt.advising.models import AdviceRequest, AdviserNote

    advice = AdviceRequest.objects.create(
        municipality=municipality,
        topic=f"Anfrage {secret_title}",
        text="Wie fangen wir an?",
        requested_by=people["coordinator"],
    )
    AdviserNote.objects.create(
        municipality=municipality, text=f"Notiz {secret_title}", updated_by=people["adviser"]
    )
    return {"advice_request": advice}


def support_objects(municipality, people) -> dict:
    """An active support access of A for an operator who is none of the personas."""
    from schreibwerkstatt.municipalities.services import grant_support_access
    from tests.factories import UserFactory

    operator = UserFactory(
        email="support@betrieb.example", name="Support Betrieb", is_staff=True, is_superuser=True
    )
    access = grant_support_access(
        municipality=municipality,
        operator=operator,
        days=7,
        reason="Fehler in der Übersicht ansehen",
        granted_by=people["coordinator"],
    )
    return {"support_access": access}


def strategy_objects(municipality, people, *, secret_title: str) -> dict:
    from schreibwerkstatt.strategies import models as s

    strategy, _created = s.Strategy.objects.get_or_create(
        municipality=municipality, title="Digitalstrategie Amtsberg"
    )
    field = s.FieldOfAction.objects.create(strategy=strategy, title=f"Feld {secret_title}")
    goal = s.Goal.objects.create(strategy=strategy, title=f"Ziel {secret_title}")
    goal.fields.add(field)
    # The contributor leads this measure, so they may edit it and its steps.
    measure = s.Measure.objects.create(
        strategy=strategy, title=f"Maßnahme {secret_title}", responsible=people["contributor"]
    )
    partner = MunicipalityFactory(name="Partnerdorf", slug="partnerdorf", ags="12060099")
    inviting = s.Strategy.objects.create(
        municipality=MunicipalityFactory(name="Chorinsee", slug="chorinsee", ags="12060098"),
        title="Digitalstrategie Chorinsee",
    )
    criterion = s.PriorityCriterion.objects.create(strategy=strategy, name="Nutzen")
    tag_axis = s.TagAxis.objects.create(strategy=strategy, name="Zeitpunkt")
    return {
        "strategy": strategy,
        "field": field,
        "goal": goal,
        "measure": measure,
        "indicator": s.Indicator.objects.create(
            strategy=strategy, goal=goal, name="Online-Quote", unit="%"
        ),
        "step": s.Step.objects.create(measure=measure, title=f"Schritt {secret_title}"),
        "programme_phase": s.ProgrammePhase.objects.create(
            strategy=strategy, name="Strategiephase", start="2026-01-01", end="2026-12-31"
        ),
        "partnership": s.StrategyPartner.objects.create(
            strategy=strategy, municipality=partner, status=s.StrategyPartner.Status.ACCEPTED
        ),
        # A is invited into a strategy of another municipality and has not answered yet.
        "partner_invitation": s.StrategyPartner.every_state.create(
            strategy=inviting, municipality=municipality
        ),
        "principle": s.GuidingPrinciple.objects.create(
            strategy=strategy, text="Digital, aber nicht ausschließlich"
        ),
        "criterion": criterion,
        "measure_score": s.MeasureScore.objects.create(
            measure=measure, criterion=criterion, value=3
        ),
        "plan_link": s.PlanLink.objects.create(strategy=strategy, title="INSEK 2035"),
        "checklist_template": s.ChecklistTemplate.objects.create(
            strategy=strategy,
            name=f"Vorlage {secret_title}",
            steps="Bedarf klären\nAngebote einholen",
        ),
        "milestone": s.Milestone.objects.create(
            strategy=strategy,
            measure=measure,
            title=f"Meilenstein {secret_title}",
            date="2026-06-30",
        ),
        "tag_axis": tag_axis,
        "tag": s.Tag.objects.create(axis=tag_axis, name="Sofortmaßnahme"),
        "comment": Comment.objects.create(
            strategy=strategy,
            content_type=ContentType.objects.get_for_model(measure),
            object_id=measure.pk,
            author=people["editor"],
            text=f"Kommentar {secret_title}",
        ),
    }


def tenant_url(name: str, route: TenantRoute, municipality, objects: dict) -> str:
    from tests.routes import iter_route_names

    pattern = dict(iter_route_names())[name]
    kwargs: dict = {"slug": municipality.slug}
    if "<int:number>" in pattern:
        kwargs["number"] = 0
    if "<int:strategy>" in pattern:
        kwargs["strategy"] = objects["strategy"].pk
    if "<int:other>" in pattern:  # the second revision of a comparison
        kwargs["other"] = objects["revision_2"].pk
    if "<slug:section>" in pattern:  # a text section of the measure profile
        kwargs["section"] = "kurzbeschreibung"
    if route.pk is not None and route.pk.endswith("_record"):  # a history record
        obj = objects[route.pk.removesuffix("_record")]
        if "<int:pk>" in pattern:
            kwargs["pk"] = obj.pk
        kwargs["history_id"] = obj.history.earliest().history_id
    elif route.pk == "paragraph":  # a paragraph of the draft document, by its anchor
        kwargs["anchor"] = objects["paragraph"]
    elif route.pk == "format":
        kwargs["fmt"] = "json"
    elif route.pk is not None:
        kwargs["pk"] = objects[route.pk].pk
    if "<str:fmt>" in pattern and "fmt" not in kwargs:  # a board's result (exports)
        kwargs["fmt"] = "md"
    return reverse(name, kwargs=kwargs)


def inventory_objects(municipality, objects: dict, *, secret_title: str) -> dict:
    from types import SimpleNamespace

    from schreibwerkstatt.inventory.models import (
        ExistingProject,
        MaturityAnswer,
        MaturityQuestion,
        Stakeholder,
        SwotEntry,
    )
    from schreibwerkstatt.strategies.models import Strategy

    strategy = objects.get("strategy")
    if strategy is None:
        strategy, _created = Strategy.objects.get_or_create(
            municipality=municipality, title="Digitalstrategie Amtsberg"
        )
    # The first group of questions the strategy's self-check asks (by catalogue field pk).
    group = MaturityQuestion.objects.groups_for(strategy)[0]
    question = MaturityQuestion.objects.of_group(group.key).first()
    answer = MaturityAnswer.objects.create(
        strategy=strategy, question=question, value=2, note=secret_title
    )
    return {
        "strategy": strategy,
        "maturity_answer": answer,
        "existing_project": ExistingProject.objects.create(strategy=strategy, title=secret_title),
        "stakeholder": Stakeholder.objects.create(strategy=strategy, name=secret_title),
        "swot_entry": SwotEntry.objects.create(
            strategy=strategy, quadrant=SwotEntry.Quadrant.STRENGTHS, text=secret_title
        ),
        "catalogue_field": SimpleNamespace(pk=group.key),
    }


def publish(strategy) -> None:
    """Make the strategy's transparency page public (opted in and adopted)."""
    from schreibwerkstatt.strategies.models import Strategy

    Strategy.objects.filter(pk=strategy.pk).update(public_page=True, status=Strategy.Status.ADOPTED)


def published_url(name: str, municipality, objects: dict) -> str:
    """The URL of a route of tests/routes.py's PUBLISHED_ROUTES for the strategy of `objects`."""
    from tests.routes import iter_route_names

    pattern = dict(iter_route_names())[name]
    kwargs: dict = {}
    if "<slug:slug>" in pattern:
        kwargs["slug"] = municipality.slug
    if "<int:strategy>" in pattern:
        kwargs["strategy"] = objects["strategy"].pk
    return reverse(name, kwargs=kwargs)


def monitoring_objects(objects: dict, people, *, secret_title: str) -> dict:
    from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate

    return {
        "status_update": StatusUpdate.objects.create(
            measure=objects["measure"],
            date="2026-01-15",
            status="running",
            progress_percent=20,
            note=f"Stand {secret_title}",
            author=people["contributor"],
        ),
        "indicator_value": IndicatorValue.objects.create(
            indicator=objects["indicator"], date="2026-01-15", value=12, source=secret_title
        ),
    }


def job_objects(municipality, objects: dict, people, *, secret_title: str) -> dict:
    """A finished export of A with its result file in the private job storage."""
    from schreibwerkstatt.jobs.tests.helpers import finished_export

    job = finished_export(
        municipality,
        objects["strategy"],
        people["editor"],
        filename="digitalstrategie-amtsberg.json",
        content=f'{{"title": "{secret_title}"}}'.encode(),
    )
    return {"job": job}


def revision_objects(objects: dict, people, *, secret_title: str) -> dict:
    """Two adopted revisions of A's strategy (frozen snapshots), a paragraph of the draft
    document (its anchor) and a review comment on it."""
    from schreibwerkstatt.documents.builder import build_document
    from schreibwerkstatt.documents.models import Chapter
    from schreibwerkstatt.documents.snapshot import take_snapshot
    from schreibwerkstatt.revisions.models import ReviewComment, Revision
    from schreibwerkstatt.revisions.review import paragraphs_of

    strategy = objects["strategy"]
    take_snapshot(strategy)  # creates the chapters
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(text=f"Vorwort {secret_title}")
    first = take_snapshot(strategy)
    revision = Revision.objects.create(
        strategy=strategy, number=1, state=Revision.State.ADOPTED, snapshot=first,
        adopted_on="2026-03-12", body="Gemeindevertretung", document_number="2026/041",
    )  # fmt: skip
    Chapter.objects.filter(strategy=strategy, key="vorwort").update(text=f"Vorwort: {secret_title}")
    second = take_snapshot(strategy)
    paragraph = next(p for p in paragraphs_of(build_document(second)) if p.chapter_key == "vorwort")
    revision_2 = Revision.objects.create(
        strategy=strategy, number=2, state=Revision.State.ADOPTED, snapshot=second,
        based_on=revision, adopted_on="2026-09-17", body="Gemeindevertretung",
        document_number="2026/112",
    )  # fmt: skip
    review_comment = ReviewComment.objects.create(
        strategy=strategy, chapter_key="vorwort", anchor=paragraph.anchor,
        quote=paragraph.text, text=f"Prüfhinweis {secret_title}", author=people["editor"],
    )  # fmt: skip
    return {
        "revision": revision,
        "revision_2": revision_2,
        "paragraph": paragraph.anchor,
        "review_comment": review_comment,
    }


def board_objects(municipality, people, *, secret_title: str) -> dict:
    """A workshop board of A opened by the coordinator, with a card of the contributor, a
    group and a guest link."""
    from schreibwerkstatt.boards import guests, services
    from schreibwerkstatt.boards.models import Cluster

    board = services.create_board(
        municipality, user=people["coordinator"], title=f"Wand {secret_title}", template="swot"
    )
    column = board.columns.first()
    card = services.add_card(
        board, column, author=people["contributor"], text=f"Karte {secret_title}", category="idea"
    )
    cluster = Cluster.objects.create(board=board, column=column, title=f"Gruppe {secret_title}")
    link = guests.create_guest_link(board, user=people["coordinator"], label="Gäste")
    return {
        "board": board,
        "board_card": card,
        "board_column": column,
        "board_cluster": cluster,
        "board_guest_link": link,
    }


def document_objects(objects: dict) -> dict:
    """A chapter of A's strategy document (the chapters are created on first use)."""
    from schreibwerkstatt.documents.services import ensure_chapters

    return {"chapter": ensure_chapters(objects["strategy"])[0]}


def word_template_objects(municipality, people, *, secret_title: str) -> dict:
    """A Word template of A (the shipped default template's bytes), not in use."""
    from schreibwerkstatt.exports import services
    from schreibwerkstatt.exports.docx import DEFAULT_TEMPLATE

    template = services.add_word_template(
        municipality, name=f"Vorlage {secret_title}", filename="amtsberg.docx",
        content=DEFAULT_TEMPLATE.read_bytes(), uploaded_by=people["coordinator"], activate=False,
    )  # fmt: skip
    return {"word_template": template}


def content_of_b(municipality_b, people, *, term: str) -> dict:
    """A strategy of B with `term` in each kind of element the search finds (strategy, field,
    goal, measure, step, comment): a word no persona of A may find."""
    from schreibwerkstatt.strategies import models as s

    strategy = s.Strategy.objects.create(
        municipality=municipality_b, title=f"Strategie {term}", vision=f"Vision {term}"
    )
    measure = s.Measure.objects.create(strategy=strategy, title=f"Maßnahme {term}")
    return {
        "strategy": strategy,
        "field": s.FieldOfAction.objects.create(strategy=strategy, title=f"Feld {term}"),
        "goal": s.Goal.objects.create(strategy=strategy, title=f"Ziel {term}"),
        "measure": measure,
        "step": s.Step.objects.create(measure=measure, title=f"Schritt {term}"),
        "comment": Comment.objects.create(
            strategy=strategy,
            content_type=ContentType.objects.get_for_model(measure),
            object_id=measure.pk,
            author=people["outsider"],
            text=f"Kommentar {term}",
        ),
    }


# The discussion spaces (tests/routes.py DISCUSSION_ROUTES) -------------------------------------


def discussion_objects(municipality, people, *, secret_title: str) -> dict:
    """A series A takes part in (confirmed; A's coordinator named), its space with a topic
    titled `secret_title`, a reply of the coordinator and their directory entry (listed)."""
    from schreibwerkstatt.discussions import services
    from schreibwerkstatt.discussions.models import DirectoryEntry
    from schreibwerkstatt.workshops import services as workshops
    from schreibwerkstatt.workshops.tests.conftest import make_series

    series = make_series("austausch-matrix", title="Schreibwerkstatt Matrix")
    workshops.register(
        series, municipality, by=people["coordinator"], users=[people["coordinator"]]
    )
    space = services.space_of_series(series)
    topic = services.open_topic(
        space,
        title=secret_title,
        text=f"{secret_title}: **erster** Beitrag",
        by=people["coordinator"],
    )
    post = services.reply(topic, text=f"{secret_title}: eine Antwort", by=people["coordinator"])
    DirectoryEntry.objects.create(
        space=space, user=people["coordinator"], listed=True, function=secret_title,
        municipality=municipality,
    )  # fmt: skip
    return {"space": space, "topic": topic, "post": post}


def discussion_url(name: str, objects: dict) -> str:
    """The address of a discussions route for the objects of discussion_objects: `pk` is the
    space's under /raeume/, the topic's under /themen/, the post's under /beitraege/."""
    from django.urls import NoReverseMatch

    try:
        return reverse(name)
    except NoReverseMatch:
        pass
    for kind in ("space", "topic", "post"):
        url = reverse(name, args=[objects[kind].pk])
        part = {"space": "/raeume/", "topic": "/themen/", "post": "/beitraege/"}[kind]
        if part in url:
            return url
    raise LookupError(name)
