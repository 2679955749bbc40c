"""Permissions on strategy content, always judged in the municipality of the URL.

A joint strategy is reached through each partner municipality that accepted the invitation;
members of each work on it with the role they hold there. Contributors edit only the measures
they are responsible for, and those measures' steps.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    can_view,
    get_municipality_for_user,
    has_role,
    is_coordinator,
)

from .models import (
    ChecklistTemplate,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)

VIEW = "strategies.view_strategy"
EDIT = "strategies.change_strategy"
CHANGE_MEASURE = "strategies.change_measure"
MANAGE = "strategies.manage_strategy"


@rules.predicate
def leads_measure(user, measure: Measure) -> bool:
    municipality = getattr(measure, "context_municipality", None)
    return (
        municipality is not None
        and measure.responsible_id == user.pk
        and has_role(Role.CONTRIBUTOR)(user, municipality)
    )


@rules.predicate
def edits_content_of(user, obj) -> bool:
    return can_edit_content(user, getattr(obj, "context_municipality", None))


@rules.predicate
def leads_measure_of_step(user, step: Step) -> bool:
    step.measure.context_municipality = getattr(step, "context_municipality", None)
    return leads_measure(user, step.measure) or (
        step.owner_id == user.pk
        and has_role(Role.CONTRIBUTOR)(user, step.measure.context_municipality)
    )


rules.add_perm("strategies.view_strategy", can_view)
rules.add_perm("strategies.add_strategy", is_coordinator)
rules.add_perm("strategies.manage_strategy", is_coordinator)
rules.add_perm("strategies.change_strategy", can_edit_content)
rules.add_perm("strategies.change_measure", edits_content_of | leads_measure)
rules.add_perm("strategies.change_step", edits_content_of | leads_measure_of_step)
rules.add_perm("strategies.tick_step", edits_content_of | leads_measure_of_step)


def strategies_of(municipality) -> "models.QuerySet[Strategy]":  # noqa: F821
    """The municipality's own strategies and those it accepted to be a partner of (an
    invitation alone shows nothing: `StrategyPartner.objects` holds accepted ones only)."""
    accepted = StrategyPartner.objects.filter(strategy=OuterRef("pk"), municipality=municipality)
    return Strategy.objects.filter(Q(municipality=municipality) | Q(Exists(accepted)))


def current_strategy_key(municipality) -> str:
    """The session key of the strategy a person works on in `municipality` (current.py)."""
    return f"current_strategy:{municipality.pk}"


def remember(request: HttpRequest, strategy: Strategy, municipality) -> None:
    """Note the strategy as the one the person works on there (written only on change)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(current_strategy_key(municipality)) != strategy.pk:
        session[current_strategy_key(municipality)] = strategy.pk


def get_strategy_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, perm: str = "strategies.view_strategy"
) -> Strategy:
    """The strategy if it belongs to (or is shared with) the municipality of the URL and
    the user may see that municipality (404 otherwise) and holds `perm` there (403)."""
    municipality = get_municipality_for_user(request, slug)
    strategy = Strategy.objects.filter(pk=strategy_pk).first()
    if strategy is None:
        raise Http404
    if strategy.municipality_id == municipality.pk:
        strategy.municipality = municipality  # saves the join; the same row
    elif not strategy.partnerships.filter(municipality=municipality).exists():
        # Neither owner nor accepted partner: outsiders and invited municipalities learn nothing.
        raise Http404
    if not request.user.has_perm(perm, municipality):
        raise PermissionDenied
    strategy.context_municipality = municipality
    request.strategy = strategy
    return strategy


def get_measure_for_user(
    request: HttpRequest,
    slug: str,
    strategy_pk: int,
    pk: int,
    perm: str = VIEW,
) -> Measure:
    """The measure of the strategy. A right on the strategy (`perm` other than
    change_measure) is judged before the measure is looked up (403 before 404); the right to
    change the measure after, as it depends on who leads the measure."""
    on_measure = perm == CHANGE_MEASURE
    strategy = get_strategy_for_user(request, slug, strategy_pk, VIEW if on_measure else perm)
    measure = get_object_or_404(
        Measure.objects.select_related("responsible", "parent"), pk=pk, strategy=strategy
    )
    measure.strategy = strategy
    measure.context_municipality = strategy.context_municipality
    if on_measure and not request.user.has_perm(perm, measure):
        raise PermissionDenied
    return measure


def get_step_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str
) -> Step:
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    step = get_object_or_404(
        Step.objects.select_related("measure", "owner"), pk=pk, measure__strategy=strategy
    )
    step.measure.strategy = strategy
    step.context_municipality = strategy.context_municipality
    if not request.user.has_perm(perm, step):
        raise PermissionDenied
    return step


# Content that belongs to one strategy. Each helper judges the strategy first (404 when the
# municipality of the URL does not reach it, 403 without `perm` there), then looks the
# object up inside that strategy only (404 for another strategy's object, also for a forged
# id). The object carries the strategy (`obj.strategy`, with its context_municipality).


def _in_strategy(
    request: HttpRequest,
    slug: str,
    strategy_pk: int,
    pk: int,
    perm: str,
    queryset: QuerySet,
):
    strategy = get_strategy_for_user(request, slug, strategy_pk, perm)
    obj = get_object_or_404(queryset, pk=pk, strategy=strategy)
    obj.strategy = strategy
    return obj


def get_programme_phase_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> ProgrammePhase:
    return _in_strategy(request, slug, strategy_pk, pk, perm, ProgrammePhase.objects.all())


def get_principle_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> GuidingPrinciple:
    return _in_strategy(request, slug, strategy_pk, pk, perm, GuidingPrinciple.objects.all())


def get_plan_link_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> PlanLink:
    return _in_strategy(request, slug, strategy_pk, pk, perm, PlanLink.objects.all())


def get_field_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> FieldOfAction:
    queryset = FieldOfAction.objects.select_related("responsible", "catalogue_entry")
    return _in_strategy(request, slug, strategy_pk, pk, perm, queryset)


def get_goal_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> Goal:
    queryset = Goal.objects.select_related("parent")
    return _in_strategy(request, slug, strategy_pk, pk, perm, queryset)


def get_indicator_for_user(request: HttpRequest, slug: str, strategy_pk: int, pk: int) -> Indicator:
    """An indicator to change: one of a measure for whoever may change the measure, one of a
    goal for those who edit the strategy."""
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal", "measure"), pk=pk, strategy=strategy
    )
    indicator.strategy = strategy
    if indicator.measure_id:
        measure = indicator.measure
        measure.context_municipality = strategy.context_municipality
        allowed = request.user.has_perm(CHANGE_MEASURE, measure)
    else:
        allowed = request.user.has_perm(EDIT, strategy.context_municipality)
    if not allowed:
        raise PermissionDenied
    return indicator


def get_checklist_template_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> ChecklistTemplate:
    """Only the strategy's own templates: the global ones belong to the operators."""
    return _in_strategy(request, slug, strategy_pk, pk, perm, ChecklistTemplate.objects.all())


def get_tag_axis_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> TagAxis:
    return _in_strategy(request, slug, strategy_pk, pk, perm, TagAxis.objects.all())


def get_tag_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> Tag:
    """The tag with its axis (`tag.axis.strategy`) and `n`, the number of its measures."""
    strategy = get_strategy_for_user(request, slug, strategy_pk, perm)
    tag = get_object_or_404(
        Tag.objects.select_related("axis").annotate(n=Count("measures")),
        pk=pk,
        axis__strategy=strategy,
    )
    tag.axis.strategy = strategy
    return tag


def get_criterion_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> PriorityCriterion:
    return _in_strategy(request, slug, strategy_pk, pk, perm, PriorityCriterion.objects.all())


def get_partnership_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int
) -> StrategyPartner:
    """An open invitation or an accepted partnership of the strategy, for a coordination:
    the lead's reaches each of them, a partner's only its own (404 otherwise)."""
    strategy = get_strategy_for_user(request, slug, strategy_pk, MANAGE)
    candidates = StrategyPartner.every_state.select_related("municipality").filter(
        strategy=strategy,
        status__in=[StrategyPartner.Status.INVITED, StrategyPartner.Status.ACCEPTED],
    )
    if strategy.context_municipality.pk != strategy.municipality_id:
        candidates = candidates.filter(municipality=strategy.context_municipality)
    partnership = get_object_or_404(candidates, pk=pk)
    partnership.strategy = strategy
    return partnership


def get_invitation_for_user(request: HttpRequest, slug: str, pk: int) -> StrategyPartner:
    """An invitation addressed to the municipality of the URL (`invitation.municipality`),
    for its coordination only (404 for any other municipality's invitation, 403 for other
    roles)."""
    municipality = get_municipality_for_user(request, slug, MANAGE)
    invitation = get_object_or_404(
        StrategyPartner.every_state.select_related("strategy__municipality"),
        pk=pk,
        municipality=municipality,
    )
    invitation.municipality = municipality
    return invitation
