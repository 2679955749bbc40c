from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.process.phases import Phase
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from . import services
from .forms import CommentForm, CommentTextForm, NextForm, ResolveForm
from .models import Comment
from .rules import get_comment_for_user
from .targets import KINDS, listed_at

ADD = "comments.add_comment"
EDIT = "strategies.change_strategy"
# Which part of the strategy navigation is current, by the page that lists the element.
NAV = {
    "strategies:overview": "strategies",
    "strategies:vision": 2,
    "strategies:goal_edit": 4,
    "strategies:measure": 5,
    "strategies:tags": 5,
    "strategies:priorities": 6,
    "roadmap:milestones": "roadmap",
    "inventory:projects": int(Phase.INVENTORY),
    "inventory:stakeholders": int(Phase.INVENTORY),
    "inventory:swot": int(Phase.INVENTORY),
}


def _back(request: HttpRequest, fallback: str) -> str:
    """The validated `next` path, else `fallback` (a page of this strategy)."""
    form = NextForm(request.POST, host=request.get_host(), https=request.is_secure())
    if form.is_valid() and form.cleaned_data["next"]:
        return form.cleaned_data["next"]
    return fallback


@login_required
@require_POST
def add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """A comment from the thread on any page; the hidden fields name the element."""
    obj = get_strategy_for_user(request, slug, strategy)
    if not request.user.has_perm(ADD, obj.context_municipality):
        raise PermissionDenied
    overview = reverse("strategies:overview", kwargs={"slug": slug, "strategy": obj.pk})
    form = CommentForm(request.POST, strategy=obj)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, _("The comment was not saved: %(reason)s") % {"reason": message})
        response = redirect(_back(request, overview))
        response.status_code = 303
        return response
    kind = KINDS[form.cleaned_data["target_type"]]
    target = kind.find(obj, form.cleaned_data["target_id"])
    back = _back(request, overview)
    services.add_comment(
        strategy=obj,
        target=target,
        author=request.user,
        text=form.cleaned_data["text"],
        link=request.build_absolute_uri(back),
        part=kind.part,
    )
    messages.success(request, _("Your comment has been saved."))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, slug: str, strategy: int, pk: int, kind: str) -> HttpResponse:
    """The comment page of an element shown only in lists: its title, its comments, the form."""
    obj = get_strategy_for_user(request, slug, strategy)
    spec = KINDS[kind]
    target = spec.find(obj, pk)
    municipality = obj.context_municipality
    form = CommentTextForm(request.POST or None, auto_id=f"comment-%s-{kind}-{pk}", strategy=obj)
    if request.method == "POST":
        if not request.user.has_perm(ADD, municipality):
            raise PermissionDenied
        if form.is_valid():
            services.add_comment(
                strategy=obj,
                target=target,
                author=request.user,
                text=form.cleaned_data["text"],
                link=request.build_absolute_uri(request.path),
                part=spec.part,
            )
            messages.success(request, _("Your comment has been saved."))
            return redirect(request.path)
    context = {
        "municipality": municipality,
        "strategy": obj,
        "can_edit": request.user.has_perm(EDIT, municipality),
        "target": target,
        "kind": spec,
        "back_url": listed_at(spec, target, slug, obj.pk),
        "comments": list(Comment.objects.on(target, spec.part)),
        "comment_form": form,
        "comment_action": request.path,
        "target_type": spec.key,
        "target_id": target.pk,
        "nav_active": NAV.get(spec.listed_on(target)[0]),
    }
    return render(request, "comments/thread_page.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def resolve(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    obj, comment = get_comment_for_user(request, slug, strategy, pk, "comments.resolve_comment")
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    services.set_resolved(comment, resolved=form.cleaned_data["resolved"], by=request.user)
    return redirect(
        _back(request, reverse("strategies:overview", kwargs={"slug": slug, "strategy": obj.pk}))
    )
