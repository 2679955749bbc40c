"""Fields of action: taken from the catalogue or the strategy's own, edited and ordered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import CatalogueChoiceForm, FieldForm
from ..models import FieldOfAction, Strategy
from ..rules import get_field_for_user, get_strategy_for_user
from .common import EDIT, InlineEdit, _add, _context, _first_and_last, _form_page, _go, _move, _url


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
    return _add(
        request,
        obj,
        form,
        services.add_field,
        to=lambda field: _go(obj, "field", pk=field.pk),
        message=_("The field of action has been added."),
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

    return InlineEdit.of_entry(
        request, obj, item, "field", make_form=lambda data, **kw: FieldForm(data, strategy=obj, **kw),
        back=_url(obj, "field", pk=item.pk), title=_("Edit field of action"), name=item.title,
        display_template="strategies/partials/field_item.html", display=display,
        saved_message=_("The field of action has been saved."),
    ).respond()  # fmt: skip


@login_required
@require_POST
def field_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_field_for_user(request, slug, strategy, pk, EDIT)
    obj = item.strategy
    return _move(request, item, obj.fields.all(), obj, "fields")


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
