from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from .forms import PageForm
from .models import AuditEvent
from .rules import VIEW_LOG

PER_PAGE = 50


@login_required
@require_http_methods(["GET"])
def events(request: HttpRequest, slug: str) -> HttpResponse:
    """The audit log of one municipality for its Koordination, newest first."""
    municipality = get_municipality_for_user(request, slug, VIEW_LOG)
    form = PageForm(request.GET)
    if not form.is_valid():
        context = {"municipality": municipality, "form": form, "page": None}
        return render(request, "audit/events.html", context, status=400)
    paginator = Paginator(
        AuditEvent.objects.filter(municipality=municipality).order_by("-created_at", "-pk"),
        PER_PAGE,
    )
    try:
        page = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage:
        raise Http404 from None
    context = {"municipality": municipality, "page": page, "nav_active": "members"}
    return render(request, "audit/events.html", context)
