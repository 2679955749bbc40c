"""What is found: for each kind of the index, its model, how to load all of its objects for a
rebuild (with what a document needs, so a rebuild asks a fixed number of queries per kind),
and the document of one object (title, body, who may find it, where it links to).

The owning apps lie below search and know nothing of it; signals.py connects the models
named here.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.comments.targets import KIND_OF_MODEL, thread_url
from schreibwerkstatt.comments.targets import KINDS as COMMENT_KINDS
from schreibwerkstatt.core.text import render_markdown
from schreibwerkstatt.glossary.models import Term
from schreibwerkstatt.guides.models import Guide, Question
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Step, Strategy

from .models import Audience, Kind

# Placeholder for the municipality in a reversed path; the stored path is what follows
# /kommunen/<slug>/, so a result links into the municipality the person sees it through.
_SLUG = "0"
MUNICIPALITY_PREFIX = "/kommunen/{slug}/"
# Control characters and the two private-use characters engines.py marks hits with never
# reach the index, so the marks in a snippet are ours.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000\ue001]")


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    audience: str
    path: str
    strategy_id: int | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    model: type[models.Model]
    load: Callable[[], models.QuerySet]
    document: Callable[[models.Model], Document | None]
    # lookup from the model to its strategy; None for help content
    strategy_lookup: str | None = None


def clean(*parts: str | None) -> str:
    return _UNWANTED.sub(" ", "\n".join(part for part in parts if part)).strip()


def markdown_text(text: str) -> str:
    """The words of a Markdown text, without its markup."""
    return html.unescape(strip_tags(render_markdown(text)))


def in_municipality(name: str, **kwargs) -> str:
    """The path of a municipality page below /kommunen/<slug>/."""
    path = reverse(name, kwargs={"slug": _SLUG, **kwargs})
    prefix = MUNICIPALITY_PREFIX.format(slug=_SLUG)
    if not path.startswith(prefix):
        raise ValueError(f"{name} is not a page of a municipality: {path}")
    return path.removeprefix(prefix)


def _strategy(strategy: Strategy) -> Document:
    return Document(
        title=clean(strategy.title),
        body=clean(strategy.motto, strategy.funding_programme, strategy.vision),
        audience=Audience.STRATEGY,
        path=in_municipality("strategies:overview", strategy=strategy.pk),
        strategy_id=strategy.pk,
    )


def _field(field: FieldOfAction) -> Document:
    return Document(
        title=clean(field.title),
        body=clean(field.guiding_sentence, field.starting_situation, field.sub_areas),
        audience=Audience.STRATEGY,
        path=in_municipality("strategies:field", strategy=field.strategy_id, pk=field.pk),
        strategy_id=field.strategy_id,
    )


def _goal(goal: Goal) -> Document:
    return Document(
        title=clean(goal.title),
        body=clean(goal.description),
        audience=Audience.STRATEGY,
        path=in_municipality("strategies:goal_edit", strategy=goal.strategy_id, pk=goal.pk),
        strategy_id=goal.strategy_id,
    )


def _measure(measure: Measure) -> Document:
    return Document(
        title=clean(measure.title),
        body=clean(
            measure.short_name,
            measure.plain_name,
            measure.summary,
            measure.problem,
            measure.expected_effect,
            measure.target_group,
            measure.lead_unit,
            measure.partners_internal,
            measure.partners_external,
            measure.funding_programme,
            measure.risks,
            measure.location,
        ),
        audience=Audience.STRATEGY,
        path=in_municipality("strategies:measure", strategy=measure.strategy_id, pk=measure.pk),
        strategy_id=measure.strategy_id,
    )


def _step(step: Step) -> Document:
    strategy_id = step.measure.strategy_id
    return Document(
        title=clean(step.title),
        body=clean(step.measure.title),
        audience=Audience.STRATEGY,
        path=in_municipality("strategies:measure", strategy=strategy_id, pk=step.measure_id),
        strategy_id=strategy_id,
    )


def _comment(comment: Comment) -> Document | None:
    target = comment.target
    if target is None:  # the element is gone; so is the comment's page
        return None
    kind = COMMENT_KINDS["vision"] if comment.part == "vision" else KIND_OF_MODEL[type(target)]
    url = thread_url(kind, target, _SLUG, comment.strategy_id)
    return Document(
        title=clean(str(target)),
        body=clean(comment.text),
        audience=Audience.STRATEGY,
        path=url.removeprefix(MUNICIPALITY_PREFIX.format(slug=_SLUG)),
        strategy_id=comment.strategy_id,
    )


def _guide(guide: Guide) -> Document:
    return Document(
        title=clean(guide.title),
        body=clean(guide.summary, markdown_text(guide.body)),
        audience=Audience.PUBLIC if guide.public else Audience.MEMBERS,
        path=guide.get_absolute_url(),
    )


def _question(question: Question) -> Document:
    return Document(
        title=clean(question.question),
        body=clean(markdown_text(question.answer)),
        audience=Audience.PUBLIC,
        path=f"{reverse('guides:questions')}#frage-{question.pk}",
    )


def _term(term: Term) -> Document:
    return Document(
        title=clean(term.term),
        body=clean(", ".join(term.aliases or []), markdown_text(term.definition)),
        audience=Audience.PUBLIC,
        path=term.get_absolute_url(),
    )


SOURCES: dict[str, Source] = {
    source.kind: source
    for source in [
        Source(Kind.GUIDE, Guide, lambda: Guide.objects.all(), _guide),
        Source(Kind.QUESTION, Question, lambda: Question.objects.all(), _question),
        Source(Kind.TERM, Term, lambda: Term.objects.all(), _term),
        Source(Kind.STRATEGY, Strategy, lambda: Strategy.objects.all(), _strategy, "pk"),
        Source(Kind.FIELD, FieldOfAction, lambda: FieldOfAction.objects.all(), _field, "strategy"),
        Source(Kind.GOAL, Goal, lambda: Goal.objects.all(), _goal, "strategy"),
        Source(Kind.MEASURE, Measure, lambda: Measure.objects.all(), _measure, "strategy"),
        Source(
            Kind.STEP,
            Step,
            lambda: Step.objects.select_related("measure").only(
                "title", "measure__title", "measure__strategy_id"
            ),
            _step,
            "measure__strategy",
        ),
        Source(
            Kind.COMMENT,
            Comment,
            lambda: Comment.objects.prefetch_related("target"),
            _comment,
            "strategy",
        ),
    ]
}
SOURCE_OF_MODEL: dict[type[models.Model], Source] = {s.model: s for s in SOURCES.values()}
