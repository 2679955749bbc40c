"""A measure's steps, and the checklist templates that add several steps at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import assignments, services
from ..forms import ApplyTemplateForm, ChecklistTemplateForm, StepForm, ToggleForm
from ..models import ChecklistTemplate, Step, Strategy
from ..rules import (
    get_checklist_template_for_user,
    get_measure_for_user,
    get_step_for_user,
    get_strategy_for_user,
)
from .common import EDIT, InlineEdit, _context, _form_page, _go, _move, _url


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
            by=request.user,
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

    return InlineEdit.of_entry(
        request, obj, step, "step", make_form=lambda data, **kw: StepForm(data, strategy=obj, **kw),
        back=_url(obj, "measure", pk=step.measure_id), title=_("Edit step"), name=step.title,
        display_template="strategies/partials/step.html", display=display,
        saved_message=_("The step has been saved."),
        save=lambda form: assignments.save_assigning(form, "owner", by=request.user),
    ).respond()  # fmt: skip


@login_required
@require_POST
def step_move(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    step = get_step_for_user(request, slug, strategy, pk, "strategies.change_step")
    siblings = Step.objects.filter(measure_id=step.measure_id)
    return _move(request, step, siblings, step.measure.strategy, "measure", pk=step.measure_id)


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
    return InlineEdit.of_entry(
        request, obj, template, "checklist_template", make_form=ChecklistTemplateForm,
        back=_url(obj, "checklist_templates"), title=_("Edit checklist template"), name=template.name,
        display_template="strategies/partials/checklist_template.html",
        display=lambda item: _template_item(obj, item),
        saved_message=_("The checklist template has been saved."),
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
