"""The measure list, a measure's page (its profile) and its edit forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict

from .. import assignments, services
from ..forms import (
    MEASURE_SECTIONS,
    ApplyTemplateForm,
    IndicatorForm,
    MeasureFilterForm,
    MeasureForm,
    StepForm,
    measure_section_form,
)
from ..models import FieldOfAction, Measure
from ..profile import measure_profile
from ..rules import get_measure_for_user, get_strategy_for_user
from .common import EDIT, InlineEdit, _add, _context, _form_page, _go, _url


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
    # Not sent (GET), the form is unbound and not valid: the empty form page.
    form = MeasureForm(request.POST or None, instance=Measure(strategy=obj), strategy=obj)
    return _add(
        request,
        obj,
        form,
        lambda measure: services.add_measure(measure, m2m=form.changes()[1], by=request.user),
        to=lambda measure: _go(obj, "measure", pk=measure.pk),
        message=_("The measure has been created."),
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
            request,
            form,
            lambda data, **kw: MeasureForm(data, strategy=obj, **kw),
            save=lambda: assignments.save_assigning(form, "responsible", by=request.user),
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
