"""Roadmap views: the chart and the table of the same data, chart downloads, rescheduling a
measure, milestones and the proposed schedule."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.audit.models import Kind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.strategies.models import Measure, Milestone, Strategy
from schreibwerkstatt.strategies.rules import get_measure_for_user, get_strategy_for_user

from . import schedule, services
from .chart import cached_svg, describe, render_png, render_svg
from .forms import (
    PAPER_A3,
    ApplyProposalForm,
    MilestoneForm,
    RescheduleForm,
    RoadmapFilterForm,
    versions_field,
)
from .rules import get_milestone_for_user
from .timeline import Roadmap, load_items, load_roadmap

EDIT = "strategies.change_strategy"
CHANGE_MEASURE = "strategies.change_measure"
CONFLICTS_LISTED = 10  # per kind, above the chart and the table


def _day(day: date | None) -> str:
    return "–" if day is None else date_format(day, "SHORT_DATE_FORMAT")


def _url(strategy: Strategy, name: str, **kwargs: int) -> str:
    slug = strategy.context_municipality.slug
    return reverse(name, kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


def _context(request: HttpRequest, strategy: Strategy, **extra) -> dict:
    municipality = strategy.context_municipality
    return {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm(EDIT, municipality),
        "nav_active": "roadmap",
        **extra,
    }


# The chart and the table ------------------------------------------------------------------


def _roadmap_request(
    request: HttpRequest, slug: str, strategy: int
) -> tuple[Strategy, RoadmapFilterForm, Roadmap | None]:
    """The strategy, the validated view settings and the roadmap (None for bad settings)."""
    obj = get_strategy_for_user(request, slug, strategy)
    axes = list(obj.tag_axes.all())
    has_partners = obj.partnerships.exists()
    form = RoadmapFilterForm(
        request.GET or None, strategy=obj, axes=axes, has_partners=has_partners
    )
    if form.is_bound and not form.is_valid():
        return obj, form, None
    settings = form.settings()
    roadmap = load_roadmap(
        obj,
        grouping=settings["group"],
        status=settings["status"],
        priority=settings["priority"],
        today=timezone.localdate(),
    )
    return obj, form, roadmap


def _mark_editable(request: HttpRequest, roadmap: Roadmap) -> None:
    """Set `can_edit` on every measure (roles are cached: no queries)."""
    municipality = roadmap.strategy.context_municipality
    for measure in roadmap.measures.values():
        measure.context_municipality = municipality
        measure.can_edit = request.user.has_perm(CHANGE_MEASURE, measure)


def _page(
    request: HttpRequest, slug: str, strategy: int, *, view: str, render_chart: bool = False
) -> HttpResponse:
    obj, form, roadmap = _roadmap_request(request, slug, strategy)
    template = f"roadmap/{view}.html"
    if roadmap is None:
        context = _context(request, obj, filter_form=form, roadmap=None, view=view)
        return render(request, template, context, status=400)
    _mark_editable(request, roadmap)
    settings = form.settings()
    context = _context(
        request,
        obj,
        filter_form=form,
        roadmap=roadmap,
        view=view,
        query=request.GET.urlencode(),
        a3=settings["paper"] == PAPER_A3,
        # The first conflicts of each kind; the table view marks every one at its measure.
        dependency_conflicts=[
            (roadmap.measures[c.measure], roadmap.measures[c.prerequisite], c)
            for c in roadmap.dependency_conflicts[:CONFLICTS_LISTED]
        ],
        milestone_conflicts=[
            (roadmap.milestones[c.milestone], roadmap.measures[c.measure], c)
            for c in roadmap.milestone_conflicts[:CONFLICTS_LISTED]
        ],
    )
    count = len(roadmap.dependency_conflicts) + len(roadmap.milestone_conflicts)
    context["conflict_count"] = count
    context["conflicts_not_listed"] = (
        count - len(context["dependency_conflicts"]) - len(context["milestone_conflicts"])
    )
    if view == "chart":
        context |= _chart_context(roadmap, render=render_chart)
    return render(request, template, context)


def _chart_context(roadmap: Roadmap, *, render: bool) -> dict:
    """The chart's SVG (rendered when `render`, else only if it is in the cache, else
    `pending`: the page then fetches it from chart_figure) and its description."""
    context: dict = {"has_chart": bool(roadmap.groups or roadmap.phases or roadmap.strategy_milestones)}  # fmt: skip
    context["title"], context["description"] = describe(roadmap)
    if context["has_chart"]:
        context["svg"] = render_svg(roadmap) if render else cached_svg(roadmap)
        context["pending"] = context["svg"] is None
    return context


@login_required
@require_http_methods(["GET"])
def chart(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _page(request, slug, strategy, view="chart")


@login_required
@require_http_methods(["GET"])
def chart_figure(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """The chart figure alone (for the chart page, which loads it with htmx when the chart
    is not rendered yet): rendering takes a second or more for a large strategy. Without
    htmx (the page's fallback link) the whole chart page, with the chart rendered."""
    if not request.htmx:
        return _page(request, slug, strategy, view="chart", render_chart=True)
    obj, _form, roadmap = _roadmap_request(request, slug, strategy)
    if roadmap is None:
        return HttpResponse(_("Invalid request."), status=400, content_type="text/plain")
    context = _context(request, obj, roadmap=roadmap, query=request.GET.urlencode())
    context |= _chart_context(roadmap, render=True)
    return render(request, "roadmap/partials/chart_figure.html", context)


@login_required
@require_http_methods(["GET"])
def table(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _page(request, slug, strategy, view="table")


def _download(request: HttpRequest, slug: str, strategy: int, kind: str) -> HttpResponse:
    obj, _form, roadmap = _roadmap_request(request, slug, strategy)
    if roadmap is None:
        return HttpResponse(_("Invalid request."), status=400, content_type="text/plain")
    name = f"roadmap-{obj.context_municipality.slug}-{obj.pk}.{kind}"
    if kind == "svg":
        response = HttpResponse(render_svg(roadmap), content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(render_png(roadmap), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record(
        Kind.DOWNLOAD,
        request=request,
        municipality=obj.context_municipality,
        obj=obj,
        details={"filename": name},
    )
    return response


@login_required
@require_http_methods(["GET"])
def chart_svg(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _download(request, slug, strategy, "svg")


@login_required
@require_http_methods(["GET"])
def chart_png(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _download(request, slug, strategy, "png")


# Rescheduling one measure -----------------------------------------------------------------

BACK = {"table": "roadmap:table", "chart": "roadmap:chart", "measure": "strategies:measure"}


def _back_url(strategy: Strategy, back: str, measure_pk: int) -> str:
    if back == "measure":
        return _url(strategy, "strategies:measure", pk=measure_pk)
    return _url(strategy, BACK.get(back, "roadmap:table"))


def _neighbours(strategy: Strategy, measure: Measure) -> tuple[list, list]:
    """([(prerequisite, its end)], [(dependent, its start)]) of the measure."""
    measures, items = load_items(strategy)
    by_id = {m.pk: m for m in measures}
    item = next(i for i in items if i.id == measure.pk)
    ends = {i.id: schedule.effective_end(i) for i in items}
    before = [(by_id[p], ends[p]) for p in item.prerequisites if p in by_id]
    after = [(by_id[i.id], i.start) for i in items if measure.pk in i.prerequisites]
    return before, after


def _warnings(strategy: Strategy, measure: Measure) -> list[str]:
    """Conflicts the new dates of `measure` cause with its dependencies and milestones."""
    measures, items = load_items(strategy)
    titles = {m.pk: m.title for m in measures}
    warnings = []
    for conflict in schedule.dependency_conflicts(items):
        if conflict.measure == measure.pk:
            warnings.append(
                _("Please check: the measure now starts before “%(other)s” ends (%(end)s), on which it depends.")
                % {"other": titles[conflict.prerequisite], "end": _day(conflict.prerequisite_end)}
            )  # fmt: skip
        elif conflict.prerequisite == measure.pk:
            warnings.append(
                _("Please check: “%(other)s” depends on this measure but starts on %(start)s, before it ends.")
                % {"other": titles[conflict.measure], "start": _day(conflict.start)}
            )  # fmt: skip
    milestones = [(m.pk, m.measure_id, m.date) for m in measure.milestones.all()]
    names = {m.pk: m.title for m in measure.milestones.all()}
    for conflict in schedule.milestone_conflicts(milestones, items):
        warnings.append(
            _("Please check: the milestone “%(title)s” (%(date)s) now lies outside the period of the measure.")
            % {"title": names[conflict.milestone], "date": _day(conflict.date)}
        )  # fmt: skip
    return warnings


def _saved_dates(current: Measure) -> list[tuple[str, str]]:
    """The dates somebody else saved, for the conflict message."""
    return [
        (_("Start"), _day(current.start)),
        (_("End"), _day(current.end)),
        (_("Duration (months)"), str(current.duration_months or "–")),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    measure = get_measure_for_user(request, slug, strategy, pk, CHANGE_MEASURE)
    obj = measure.strategy
    back = request.GET.get("back", "table")
    form = RescheduleForm(
        request.POST or None,
        instance=measure,
        initial={"back": back if back in BACK else "table"},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, stale = save_or_conflict(request, form, RescheduleForm, rows=_saved_dates)
        if stale is not None:
            form, conflict = stale.form, stale.rows
        else:
            for warning in _warnings(obj, saved):
                messages.warning(request, warning)
            messages.success(
                request,
                _("The dates of “%(title)s” have been saved: %(start)s – %(end)s.")
                % {"title": saved.title, "start": _day(saved.start), "end": _day(saved.end)},
            )
            return redirect(_back_url(obj, form.cleaned_data.get("back") or "table", saved.pk))
    before, after = _neighbours(obj, measure)
    status = 409 if conflict else 400 if form.errors else 200
    context = _context(
        request, obj, form=form, measure=measure, conflict=conflict, prerequisites=before,
        dependents=after, back_url=_back_url(obj, form["back"].value() or "table", measure.pk),
    )  # fmt: skip
    return render(request, "roadmap/reschedule.html", context, status=status)


# Milestones --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def milestones(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy)
    measures, items = load_items(obj)
    by_id = {m.pk: m for m in measures}
    rows = list(obj.milestones.all())
    outside = {
        c.milestone
        for c in schedule.milestone_conflicts(((m.pk, m.measure_id, m.date) for m in rows), items)
    }
    municipality = obj.context_municipality
    for milestone in rows:
        milestone.strategy = obj
        milestone.context_municipality = municipality
        if milestone.measure_id:
            milestone.measure = by_id[milestone.measure_id]
        milestone.outside = milestone.pk in outside
        milestone.can_change = request.user.has_perm("roadmap.change_milestone", milestone)
    can_edit = request.user.has_perm(EDIT, municipality)
    context = _context(
        request, obj, milestones=rows,
        form=MilestoneForm(strategy=obj, instance=Milestone(strategy=obj)) if can_edit else None,
    )  # fmt: skip
    return render(request, "roadmap/milestones.html", context)


def _milestone_form_page(
    request: HttpRequest, strategy: Strategy, form: MilestoneForm, *, title: str, back: str,
    conflict=None, measure: Measure | None = None, delete_url: str = "",
) -> HttpResponse:  # fmt: skip
    status = 409 if conflict else 400 if form.errors else 200
    context = _context(
        request, strategy, form=form, title=title, back=back, conflict=conflict,
        measure=measure, delete_url=delete_url,
    )  # fmt: skip
    return render(request, "roadmap/milestone_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = MilestoneForm(request.POST or None, strategy=obj, instance=Milestone(strategy=obj))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_milestone(obj, title=data["title"], date=data["date"], measure=data["measure"])
        messages.success(request, _("The milestone has been added."))
        return redirect(_url(obj, "roadmap:milestones"))
    return _milestone_form_page(
        request, obj, form, title=_("Add a milestone"), back=_url(obj, "roadmap:milestones")
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_milestone_add(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    measure = get_measure_for_user(request, slug, strategy, pk, CHANGE_MEASURE)
    obj = measure.strategy
    form = MilestoneForm(
        request.POST or None,
        strategy=obj,
        choose_measure=False,
        instance=Milestone(strategy=obj, measure=measure),
    )
    back = _url(obj, "strategies:measure", pk=measure.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_milestone(obj, title=data["title"], date=data["date"], measure=measure)
        messages.success(request, _("The milestone has been added."))
        return redirect(back)
    title = _("Add a milestone to “%(title)s”") % {"title": measure.title}
    return _milestone_form_page(request, obj, form, title=title, back=back, measure=measure)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request, slug, strategy, pk)
    obj = milestone.strategy
    # Only editors move a milestone between measures and the strategy.
    choose = request.user.has_perm(EDIT, obj.context_municipality)
    form = MilestoneForm(
        request.POST or None, strategy=obj, choose_measure=choose, instance=milestone
    )
    back = (
        _url(obj, "strategies:measure", pk=milestone.measure_id)
        if milestone.measure_id and not choose
        else _url(obj, "roadmap:milestones")
    )
    page = {
        "title": _("Edit milestone"),
        "back": back,
        "measure": milestone.measure,
        "delete_url": _url(obj, "roadmap:milestone_delete", pk=milestone.pk),
    }
    if request.method == "POST" and form.is_valid():
        _saved, stale = save_or_conflict(
            request,
            form,
            lambda data, **kw: MilestoneForm(data, strategy=obj, choose_measure=choose, **kw),
            rows=lambda current: [
                (_("Milestone"), current.title),
                (_("Date"), _day(current.date)),
                (_("Measure"), str(current.measure or _("none – a milestone of the whole strategy"))),
            ],
        )  # fmt: skip
        if stale is not None:
            return _milestone_form_page(request, obj, stale.form, conflict=stale.rows, **page)
        messages.success(request, _("The milestone has been saved."))
        return redirect(back)
    return _milestone_form_page(request, obj, form, **page)


@login_required
@require_POST
def milestone_delete(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request, slug, strategy, pk)
    obj = milestone.strategy
    measure_id = milestone.measure_id
    services.delete_milestone(milestone)
    messages.success(
        request, _("The milestone “%(title)s” has been deleted.") % {"title": milestone.title}
    )
    if measure_id and not request.user.has_perm(EDIT, obj.context_municipality):
        return redirect(_url(obj, "strategies:measure", pk=measure_id))
    return redirect(_url(obj, "roadmap:milestones"))


# The proposed schedule -------------------------------------------------------------------


def _reason(
    reason: str, proposal: schedule.Proposal, measure: Measure, by_id: dict[int, Measure]
) -> str:
    if reason == schedule.REASON_PREREQUISITE and proposal.binding_prerequisite in by_id:
        prerequisite = by_id[proposal.binding_prerequisite]
        return _("Starts after “%(title)s” ends.") % {"title": prerequisite.title}
    if reason == schedule.REASON_PAST:
        return _("The start lay in the past, but the measure has not started yet.")
    if reason == schedule.REASON_HORIZON:
        return _("Its priority “%(priority)s” asks for an earlier start.") % {
            "priority": measure.get_priority_display()
        }
    if reason == schedule.REASON_UNDATED:
        return _("It had no start: placed by its priority “%(priority)s”.") % {
            "priority": measure.get_priority_display()
        }
    return _("The end follows from the duration.")


def _proposal_page(
    request: HttpRequest, obj: Strategy, *, status: int = 200, error: str = ""
) -> HttpResponse:
    today = timezone.localdate()
    measures, items = load_items(obj)
    by_id = {m.pk: m for m in measures}
    proposals = schedule.propose(items, today)
    rows = []
    for item in schedule.changed(items, proposals):
        proposal = proposals[item.id]
        measure = by_id[item.id]
        rows.append(
            {
                "measure": measure,
                "start": item.start,
                "end": item.end,
                "new_start": proposal.start,
                "new_end": proposal.end,
                "reasons": [_reason(r, proposal, measure, by_id) for r in proposal.reasons],
            }
        )
    unplaced = [
        by_id[i.id]
        for i in items
        if i.status in schedule.MOVABLE_STATUSES and i.start is None and not i.priority
    ]
    form = ApplyProposalForm(initial={"versions": versions_field(measures), "made_on": today})
    context = _context(
        request, obj, rows=rows, unplaced=unplaced, form=form, error=error, today=today,
        horizon=schedule.HORIZON_MONTHS, default_months=schedule.DEFAULT_DURATION_MONTHS,
    )  # fmt: skip
    return render(request, "roadmap/proposal.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def proposal(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    return _proposal_page(request, get_strategy_for_user(request, slug, strategy))


@login_required
@require_POST
def apply_proposal(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    obj = get_strategy_for_user(request, slug, strategy, EDIT)
    form = ApplyProposalForm(request.POST)
    if not form.is_valid():
        return _proposal_page(
            request, obj, status=400, error=_("The form is incomplete. Please reload the page.")
        )
    try:
        applied = services.apply_proposal(
            obj,
            shown_versions=form.cleaned_data["versions"],
            made_on=form.cleaned_data["made_on"],
            today=timezone.localdate(),
        )
    except services.ProposalOutdated as outdated:
        if outdated.other_day:
            error = _("The proposal was made on another day. Nothing was changed; please look at today’s proposal.")  # fmt: skip
        elif outdated.changed:
            error = _(
                "Somebody changed measures in the meantime (%(titles)s). Nothing was changed; "
                "please look at the updated proposal."
            ) % {"titles": ", ".join(f"“{t}”" for t in outdated.changed[:5])}
        else:
            error = _("Somebody deleted measures in the meantime. Nothing was changed; please look at the updated proposal.")  # fmt: skip
        return _proposal_page(request, obj, status=409, error=error)
    messages.success(
        request,
        ngettext(
            "The proposed schedule has been applied: %(count)s measure has new dates.",
            "The proposed schedule has been applied: %(count)s measures have new dates.",
            len(applied),
        )
        % {"count": len(applied)},
    )
    return redirect(_url(obj, "roadmap:chart"))
