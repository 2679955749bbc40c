"""Access to the inventory. It is part of a strategy's content, so the strategies
permissions apply: members and assigned advisers see it (`strategies.view_strategy`),
coordinators and editors change it (`strategies.change_strategy`)."""

from typing import TypeVar

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.strategies.rules import get_strategy_for_user

from .models import ExistingProject, Stakeholder, SwotEntry

VIEW = "strategies.view_strategy"
CHANGE = "strategies.change_strategy"

M = TypeVar("M", bound=models.Model)


def _get_for_user(
    request: HttpRequest, model: type[M], slug: str, strategy_pk: int, pk: int, perm: str
) -> M:
    """The object if it belongs to a strategy the user may reach with `perm` (404 for other
    municipalities and strategies, 403 for a missing permission)."""
    strategy = get_strategy_for_user(request, slug, strategy_pk, perm)
    obj = get_object_or_404(model, pk=pk, strategy=strategy)
    obj.strategy = strategy  # keeps context_municipality
    return obj


def get_project_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> ExistingProject:
    return _get_for_user(request, ExistingProject, slug, strategy_pk, pk, perm)


def get_stakeholder_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> Stakeholder:
    return _get_for_user(request, Stakeholder, slug, strategy_pk, pk, perm)


def get_swot_entry_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> SwotEntry:
    return _get_for_user(request, SwotEntry, slug, strategy_pk, pk, perm)
