"""The strategies of a municipality; a strategy's overview, settings and programme phases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from .. import services
from ..figures import field_rows, strategy_figures
from ..forms import PartnerForm, ProgrammePhaseForm, StrategyForm
from ..models import Measure, ProgrammePhase
from ..panels import overview_panels
from ..partnerships import open_invitations_for, partnerships_shown_in
from ..rules import (
    get_programme_phase_for_user,
    get_strategy_for_user,
    remember,
    strategies_of,
)
from .common import EDIT, InlineEdit, _add, _context, _go, _status, _url


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
        remember(request, strategy, municipality)
        messages.success(
            request, _("The strategy has been created. Here is the first phase of the cycle.")
        )
        # The cycle begins with the preparation, not with the fields of action.
        return redirect("process:phase", slug=slug, number=0)
    context = {"municipality": municipality, "form": form, "title": _("New strategy"),
               "back": reverse("strategies:list", kwargs={"slug": slug}), "nav_active": "strategies"}  # fmt: skip
    return render(request, "strategies/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    remember(request, obj, obj.context_municipality)  # the cycle's progress follows it
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
        panels=overview_panels(request, obj, figures),
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
    return _add(
        request,
        obj,
        form,
        services.add_programme_phase,
        to="edit",
        message=_("The programme phase has been added."),
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
    return InlineEdit.of_entry(
        request, obj, phase, "phase", make_form=ProgrammePhaseForm, back=_url(obj, "edit"),
        title=_("Edit programme phase"), name=phase.name, display_template="strategies/partials/phase.html",
        display=lambda item: {"p": item}, saved_message=_("The programme phase has been saved."),
    ).respond()  # fmt: skip
