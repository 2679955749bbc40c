"""The library's pages: search and filters, a measure's profile, taking it over, the
suggestions while a new measure is written, and sharing a measure of one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.transparency.services import is_published

from . import services
from .engines import BROWSE_COUNT_LIMIT, SUGGESTION_STOP_WORDS, Filters, browse, search, words
from .forms import AdoptForm, LibraryForm, ShareForm, SuggestForm
from .models import Adoption, CostBand, Share, cost_band
from .origins import reuse_text
from .rules import editable_strategies, get_library_measure, get_measure_to_share, require_reader

PAGE_SIZE = 20
SUGGESTIONS = 5


@login_required
@require_http_methods(["GET"])
def library(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    form = LibraryForm(request.GET or None)
    context: dict = {"form": form, "nav_active": "library"}
    if form.is_bound and not form.is_valid():
        return render(request, "library/index.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    page = data.get("page") or 1
    query_words = words(data.get("q", ""))
    filters = form.filters() if form.is_bound else Filters()
    offset = (page - 1) * PAGE_SIZE
    if query_words:
        found = search(query_words, filters, limit=PAGE_SIZE, offset=offset)
    else:
        found = browse(filters, limit=PAGE_SIZE, offset=offset)
    if page > 1 and not found.items:
        raise Http404
    pages = (found.total + PAGE_SIZE - 1) // PAGE_SIZE
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "found": found,
        "count_limit": BROWSE_COUNT_LIMIT,
        "searched": bool(query_words)
        or (
            form.is_bound
            and any(
                form.cleaned_data.get(k) for k in ("field", "kind", "size", "status", "cost", "tag")
            )
        ),
        "page": page,
        "pages": pages,
        "first_number": offset + 1,
        "previous_query": _page_query(query, page - 1) if page > 1 else "",
        "next_query": _page_query(query, page + 1) if page < pages else "",
    }
    return render(request, "library/index.html", context)


def _page_query(query, page: int) -> str:
    query = query.copy()
    query["page"] = str(page)
    return query.urlencode()


def _profile(measure) -> dict:
    """What the profile shows: public texts, fields, goals, tags, steps (titles), indicators
    (no values), the cost band, the contact person (only if named for sharing)."""
    share = Share.objects.filter(measure=measure).select_related("contact").first()
    reuses = list(Adoption.objects.filter(origin=measure).select_related("municipality"))
    return {
        "measure": measure,
        "strategy": measure.strategy,
        "origin": measure.strategy.municipality,
        "fields": list(measure.fields.values_list("title", flat=True)),
        "goals": list(measure.goals.values_list("title", flat=True)),
        "tags": [str(tag) for tag in measure.tags.select_related("axis")],
        "steps": list(measure.steps.order_by("position", "pk").values_list("title", flat=True)),
        "indicators": list(measure.indicators.order_by("pk")),
        "cost_band": CostBand(cost_band(measure)).label,
        "contact": share.contact if share and share.contact and share.contact.is_active else None,
        "shared": share is not None,
        "published": is_published(measure.strategy),
        "reuse_text": reuse_text(reuses) if reuses else "",
    }


@login_required
@require_http_methods(["GET"])
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_library_measure(request, pk)
    context = _profile(item) | {
        "nav_active": "library",
        "can_adopt": bool(editable_strategies(request.user)),
    }
    return render(request, "library/measure.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    try:
        item = get_library_measure(request, pk)
    except Http404:
        if request.method != "POST":
            raise
        # Left the library between the form and the sending (or never was in it).
        return render(request, "library/gone.html", {"nav_active": "library"}, status=404)
    pairs = editable_strategies(request.user)
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "target" in request.GET else None)
    )
    form = AdoptForm(data, pairs=pairs)
    context = {"measure": item, "origin": item.strategy.municipality, "form": form, "pairs": pairs,
               "nav_active": "library"}  # fmt: skip
    if form.is_bound and not form.is_valid():
        return render(request, "library/adopt.html", context, status=400)
    if request.method == "GET" or "field" not in form.fields:
        return render(request, "library/adopt.html", context)
    municipality, strategy = form.chosen
    target = services.Target(
        municipality, strategy, form.cleaned_data["field"], form.cleaned_data["goal"]
    )
    if request.POST.get("action") != "confirm":
        context |= _profile(item) | {
            "target": target,
            "preview": True,
            "named": form.cleaned_data["named"],
        }
        return render(request, "library/adopt.html", context)
    try:
        adoption = services.adopt(
            item.pk, target, by=request.user, named=form.cleaned_data["named"]
        )
    except services.NotInLibrary:
        return render(request, "library/gone.html", {"nav_active": "library"}, status=404)
    messages.success(request, _("The measure has been taken over into your strategy as an idea."))
    return redirect(reverse("strategies:measure", kwargs={
        "slug": municipality.slug, "strategy": strategy.pk, "pk": adoption.measure_id}))  # fmt: skip


@login_required
@require_http_methods(["GET"])
def suggestions(request: HttpRequest) -> HttpResponse:
    """Up to five library measures like the title typed so far (htmx, from the new measure's
    form); the writer's own strategy is left out."""
    require_reader(request)
    form = SuggestForm(request.GET)
    if not form.is_valid():
        return render(request, "library/partials/suggestions.html", {"form": form}, status=400)
    query_words = [
        w
        for w in words(form.cleaned_data["title"])
        if len(w) > 2 and w.lower() not in SUGGESTION_STOP_WORDS
    ]
    filters = Filters(exclude_strategy=form.cleaned_data["strategy"])
    found = search(query_words, filters, limit=SUGGESTIONS, offset=0, any_word=True)
    return render(request, "library/partials/suggestions.html",
                  {"items": found.items, "typed": bool(query_words)})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_to_share(request, slug, strategy, pk)
    municipality = item.context_municipality
    current = Share.objects.filter(measure=item).first()
    form = ShareForm(request.POST or None, municipality=municipality,
                     initial={"contact": current.contact_id if current else None})  # fmt: skip
    back = reverse("strategies:measure", kwargs={"slug": slug, "strategy": strategy, "pk": pk})
    if request.method == "POST" and form.is_valid():
        services.share_measure(item, contact=form.cleaned_data["contact"], by=request.user)
        messages.success(request, _("The measure is shared with the measure library."))
        return redirect(back)
    context = {"municipality": municipality, "strategy": item.strategy, "measure": item, "form": form,
               "shared": current is not None, "back": back}  # fmt: skip
    return render(request, "library/share.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def unshare(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    item = get_measure_to_share(request, slug, strategy, pk)
    services.unshare_measure(item)
    messages.success(request, _("The measure is no longer shared with the measure library."))
    return redirect(
        reverse("strategies:measure", kwargs={"slug": slug, "strategy": strategy, "pk": pk})
    )
