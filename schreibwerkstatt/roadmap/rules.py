"""Permissions of the roadmap. Reading needs `strategies.view_strategy`; rescheduling a
measure is editing it (`strategies.change_measure`: editors, and contributors for the
measures they lead). A milestone of a measure may be changed by whoever may change the
measure; a milestone of the whole strategy, and applying a proposed schedule, by editors."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import can_edit_content
from schreibwerkstatt.strategies.models import Milestone
from schreibwerkstatt.strategies.rules import get_strategy_for_user


@rules.predicate
def may_change_milestone(user, milestone: Milestone) -> bool:
    municipality = getattr(milestone, "context_municipality", None)
    if milestone.measure_id is None:
        return can_edit_content(user, municipality)
    measure = milestone.measure
    measure.context_municipality = municipality
    return user.has_perm("strategies.change_measure", measure)


rules.add_perm("roadmap.change_milestone", may_change_milestone)


def get_milestone_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, *, change: bool = True
) -> Milestone:
    """The milestone of the strategy (404 otherwise); 403 if `change` and not allowed."""
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    milestone = get_object_or_404(
        Milestone.objects.select_related("measure"), pk=pk, strategy=strategy
    )
    milestone.strategy = strategy
    milestone.context_municipality = strategy.context_municipality
    if change and not request.user.has_perm("roadmap.change_milestone", milestone):
        raise PermissionDenied
    return milestone
