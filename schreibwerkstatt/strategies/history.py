"""The history pages of strategy content (the history app does the work): members see
them, editors restore. The loaders and checks here are shared with inventory/history.py.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models import Max
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.history.kinds import HistoryKind, Target, register
from schreibwerkstatt.municipalities.models import Municipality

from . import services
from .forms import members_who_can_lead
from .models import (
    ChecklistTemplate,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    Milestone,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)
from .rules import get_strategy_for_user

EDIT = "strategies.change_strategy"
# The URL of strategy content before "verlauf/".
PREFIX = "kommunen/<slug:slug>/strategien/<int:strategy>/"


def _strategy_url(name: str, target: Target, **kwargs: int) -> str:
    return reverse(
        f"strategies:{name}",
        kwargs={"slug": target.municipality.slug, "strategy": target.strategy.pk, **kwargs},
    )


def in_strategy(
    model: type[models.Model], lookup: str = "strategy", related: Iterable[str] = ()
) -> Callable[..., Target]:
    """A loader for objects of a strategy: the strategy as the object's own pages reach it
    (404 for other municipalities), then the object within it."""

    def load(request: HttpRequest, slug: str, strategy: int, pk: int) -> Target:
        the_strategy = get_strategy_for_user(request, slug, strategy)
        obj = get_object_or_404(
            model._default_manager.select_related(*related), pk=pk, **{lookup: the_strategy}
        )
        obj.context_municipality = the_strategy.context_municipality
        if lookup == "strategy":
            obj.strategy = the_strategy
        return Target(obj, the_strategy.context_municipality, the_strategy)

    return load


def _load_strategy(request: HttpRequest, slug: str, strategy: int) -> Target:
    the_strategy = get_strategy_for_user(request, slug, strategy)
    return Target(the_strategy, the_strategy.context_municipality, the_strategy)


def _load_step(request: HttpRequest, slug: str, strategy: int, pk: int) -> Target:
    target = in_strategy(Step, "measure__strategy", ["measure"])(request, slug, strategy, pk)
    target.obj.measure.strategy = target.strategy
    return target


def edits_strategy(user: Any, target: Target) -> bool:
    return user.has_perm(EDIT, target.municipality)


def _leads(user: Any, target: Target) -> bool:
    return user.has_perm("strategies.change_measure", target.obj)


def _edits_step(user: Any, target: Target) -> bool:
    return user.has_perm("strategies.change_step", target.obj)


def _edits_owner(user: Any, target: Target) -> bool:
    """Indicators and milestones of a measure: whoever may edit the measure; otherwise
    the strategy's editors."""
    measure = getattr(target.obj, "measure", None)
    if measure is None:
        return edits_strategy(user, target)
    measure.context_municipality = target.municipality
    return user.has_perm("strategies.change_measure", measure)


def _people(target: Target) -> models.QuerySet:
    return members_who_can_lead(target.strategy)


def _goals(target: Target) -> models.QuerySet:
    return Goal.objects.filter(strategy=target.strategy).exclude(pk=target.obj.pk)


def _parent_check(model: type[models.Model], is_valid: Callable, message) -> Callable:
    """A restore check: the version's parent (`parent_id`) must not lie below the object."""

    def check(target: Target, values: dict[str, Any]) -> str:
        parent = model.objects.filter(pk=values.get("parent_id")).first()
        return "" if is_valid(target.obj, parent) else str(message)

    return check


_GOAL_BELOW_ITSELF = gettext_lazy(
    "This version cannot be restored: the goal would lie below itself or below one "
    "of its sub-goals."
)
_MEASURE_PART_OF_ITSELF = gettext_lazy(
    "This version cannot be restored: the measure would be part of itself or of one of its parts."
)
_goal_check = _parent_check(Goal, services.goal_parent_is_valid, _GOAL_BELOW_ITSELF)
_measure_check = _parent_check(Measure, services.measure_parent_is_valid, _MEASURE_PART_OF_ITSELF)


def _owner_back(target: Target) -> tuple[str, str]:
    obj = target.obj
    if getattr(obj, "measure_id", None):
        return _strategy_url("measure", target, pk=obj.measure_id), str(obj.measure)
    if getattr(obj, "goal_id", None):
        return _strategy_url("goal_edit", target, pk=obj.goal_id), str(obj.goal)
    return _strategy_url("overview", target), str(target.strategy)


def in_strategy_kwargs(obj: models.Model) -> dict[str, int]:
    return {"strategy": obj.strategy_id, "pk": obj.pk}


def _back_to(name: str, label: str) -> Callable[[Target], tuple[str, str]]:
    """Back to a list page of the strategy (`label`: its title)."""
    return lambda target: (_strategy_url(name, target), str(label))


def _unique_name(siblings: Callable[[Target], models.QuerySet]) -> Callable[..., str]:
    """A name must stay unique among its siblings (the database refuses a duplicate)."""

    def check(target: Target, values: dict[str, Any]) -> str:
        taken = siblings(target).filter(name=values.get("name")).exclude(pk=target.obj.pk)
        if taken.exists():
            return _(
                "This version cannot be restored: the name “%(name)s” is used by another "
                "entry now. Please rename that entry first."
            ) % {"name": values.get("name")}
        return ""

    return check


def _criterion_check(target: Target, values: dict[str, Any]) -> str:
    """A smaller scale must still hold the values measures already have."""
    highest = target.obj.scores.aggregate(m=Max("value"))["m"]
    if (
        highest is not None
        and values.get("scale_max") is not None
        and highest > values["scale_max"]
    ):
        return _(
            "This version cannot be restored: its scale ends at %(max)s, but measures already "
            "have values up to %(highest)s. Please lower those values first."
        ) % {"max": values["scale_max"], "highest": highest}
    return ""


def _load_score(request: HttpRequest, slug: str, strategy: int, pk: int) -> Target:
    target = in_strategy(MeasureScore, "measure__strategy", ["measure", "criterion"])(
        request, slug, strategy, pk
    )
    measure = target.obj.measure
    measure.strategy = target.strategy
    measure.context_municipality = target.municipality
    return target


def _edits_scored_measure(user: Any, target: Target) -> bool:
    """Like saving the assessment: whoever may edit the measure."""
    return user.has_perm("strategies.change_measure", target.obj.measure)


def _axis_names(ids: set[int]) -> dict[int, str]:
    """Names of classification axes, existing or deleted (from their history): two queries."""
    names = dict(TagAxis.objects.filter(pk__in=ids).values_list("pk", "name"))
    deleted = (
        TagAxis.history.filter(id__in=ids - set(names))
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "name")
    )
    for pk, name in deleted:
        names.setdefault(pk, name)
    return names


def _deleted_tag_names(olds: list[Any]) -> dict[int, str]:
    """ "axis: tag" of deleted tags, the axis perhaps deleted as well."""
    axes = _axis_names({old.axis_id for old in olds})
    names: dict[int, str] = {}
    for old in olds:
        names.setdefault(old.id, f"{axes.get(old.axis_id, '–')}: {old.name}")
    return names


def in_strategy_kind(key: str, slug: str, model: type[models.Model], **given: Any) -> HistoryKind:
    """The history of an object that belongs to a strategy (a `strategy` foreign key):
    loaded within the strategy, restored by its editors, the strategy neither shown nor
    changed. `given` sets what differs from that."""
    return HistoryKind(
        **{
            "key": key,
            "slug": slug,
            "model": model,
            "prefix": PREFIX,
            "load": in_strategy(model),
            "may_restore": edits_strategy,
            "url_kwargs": in_strategy_kwargs,
            "hidden": frozenset({"strategy"}),
            "kept": frozenset({"strategy"}),
            **given,
        }
    )


STRATEGY_KINDS = register(
    HistoryKind(
        key="strategy",
        slug="strategie",
        model=Strategy,
        prefix=PREFIX,
        load=_load_strategy,
        may_restore=edits_strategy,
        back=lambda t: (_strategy_url("overview", t), str(t.obj)),
        url_kwargs=lambda obj: {"strategy": obj.pk},
        pk_in_url=False,
        hidden=frozenset({"municipality"}),
        # Publishing the transparency page is a decision of its own, not undone by a restore.
        kept=frozenset({"municipality", "public_page"}),
    ),
    in_strategy_kind(
        "field",
        "handlungsfeld",
        FieldOfAction,
        back=lambda t: (_strategy_url("field", t, pk=t.obj.pk), str(t.obj)),
        choices={"responsible": _people},
    ),
    in_strategy_kind(
        "goal",
        "ziel",
        Goal,
        back=lambda t: (_strategy_url("goal_edit", t, pk=t.obj.pk), str(t.obj)),
        choices={
            "parent": _goals,
            "fields": lambda t: FieldOfAction.objects.filter(strategy=t.strategy),
        },
        check=_goal_check,
    ),
    in_strategy_kind(
        "indicator",
        "indikator",
        Indicator,
        load=in_strategy(Indicator, related=["goal", "measure"]),
        may_restore=_edits_owner,
        back=_owner_back,
        hidden=frozenset({"strategy", "goal", "measure"}),
        kept=frozenset({"strategy", "goal", "measure"}),
    ),
    in_strategy_kind(
        "measure",
        "massnahme",
        Measure,
        load=in_strategy(Measure, related=["responsible"]),
        may_restore=_leads,
        back=lambda t: (_strategy_url("measure", t, pk=t.obj.pk), str(t.obj)),
        # Progress comes from the latest status update; a restore does not rewrite it.
        kept=frozenset({"strategy", "progress_percent", "status_updated_at"}),
        choices={
            "parent": lambda t: Measure.objects.filter(strategy=t.strategy).exclude(pk=t.obj.pk),
            "responsible": _people,
            "partner_municipality": lambda t: Municipality.objects.filter(
                pk__in=t.strategy.partnerships.values_list("municipality_id", flat=True)
            ),
            "goals": lambda t: Goal.objects.filter(strategy=t.strategy),
            "fields": lambda t: FieldOfAction.objects.filter(strategy=t.strategy),
            "tags": lambda t: Tag.objects.filter(axis__strategy=t.strategy),
        },
        check=_measure_check,
    ),
    HistoryKind(
        key="step",
        slug="schritt",
        model=Step,
        prefix=PREFIX,
        load=_load_step,
        may_restore=_edits_step,
        back=lambda t: (_strategy_url("measure", t, pk=t.obj.measure_id), str(t.obj.measure)),
        url_kwargs=lambda obj: {"strategy": obj.measure.strategy_id, "pk": obj.pk},
        hidden=frozenset({"measure", "done_at"}),
        kept=frozenset({"measure"}),
        choices={"owner": _people},
    ),
    in_strategy_kind(
        "milestone",
        "meilenstein",
        Milestone,
        load=in_strategy(Milestone, related=["measure"]),
        may_restore=_edits_owner,
        back=_owner_back,
        hidden=frozenset({"strategy", "measure"}),
        kept=frozenset({"strategy", "measure"}),
    ),
    # The smaller pieces: their pages are lists, so "back" leads to the list.
    in_strategy_kind(
        "principle",
        "leitlinie",
        GuidingPrinciple,
        back=_back_to("vision", gettext_lazy("Vision and guiding principles")),
    ),
    in_strategy_kind(
        "plan_link",
        "plan",
        PlanLink,
        back=_back_to("vision", gettext_lazy("Vision and guiding principles")),
    ),
    in_strategy_kind(
        "programme_phase",
        "programmphase",
        ProgrammePhase,
        back=lambda t: (_strategy_url("overview", t), str(t.strategy)),
    ),
    in_strategy_kind(
        "partnership",
        "partnerschaft",
        StrategyPartner,
        load=in_strategy(StrategyPartner, related=["municipality"]),
        # Like adding and removing partners: the coordination's decision.
        may_restore=lambda user, t: user.has_perm("strategies.manage_strategy", t.municipality),
        back=lambda t: (_strategy_url("overview", t), str(t.strategy)),
        hidden=frozenset({"strategy", "invited_by", "answered_by", "ended_by"}),
        # Only the kind of partnership comes back: the state is the partner's consent and
        # changes through invitation, answer, withdrawal and end (strategies/partnerships.py).
        kept=frozenset(
            {
                "strategy",
                "municipality",
                "status",
                "invited_by",
                "invited_at",
                "answered_by",
                "answered_at",
                "ended_by",
                "ended_at",
            }
        ),
    ),
    in_strategy_kind(
        "tag_axis",
        "kategorie-achse",
        TagAxis,
        back=_back_to("tags", gettext_lazy("Classification axes and tags")),
        check=_unique_name(lambda t: TagAxis.objects.filter(strategy=t.strategy)),
    ),
    HistoryKind(
        key="tag",
        slug="schlagwort",
        model=Tag,
        prefix=PREFIX,
        load=in_strategy(Tag, "axis__strategy", ["axis"]),
        may_restore=edits_strategy,
        back=_back_to("tags", gettext_lazy("Classification axes and tags")),
        url_kwargs=lambda obj: {"strategy": obj.axis.strategy_id, "pk": obj.pk},
        hidden=frozenset({"axis"}),
        kept=frozenset({"axis"}),
        check=_unique_name(lambda t: Tag.objects.filter(axis_id=t.obj.axis_id)),
        name_related=("axis",),
        deleted_names=_deleted_tag_names,
    ),
    in_strategy_kind(
        "criterion",
        "kriterium",
        PriorityCriterion,
        back=_back_to("priorities", gettext_lazy("Prioritisation")),
        check=_criterion_check,
    ),
    in_strategy_kind(
        "checklist_template",
        "checklisten-vorlage",
        ChecklistTemplate,
        # Loaded within the strategy: only its own templates; the global ones belong to
        # the operators.
        back=_back_to("checklist_templates", gettext_lazy("Checklist templates")),
    ),
    # A measure's value for one criterion: its own history, since the assessment is saved
    # apart from the measure profile (and its version), and restored on its own.
    HistoryKind(
        key="score",
        slug="bewertung",
        model=MeasureScore,
        prefix=PREFIX,
        load=_load_score,
        may_restore=_edits_scored_measure,
        back=_back_to("priorities", gettext_lazy("Prioritisation")),
        url_kwargs=lambda obj: {"strategy": obj.measure.strategy_id, "pk": obj.pk},
        title=lambda obj: (
            _("%(criterion)s of “%(measure)s”")
            % {"criterion": obj.criterion.name, "measure": obj.measure.title}
        ),
        hidden=frozenset({"measure", "criterion"}),
        kept=frozenset({"measure", "criterion"}),
    ),
)
