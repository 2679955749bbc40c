"""Pages of the inventory (phase 1): overview, existing projects, stakeholders with their
matrix, the maturity self-check with its radar chart, and the SWOT analysis."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.forms import MoveForm
from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.process.phases import Phase
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from . import services
from .charts import radar_chart, stakeholder_grid
from .forms import (
    EditProjectForm,
    EditStakeholderForm,
    EditSwotEntryForm,
    MaturityForm,
    ProjectForm,
    StakeholderForm,
    SwotEntryForm,
)
from .models import (
    HIGH_FROM,
    ExistingProject,
    MaturityAnswer,
    MaturityLevel,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from .rules import (
    CHANGE,
    VIEW,
    get_project_for_user,
    get_stakeholder_for_user,
    get_swot_entry_for_user,
)


def _back_link(strategy: Strategy) -> tuple[str, str]:
    slug = strategy.context_municipality.slug
    return reverse(
        "strategies:overview", kwargs={"slug": slug, "strategy": strategy.pk}
    ), strategy.title


def _context(request: HttpRequest, strategy: Strategy, **extra: Any) -> dict[str, Any]:
    municipality = strategy.context_municipality
    back_url, back_label = _back_link(strategy)
    return {
        "municipality": municipality,
        "strategy": strategy,
        "can_edit": request.user.has_perm(CHANGE, municipality),
        "back_url": back_url,
        "back_label": back_label,
        "nav_active": int(Phase.INVENTORY),
        **extra,
    }


def _to(name: str, strategy: Strategy, **kwargs: Any) -> str:
    slug = strategy.context_municipality.slug
    return reverse(f"inventory:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs})


@dataclass(frozen=True)
class EditResult:
    form: forms.ModelForm
    conflict: Versioned | None = None
    conflict_rows: list[tuple[str, str]] | None = None
    saved: bool = False

    @property
    def status(self) -> int:
        return 409 if self.conflict else 400 if self.form.errors else 200


def _edit(
    request: HttpRequest,
    obj: Versioned,
    form_class: type[forms.ModelForm],
    update: Callable[..., Any],
) -> EditResult:
    """Validate an edit form and save it unless somebody saved the object in the meantime;
    then the form keeps the input and carries the other version's number for a retry."""
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=obj, initial={"version": obj.version})
    if data is None or not form.is_valid():
        return EditResult(form)
    changes = dict(form.cleaned_data)
    version = changes.pop("version")
    _saved, conflict = save_or_conflict(
        request,
        form,
        form_class,
        lambda: update(obj, expected_version=version, changes=changes),
        keep_empty=True,  # the conflict message shows an empty field as "–"
    )
    if conflict is not None:
        return EditResult(conflict.form, conflict=conflict.current, conflict_rows=conflict.rows)
    return EditResult(form, saved=True)


@dataclass(frozen=True)
class EditPage:
    """What tells the edit pages of a project and of a stakeholder apart (one template,
    inventory/edit.html)."""

    form_class: type[forms.ModelForm]
    update: Callable[..., Any]
    list_view: str  # URL names
    delete_view: str
    list_label: str
    heading: str
    delete_heading: str
    delete_label: str
    saved_message: str


def _edit_page(request: HttpRequest, obj: Versioned, name: str, page: EditPage) -> HttpResponse:
    """The edit page of an inventory entry named `name` (as loaded, for the breadcrumb)."""
    result = _edit(request, obj, page.form_class, page.update)
    if result.saved:
        messages.success(request, page.saved_message)
        slug = obj.strategy.context_municipality.slug
        return redirect(page.list_view, slug=slug, strategy=obj.strategy.pk)
    context = _context(
        request,
        obj.strategy,
        object=obj,
        page=page,
        title=name,
        form=result.form,
        conflict=result.conflict,
        conflict_rows=result.conflict_rows or [],
    )
    return render(request, "inventory/edit.html", context, status=result.status)


def _add(
    request: HttpRequest,
    strategy: Strategy,
    form: forms.Form,
    list_page: Callable[..., HttpResponse],
    add: Callable[..., Any],
    message: Callable[[Any], str],
    list_name: str,
) -> HttpResponse:
    """Add an item from a list page's form; an invalid form shows the list page again."""
    if not form.is_valid():
        return list_page(request, strategy, form, status=400)
    item = add(strategy, **form.cleaned_data)
    messages.success(request, message(item))
    return redirect(_to(list_name, strategy))


def _delete(
    request: HttpRequest, item: Any, delete: Callable[[Any], None], message: str, list_name: str
) -> HttpResponse:
    delete(item)
    messages.success(request, message)
    return redirect(_to(list_name, item.strategy))


# Overview


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    projects = ExistingProject.objects.filter(strategy=the_strategy).count_by("status")
    stakeholders = Stakeholder.objects.filter(strategy=the_strategy).aggregate(
        total=Count("pk"),
        close=Count("pk", filter=Q(influence__gte=HIGH_FROM, interest__gte=HIGH_FROM)),
    )
    groups = MaturityQuestion.objects.groups_for(the_strategy)
    scores = MaturityAnswer.objects.filter(strategy=the_strategy).scores(groups)
    swot = SwotEntry.objects.filter(strategy=the_strategy).count_by("quadrant")
    context = _context(
        request,
        the_strategy,
        project_total=sum(projects.values()),
        project_counts=[
            (label, projects.get(value, 0)) for value, label in ExistingProject.Status.choices
        ],
        stakeholder_total=stakeholders["total"],
        stakeholder_close=stakeholders["close"],
        question_total=sum(group.questions for group in groups),
        answer_total=sum(score.answers for score in scores),
        field_total=len(groups),
        swot_total=sum(swot.values()),
        swot_counts=[(label, swot.get(value, 0)) for value, label in SwotEntry.Quadrant.choices],
    )
    return render(request, "inventory/overview.html", context)


# Existing projects


def _projects_page(
    request: HttpRequest, strategy: Strategy, form: ProjectForm | None, status: int = 200
) -> HttpResponse:
    projects = list(ExistingProject.objects.filter(strategy=strategy))
    context = _context(request, strategy, projects=projects)
    if context["can_edit"]:
        context["form"] = form or ProjectForm()
    return render(request, "inventory/projects.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def projects(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    return _projects_page(request, the_strategy, None)


@login_required
@require_POST
def add_project(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, CHANGE)
    return _add(
        request,
        the_strategy,
        ProjectForm(request.POST),
        _projects_page,
        services.add_project,
        lambda project: _("The project “%(title)s” has been added.") % {"title": project.title},
        "projects",
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_project(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    project = get_project_for_user(request, slug, strategy, pk, CHANGE)
    page = EditPage(
        EditProjectForm,
        services.update_project,
        list_view="inventory:projects",
        delete_view="inventory:delete_project",
        list_label=_("Existing digital projects"),
        heading=_("Edit project"),
        delete_heading=_("Delete project"),
        delete_label=_("Delete this project"),
        saved_message=_("The project has been saved."),
    )
    return _edit_page(request, project, project.title, page)


@login_required
@require_POST
def delete_project(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    project = get_project_for_user(request, slug, strategy, pk, CHANGE)
    return _delete(
        request,
        project,
        services.delete_project,
        _("The project “%(title)s” has been deleted.") % {"title": project.title},
        "projects",
    )


# Stakeholders


def _stakeholders_page(
    request: HttpRequest, strategy: Strategy, form: StakeholderForm | None, status: int = 200
) -> HttpResponse:
    people = list(Stakeholder.objects.filter(strategy=strategy))
    context = _context(
        request,
        strategy,
        stakeholders=people,
        grid=stakeholder_grid(people),
        high_from=HIGH_FROM,
    )
    if context["can_edit"]:
        context["form"] = form or StakeholderForm()
    return render(request, "inventory/stakeholders.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def stakeholders(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    return _stakeholders_page(request, the_strategy, None)


@login_required
@require_POST
def add_stakeholder(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, CHANGE)
    return _add(
        request,
        the_strategy,
        StakeholderForm(request.POST),
        _stakeholders_page,
        services.add_stakeholder,
        lambda person: _("The stakeholder “%(name)s” has been added.") % {"name": person.name},
        "stakeholders",
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_stakeholder(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    stakeholder = get_stakeholder_for_user(request, slug, strategy, pk, CHANGE)
    page = EditPage(
        EditStakeholderForm,
        services.update_stakeholder,
        list_view="inventory:stakeholders",
        delete_view="inventory:delete_stakeholder",
        list_label=_("Stakeholders"),
        heading=_("Edit stakeholder"),
        delete_heading=_("Delete stakeholder"),
        delete_label=_("Delete this stakeholder"),
        saved_message=_("The stakeholder has been saved."),
    )
    return _edit_page(request, stakeholder, stakeholder.name, page)


@login_required
@require_POST
def delete_stakeholder(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    stakeholder = get_stakeholder_for_user(request, slug, strategy, pk, CHANGE)
    return _delete(
        request,
        stakeholder,
        services.delete_stakeholder,
        _("The stakeholder “%(name)s” has been deleted.") % {"name": stakeholder.name},
        "stakeholders",
    )


# Maturity self-check


@login_required
@require_http_methods(["GET"])
def maturity(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    groups = MaturityQuestion.objects.groups_for(the_strategy)
    scores = MaturityAnswer.objects.filter(strategy=the_strategy).scores(groups)
    context = _context(
        request,
        the_strategy,
        scores=scores,
        radar=radar_chart(scores),
        levels=MaturityLevel.choices,
        answered=sum(1 for score in scores if score.answers),
    )
    return render(request, "inventory/maturity.html", context)


@dataclass(frozen=True)
class AnswerConflict:
    current: MaturityAnswer | None  # None: the answer was removed meanwhile


@login_required
@require_http_methods(["GET", "POST"])
def maturity_field(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """The questions of one field of action (pk: the catalogue field; 0: general questions)."""
    the_strategy = get_strategy_for_user(
        request, slug, strategy, CHANGE if request.method == "POST" else VIEW
    )
    groups = MaturityQuestion.objects.groups_for(the_strategy)
    index = next((i for i, group in enumerate(groups) if group.key == pk), None)
    if index is None:
        raise Http404
    group = groups[index]
    following = groups[index + 1] if index + 1 < len(groups) else None
    questions = list(MaturityQuestion.objects.of_group(pk))
    answers = {
        answer.question_id: answer
        for answer in MaturityAnswer.objects.filter(strategy=the_strategy, question__in=questions)
    }
    context = _context(request, the_strategy, group=group, following=following)
    data = request.POST if request.method == "POST" else None
    form = MaturityForm(
        data, questions=questions, answers=answers, read_only=not context["can_edit"]
    )
    conflicts: dict[int, AnswerConflict] = {}
    if data is not None and form.is_valid():
        try:
            services.answer_maturity_questions(the_strategy, form.answers())
        except services.StaleAnswersError as error:
            retry = request.POST.copy()
            for question_pk, current in error.conflicts.items():
                retry[f"version_{question_pk}"] = str(current.version if current else 0)
                conflicts[question_pk] = AnswerConflict(current)
            form = MaturityForm(retry, questions=questions, answers=answers)
            form.is_valid()
        else:
            messages.success(
                request, _("The answers for “%(field)s” have been saved.") % {"field": group.title}
            )
            if following is not None:
                return redirect(_to("maturity_field", the_strategy, pk=following.key))
            return redirect(_to("maturity", the_strategy))
    context.update(
        form=form,
        rows=[(row, conflicts.get(row.question.pk)) for row in form.rows()],
        conflict=bool(conflicts),
    )
    status = 409 if conflicts else 400 if form.errors else 200
    return render(request, "inventory/maturity_field.html", context, status=status)


# SWOT analysis


def _swot_page(
    request: HttpRequest,
    strategy: Strategy,
    bound: SwotEntryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entries: dict[str, list[SwotEntry]] = {value: [] for value in SwotEntry.Quadrant.values}
    for entry in SwotEntry.objects.filter(strategy=strategy).order_by("position", "pk"):
        entries[entry.quadrant].append(entry)
    context = _context(request, strategy)
    bound_quadrant = bound.data.get("quadrant") if bound is not None else None
    quadrants = []
    for value, label in SwotEntry.Quadrant.choices:
        form = None
        if context["can_edit"]:
            form = (
                bound
                if bound is not None and bound_quadrant == value
                else SwotEntryForm(initial={"quadrant": value}, auto_id=f"id_{value}_%s")
            )
            # Four forms on one page: each label names its list.
            form.fields["text"].label = _("New entry: %(quadrant)s") % {"quadrant": label}
        quadrants.append({"value": value, "label": label, "entries": entries[value], "form": form})
    context.update(
        quadrants=quadrants,
        # An unknown quadrant has no list to show its form in.
        stray_form=bound if bound is not None and bound_quadrant not in entries else None,
    )
    return render(request, "inventory/swot.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def swot(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, VIEW)
    return _swot_page(request, the_strategy)


@login_required
@require_POST
def add_swot_entry(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    the_strategy = get_strategy_for_user(request, slug, strategy, CHANGE)
    quadrant = request.POST.get("quadrant", "")
    known = quadrant in SwotEntry.Quadrant.values
    form = SwotEntryForm(request.POST, auto_id=f"id_{quadrant}_%s" if known else "id_new_%s")
    if not form.is_valid():
        return _swot_page(request, the_strategy, form, status=400)
    entry = services.add_swot_entry(the_strategy, **form.cleaned_data)
    messages.success(
        request,
        _("The entry has been added to “%(quadrant)s”.")
        % {"quadrant": entry.get_quadrant_display()},
    )
    return redirect(_to("swot", the_strategy) + f"#swot-{entry.quadrant}")


@login_required
@require_http_methods(["GET", "POST"])
def edit_swot_entry(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    entry = get_swot_entry_for_user(request, slug, strategy, pk, CHANGE)
    text = entry.text

    def update(obj: SwotEntry, *, expected_version: int, changes: dict[str, Any]) -> None:
        services.update_swot_entry(obj, expected_version=expected_version, text=changes["text"])

    result = _edit(request, entry, EditSwotEntryForm, update)
    if result.saved:
        messages.success(request, _("The entry has been saved."))
        return redirect(_to("swot", entry.strategy) + f"#swot-{entry.quadrant}")
    context = _context(
        request,
        entry.strategy,
        entry=entry,
        title=text,
        form=result.form,
        conflict=result.conflict,
        conflict_rows=result.conflict_rows or [],
    )
    return render(request, "inventory/edit_swot_entry.html", context, status=result.status)


@login_required
@require_POST
def move_swot_entry(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    entry = get_swot_entry_for_user(request, slug, strategy, pk, CHANGE)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    services.move_swot_entry(entry, up=form.cleaned_data["direction"] == "up")
    return redirect(_to("swot", entry.strategy) + f"#swot-{entry.quadrant}")


@login_required
@require_POST
def delete_swot_entry(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    entry = get_swot_entry_for_user(request, slug, strategy, pk, CHANGE)
    services.delete_swot_entry(entry)
    messages.success(request, _("The entry has been deleted."))
    return redirect(_to("swot", entry.strategy) + f"#swot-{entry.quadrant}")
