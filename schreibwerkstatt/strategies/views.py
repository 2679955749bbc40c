"""Strategy builder views: thin, validated by forms, writing through services."""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core import inline
from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.ordering import move
from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    get_municipality_for_user,
    has_role,
)

from . import services
from .figures import field_rows, strategy_figures
from .forms import (
    MEASURE_SECTIONS,
    ApplyTemplateForm,
    CatalogueChoiceForm,
    ChecklistTemplateForm,
    CriterionForm,
    FieldForm,
    GoalForm,
    IndicatorForm,
    MeasureFilterForm,
    MeasureForm,
    PartnerForm,
    PlanLinkForm,
    PrincipleForm,
    PriorityRowForm,
    PrioritySortForm,
    ProgrammePhaseForm,
    StepForm,
    StrategyForm,
    TagAxisForm,
    TagForm,
    ToggleForm,
    VisionForm,
    measure_section_form,
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
    Tag,
)
from .partnerships import open_invitations_for, partnerships_shown_in
from .priorities import scored_measures, sort_scored, unchanged_rows
from .profile import measure_profile
from .rules import (
    get_checklist_template_for_user,
    get_criterion_for_user,
    get_field_for_user,
    get_goal_for_user,
    get_indicator_for_user,
    get_measure_for_user,
    get_plan_link_for_user,
    get_principle_for_user,
    get_programme_phase_for_user,
    get_step_for_user,
    get_strategy_for_user,
    get_tag_axis_for_user,
    get_tag_for_user,
    strategies_of,
)

EDIT = "strategies.change_strategy"


def _url(strategy: Strategy, name: str, **kwargs: int) -> str:
    slug = strategy.context_municipality.slug
    return reverse(f"strategies:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


def _go(strategy: Strategy, name: str, **kwargs: int) -> HttpResponse:
    return redirect(
        f"strategies:{name}",
        slug=strategy.context_municipality.slug,
        strategy=strategy.pk,
        **kwargs,
    )


def _context(request: HttpRequest, strategy: Strategy, **extra) -> dict:
    municipality = strategy.context_municipality
    return {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm(EDIT, municipality),
        **extra,
    }


def _form_page(
    request: HttpRequest,
    strategy: Strategy,
    form,
    *,
    title: str,
    back: str,
    conflict=None,
    delete_url: str = "",
    status: int | None = None,
) -> HttpResponse:
    if status is None:
        status = _status(form, conflict)
    context = _context(
        request,
        strategy,
        form=form,
        title=title,
        back=back,
        conflict=conflict,
        delete_url=delete_url,
    )
    return render(request, "strategies/form.html", context, status=status)


@dataclass
class InlineEdit(inline.InlineEdit):
    """An inline edit on a strategy page: without htmx, the form is shown on strategies/form.html."""

    page_template: str = "strategies/form.html"


def _status(form, conflict) -> int:
    return 409 if conflict is not None else 400 if form.errors else 200


# Strategies -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def strategy_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "strategies.view_strategy")
    strategies = (
        strategies_of(municipality)
        .select_related("municipality")
        .annotate(measure_count=Count("measures", distinct=True))
    )
    can_add = request.user.has_perm("strategies.add_strategy", municipality)
    context = {
        "municipality": municipality,
        "strategies": strategies,
        "can_add": can_add,
        # Invitations of other municipalities: for the coordination, which answers them.
        "invitations": open_invitations_for(municipality) if can_add else None,
        "nav_active": "strategies",
    }
    return render(request, "strategies/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "strategies.add_strategy")
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        strategy = services.add_strategy(form.instance, municipality=municipality)
        messages.success(
            request, _("The strategy has been created. Next, choose its fields of action.")
        )
        return redirect("strategies:overview", slug=slug, strategy=strategy.pk)
    context = {"municipality": municipality, "form": form, "title": _("New strategy"),
               "back": reverse("strategies:list", kwargs={"slug": slug}), "nav_active": "strategies"}  # fmt: skip
    return render(request, "strategies/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    figures = strategy_figures(obj)
    fields = field_rows(obj) if figures["fields"] else []
    context = _context(
        request,
        obj,
        fields=fields,
        figures=figures,
        status_rows=[
            (label, figures[f"measures_status_{value}"]) for value, label in Measure.Status.choices
        ],
        gap_count=figures["gaps"],
        # Most strategies have neither: the counts above spare the two queries then.
        partnerships=obj.partnerships.select_related("municipality") if figures["partners"] else (),
        phases=obj.programme_phases.all() if figures["programme_phases"] else (),
        nav_active="strategies",
    )
    return render(request, "strategies/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = StrategyForm(request.POST or None, instance=obj)
    page = {"title": _("Edit strategy"), "back": obj.url_for(obj.context_municipality)}
    conflict = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = save_or_conflict(request, form, StrategyForm)
        if stale is None:
            messages.success(request, _("The strategy has been saved."))
            return _go(obj, "overview")
        form, conflict = stale.form, stale.rows
    phase_form = ProgrammePhaseForm(auto_id="phase-new-%s")
    partner_form = PartnerForm(strategy=obj)
    context = _context(
        request, obj, form=form, phase_form=phase_form, partner_form=partner_form,
        phases=obj.programme_phases.all(), partnerships=partnerships_shown_in(obj),
        is_lead=obj.municipality_id == obj.context_municipality.pk,
        can_manage=request.user.has_perm("strategies.manage_strategy", obj.context_municipality),
        conflict=conflict, **page,
    )  # fmt: skip
    return render(request, "strategies/strategy_edit.html", context, status=_status(form, conflict))


@login_required
@require_POST
def phase_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = ProgrammePhaseForm(request.POST, instance=ProgrammePhase(strategy=obj))
    if form.is_valid():
        services.add_programme_phase(form.instance)
        messages.success(request, _("The programme phase has been added."))
        return _go(obj, "edit")
    return _form_page(
        request,
        obj,
        form,
        title=_("Add a programme phase"),
        back=obj.url_for(obj.context_municipality),
    )


@login_required
@require_POST
def phase_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    phase = get_programme_phase_for_user(request, slug, strategy, pk, EDIT)
    services.delete_programme_phase(phase)
    return _go(phase.strategy, "edit")


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    phase = get_programme_phase_for_user(request, slug, strategy, pk, EDIT)
    obj = phase.strategy
    return InlineEdit(
        request=request, instance=phase, make_form=ProgrammePhaseForm, dom_id=f"phase-{phase.pk}",
        edit_url=_url(obj, "phase_edit", pk=phase.pk), back=_url(obj, "edit"),
        title=_("Edit programme phase"), name=phase.name,
        display_template="strategies/partials/phase.html", display=lambda item: {"p": item},
        context=_context(request, obj), saved_message=_("The programme phase has been saved."),
        delete_url=_url(obj, "phase_delete", pk=phase.pk),
    ).respond()  # fmt: skip


# Vision ---------------------------------------------------------------------------------


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
    if form.is_valid():
        services.add_principle(form.instance)
        return _go(obj, "vision")
    return _form_page(
        request,
        obj,
        form,
        title=_("Add a guiding principle"),
        back=_url(obj, "vision"),
    )


@login_required
@require_POST
def plan_link_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = PlanLinkForm(request.POST, instance=PlanLink(strategy=obj))
    if form.is_valid():
        services.add_plan_link(form.instance)
        messages.success(request, _("The related plan has been added."))
        return _go(obj, "vision")
    return _form_page(
        request,
        obj,
        form,
        title=_("Add a related plan"),
        back=_url(obj, "vision"),
    )


@login_required
@require_POST
def plan_link_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    link = get_plan_link_for_user(request, slug, strategy, pk, EDIT)
    services.delete_plan_link(link)
    return _go(link.strategy, "vision")


def _first_and_last(siblings, pk: int) -> dict:
    """Where an element stands in its ordered list (its Up and Down buttons depend on it)."""
    order = list(siblings.order_by("position", "pk").values_list("pk", flat=True))
    return {"first": order[:1] == [pk], "last": order[-1:] == [pk]}


@login_required
@require_http_methods(["GET", "POST"])
def principle_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    principle = get_principle_for_user(request, slug, strategy, pk, EDIT)
    obj = principle.strategy
    return InlineEdit(
        request=request, instance=principle, make_form=PrincipleForm, dom_id=f"principle-{principle.pk}",
        edit_url=_url(obj, "principle_edit", pk=principle.pk), back=_url(obj, "vision"),
        title=_("Edit guiding principle"), name=principle.text,
        display_template="strategies/partials/principle.html",
        display=lambda item: {"p": item, **_first_and_last(obj.principles.all(), item.pk)},
        context=_context(request, obj), saved_message=_("The guiding principle has been saved."),
        delete_url=_url(obj, "principle_delete", pk=principle.pk),
    ).respond()  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_link_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    link = get_plan_link_for_user(request, slug, strategy, pk, EDIT)
    obj = link.strategy
    return InlineEdit(
        request=request, instance=link, make_form=PlanLinkForm, dom_id=f"plan-link-{link.pk}",
        edit_url=_url(obj, "plan_link_edit", pk=link.pk), back=_url(obj, "vision"),
        title=_("Edit related plan"), name=link.title,
        display_template="strategies/partials/plan_link.html", display=lambda item: {"link": item},
        context=_context(request, obj), saved_message=_("The related plan has been saved."),
        delete_url=_url(obj, "plan_link_delete", pk=link.pk),
    ).respond()  # fmt: skip


@login_required
@require_POST
def principle_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    principle = get_principle_for_user(request, slug, strategy, pk, EDIT)
    obj = principle.strategy
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    move(principle, obj.principles.all(), up=form.cleaned_data["direction"] == "up")
    return _go(obj, "vision")


@login_required
@require_POST
def principle_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    principle = get_principle_for_user(request, slug, strategy, pk, EDIT)
    services.delete_principle(principle)
    return _go(principle.strategy, "vision")


# Fields of action ---------------------------------------------------------------------------


def _fields_with_counts(obj: Strategy):
    return obj.fields.select_related("responsible", "catalogue_entry").annotate(
        goal_count=Count("goals", distinct=True), measure_count=Count("measures", distinct=True)
    )


@login_required
@require_http_methods(["GET"])
def fields(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    items = _fields_with_counts(obj)
    context = _context(
        request, obj, fields=items, catalogue_form=CatalogueChoiceForm(strategy=obj),
        own_form=FieldForm(strategy=obj), nav_active=3,
    )  # fmt: skip
    return render(request, "strategies/fields.html", context)


@login_required
@require_POST
def fields_from_catalogue(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = CatalogueChoiceForm(request.POST, strategy=obj)
    if not form.is_valid():
        return _form_page(
            request,
            obj,
            form,
            title=_("Fields of action from the catalogue"),
            back=_url(obj, "fields"),
        )
    services.add_fields_from_catalogue(obj, form.cleaned_data["entries"])
    messages.success(
        request, _("The fields of action have been added. Describe each with a guiding sentence.")
    )
    return _go(obj, "fields")


@login_required
@require_POST
def field_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = FieldForm(request.POST, instance=FieldOfAction(strategy=obj), strategy=obj)
    if form.is_valid():
        field = services.add_field(form.instance)
        messages.success(request, _("The field of action has been added."))
        return _go(obj, "field", pk=field.pk)
    return _form_page(
        request,
        obj,
        form,
        title=_("Define your own field of action"),
        back=_url(obj, "fields"),
    )


@login_required
@require_http_methods(["GET"])
def field(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_field_for_user(request, slug, strategy, pk)
    obj = item.strategy
    goals = item.goals.prefetch_related("indicators").select_related("parent")
    measures = item.measures.select_related("responsible")
    context = _context(
        request,
        obj,
        field=item,
        goals=goals,
        measures=measures,
        nav_active=3,
    )
    return render(request, "strategies/field.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def field_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_field_for_user(request, slug, strategy, pk, EDIT)
    obj = item.strategy

    def display(saved: FieldOfAction) -> dict:
        shown = _fields_with_counts(obj).get(pk=saved.pk)
        return {"f": shown, **_first_and_last(obj.fields.all(), saved.pk)}

    return InlineEdit(
        request=request, instance=item, make_form=lambda data, **kw: FieldForm(data, strategy=obj, **kw),
        dom_id=f"field-{item.pk}", edit_url=_url(obj, "field_edit", pk=item.pk),
        back=_url(obj, "field", pk=item.pk), title=_("Edit field of action"), name=item.title,
        display_template="strategies/partials/field_item.html", display=display,
        context=_context(request, obj), saved_message=_("The field of action has been saved."),
        delete_url=_url(obj, "field_delete", pk=item.pk),
    ).respond()  # fmt: skip


@login_required
@require_POST
def field_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_field_for_user(request, slug, strategy, pk, EDIT)
    obj = item.strategy
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    move(item, obj.fields.all(), up=form.cleaned_data["direction"] == "up")
    return _go(obj, "fields")


@login_required
@require_POST
def field_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_field_for_user(request, slug, strategy, pk, EDIT)
    obj = item.strategy
    services.delete_field(item)
    messages.success(
        request,
        _("The field of action “%(title)s” has been deleted. Its goals and measures remain.")
        % {"title": item.title},
    )
    return _go(obj, "fields")


# Goals and indicators --------------------------------------------------------------------


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
    if form.is_valid():
        services.add_indicator(form.instance)
        messages.success(request, _("The indicator has been added."))
        return _go(obj, back[0], pk=back[1])
    return _form_page(
        request,
        obj,
        form,
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
    return InlineEdit(
        request=request, instance=indicator, make_form=IndicatorForm, dom_id=f"indicator-{indicator.pk}",
        edit_url=_url(obj, "indicator_edit", pk=indicator.pk), back=_url(obj, back_name, pk=back_pk),
        title=_("Edit indicator"), name=indicator.name, display_template="strategies/partials/indicator.html",
        display=lambda item: {"i": item, "can_change_indicators": True}, context=_context(request, obj),
        saved_message=_("The indicator has been saved."), container="tr", container_class="", colspan=6,
        delete_url=_url(obj, "indicator_delete", pk=indicator.pk),
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


# Measures -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def measures(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    form = MeasureFilterForm(request.GET or None, strategy=obj)
    if request.GET and not form.is_valid():
        return render(
            request,
            "strategies/measures.html",
            _context(request, obj, filter_form=form, measures=[], nav_active=5),
            status=400,
        )
    items = (
        obj.measures.select_related("responsible", "parent")
        .prefetch_related(Prefetch("fields", queryset=FieldOfAction.objects.only("pk", "title")))
        .annotate(
            step_count=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__done=True), distinct=True),
        )
    )
    data = form.cleaned_data if form.is_bound else {}
    if data.get("field"):
        items = items.filter(fields=data["field"])
    if data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("priority"):
        items = items.filter(priority=data["priority"])
    context = _context(request, obj, filter_form=form, measures=items, nav_active=5)
    return render(request, "strategies/measures.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = MeasureForm(request.POST or None, instance=Measure(strategy=obj), strategy=obj)
    if request.method == "POST" and form.is_valid():
        measure = services.add_measure(form.instance, m2m=form.changes()[1])
        messages.success(request, _("The measure has been created."))
        return _go(obj, "measure", pk=measure.pk)
    return _form_page(
        request,
        obj,
        form,
        title=_("New measure"),
        back=_url(obj, "measures"),
    )


@login_required
@require_http_methods(["GET"])
def measure(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_for_user(request, slug, strategy, pk)
    obj = item.strategy
    item = (
        Measure.objects.select_related("responsible", "parent", "partner_municipality")
        .prefetch_related(
            "goals", "fields", "tags__axis", "depends_on", "children", "indicators", "milestones"
        )
        .get(pk=item.pk)
    )
    item.context_municipality = obj.context_municipality
    steps = list(item.steps.select_related("owner"))
    for step in steps:
        step.context_municipality = obj.context_municipality
        step.measure = item
        step.can_tick = request.user.has_perm("strategies.tick_step", step)
    can_edit_measure = request.user.has_perm("strategies.change_measure", item)
    context = _context(
        request, obj, measure=item, steps=steps, can_edit_measure=can_edit_measure,
        profile=measure_profile(item, slug),
        step_form=StepForm(strategy=obj), template_form=ApplyTemplateForm(strategy=obj),
        indicator_form=IndicatorForm(), today=timezone.localdate(), nav_active=5,
    )  # fmt: skip
    return render(request, "strategies/measure.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_for_user(request, slug, strategy, pk, "strategies.change_measure")
    obj = item.strategy
    form = MeasureForm(request.POST or None, instance=item, strategy=obj)
    base = _url(obj, "measure", pk=item.pk)
    page = {"title": _("Edit measure"), "back": base,
            "delete_url": _url(obj, "measure_delete", pk=item.pk) if request.user.has_perm(EDIT, obj.context_municipality) else ""}  # fmt: skip
    conflict = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = save_or_conflict(
            request, form, lambda data, **kw: MeasureForm(data, strategy=obj, **kw)
        )
        if stale is None:
            messages.success(request, _("The measure has been saved."))
            return _go(obj, "measure", pk=item.pk)
        form, conflict = stale.form, stale.rows
    return _form_page(request, obj, form, conflict=conflict, **page)


@login_required
@require_http_methods(["GET", "POST"])
def measure_section_edit(
    request: HttpRequest, slug: str, strategy: int, pk: int, section: str
) -> HttpResponse:
    """One text section of the measure profile (MEASURE_SECTIONS), edited inline."""
    item = get_measure_for_user(request, slug, strategy, pk, "strategies.change_measure")
    if section not in MEASURE_SECTIONS:
        raise Http404
    field, label = MEASURE_SECTIONS[section]
    obj = item.strategy
    return InlineEdit(
        request=request, instance=item, make_form=measure_section_form(field),
        dom_id=f"measure-section-{section}",
        edit_url=reverse("strategies:measure_section", kwargs={"slug": slug, "strategy": obj.pk, "pk": item.pk, "section": section}),
        back=_url(obj, "measure", pk=item.pk), title=_("Edit “%(section)s”") % {"section": label}, name=item.title,
        display_template="strategies/partials/measure_section.html",
        display=lambda saved: {"measure": saved, "slug": section, "label": label, "text": getattr(saved, field),
                               "can_edit_measure": True},
        context=_context(request, obj), saved_message=_("The measure has been saved."),
        container="div", container_class="sw-measure-section",
    ).respond()  # fmt: skip


@login_required
@require_POST
def measure_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_for_user(request, slug, strategy, pk, EDIT)
    obj = item.strategy
    services.delete_measure(item)
    messages.success(
        request, _("The measure “%(title)s” has been deleted.") % {"title": item.title}
    )
    return _go(obj, "measures")


# Steps ----------------------------------------------------------------------------------


@login_required
@require_POST
def step_add(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_for_user(request, slug, strategy, pk, "strategies.change_measure")
    form = StepForm(request.POST, strategy=item.strategy)
    if form.is_valid():
        services.add_step(
            item,
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            due_date=form.cleaned_data["due_date"],
        )
        messages.success(request, _("The step has been added."))
        return _go(item.strategy, "measure", pk=item.pk)
    return _form_page(
        request,
        item.strategy,
        form,
        title=_("Add a step"),
        back=_url(item.strategy, "measure", pk=item.pk),
    )


@login_required
@require_POST
def step_template(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_for_user(request, slug, strategy, pk, "strategies.change_measure")
    form = ApplyTemplateForm(request.POST, strategy=item.strategy)
    if not form.is_valid():
        return _form_page(
            request,
            item.strategy,
            form,
            title=_("Apply a checklist template"),
            back=_url(item.strategy, "measure", pk=item.pk),
        )
    added = services.apply_template(item, form.cleaned_data["template"])
    messages.success(request, _("%(count)s steps have been added.") % {"count": len(added)})
    return _go(item.strategy, "measure", pk=item.pk)


@login_required
@require_POST
def step_toggle(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    step = get_step_for_user(request, slug, strategy, pk, "strategies.tick_step")
    form = ToggleForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    updated = services.set_step_done(step, done=form.cleaned_data["done"])
    if request.htmx:
        updated.owner = step.owner
        updated.can_tick = True
        context = _context(request, step.measure.strategy, step=updated, measure=step.measure, today=timezone.localdate(),
                           can_edit_measure=request.user.has_perm("strategies.change_measure", step.measure))  # fmt: skip
        return render(request, "strategies/partials/step.html", context)
    return _go(step.measure.strategy, "measure", pk=step.measure_id)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    step = get_step_for_user(request, slug, strategy, pk, "strategies.change_step")
    measure = step.measure
    obj = measure.strategy
    measure.context_municipality = obj.context_municipality

    def display(saved: Step) -> dict:
        saved.measure = measure
        saved.context_municipality = obj.context_municipality
        saved.can_tick = request.user.has_perm("strategies.tick_step", saved)
        can_edit_measure = request.user.has_perm("strategies.change_measure", measure)
        return {"step": saved, "measure": measure, "today": timezone.localdate(),
                "can_edit_measure": can_edit_measure}  # fmt: skip

    return InlineEdit(
        request=request, instance=step, make_form=lambda data, **kw: StepForm(data, strategy=obj, **kw),
        dom_id=f"step-{step.pk}", edit_url=_url(obj, "step_edit", pk=step.pk),
        back=_url(obj, "measure", pk=step.measure_id), title=_("Edit step"), name=step.title,
        display_template="strategies/partials/step.html", display=display, context=_context(request, obj),
        saved_message=_("The step has been saved."), delete_url=_url(obj, "step_delete", pk=step.pk),
    ).respond()  # fmt: skip


@login_required
@require_POST
def step_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    step = get_step_for_user(request, slug, strategy, pk, "strategies.change_step")
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    move(
        step,
        Step.objects.filter(measure_id=step.measure_id),
        up=form.cleaned_data["direction"] == "up",
    )
    return _go(step.measure.strategy, "measure", pk=step.measure_id)


@login_required
@require_POST
def step_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    step = get_step_for_user(request, slug, strategy, pk, "strategies.change_step")
    services.delete_step(step)
    return _go(step.measure.strategy, "measure", pk=step.measure_id)


# Checklist templates ----------------------------------------------------------------------


def _template_item(obj: Strategy, template: ChecklistTemplate) -> dict:
    return {"template": template, "own": template.strategy_id == obj.pk}


@login_required
@require_http_methods(["GET"])
def checklist_templates(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """The strategy's own checklist templates (editable) and the global ones (read-only)."""
    obj = get_strategy_for_user(request, slug, strategy)
    return _checklist_templates_page(request, obj, ChecklistTemplateForm(auto_id="template-new-%s"))


def _checklist_templates_page(
    request: HttpRequest, obj: Strategy, form: ChecklistTemplateForm, status: int = 200
) -> HttpResponse:
    templates = list(ChecklistTemplate.objects.filter(Q(strategy=None) | Q(strategy=obj)))
    context = _context(
        request, obj, form=form, nav_active=5,
        own=[t for t in templates if t.strategy_id == obj.pk],
        shared=[t for t in templates if t.strategy_id is None],
    )  # fmt: skip
    return render(request, "strategies/checklist_templates.html", context, status=status)


@login_required
@require_POST
def checklist_template_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = ChecklistTemplateForm(
        request.POST, instance=ChecklistTemplate(strategy=obj), auto_id="template-new-%s"
    )
    if not form.is_valid():
        return _checklist_templates_page(request, obj, form, status=400)
    template = services.add_checklist_template(form.instance)
    messages.success(
        request, _("The checklist template “%(name)s” has been added.") % {"name": template.name}
    )
    return _go(obj, "checklist_templates")


@login_required
@require_http_methods(["GET", "POST"])
def checklist_template_edit(
    request: HttpRequest, slug: str, strategy: int, pk: int
) -> HttpResponse:
    # Only the strategy's own templates: the global ones belong to the operators.
    template = get_checklist_template_for_user(request, slug, strategy, pk, EDIT)
    obj = template.strategy
    return InlineEdit(
        request=request, instance=template, make_form=ChecklistTemplateForm,
        dom_id=f"checklist-template-{template.pk}", edit_url=_url(obj, "checklist_template_edit", pk=template.pk),
        back=_url(obj, "checklist_templates"), title=_("Edit checklist template"), name=template.name,
        display_template="strategies/partials/checklist_template.html",
        display=lambda item: _template_item(obj, item), context=_context(request, obj),
        saved_message=_("The checklist template has been saved."),
        delete_url=_url(obj, "checklist_template_delete", pk=template.pk),
    ).respond()  # fmt: skip


@login_required
@require_POST
def checklist_template_delete(
    request: HttpRequest, slug: str, strategy: int, pk: int
) -> HttpResponse:
    template = get_checklist_template_for_user(request, slug, strategy, pk, EDIT)
    obj = template.strategy
    services.delete_checklist_template(template)
    messages.success(
        request,
        _("The checklist template “%(name)s” has been deleted. Steps already added remain.")
        % {"name": template.name},
    )
    return _go(obj, "checklist_templates")


# Tags -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tags(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    error = ""
    if request.method == "POST":
        if not request.user.has_perm(EDIT, obj.context_municipality):
            raise PermissionDenied
        axis_name = request.POST.get("axis", "").strip()
        tag_name = request.POST.get("tag", "").strip()
        if not axis_name or len(axis_name) > 100 or len(tag_name) > 100:
            error = _(
                "Please give the axis a name of at most 100 characters, and each tag at most 100 characters."
            )
        else:
            services.add_tag(obj, axis_name=axis_name, tag_name=tag_name)
            return _go(obj, "tags")
    axes = obj.tag_axes.prefetch_related(
        Prefetch("tags", queryset=Tag.objects.annotate(n=Count("measures")))
    )
    context = _context(request, obj, axes=axes, error=error, nav_active=5)
    return render(request, "strategies/tags.html", context, status=400 if error else 200)


def _tags_page_context(request: HttpRequest, obj: Strategy) -> dict:
    return _context(request, obj, nav_active=5)


@login_required
@require_http_methods(["GET", "POST"])
def tag_axis_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    axis = get_tag_axis_for_user(request, slug, strategy, pk, EDIT)
    obj = axis.strategy
    return InlineEdit(
        request=request, instance=axis, make_form=TagAxisForm, dom_id=f"tag-axis-{axis.pk}",
        edit_url=_url(obj, "tag_axis_edit", pk=axis.pk), back=_url(obj, "tags"),
        title=_("Rename classification axis"), name=axis.name,
        display_template="strategies/partials/tag_axis.html", display=lambda item: {"axis": item},
        context=_tags_page_context(request, obj), saved_message=_("The axis has been renamed."),
        container="div", container_class="sw-tag-axis",
        delete_url=_url(obj, "tag_axis_delete", pk=axis.pk),
    ).respond()  # fmt: skip


@login_required
@require_POST
def tag_axis_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """Only an empty axis: its tags may classify measures, so they go one by one, knowingly."""
    axis = get_tag_axis_for_user(request, slug, strategy, pk, EDIT)
    obj = axis.strategy
    if axis.tags.exists():
        messages.error(
            request,
            _("The axis “%(name)s” still has tags. Delete its tags first.") % {"name": axis.name},
        )
    else:
        services.delete_tag_axis(axis)
        messages.success(request, _("The axis “%(name)s” has been deleted.") % {"name": axis.name})
    return _go(obj, "tags")


@login_required
@require_http_methods(["GET", "POST"])
def tag_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    tag = get_tag_for_user(request, slug, strategy, pk, EDIT)
    obj = tag.axis.strategy

    def display(item: Tag) -> dict:
        item.n = tag.n  # a rename keeps the measures
        return {"tag": item}

    return InlineEdit(
        request=request, instance=tag, make_form=TagForm, dom_id=f"tag-{tag.pk}",
        edit_url=_url(obj, "tag_edit", pk=tag.pk), back=_url(obj, "tags"),
        title=_("Rename tag"), name=str(tag), display_template="strategies/partials/tag.html",
        display=display, context=_tags_page_context(request, obj),
        saved_message=_("The tag has been renamed."), delete_url=_url(obj, "tag_delete", pk=tag.pk),
    ).respond()  # fmt: skip


@login_required
@require_POST
def tag_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """The measures lose this tag and nothing else. A tag in use is deleted only after a
    confirmation naming how many measures lose it (restoring the tag from its history does
    not give it back to them)."""
    tag = get_tag_for_user(request, slug, strategy, pk, EDIT)
    obj = tag.axis.strategy
    if tag.n and request.POST.get("confirm") != "1":
        context = _tags_page_context(request, obj) | {"tag": tag, "back": _url(obj, "tags")}
        return render(request, "strategies/tag_delete.html", context)
    services.delete_tag(tag)
    messages.success(request, _("The tag “%(name)s” has been deleted.") % {"name": str(tag)})
    return _go(obj, "tags")


# Prioritisation ---------------------------------------------------------------------------


def _matrix_points(items: list) -> list[tuple]:
    """The dots of the effort/benefit matrix: (x, y, label x, label y, label anchor, numbered
    items). Each measure with both values has a number (in the order of the measure list);
    measures on the same spot share a dot and list their numbers together."""
    points: dict[tuple[float, float], list] = {}
    for item in items:  # chart coordinates: a 370-pixel square from (40, 10)
        x = 40 + float(item.effort) * 3.7
        y = 380 - float(item.benefit) * 3.7
        points.setdefault((x, y), []).append(item)
    # The label sits right of its dot; near the right edge above it, where the neighbour to
    # the left cannot reach (the SVG leaves room above the square).
    return [
        (x, y, x, y - 11, "middle", group) if x > 360 else (x, y, x + 9, y + 5, "start", group)
        for (x, y), group in points.items()
    ]


def _priorities_page(
    request: HttpRequest,
    obj: Strategy,
    sort: str,
    errors: list[str] | None = None,
    forms: dict[int, PriorityRowForm] | None = None,
    stale: list | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The criteria, the priority list (one form for all rows the user may change) and the
    effort/benefit matrix. `forms`: bound row forms to show again (errors, conflict)."""
    criteria, items = scored_measures(obj)
    matrix = [s for s in items if s.benefit is not None and s.effort is not None]
    for number, item in enumerate(matrix, 1):
        item.number = number
    items = sort_scored(items, sort)
    matrix = sorted(matrix, key=lambda s: s.number)
    for item in items:
        measure = item.measure
        measure.context_municipality = obj.context_municipality
        item.inputs = [(c, item.values.get(c.pk)) for c in criteria]
        item.form = (forms or {}).get(measure.pk)
        if item.form is None and request.user.has_perm("strategies.change_measure", measure):
            initial = {"state": item.state, "priority": measure.priority}
            initial |= {f"c{c}": value for c, value in item.values.items()}
            item.form = PriorityRowForm(measure=measure, criteria=criteria, initial=initial)
        if item.form is not None:
            # Each input with the link to its value's history (when there is a value).
            item.cells = [
                (item.form[f"c{c.pk}"], item.score_ids.get(c.pk)) for c in item.form.criteria
            ]
    by_pk = {item.measure.pk: item for item in items}
    conflicts = [by_pk[m.pk] for m in stale or [] if m.pk in by_pk]
    if status is None:
        status = 409 if stale else 400 if errors else 200
    context = _context(
        request, obj, criteria=criteria, items=items, matrix=matrix, points=_matrix_points(matrix),
        criterion_form=CriterionForm(), sort=sort, errors=errors or [], conflicts=conflicts,
        can_assess=any(item.form for item in items), nav_active=6,
    )  # fmt: skip
    return render(request, "strategies/priorities.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def priorities(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    sort_form = PrioritySortForm(request.GET)
    if not sort_form.is_valid():
        return _priorities_page(
            request, obj, "score", [_("Please choose one of the listed sort orders.")]
        )
    return _priorities_page(request, obj, sort_form.cleaned_data.get("sort") or "score")


@login_required
@require_POST
def criterion_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = CriterionForm(request.POST, instance=PriorityCriterion(strategy=obj))
    if form.is_valid():
        services.add_criterion(form.instance)
        return _go(obj, "priorities")
    return _form_page(
        request,
        obj,
        form,
        title=_("Add a criterion"),
        back=_url(obj, "priorities"),
    )


@login_required
@require_POST
def criterion_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request, slug, strategy, pk, EDIT)
    services.delete_criterion(criterion)
    return _go(criterion.strategy, "priorities")


_ROW_KEY = re.compile(r"^m(\d+)-state$")


@login_required
@require_POST
def priorities_save(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """Save the whole priority list: the priority and criteria values of every row sent.

    All or nothing: a row with a bad value gives 400, a row somebody else changed since the
    page was loaded gives 409 naming the measure; the typed input is shown again either way."""
    obj = get_strategy_for_user(request, slug, strategy)
    municipality = obj.context_municipality
    # Editors assess every measure, contributors the ones they lead; nobody else any.
    if not (
        can_edit_content(request.user, municipality)
        or has_role(Role.CONTRIBUTOR)(request.user, municipality)
    ):
        raise PermissionDenied
    sort_form = PrioritySortForm(request.GET)
    sort = (sort_form.cleaned_data.get("sort") if sort_form.is_valid() else "") or "score"
    sent = [int(m.group(1)) for key in request.POST if (m := _ROW_KEY.match(key))]
    if not sent:
        return _priorities_page(request, obj, sort, [_("There is nothing to save.")])
    measures = {m.pk: m for m in obj.measures.select_related("responsible").filter(pk__in=sent)}
    if len(measures) < len(sent):
        return _priorities_page(
            request, obj, sort,
            [_("A measure of the list has been deleted in the meantime. Nothing was saved; please check the list and save again.")],
            status=409,
        )  # fmt: skip
    for measure in measures.values():
        measure.context_municipality = obj.context_municipality
        if not request.user.has_perm("strategies.change_measure", measure):
            raise PermissionDenied
    criteria = list(obj.criteria.all())
    # Rows sent exactly as stored are valid and change nothing: no form for them (a form per
    # row made saving a long list slow); the page shows them from the database alike.
    unchanged = unchanged_rows(request.POST, measures, criteria)
    forms = {
        pk: PriorityRowForm(request.POST, measure=measure, criteria=criteria)
        for pk, measure in measures.items()
        if pk not in unchanged
    }
    invalid = [form for form in forms.values() if not form.is_valid()]
    if invalid:
        errors = [
            f"{form.measure.title}: {error}"
            for form in invalid
            for field_errors in form.errors.values()
            for error in field_errors
        ]
        return _priorities_page(request, obj, sort, errors, forms=forms)
    try:
        services.save_assessments([form.row() for form in forms.values()])
    except services.StaleAssessmentError as error:
        # Show the typed input again, carrying the rows' current state: saving again replaces
        # what the other person saved, knowingly.
        _criteria, items = scored_measures(obj)
        states = {item.measure.pk: item.state for item in items}
        data = request.POST.copy()
        for measure in error.stale:
            if measure.pk in states:
                data[f"m{measure.pk}-state"] = states[measure.pk]
        forms = {
            pk: PriorityRowForm(data, measure=measure, criteria=criteria)
            for pk, measure in measures.items()
        }
        return _priorities_page(request, obj, sort, forms=forms, stale=error.stale)
    messages.success(request, _("The priority list has been saved."))
    return redirect(
        _url(obj, "priorities") + (f"?sort={sort}" if sort != "score" else "") + "#priority-list"
    )
