"""Implementation tracking: the dashboard ("Umsetzung"), its lists, indicator values with
their chart and traffic light, and recording status updates of measures."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.locking import StaleEditError, save_versioned
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step, Strategy
from schreibwerkstatt.strategies.rules import get_measure_for_user, get_strategy_for_user

from . import services
from .charts import indicator_chart
from .forms import (
    IndicatorListFilter,
    IndicatorValueForm,
    MeasureListFilter,
    NoneOption,
    StaleSettingsForm,
    StatusUpdateForm,
    StepListFilter,
)
from .queries import assessed_indicators, planned_costs, stale_q
from .queries import dashboard as dashboard_data
from .rules import (
    DELETE_STATUS,
    DELETE_VALUE,
    RECORD_STATUS,
    RECORD_VALUE,
    get_indicator_for_user,
    get_indicator_value_for_user,
    get_status_update_for_user,
)
from .traffic_light import assess_indicator, expected_value

NAV = "implementation"


def _context(request: HttpRequest, strategy: Strategy, **extra: Any) -> dict[str, Any]:
    municipality = strategy.context_municipality
    return {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm("strategies.change_strategy", municipality),
        "nav_active": NAV,
        "today": timezone.localdate(),
        **extra,
    }


def _url(strategy: Strategy, name: str, **kwargs: int) -> str:
    slug = strategy.context_municipality.slug
    return reverse(name, kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


# Dashboard and its lists ------------------------------------------------------------------


EDIT = "strategies.change_strategy"


def _dashboard_page(
    request: HttpRequest,
    obj: Strategy,
    settings_form: StaleSettingsForm | None = None,
    status: int = 200,
    conflict: int | None = None,
) -> HttpResponse:
    can_configure = request.user.has_perm(EDIT, obj.context_municipality)
    if settings_form is None and can_configure:
        settings_form = StaleSettingsForm(strategy=obj)
    context = _context(
        request,
        obj,
        data=dashboard_data(obj, timezone.localdate()),
        statuses=Measure.Status.choices,
        can_configure=can_configure,
        settings_form=settings_form,
        conflict_days=conflict,
    )
    return render(request, "monitoring/dashboard.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _dashboard_page(request, get_strategy_for_user(request, slug, strategy))


@login_required
@require_POST
def stale_settings(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = StaleSettingsForm(request.POST, strategy=obj)
    if not form.is_valid():
        return _dashboard_page(request, obj, form, status=400)
    try:
        save_versioned(
            obj,
            expected_version=form.cleaned_data["version"],
            changes={"stale_after_days": form.cleaned_data["stale_after_days"]},
        )
    except StaleEditError as error:
        current = error.current
        current.context_municipality = obj.context_municipality
        data = request.POST.copy()
        data["version"] = str(current.version)
        fresh = StaleSettingsForm(data, strategy=current)
        fresh.is_valid()
        return _dashboard_page(
            request, current, fresh, status=409, conflict=current.stale_after_days
        )
    messages.success(request, _("The setting has been saved."))
    return redirect(_url(obj, "monitoring:dashboard") + "#settings")


def _filter_field(items: QuerySet, field: str | None, lookup: str) -> QuerySet:
    """`items` narrowed to a FieldFilter's choice: one field of action, none, or all."""
    if field == NoneOption.VALUE:
        return items.filter(**{lookup: None})
    if field:
        return items.filter(**{lookup: field})
    return items


def _filtered_list(
    request: HttpRequest,
    obj: Strategy,
    form: forms.Form,
    name: str,
    select: Callable[[dict[str, Any]], tuple[Any, bool]],
) -> HttpResponse:
    """The list page `name` with its filter form. An invalid filter answers 400 with an empty
    list; else `select(cleaned data)` gives the items and whether a filter narrowed them."""
    template = f"monitoring/{name}.html"
    if request.GET and not form.is_valid():
        context = _context(request, obj, form=form, filtered=True, **{name: []})
        return render(request, template, context, status=400)
    items, filtered = select(form.cleaned_data if form.is_bound else {})
    return render(
        request, template, _context(request, obj, form=form, filtered=filtered, **{name: items})
    )


def _list_page(
    name: str, make_form: Callable[[Any, Strategy], forms.Form]
) -> Callable[[Callable[..., tuple[Any, bool]]], Callable[..., HttpResponse]]:
    """Make `select(request, strategy, cleaned data)` the GET view of the filtered list page
    `name`; `make_form(request.GET or None, strategy)` builds its filter form."""

    def decorate(select: Callable[..., tuple[Any, bool]]) -> Callable[..., HttpResponse]:
        @login_required
        @require_http_methods(["GET"])
        @wraps(select)
        def view(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
            obj = get_strategy_for_user(request, slug, strategy)
            form = make_form(request.GET or None, obj)
            return _filtered_list(request, obj, form, name, lambda data: select(request, obj, data))

        return view

    return decorate


@_list_page("measures", lambda data, obj: MeasureListFilter(data, strategy=obj))
def measures(request: HttpRequest, obj: Strategy, data: dict[str, Any]) -> tuple[QuerySet, bool]:
    today = timezone.localdate()
    items = (
        obj.measures.select_related("responsible")
        .prefetch_related(Prefetch("fields", queryset=FieldOfAction.objects.only("pk", "title")))
        .annotate(
            step_count=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__done=True), distinct=True),
            is_stale=Count("pk", filter=stale_q(obj, today), distinct=True),
        )
        .order_by("position", "pk")
    )
    items = _filter_field(items, data.get("field"), "fields")
    if data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("stale"):
        items = items.filter(stale_q(obj, today))
    if data.get("undated"):
        items = items.filter(Q(cost_one_off__gt=0) | Q(cost_running__gt=0), start__isnull=True)
    if data.get("year") is not None:
        items = items.filter(pk__in=planned_costs(obj).measures_by_year.get(data["year"], set()))
    return items, any(data.values()) if data else False


@_list_page("steps", lambda data, obj: StepListFilter(data, strategy=obj))
def steps(request: HttpRequest, obj: Strategy, data: dict[str, Any]) -> tuple[QuerySet, bool]:
    today = timezone.localdate()
    items = (
        Step.objects.filter(measure__strategy=obj)
        .select_related("measure", "owner")
        .order_by("done", "due_date", "measure__position", "position", "pk")
    )
    items = _filter_field(items, data.get("field"), "measure__fields")
    state = data.get("state")
    if state == "open":
        items = items.filter(done=False)
    elif state == "done":
        items = items.filter(done=True)
    elif state == "overdue":
        items = items.overdue(today)
    return items, any(data.values()) if data else False


@_list_page("indicators", lambda data, obj: IndicatorListFilter(data))
def indicators(request: HttpRequest, obj: Strategy, data: dict[str, Any]) -> tuple[list, bool]:
    items = assessed_indicators(obj)
    for item in items:
        # An indicator without a baseline date is never assessed: link those who may fix it.
        item.context_municipality = obj.context_municipality
        may_fix = item.baseline_date is None and request.user.has_perm(RECORD_VALUE, item)
        item.edit_url = _url(obj, "strategies:indicator_edit", pk=item.pk) if may_fix else ""
    level = data.get("level")
    if level:
        items = [i for i in items if i.assessment.level == level]
    return items, bool(level)


# Indicator values -------------------------------------------------------------------------


def _indicator_page(
    request: HttpRequest, indicator, form: IndicatorValueForm | None = None, status: int = 200
) -> HttpResponse:
    obj = indicator.strategy
    today = timezone.localdate()
    values = list(indicator.values.select_related("author"))
    has_plan = (
        None
        not in (
            indicator.baseline_value,
            indicator.baseline_date,
            indicator.target_value,
            indicator.target_date,
        )
        and indicator.target_date > indicator.baseline_date
    )
    for value in values:
        value.expected = (
            expected_value(
                indicator.baseline_value,
                indicator.baseline_date,
                indicator.target_value,
                indicator.target_date,
                value.date,
            )
            if has_plan
            else None
        )
    newest = max(values, key=lambda v: (v.date, v.created_at, v.pk), default=None)
    assessment = assess_indicator(
        indicator, newest.value if newest else None, newest.date if newest else None
    )
    baseline = (
        (indicator.baseline_date, indicator.baseline_value)
        if indicator.baseline_date and indicator.baseline_value is not None
        else None
    )
    target = (
        (indicator.target_date, indicator.target_value)
        if indicator.target_date and indicator.target_value is not None
        else None
    )
    chart = indicator_chart(
        values=[(v.date, v.value) for v in values], baseline=baseline, target=target, today=today
    )
    can_record = request.user.has_perm(RECORD_VALUE, indicator)
    if form is None and can_record:
        form = IndicatorValueForm(indicator=indicator)
    context = _context(
        request,
        obj,
        indicator=indicator,
        values=values,
        newest=newest,
        assessment=assessment,
        chart=chart,
        form=form,
        can_record=can_record,
        can_delete=request.user.has_perm(DELETE_VALUE, indicator),
    )
    return render(request, "monitoring/indicator.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def indicator(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    return _indicator_page(request, get_indicator_for_user(request, slug, strategy, pk))


@login_required
@require_POST
def indicator_value_add(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_indicator_for_user(request, slug, strategy, pk, RECORD_VALUE)
    form = IndicatorValueForm(request.POST, indicator=item)
    if not form.is_valid():
        return _indicator_page(request, item, form, status=400)
    services.record_indicator_value(item, author=request.user, **form.cleaned_data)
    messages.success(request, _("The value has been recorded."))
    return redirect(_url(item.strategy, "monitoring:indicator", pk=item.pk))


@login_required
@require_POST
def indicator_value_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    value = get_indicator_value_for_user(request, slug, strategy, pk, DELETE_VALUE)
    services.delete_indicator_value(value)
    messages.success(
        request,
        _("The value of %(date)s has been deleted.") % {"date": value.date.strftime("%d.%m.%Y")},
    )
    return redirect(_url(value.indicator.strategy, "monitoring:indicator", pk=value.indicator_id))


# Status updates ---------------------------------------------------------------------------


@login_required
@require_POST
def status_update_add(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_for_user(request, slug, strategy, pk)
    if not request.user.has_perm(RECORD_STATUS, item):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST, measure=item)
    if not form.is_valid():
        context = _context(request, item.strategy, measure=item, form=form)
        return render(request, "monitoring/status_form.html", context, status=400)
    services.record_status_update(item, author=request.user, **form.cleaned_data)
    messages.success(request, _("The status update has been recorded."))
    return redirect(_url(item.strategy, "strategies:measure", pk=item.pk) + "#status-updates")


@login_required
@require_POST
def status_update_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    update = get_status_update_for_user(request, slug, strategy, pk, DELETE_STATUS)
    services.delete_status_update(update)
    messages.success(
        request,
        _("The status update of %(date)s has been deleted.")
        % {"date": update.date.strftime("%d.%m.%Y")},
    )
    return redirect(
        _url(update.measure.strategy, "strategies:measure", pk=update.measure_id)
        + "#status-updates"
    )
