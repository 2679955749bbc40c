"""Permissions on strategy content, always judged in the municipality of the URL.

A joint strategy is reached through each partner municipality that accepted the invitation;
members of each work on it with the role they hold there. Contributors edit only the measures
they are responsible for, and those measures' steps.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
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

from .models import Measure, Step, Strategy, StrategyPartner


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
    perm: str = "strategies.view_strategy",
) -> Measure:
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    measure = get_object_or_404(
        Measure.objects.select_related("responsible", "parent"), pk=pk, strategy=strategy
    )
    measure.strategy = strategy
    measure.context_municipality = strategy.context_municipality
    target = measure if perm in {"strategies.change_measure"} else strategy.context_municipality
    if not request.user.has_perm(perm, target):
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
