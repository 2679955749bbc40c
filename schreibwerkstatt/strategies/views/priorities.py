"""Prioritisation: the criteria, the priority list with its values, the effort/benefit
matrix."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.municipalities.rules import can_edit_content, has_role

from .. import services
from ..forms import CriterionForm, PriorityRowForm, PrioritySortForm
from ..models import PriorityCriterion, Strategy
from ..priorities import scored_measures, sort_scored, unchanged_rows
from ..rules import get_criterion_for_user, get_strategy_for_user
from .common import EDIT, _add, _context, _go, _url


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
    return _add(
        request,
        obj,
        form,
        services.add_criterion,
        to="priorities",
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
