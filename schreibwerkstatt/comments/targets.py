"""What can be commented: every element of a strategy, including its inventory.

Each kind names its model, how the model reaches its strategy (so a target is only found
inside the strategy of the URL), and where its comments are shown: on the element's own
page, or, for elements that only appear in lists, on a comment page of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.inventory.models import ExistingProject, Stakeholder, SwotEntry
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    Milestone,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    TagAxis,
)

# (URL name, pk of the page or None) of the page an element is listed on.
Page = tuple[str, int | None]


@dataclass(frozen=True)
class Kind:
    key: str  # the form value and the suffix of the comment page's URL name
    model: type[models.Model]
    scope: str  # lookup from the model to its strategy
    label: Promise
    listed_on: Callable[[models.Model], Page]
    segment: str = ""  # URL segment of the comment page; "" when the element has a page
    part: str = ""  # see Comment.part

    def find(self, strategy: Strategy, pk: int) -> models.Model:
        """The element, only if it belongs to `strategy` (404 otherwise, also for forged ids)."""
        if self.model is Strategy:
            if pk != strategy.pk:
                raise Http404
            return strategy
        return get_object_or_404(self.model, pk=pk, **{self.scope: strategy})


def _page(name: str, attr: str | None = None) -> Callable[[models.Model], Page]:
    return lambda obj: (name, getattr(obj, attr) if attr else None)


def _indicator_page(indicator: Indicator) -> Page:
    if indicator.measure_id:
        return "strategies:measure", indicator.measure_id
    return "strategies:goal_edit", indicator.goal_id


def _milestone_page(milestone: Milestone) -> Page:
    if milestone.measure_id:
        return "strategies:measure", milestone.measure_id
    return "roadmap:milestones", None


OVERVIEW, VISION = _page("strategies:overview"), _page("strategies:vision")
KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        # Elements with a page of their own, which shows their comments.
        Kind("strategy", Strategy, "pk", _("strategy"), OVERVIEW),
        Kind("vision", Strategy, "pk", _("vision"), VISION, part="vision"),
        Kind(
            "fieldofaction",
            FieldOfAction,
            "strategy",
            _("field of action"),
            _page("strategies:field", "pk"),
        ),
        Kind("goal", Goal, "strategy", _("goal"), _page("strategies:goal_edit", "pk")),
        Kind("measure", Measure, "strategy", _("measure"), _page("strategies:measure", "pk")),
        # Elements shown in lists: their comments get a page of their own.
        Kind("indicator", Indicator, "strategy", _("indicator"), _indicator_page, "indikatoren"),
        Kind(
            "step",
            Step,
            "measure__strategy",
            _("project step"),
            _page("strategies:measure", "measure_id"),
            "schritte",
        ),
        Kind("milestone", Milestone, "strategy", _("milestone"), _milestone_page, "meilensteine"),
        Kind(
            "programmephase",
            ProgrammePhase,
            "strategy",
            _("programme phase"),
            OVERVIEW,
            "programmphasen",
        ),
        Kind(
            "guidingprinciple",
            GuidingPrinciple,
            "strategy",
            _("guiding principle"),
            VISION,
            "leitlinien",
        ),
        Kind("planlink", PlanLink, "strategy", _("related plan"), VISION, "plaene"),
        Kind(
            "tagaxis",
            TagAxis,
            "strategy",
            _("classification axis"),
            _page("strategies:tags"),
            "kategorien",
        ),
        Kind(
            "prioritycriterion",
            PriorityCriterion,
            "strategy",
            _("priority criterion"),
            _page("strategies:priorities"),
            "kriterien",
        ),
        Kind(
            "existingproject",
            ExistingProject,
            "strategy",
            _("existing project"),
            _page("inventory:projects"),
            "projekte",
        ),
        Kind(
            "stakeholder",
            Stakeholder,
            "strategy",
            _("stakeholder"),
            _page("inventory:stakeholders"),
            "stakeholder",
        ),
        Kind("swotentry", SwotEntry, "strategy", _("SWOT entry"), _page("inventory:swot"), "swot"),
    ]
}

# The kind of a model instance; a strategy itself is "strategy" (its vision is asked for by name).
KIND_OF_MODEL: dict[type[models.Model], Kind] = {}
for _kind in KINDS.values():
    KIND_OF_MODEL.setdefault(_kind.model, _kind)


def kind_of(target: models.Model) -> Kind:
    return KIND_OF_MODEL[type(target)]


def _reverse(page: Page, slug: str, strategy_pk: int) -> str:
    name, pk = page
    kwargs: dict = {"slug": slug, "strategy": strategy_pk}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(name, kwargs=kwargs)


def listed_at(kind: Kind, target: models.Model, slug: str, strategy_pk: int) -> str:
    """The page that lists the element (the way back from its comment page)."""
    return _reverse(kind.listed_on(target), slug, strategy_pk)


def thread_url(kind: Kind, target: models.Model, slug: str, strategy_pk: int) -> str:
    """Where the element's comments are read and written."""
    if kind.segment:
        return reverse(
            f"comments:thread_{kind.key}",
            kwargs={"slug": slug, "strategy": strategy_pk, "pk": target.pk},
        )
    return listed_at(kind, target, slug, strategy_pk) + f"#comments-{kind.key}-{target.pk}"
