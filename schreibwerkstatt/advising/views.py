"""The advisers' cockpit, comparison, notes and requests for advice (rules.py says who)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.municipalities.rules import get_municipality_for_user
from schreibwerkstatt.municipalities.views import signed_in_home as municipalities_home
from schreibwerkstatt.process.phases import PHASES
from schreibwerkstatt.strategies.current import current_strategy

from . import services
from .cockpit import DEFAULT_SORT, cockpit_page, rows_for
from .forms import (
    COMPARE_MAX,
    AdviceRequestForm,
    AnswerForm,
    CockpitForm,
    CompareForm,
    NoteForm,
    RequestListForm,
)
from .models import AdviceRequest, AdviserNote
from .rules import (
    ADD_REQUEST,
    ANSWER_REQUEST,
    advised_municipalities,
    adviser_required,
    get_advised_municipalities,
    get_note_municipality_for_user,
    get_request_for_user,
    is_active_adviser,
)
from .sorting import sort_headers


def signed_in_home(request: HttpRequest) -> HttpResponse:
    """The start page of a signed-in person (set in apps.py): advisers start in their
    cockpit, everybody else where municipalities sends them."""
    if is_active_adviser(request.user):
        return redirect("advising:cockpit")
    return municipalities_home(request)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def _bad_query(request: HttpRequest, form) -> HttpResponse:
    errors = [error for errors in form.errors.values() for error in errors]
    context = {"errors": errors, "back": reverse("advising:cockpit")}
    return render(request, "advising/bad_query.html", context, status=400)


# The cockpit and the comparison ------------------------------------------------------------


@adviser_required
@require_http_methods(["GET"])
def cockpit(request: HttpRequest) -> HttpResponse:
    municipalities = advised_municipalities(request.user)
    form = CockpitForm(request.GET, municipalities=municipalities)
    if not form.is_valid():
        return _bad_query(request, form)
    data = form.cleaned_data
    sort = data.get("sort") or DEFAULT_SORT
    page, rows = cockpit_page(request.user, data, data.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "headers": sort_headers(query, sort),
        "query": query.urlencode(),
        "filtered": any(data.get(name) for name in ("district", "kind", "series", "status")),
        "phases": PHASES,
        "compare_max": COMPARE_MAX,
        "nav_active": "cockpit",
    }
    return render(request, "advising/cockpit.html", context)


@adviser_required
@require_http_methods(["GET"])
def compare(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET)
    if not form.is_valid():
        return _bad_query(request, form)
    municipalities = get_advised_municipalities(request.user, form.cleaned_data["m"])
    context = {
        "rows": rows_for(request.user, municipalities),
        "phases": PHASES,
        "nav_active": "cockpit",
    }
    return render(request, "advising/compare.html", context)


@adviser_required
@require_http_methods(["GET"])
def adviser_requests(request: HttpRequest) -> HttpResponse:
    """Every request for advice of the adviser's municipalities, the unfinished first."""
    form = RequestListForm(request.GET)
    if not form.is_valid():
        return _bad_query(request, form)
    status = form.cleaned_data.get("status") or "unfinished"
    requests = AdviceRequest.objects.filter(municipality__in=advised_municipalities(request.user))
    if status == "unfinished":
        requests = requests.unfinished()
    elif status != "all":
        requests = requests.filter(status=status)
    page = Paginator(requests.for_list(), 30).get_page(form.cleaned_data.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "nav_active": "advice_requests",
    }
    return render(request, "advising/adviser_requests.html", context)


# The advisers' notes on a municipality -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def note(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_note_municipality_for_user(request, slug)
    saved = AdviserNote.objects.filter(municipality=municipality).first()
    initial = {"text": saved.text, "version": saved.version} if saved else {}
    form = NoteForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_note(
                municipality,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEditError as error:
            saved = error.current
            conflict = [(_("Notes"), saved.text)]
            data = request.POST.copy()
            data["version"] = str(saved.version)
            form = NoteForm(data)
            form.is_valid()
        except ValueError:
            form.add_error(None, _("The form is incomplete. Please reload the page."))
        else:
            messages.success(request, _("The notes have been saved."))
            return redirect("advising:note", slug=municipality.slug)
    history = (
        list(saved.history.select_related("history_user").order_by("-history_date")[1:11])
        if saved
        else []
    )
    status = 409 if conflict else 400 if form.errors else 200
    context = {
        "municipality": municipality,
        "note": saved,
        "form": form,
        "conflict": conflict,
        "history": history,
        "nav_active": "advice",
    }
    return render(request, "advising/note.html", context, status=status)


# Requests for advice -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's requests for advice, for everybody who may see it."""
    municipality = get_municipality_for_user(request, slug)
    page = Paginator(
        AdviceRequest.objects.filter(municipality=municipality).for_list(), 30
    ).get_page(request.GET.get("page") or 1)
    context = {
        "municipality": municipality,
        "page": page,
        "can_ask": request.user.has_perm(ADD_REQUEST, municipality),
        "is_adviser": request.user.has_perm(ANSWER_REQUEST, municipality),
        "has_adviser": municipality.advisers.filter(is_active=True, is_adviser=True).exists(),
        "nav_active": "advice",
    }
    return render(request, "advising/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_add(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, ADD_REQUEST)
    strategy = current_strategy(request, municipality)
    form = AdviceRequestForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_request(
                municipality,
                topic=form.cleaned_data["topic"],
                text=form.cleaned_data["text"],
                about=form.cleaned_data["about"],
                by=request.user,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. The advisers of your municipality are told by e-mail."
                ),
            )
            return redirect("advising:requests", slug=municipality.slug)
    context = {
        "municipality": municipality,
        "form": form,
        "nav_active": "advice",
    }
    return render(
        request, "advising/request_form.html", context, status=400 if form.errors else 200
    )


def _request_page(
    request: HttpRequest, advice: AdviceRequest, form=None, conflict=None, status: int = 200
) -> HttpResponse:
    municipality = advice.municipality
    can_answer = request.user.has_perm(ANSWER_REQUEST, municipality)
    if form is None and can_answer:
        form = AnswerForm(
            initial={"status": advice.status, "answer": advice.answer, "version": advice.version}
        )
    context = {
        "municipality": municipality,
        "advice": advice,
        "about_url": _about_url(advice),
        "form": form if can_answer else None,
        "conflict": conflict,
        "nav_active": "advice",
    }
    return render(request, "advising/request.html", context, status=status)


def _about_url(advice: AdviceRequest) -> str:
    about = advice.about
    if about is None:
        return ""
    slug = advice.municipality.slug
    if advice.field_id:
        return reverse("strategies:field", args=[slug, about.strategy_id, about.pk])
    if advice.measure_id:
        return reverse("strategies:measure", args=[slug, about.strategy_id, about.pk])
    return reverse("strategies:goals", args=[slug, about.strategy_id]) + f"#goal-{about.pk}"


@login_required
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _request_page(request, get_request_for_user(request, slug, pk))


@login_required
@require_POST
def request_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    advice = get_request_for_user(request, slug, pk, ANSWER_REQUEST)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _request_page(request, advice, form, status=400)
    try:
        services.answer_request(
            advice,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
            base_url=_base_url(request),
        )
    except StaleEditError as error:
        current = error.current
        data = request.POST.copy()
        data["version"] = str(current.version)
        fresh = AnswerForm(data)
        fresh.is_valid()
        conflict = [
            (_("Status"), current.get_status_display()),
            (_("Short answer"), current.answer),
        ]
        current.municipality = advice.municipality
        return _request_page(request, current, fresh, conflict, status=409)
    messages.success(request, _("Saved. The person who asked is told by e-mail."))
    return redirect("advising:request", slug=slug, pk=pk)
