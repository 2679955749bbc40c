"""Goals (a tree) and the indicators of goals and measures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import GoalForm, IndicatorForm
from ..models import Goal, Indicator, Strategy
from ..rules import (
    get_goal_for_user,
    get_indicator_for_user,
    get_measure_for_user,
    get_strategy_for_user,
)
from .common import EDIT, InlineEdit, _add, _context, _go, _url


def _goal_tree(obj: Strategy) -> list[tuple[Goal, int]]:
    """All goals depth-first with their depth, from one query."""
    goals = list(obj.goals.prefetch_related("fields", "indicators").order_by("position", "pk"))
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    ordered: list[tuple[Goal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            goal.layer = obj.layer_name(depth)
            ordered.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


@login_required
@require_http_methods(["GET"])
def goals(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    context = _context(
        request, obj, tree=_goal_tree(obj), form=GoalForm(strategy=obj), nav_active=4
    )
    return render(request, "strategies/goals.html", context)


@login_required
@require_POST
def goal_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = GoalForm(request.POST, instance=Goal(strategy=obj), strategy=obj)
    if form.is_valid():
        services.add_goal(form.instance, m2m=form.changes()[1])
        messages.success(request, _("The goal has been added. Give it at least one indicator."))
        return _go(obj, "goals")
    context = _context(request, obj, tree=_goal_tree(obj), form=form, nav_active=4)
    return render(request, "strategies/goals.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request, slug, strategy, pk)
    obj = goal.strategy
    parent_before = goal.parent_id

    def full_page(context: dict, status: int) -> HttpResponse:
        context |= {"goal": goal, "indicators": goal.indicators.all(), "indicator_form": IndicatorForm(),
                    "measures": goal.measures.all(), "nav_active": 4,
                    "cancel_label": _("Back to all goals")}  # fmt: skip
        return render(request, "strategies/goal.html", context, status=status)

    def display(saved: Goal) -> dict:
        shown = (
            obj.goals.select_related("parent")
            .prefetch_related("fields", "indicators")
            .get(pk=saved.pk)
        )
        depth = len(shown.ancestors())
        shown.layer = obj.layer_name(depth)
        return {"goal": shown, "depth": depth}

    def after_save(saved: Goal) -> HttpResponse | None:
        """A goal moved in the tree: show the whole tree again, focus on the goal's edit link."""
        if saved.parent_id == parent_before:
            return None
        context = _context(request, obj, tree=_goal_tree(obj), focus_pk=saved.pk,
                           display_template="strategies/partials/goal_tree.html",
                           status_message=_("The goal has been saved."))  # fmt: skip
        response = render(request, "core/partials/inline_display.html", context)
        response["HX-Retarget"], response["HX-Reswap"] = "#goal-tree", "outerHTML settle:0ms"
        return response

    return InlineEdit(
        request=request, instance=goal, make_form=lambda data, **kw: GoalForm(data, strategy=obj, **kw),
        dom_id=f"goal-{goal.pk}", edit_url=_url(obj, "goal_edit", pk=goal.pk), back=_url(obj, "goals"),
        title=_("Edit goal"), name=goal.title, display_template="strategies/partials/goal_item.html",
        display=display, context=_context(request, obj), saved_message=_("The goal has been saved."),
        can_edit=request.user.has_perm(EDIT, obj.context_municipality),
        success_url=_url(obj, "goal_edit", pk=goal.pk), full_page=full_page, after_save=after_save,
        container_class=f"sw-goal-tree__item sw-depth-{len(goal.ancestors())}",
    ).respond()  # fmt: skip


@login_required
@require_POST
def goal_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request, slug, strategy, pk, EDIT)
    obj = goal.strategy
    services.delete_goal(goal)
    messages.success(
        request,
        _("The goal “%(title)s” and its sub-goals have been deleted.") % {"title": goal.title},
    )
    return _go(obj, "goals")


@login_required
@require_POST
def indicator_add(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """Add an indicator to goal `pk` (or to measure `pk` when ?to=measure)."""
    if request.GET.get("to") == "measure":
        owner = get_measure_for_user(request, slug, strategy, pk, "strategies.change_measure")
        obj = owner.strategy
        indicator = Indicator(strategy=obj, measure=owner)
        back = ("measure", owner.pk)
    else:
        goal = get_goal_for_user(request, slug, strategy, pk, EDIT)
        obj = goal.strategy
        indicator = Indicator(strategy=obj, goal=goal)
        back = ("goal_edit", pk)
    form = IndicatorForm(request.POST, instance=indicator)
    return _add(
        request,
        obj,
        form,
        services.add_indicator,
        to=lambda _added: _go(obj, back[0], pk=back[1]),
        message=_("The indicator has been added."),
        title=_("Add an indicator"),
        back=_url(obj, "overview"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, slug, strategy, pk)
    obj = indicator.strategy
    back_name, back_pk = (
        ("measure", indicator.measure_id)
        if indicator.measure_id
        else ("goal_edit", indicator.goal_id)
    )
    # The row sits in a table of six columns (partials/indicators.html) for those who may edit.
    return InlineEdit.of_entry(
        request, obj, indicator, "indicator", make_form=IndicatorForm,
        back=_url(obj, back_name, pk=back_pk), title=_("Edit indicator"), name=indicator.name,
        display_template="strategies/partials/indicator.html",
        display=lambda item: {"i": item, "can_change_indicators": True},
        saved_message=_("The indicator has been saved."), container="tr", container_class="", colspan=6,
    ).respond()  # fmt: skip


@login_required
@require_POST
def indicator_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, slug, strategy, pk)
    obj = indicator.strategy
    services.delete_indicator(indicator)
    if indicator.measure_id:
        return _go(obj, "measure", pk=indicator.measure_id)
    return _go(obj, "goal_edit", pk=indicator.goal_id)
