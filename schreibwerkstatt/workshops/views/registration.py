"""A municipality's registration for a series: registering with participants (its
coordination), the registration page with the participants and the sessions, changing the
participants, cancelling, and the materials. The rules are in services.py; who may do what
in rules.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import MunicipalityChoiceForm, ParticipantsForm
from ..models import Material, Participant, Registration, Series
from ..rules import (
    active_registrations_of,
    coordinated_municipalities,
    coordinates,
    get_material_for_user,
    get_participant_for_user,
    get_registration_for_user,
    get_series_for_user,
    is_organiser,
)
from ..selectors import registration_state

Status = Registration.Status


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def _registration_url(series: Series) -> str:
    return reverse("workshops:registration", kwargs={"slug": series.slug})


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordination registers its municipality: participants from its members and the
    addresses of new people. A person coordinating several municipalities picks one first."""
    series = get_series_for_user(request, slug)
    coordinated = coordinated_municipalities(request.user)
    if not coordinated:
        raise PermissionDenied
    registered = set(active_registrations_of(request.user, series).values_list(
        "municipality_id", flat=True))  # fmt: skip
    available = [m for m in coordinated if m.pk not in registered]
    counts = services.places_of(series)
    context = {
        "series": series,
        "places": counts,
        "state": registration_state(series, counts.free),
        "is_open": series.registration_is_open(),
        "registered": [m for m in coordinated if m.pk in registered],
        "registration_url": _registration_url(series),
    }
    if not available or not context["is_open"]:
        if request.method == "POST" and not context["is_open"]:
            messages.error(request, _("Registration for this series is closed."))
        return render(request, "workshops/registration/register.html", context)
    municipality = available[0]
    if len(available) > 1:
        choice = MunicipalityChoiceForm(
            available, request.GET if "kommune" in request.GET else None
        )
        if not choice.is_valid():
            context["choice"] = choice
            return render(request, "workshops/registration/register.html", context)
        municipality = choice.municipality()
    form = ParticipantsForm(
        municipality,
        seats=series.seats_per_municipality,
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_team(
                series,
                municipality,
                by=request.user,
                users=form.cleaned_data["members"],
                emails=form.cleaned_data["emails"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == Status.CONFIRMED:
                messages.success(request, _("%(name)s is registered. We sent a confirmation by e-mail.")
                                 % {"name": municipality.name})  # fmt: skip
            else:
                messages.info(request, _("All places are taken: %(name)s is on the waiting list. "
                                         "We tell you by e-mail when a place becomes free.")
                              % {"name": municipality.name})  # fmt: skip
            return redirect(_registration_url(series))
    context.update({"form": form, "municipality": municipality, "several": len(available) > 1})
    return render(request, "workshops/registration/register.html", context)


def _page(request: HttpRequest, series: Series, *, bound: dict | None = None, status=200):
    """The registration page of the viewer's municipalities; `bound`: {registration pk: a
    form with errors} to show again."""
    now = timezone.now()
    user = request.user
    registrations = list(
        active_registrations_of(user, series).prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user", "invitation"))
        )
    )  # fmt: skip
    sessions = list(
        series.sessions.order_by("starts", "pk").prefetch_related(
            Prefetch("materials", queryset=Material.objects.defer("content").order_by("created_at", "pk"))
        )
    )  # fmt: skip
    participates = any(
        r.status == Status.CONFIRMED and any(p.user_id == user.pk for p in r.participants.all())
        for r in registrations
    )
    organiser = is_organiser(user)
    entries = []
    for registration in registrations:
        people = list(registration.participants.all())
        is_coordinator = coordinates(user, registration.municipality)
        free = series.seats_per_municipality - len(people)
        form = (bound or {}).get(registration.pk)
        if form is None and is_coordinator and free > 0:
            form = ParticipantsForm(
                registration.municipality,
                seats=free,
                taken=[p.user_id for p in people if p.user_id],
                prefix=f"r{registration.pk}",
            )
        entries.append({
            "registration": registration,
            "people": people,
            "is_coordinator": is_coordinator,
            "free": free,
            "form": form if is_coordinator else None,
            "may_change": services.may_still_cancel(series, now),
        })  # fmt: skip
    context = {
        "series": series,
        "entries": entries,
        "sessions": sessions,
        "show_links": participates or organiser,
        "show_materials": participates or organiser,
        "now": now,
        "is_organiser": organiser,
        "coordinates_any": bool(coordinated_municipalities(user)),
    }
    return render(request, "workshops/registration/registration.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def registration(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, get_series_for_user(request, slug))


def _for_coordinator(request: HttpRequest, slug: str, pk: int) -> Registration:
    registration = get_registration_for_user(request, slug, pk)
    if not coordinates(request.user, registration.municipality):
        raise PermissionDenied
    return registration


@login_required
@require_POST
def add_participants(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    registration = _for_coordinator(request, slug, pk)
    series = registration.series
    taken = list(registration.participants.values_list("user_id", flat=True))
    form = ParticipantsForm(
        registration.municipality,
        seats=max(series.seats_per_municipality - len(taken), 0),
        taken=[t for t in taken if t],
        data=request.POST,
        prefix=f"r{registration.pk}",
    )
    if form.is_valid():
        try:
            services.add_participants(
                registration,
                by=request.user,
                users=form.cleaned_data["members"],
                emails=form.cleaned_data["emails"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participants are saved."))
            return redirect(_registration_url(series))
    return _page(request, series, bound={registration.pk: form})


@login_required
@require_POST
def remove_participant(request: HttpRequest, slug: str, pk: int, participant: int) -> HttpResponse:
    """The coordination takes a person off, or a person takes themselves off."""
    person = get_participant_for_user(request, slug, pk, participant)
    registration = person.registration
    themselves = person.user_id == request.user.pk
    if not (themselves or coordinates(request.user, registration.municipality)):
        raise PermissionDenied
    try:
        services.remove_participant(person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are no longer on the list of participants.") if themselves
                         else _("%(name)s is no longer on the list of participants.")
                         % {"name": str(person)})  # fmt: skip
        if themselves and not coordinates(request.user, registration.municipality):
            return redirect(registration.series.get_absolute_url())
    return redirect(_registration_url(registration.series))


@login_required
@require_http_methods(["GET", "POST"])
def cancel_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The coordination cancels the registration, after a confirmation step, until the
    deadline; the first municipality waiting moves up (services.cancel)."""
    registration = _for_coordinator(request, slug, pk)
    series = registration.series
    error = ""
    if not services.may_still_cancel(series):
        error = _("The deadline for cancelling has passed. Please write to the organisers.")
    elif request.method == "POST":
        if request.POST.get("version") != str(registration.version):
            error = _("The registration was changed in the meantime. Please check it and confirm again.")  # fmt: skip
        else:
            try:
                services.withdraw(registration, by=request.user)
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                messages.success(request, _("The registration of %(name)s is cancelled.")
                                 % {"name": registration.municipality.name})  # fmt: skip
                return redirect(series.get_absolute_url())
    context = {"series": series, "registration": registration, "error": error}
    return render(request, "workshops/registration/cancel.html", context)


@require_http_methods(["GET"])
def material(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A material of a session: the file as a download (never shown inline, never sniffed),
    or the way to its link."""
    obj = get_material_for_user(request, slug, pk)
    if not obj.file_name:
        return redirect(obj.url)
    response = HttpResponse(
        bytes(obj.content), content_type=obj.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(True, obj.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
