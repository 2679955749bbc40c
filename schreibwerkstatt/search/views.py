"""The results page: one search box over the help content and the person's own municipality
content (rules.py says what each person finds)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import SearchForm
from .results import find


@require_http_methods(["GET"])
def results(request: HttpRequest) -> HttpResponse:
    # Without a query (the link to the page) the form is shown empty, not as an error.
    form = SearchForm(request.GET if "q" in request.GET else None)
    context: dict = {"form": form, "found": None, "nav_active": "search"}
    if not form.is_bound:
        return render(request, "search/results.html", context)
    if not form.is_valid():
        return render(request, "search/results.html", context, status=400)
    query, page = form.cleaned_data["q"], form.cleaned_data["page"] or 1
    found = find(request, query, page)
    if page > 1 and not found.results:
        raise Http404
    context |= {"found": found, "query": query}
    return render(request, "search/results.html", context)
