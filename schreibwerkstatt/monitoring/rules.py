"""Who may record progress (docs/roles.md).

Status updates belong to a measure: whoever may edit the measure (editors, coordinators,
and the contributor responsible for it) records and deletes them. Indicator values follow
their indicator: those of a measure's indicator like the measure, those of a goal's indicator
like the strategy's content (editors and coordinators). Everybody who sees the strategy sees
both.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import can_edit_content
from schreibwerkstatt.strategies.models import Indicator, Strategy
from schreibwerkstatt.strategies.rules import (
    edits_content_of,
    get_measure_for_user,
    get_strategy_for_user,
    leads_measure,
)

from .models import IndicatorValue, StatusUpdate

VIEW = "strategies.view_strategy"
RECORD_STATUS = "monitoring.add_statusupdate"
DELETE_STATUS = "monitoring.delete_statusupdate"
RECORD_VALUE = "monitoring.add_indicatorvalue"
DELETE_VALUE = "monitoring.delete_indicatorvalue"


@rules.predicate
def may_change_indicator(user, indicator: Indicator) -> bool:
    municipality = getattr(indicator, "context_municipality", None)
    if indicator.measure_id is not None:
        measure = indicator.measure
        measure.context_municipality = municipality
        return bool(edits_content_of(user, measure) or leads_measure(user, measure))
    return bool(can_edit_content(user, municipality))


# The object of the status permissions is the measure (with its context_municipality).
rules.add_perm(RECORD_STATUS, edits_content_of | leads_measure)
rules.add_perm(DELETE_STATUS, edits_content_of | leads_measure)
# The object of the value permissions is the indicator (with its context_municipality).
rules.add_perm(RECORD_VALUE, may_change_indicator)
rules.add_perm(DELETE_VALUE, may_change_indicator)


def get_indicator_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> Indicator:
    """The indicator of the strategy (404 for other municipalities and strategies); 403
    without `perm` (VIEW is judged on the municipality, the others on the indicator)."""
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal", "measure"), pk=pk, strategy=strategy
    )
    _attach(indicator, strategy)
    if perm != VIEW and not request.user.has_perm(perm, indicator):
        raise PermissionDenied
    return indicator


def _attach(indicator: Indicator, strategy: Strategy) -> None:
    indicator.strategy = strategy
    indicator.context_municipality = strategy.context_municipality


def get_status_update_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str
) -> StatusUpdate:
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    update = get_object_or_404(
        StatusUpdate.objects.select_related("measure"), pk=pk, measure__strategy=strategy
    )
    # The measure is checked like the measure page does it (same select_related, same perm).
    update.measure = get_measure_for_user(request, slug, strategy_pk, update.measure_id)
    if not request.user.has_perm(perm, update.measure):
        raise PermissionDenied
    return update


def get_indicator_value_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str
) -> IndicatorValue:
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator__measure", "indicator__goal"),
        pk=pk,
        indicator__strategy=strategy,
    )
    _attach(value.indicator, strategy)
    if not request.user.has_perm(perm, value.indicator):
        raise PermissionDenied
    return value
