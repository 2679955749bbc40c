"""The vision: its text, the guiding principles and the related plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict

from .. import services
from ..forms import PlanLinkForm, PrincipleForm, VisionForm
from ..models import GuidingPrinciple, PlanLink
from ..rules import get_plan_link_for_user, get_principle_for_user, get_strategy_for_user
from .common import (
    EDIT,
    InlineEdit,
    _add,
    _context,
    _first_and_last,
    _go,
    _move,
    _status,
    _url,
)


@login_required
@require_http_methods(["GET", "POST"])
def vision(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    can_edit = request.user.has_perm(EDIT, obj.context_municipality)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = VisionForm(request.POST or None, instance=obj)
    conflict = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = save_or_conflict(request, form, VisionForm)
        if stale is None:
            messages.success(request, _("The vision has been saved."))
            return _go(obj, "vision")
        form, conflict = stale.form, stale.rows
    context = _context(
        request,
        obj,
        form=form,
        conflict=conflict,
        principles=obj.principles.all(),
        links=obj.plan_links.all(),
        link_form=PlanLinkForm(auto_id="plan-link-new-%s"),
        nav_active=2,
    )
    return render(request, "strategies/vision.html", context, status=_status(form, conflict))


@login_required
@require_POST
def principle_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = PrincipleForm(request.POST, instance=GuidingPrinciple(strategy=obj))
    return _add(
        request,
        obj,
        form,
        services.add_principle,
        to="vision",
        title=_("Add a guiding principle"),
        back=_url(obj, "vision"),
    )


@login_required
@require_POST
def plan_link_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = PlanLinkForm(request.POST, instance=PlanLink(strategy=obj))
    return _add(
        request,
        obj,
        form,
        services.add_plan_link,
        to="vision",
        message=_("The related plan has been added."),
        title=_("Add a related plan"),
        back=_url(obj, "vision"),
    )


@login_required
@require_POST
def plan_link_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    link = get_plan_link_for_user(request, slug, strategy, pk, EDIT)
    services.delete_plan_link(link)
    return _go(link.strategy, "vision")


@login_required
@require_http_methods(["GET", "POST"])
def principle_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    principle = get_principle_for_user(request, slug, strategy, pk, EDIT)
    obj = principle.strategy
    return InlineEdit.of_entry(
        request, obj, principle, "principle", make_form=PrincipleForm, back=_url(obj, "vision"),
        title=_("Edit guiding principle"), name=principle.text,
        display_template="strategies/partials/principle.html",
        display=lambda item: {"p": item, **_first_and_last(obj.principles.all(), item.pk)},
        saved_message=_("The guiding principle has been saved."),
    ).respond()  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_link_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    link = get_plan_link_for_user(request, slug, strategy, pk, EDIT)
    obj = link.strategy
    return InlineEdit.of_entry(
        request, obj, link, "plan_link", make_form=PlanLinkForm, back=_url(obj, "vision"),
        title=_("Edit related plan"), name=link.title,
        display_template="strategies/partials/plan_link.html", display=lambda item: {"link": item},
        saved_message=_("The related plan has been saved."),
    ).respond()  # fmt: skip


@login_required
@require_POST
def principle_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    principle = get_principle_for_user(request, slug, strategy, pk, EDIT)
    obj = principle.strategy
    return _move(request, principle, obj.principles.all(), obj, "vision")


@login_required
@require_POST
def principle_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    principle = get_principle_for_user(request, slug, strategy, pk, EDIT)
    services.delete_principle(principle)
    return _go(principle.strategy, "vision")
