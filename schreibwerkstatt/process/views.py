from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.audit.models import Kind as AuditKind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.paths import path_for_each
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import get_municipality_for_user
from schreibwerkstatt.strategies.current import current_strategy
from schreibwerkstatt.strategies.rules import get_strategy_for_user, remember, strategies_of

from . import services
from .check import find_gaps, gaps_by_phase, judged_by
from .cycle import cycle_progress, next_step
from .forms import EditItemForm, ItemForm, StartForm, ToggleForm
from .models import ChecklistItem
from .phases import PHASE_BY_NUMBER
from .rules import get_item_for_user

OPEN_ITEMS_ON_DASHBOARD = 15


def _chosen_strategy(request: HttpRequest, municipality: Municipality):
    """The strategy whose progress the page shows: the one chosen with ?strategie=<id> (then
    remembered), else the one the person works on (strategies/current.py)."""
    chosen = request.GET.get("strategie", "")
    if chosen.isdigit() and len(chosen) <= 18:  # larger numbers overflow the database's integer
        strategy = strategies_of(municipality).filter(pk=int(chosen)).first()
        if strategy is not None:
            strategy.context_municipality = municipality
            remember(request, strategy, municipality)
            return strategy
    return current_strategy(request, municipality)


@login_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "process.view_process")
    strategy = _chosen_strategy(request, municipality)
    progress = cycle_progress(municipality, strategy)
    open_items = ChecklistItem.objects.filter(municipality=municipality).open()
    strategies = list(strategies_of(municipality).order_by("-updated_at", "-pk")[:10])
    context = {
        "municipality": municipality,
        "strategy": strategy,
        "progress": progress,
        "next_step": next_step(municipality, progress),
        "open_items": open_items.select_related("assignee").order_by(
            F("due_date").asc(nulls_last=True), "phase", "position"
        )[:OPEN_ITEMS_ON_DASHBOARD],
        "open_count": sum(p.items_total - p.items_done for p in progress.phases),
        "strategies": strategies,
        "gaps": progress.figures.get("gaps", 0),
        "can_start": request.user.has_perm("strategies.add_strategy", municipality),
        "nav_active": "dashboard",
    }
    return render(request, "process/dashboard.html", context)


def _phase_context(request: HttpRequest, municipality: Municipality, number: int) -> dict:
    info = PHASE_BY_NUMBER.get(number)
    if info is None:
        raise Http404
    items = list(
        ChecklistItem.objects.filter(municipality=municipality, phase=number).for_display()
    )
    can_edit = request.user.has_perm("process.change_checklist", municipality)
    toggle_path = path_for_each("process:toggle_item", slug=municipality.slug)
    move_path = path_for_each("process:move_item", slug=municipality.slug)
    edit_path = path_for_each("process:edit_item", slug=municipality.slug)
    for item in items:
        # What partials/item.html shows of the item, worked out here once: the list writes
        # its rows with {% rows %}, which puts these values into one render per kind of row.
        item.municipality = municipality
        item.can_tick = can_edit or item.assignee_id == request.user.pk
        item.at_top, item.at_bottom = item is items[0], item is items[-1]
        item.assignee_name = item.assignee.name if item.assignee else None
        item.due_on = date_format(item.due_date, "SHORT_DATE_FORMAT") if item.due_date else ""
        item.reference_on = (
            date_format(item.reference_date, "SHORT_DATE_FORMAT") if item.reference_date else ""
        )
        item.toggle_url = toggle_path(item.pk)
        item.move_url = move_path(item.pk)
        item.edit_url = edit_path(item.pk)
    # The phase's progress counts its automatic criteria and its checklist together.
    strategy = _chosen_strategy(request, municipality)
    progress = cycle_progress(municipality, strategy)
    phase_progress = progress.phase(number)
    return {
        "municipality": municipality,
        "info": info,
        "items": items,
        "strategy": strategy,
        "progress": progress,
        "phase_progress": phase_progress,
        "done": phase_progress.done,
        "total": phase_progress.total,
        "percent": phase_progress.percent,
        "can_edit": can_edit,
        "can_start": request.user.has_perm("strategies.add_strategy", municipality),
        "previous": PHASE_BY_NUMBER.get(number - 1),
        "next": PHASE_BY_NUMBER.get(number + 1),
        "nav_active": number,
        "phase_page": True,  # the cycle's navigation marks it (strategy pages share nav_active)
    }


GAPS_PER_CRITERION = 5


def _hub_context(municipality: Municipality, number: int, context: dict) -> dict:
    """What the phase page shows besides its checklist (`context`, _phase_context): its
    criteria with the reasons they are not met (a few gaps each, linked to where they are
    fixed), its tools and the next step (the guide is the page help above the content)."""
    strategy, progress = context["strategy"], context["progress"]
    phase_progress = progress.phase(number)
    unmet = [state for state in phase_progress.criteria if state.gaps]
    reasons: dict[str, list] = {}
    if strategy is not None and unmet:
        rules = list({r.key: r for state in unmet for r in judged_by(state.criterion)}.values())
        for gap in find_gaps(strategy, municipality.slug, rules, limit=GAPS_PER_CRITERION):
            reasons.setdefault(gap.rule, []).append(gap)
    criteria = [
        {
            "state": state,
            "gaps": [g for rule in judged_by(state.criterion) for g in reasons.get(rule.key, ())][
                :GAPS_PER_CRITERION
            ],
        }
        for state in phase_progress.criteria
    ]
    tools = []
    for tool in PHASE_BY_NUMBER[number].tools:
        if tool.municipality_page:
            tools.append((tool, reverse(tool.url_name, kwargs={"slug": municipality.slug})))
        elif strategy is not None:
            kwargs = {"slug": municipality.slug, "strategy": strategy.pk}
            tools.append((tool, reverse(tool.url_name, kwargs=kwargs)))
    return {
        "criteria": criteria,
        "tools": tools,
        "next_step": next_step(municipality, progress),
    }


@login_required
@require_http_methods(["GET"])
def phase(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "process.view_process")
    context = _phase_context(request, municipality, number)
    context.update(_hub_context(municipality, number, context))
    if context["can_edit"]:
        context["form"] = ItemForm(municipality=municipality)
    return render(request, "process/phase.html", context)


@login_required
@require_POST
def add_item(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "process.change_checklist")
    if number not in PHASE_BY_NUMBER:
        raise Http404
    form = ItemForm(request.POST, municipality=municipality)
    if form.is_valid():
        services.add_item(municipality, phase=number, **form.cleaned_data, by=request.user)
        messages.success(request, _("The task has been added."))
        return redirect("process:phase", slug=slug, number=number)
    context = _phase_context(request, municipality, number)
    context.update(_hub_context(municipality, number, context))
    return render(request, "process/phase.html", {**context, "form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_item_for_user(request, slug, pk, "process.change_checklist")
    municipality = item.municipality
    initial = {
        "title": item.title,
        "assignee": item.assignee,
        "due_date": item.due_date,
        "reference": item.reference,
        "reference_date": item.reference_date,
        "version": item.version,
    }
    form = EditItemForm(request.POST or None, initial=initial, municipality=municipality)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_item(
                item,
                expected_version=data["version"],
                title=data["title"],
                assignee=data["assignee"],
                due_date=data["due_date"],
                reference=data["reference"],
                reference_date=data["reference_date"],
                by=request.user,
            )
        except services.StaleEditError as error:
            conflict = error.current
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = EditItemForm(data, municipality=municipality)
            form.is_valid()
        else:
            messages.success(request, _("The task has been saved."))
            return redirect("process:phase", slug=slug, number=item.phase)
    status = 409 if conflict else 400 if form.errors else 200
    context = {
        "municipality": municipality,
        "item": item,
        "form": form,
        "conflict": conflict,
        "info": PHASE_BY_NUMBER[item.phase],
    }
    return render(request, "process/edit_item.html", context, status=status)


def _posted_item(
    request: HttpRequest, slug: str, pk: int, permission: str, form_class: type[forms.Form]
) -> tuple[ChecklistItem, dict | None]:
    """The checklist item of the URL and the cleaned data of the posted form (None when invalid)."""
    item = get_item_for_user(request, slug, pk, permission)
    form = form_class(request.POST)
    return item, form.cleaned_data if form.is_valid() else None


@login_required
@require_POST
def toggle_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item, data = _posted_item(request, slug, pk, "process.tick_checklistitem", ToggleForm)
    if data is None:
        return HttpResponse(_("Invalid request."), status=400)
    updated = services.set_item_done(item, done=data["done"])
    if request.htmx:
        context = _phase_context(request, item.municipality, updated.phase)
        # The item as _phase_context prepared it: it knows whether it stands at an edge, so
        # the move buttons there stay aria-disabled after the swap.
        context["item"] = next(i for i in context["items"] if i.pk == updated.pk)
        return render(request, "process/partials/item_toggled.html", context)
    return redirect("process:phase", slug=slug, number=updated.phase)


@login_required
@require_POST
def move_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item, data = _posted_item(request, slug, pk, "process.change_checklist", MoveForm)
    if data is None:
        return HttpResponse(_("Invalid request."), status=400)
    services.move_item(item, up=data["direction"] == "up")
    if request.htmx:
        context = _phase_context(request, item.municipality, item.phase)
        return render(request, "process/partials/checklist.html", context)
    return redirect("process:phase", slug=slug, number=item.phase)


@login_required
@require_POST
def delete_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_item_for_user(request, slug, pk, "process.change_checklist")
    services.delete_item(item)
    messages.success(request, _("The task “%(title)s” has been deleted.") % {"title": item.title})
    return redirect("process:phase", slug=slug, number=item.phase)


# Guided start ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's first steps in one form: its strategy's title and period, the
    mandate and the core team; then the first phase of the cycle."""
    municipality = get_municipality_for_user(request, slug, "strategies.add_strategy")
    can_invite = request.user.has_perm("municipalities.manage_members", municipality)
    form = StartForm(request.POST or None, municipality=municipality, can_invite=can_invite)
    if request.method == "POST" and form.is_valid():
        strategy, invitations = services.start_strategy(
            municipality,
            user=request.user,
            base_url=request.build_absolute_uri("/")[:-1],
            **form.cleaned_data,
        )
        for invitation in invitations:
            record(
                AuditKind.INVITATION_SENT,
                request=request,
                municipality=municipality,
                obj=invitation,
                details={"email": invitation.email, "role": invitation.role},
            )
        remember(request, strategy, municipality)
        messages.success(
            request,
            _("The strategy “%(title)s” has been created. Here is the first phase of the cycle.")
            % {"title": strategy.title},
        )
        return redirect("process:phase", slug=slug, number=0)
    context = {
        "municipality": municipality,
        "form": form,
        "has_strategy": strategies_of(municipality).exists(),
        "nav_active": "dashboard",
    }
    return render(request, "process/start.html", context, status=400 if form.errors else 200)


# Strategie-Check --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def check(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    municipality = obj.context_municipality
    gaps = find_gaps(obj, slug)
    context = {
        "municipality": municipality,
        "strategy": obj,
        "can_edit": request.user.has_perm("strategies.change_strategy", municipality),
        "groups": gaps_by_phase(gaps),
        "gap_count": len(gaps),
        "nav_active": "check",
    }
    return render(request, "process/check.html", context)
