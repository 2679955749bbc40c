"""The public glossary page and the operator's pages to maintain it (in the product, not the
Django admin). Operators only: `municipalities.onboarding.operator_required`."""

from string import ascii_uppercase

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.text import render_markdown
from schreibwerkstatt.municipalities.onboarding import operator_required

from . import services
from .forms import TermForm
from .models import Term
from .rules import get_term_for_operator


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.alphabetical()
    groups: dict[str, list[dict]] = {}
    for term in terms:
        groups.setdefault(term.initial, []).append(
            {"term": term, "definition": render_markdown(term.definition)}
        )
    letters = [*ascii_uppercase, "#"] if "#" in groups else list(ascii_uppercase)
    context = {"groups": groups, "letters": letters, "count": len(terms)}
    return render(request, "glossary/index.html", context)


@operator_required
@require_http_methods(["GET"])
def manage(request: HttpRequest) -> HttpResponse:
    return render(request, "glossary/manage.html", {"terms": Term.objects.alphabetical()})


@operator_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = services.add_term(**{k: form.cleaned_data[k] for k in TermForm.Meta.fields})
        messages.success(request, _("The term “%(term)s” has been added.") % {"term": term})
        return redirect("glossary:manage")
    status = 400 if form.errors else 200
    return render(request, "glossary/edit.html", {"form": form, "term": None}, status=status)


def _saved_rows(current: Term) -> list[tuple[str, str]]:
    return [
        (_("Term"), current.term),
        (_("Other forms"), ", ".join(current.aliases)),
        (_("Definition"), current.definition),
    ]


@operator_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_term_for_operator(request, pk)
    form = TermForm(request.POST or None, instance=term)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, stale = save_or_conflict(request, form, TermForm, rows=_saved_rows)
        if stale is None:
            messages.success(request, _("The term “%(term)s” has been saved.") % {"term": saved})
            return redirect("glossary:manage")
        form, conflict = stale.form, stale.rows
    status = 409 if conflict is not None else 400 if form.errors else 200
    context = {"form": form, "term": term, "conflict": conflict}
    return render(request, "glossary/edit.html", context, status=status)


@operator_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_term_for_operator(request, pk)
    if request.method == "POST":
        services.delete_term(term)
        messages.success(request, _("The term “%(term)s” has been deleted.") % {"term": term})
        return redirect("glossary:manage")
    return render(request, "glossary/delete.html", {"term": term})
