from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import get_municipality_for_user
from schreibwerkstatt.strategies.figures import strategy_figures
from schreibwerkstatt.strategies.rules import get_strategy_for_user, strategies_of

from . import services
from .check import find_gaps, gaps_by_phase
from .forms import EditItemForm, ItemForm, ToggleForm
from .models import ChecklistItem
from .phases import PHASE_BY_NUMBER, PHASES
from .rules import get_item_for_user

OPEN_ITEMS_ON_DASHBOARD = 15


def _phase_rows(municipality: Municipality) -> tuple[list[dict], int, int]:
    progress = ChecklistItem.objects.filter(municipality=municipality).progress_by_phase()
    rows, done_all, total_all = [], 0, 0
    for info in PHASES:
        done, total = progress.get(info.number, (0, 0))
        done_all += done
        total_all += total
        rows.append({"info": info, "done": done, "total": total, "percent": _percent(done, total)})
    return rows, done_all, total_all


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


@login_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "process.view_process")
    rows, done, total = _phase_rows(municipality)
    open_items = ChecklistItem.objects.filter(municipality=municipality).open()
    context = {
        "municipality": municipality,
        "phase_rows": rows,
        "done": done,
        "total": total,
        "percent": _percent(done, total),
        "open_items": open_items.select_related("assignee").order_by(
            F("due_date").asc(nulls_last=True), "phase", "position"
        )[:OPEN_ITEMS_ON_DASHBOARD],
        "open_count": total - done,
        "strategies": [(s, strategy_figures(s)["gaps"]) for s in strategies_of(municipality)[:5]],
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
    done = sum(1 for item in items if item.done)
    can_edit = request.user.has_perm("process.change_checklist", municipality)
    for item in items:
        item.municipality = municipality
        item.can_tick = can_edit or item.assignee_id == request.user.pk
    return {
        "municipality": municipality,
        "info": info,
        "items": items,
        "done": done,
        "total": len(items),
        "percent": _percent(done, len(items)),
        "can_edit": can_edit,
        "previous": PHASE_BY_NUMBER.get(number - 1),
        "next": PHASE_BY_NUMBER.get(number + 1),
        "nav_active": number,
    }


@login_required
@require_http_methods(["GET"])
def phase(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "process.view_process")
    context = _phase_context(request, municipality, number)
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
        services.add_item(municipality, phase=number, **form.cleaned_data)
        messages.success(request, _("The task has been added."))
        return redirect("process:phase", slug=slug, number=number)
    context = _phase_context(request, municipality, number)
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
        items = list(context["items"])
        index = next(n for n, i in enumerate(items) if i.pk == updated.pk)
        # Rendered outside the list's loop: tell the partial where the item stands, so the
        # move buttons at the edges stay aria-disabled after the swap.
        context.update(item=items[index], at_top=index == 0, at_bottom=index == len(items) - 1)
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
