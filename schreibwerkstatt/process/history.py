"""The history page of a checklist task of the strategy cycle (the history app does
the work): members see it, editors restore."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from schreibwerkstatt.history.kinds import HistoryKind, Target, register
from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from .models import ChecklistItem
from .phases import PHASE_BY_NUMBER


def _load(request: HttpRequest, slug: str, pk: int) -> Target:
    municipality = get_municipality_for_user(request, slug, "process.view_process")
    item = get_object_or_404(ChecklistItem, pk=pk, municipality=municipality)
    item.municipality = municipality
    return Target(item, municipality)


def _may_restore(user: Any, target: Target) -> bool:
    return user.has_perm("process.change_checklist", target.municipality)


def _back(target: Target) -> tuple[str, str]:
    phase = target.obj.phase
    url = reverse("process:phase", kwargs={"slug": target.municipality.slug, "number": phase})
    return url, str(PHASE_BY_NUMBER[phase].title)


def _assignees(target: Target) -> models.QuerySet:
    return get_user_model().objects.filter(
        memberships__municipality=target.municipality,
        memberships__role__in=[Role.COORDINATOR, Role.EDITOR, Role.CONTRIBUTOR],
    )


PROCESS_KINDS = register(
    HistoryKind(
        key="item",
        slug="aufgabe",
        model=ChecklistItem,
        prefix="kommunen/<slug:slug>/",
        load=_load,
        may_restore=_may_restore,
        back=_back,
        url_kwargs=lambda item: {"pk": item.pk},
        hidden=frozenset({"municipality", "phase", "done_at"}),
        kept=frozenset({"municipality", "phase"}),
        choices={"assignee": _assignees},
    ),
)
