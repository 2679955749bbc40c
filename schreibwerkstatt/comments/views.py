from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Step,
    Strategy,
)
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from . import services
from .forms import CommentForm, ResolveForm
from .models import Comment


def _target(strategy: Strategy, kind: str, pk: int):  # type: ignore[no-untyped-def]
    """The commented element, only if it belongs to this strategy."""
    if kind == "strategy":
        if pk != strategy.pk:
            raise Http404
        return strategy
    model, scope = {
        "fieldofaction": (FieldOfAction, "strategy"),
        "goal": (Goal, "strategy"),
        "indicator": (Indicator, "strategy"),
        "measure": (Measure, "strategy"),
        "step": (Step, "measure__strategy"),
    }[kind]
    return get_object_or_404(model, pk=pk, **{scope: strategy})


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    if not request.user.has_perm("comments.add_comment", obj.context_municipality):  # type: ignore[attr-defined]
        raise PermissionDenied
    overview = reverse("strategies:overview", kwargs={"slug": slug, "strategy": obj.pk})
    form = CommentForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, _("The comment was not saved: %(reason)s") % {"reason": message})
        response = redirect(_back(request, overview))
        response.status_code = 303
        return response
    target = _target(obj, form.cleaned_data["target_type"], form.cleaned_data["target_id"])
    back = _back(request, overview)
    services.add_comment(
        strategy=obj,
        target=target,
        author=request.user,
        text=form.cleaned_data["text"],
        link=request.build_absolute_uri(back),
    )
    messages.success(request, _("Your comment has been saved."))
    return redirect(back)


@login_required
@require_POST
def resolve(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    comment = get_object_or_404(Comment, pk=pk, strategy=obj)
    comment.context_municipality = obj.context_municipality  # type: ignore[attr-defined]
    if not request.user.has_perm("comments.resolve_comment", comment):
        raise PermissionDenied
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    services.set_resolved(comment, resolved=form.cleaned_data["resolved"], by=request.user)
    return redirect(
        _back(request, reverse("strategies:overview", kwargs={"slug": slug, "strategy": obj.pk}))
    )
