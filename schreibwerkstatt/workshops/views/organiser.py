"""The organisers' pages (/beratung/termine/): the list of all series, a series' and a
session's edit pages, the adviser's view of a series (who takes part, attendance, progress
on the guided path side by side) and the page for running a session (attendance,
materials, notes, agreed tasks, follow-up).

Organisers are active advisers and operators (rules.is_organiser); anonymous visitors go to
the login, everybody else gets 403. Operators see the names of the municipalities and
people registered (needed to run a workshop) and progress figures, never a strategy's
content. Edits carry the version they were loaded with; a stale one answers 409 with both
versions (core.conflicts.save_or_conflict).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.conflicts import save_or_conflict
from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.process.cycle import cycle_progress_of_many
from schreibwerkstatt.process.phases import PHASES

from .. import services_organiser as services
from ..forms_organiser import (
    AttendanceForm,
    ConfirmForm,
    MaterialForm,
    NotesForm,
    SeriesForm,
    SessionForm,
    TaskForm,
)
from ..models import Attendance, Participant, Registration, Series, Session
from ..rules import (
    get_material_for_organiser,
    get_registration_for_organiser,
    get_series_for_organiser,
    get_session_for_organiser,
    is_organiser,
)
from ..selectors import places, with_places

Status = Registration.Status


def organiser_required(view):
    """Anonymous visitors go to the login, everybody but organisers gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_organiser(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _status(form, conflict=None) -> int:
    return 409 if conflict is not None else 400 if form.errors else 200


def _invalid() -> HttpResponse:
    return HttpResponse(_("Invalid request."), status=400)


# The list of all series ----------------------------------------------------------------


@organiser_required
@require_http_methods(["GET"])
def manage(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.filter(series=OuterRef("pk"), cancelled_at__isnull=True)
        .order_by()
        .values("series")
        .annotate(n=Count("pk"))
        .values("n")
    )
    series_list = list(
        with_places(Series.objects.all()).annotate(
            session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0)
        )
    )
    for series in series_list:
        series.places = places(series)
    context = {"series_list": series_list, "nav_active": "workshops_manage"}
    return render(request, "workshops/organiser/list.html", context)


# A series ------------------------------------------------------------------------------


@organiser_required
@require_http_methods(["GET", "POST"])
def series_add(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series = services.add_series(
            form.instance, by=request.user, organisers=form.cleaned_data["organisers"]
        )
        messages.success(
            request,
            _("The series has been created as a draft. Add its sessions, then publish it."),
        )
        return redirect("workshops:manage_series", slug=series.slug)
    context = {"form": form, "title": _("New series"), "back": reverse("workshops:manage")}
    return render(request, "workshops/organiser/form.html", context, status=_status(form))


@organiser_required
@require_http_methods(["GET", "POST"])
def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_series_for_organiser(slug)
    form = SeriesForm(request.POST or None, instance=series)
    conflict = None
    if request.method == "POST" and form.is_valid():

        def save():
            plain, m2m = form.changes()
            return services.update_series(
                series, expected_version=form.cleaned_data["version"], changes=plain, m2m=m2m
            )

        saved, stale = save_or_conflict(request, form, SeriesForm, save)
        if stale is None:
            messages.success(request, _("The series has been saved."))
            return redirect("workshops:manage_series", slug=saved.slug)
        form, conflict = stale.form, stale.rows
    context = {
        "form": form,
        "conflict": conflict,
        "title": _("Edit series"),
        "series": series,
        "back": reverse("workshops:manage_series", kwargs={"slug": series.slug}),
    }
    return render(request, "workshops/organiser/form.html", context, status=_status(form, conflict))


@organiser_required
@require_POST
def series_publish(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_series_for_organiser(slug)
    try:
        services.publish_series(series)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The series is published."))
    return redirect("workshops:manage_series", slug=series.slug)


def _confirm_page(request: HttpRequest, *, title: str, question: str, note: str, back: str,
                  button: str, status: int = 200) -> HttpResponse:  # fmt: skip
    context = {"title": title, "question": question, "note": note, "back": back,
               "button": button}  # fmt: skip
    return render(request, "workshops/organiser/confirm.html", context, status=status)


@organiser_required
@require_http_methods(["GET", "POST"])
def series_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_series_for_organiser(slug)
    back = reverse("workshops:manage_series", kwargs={"slug": series.slug})
    if request.method == "POST":
        if not ConfirmForm(request.POST).is_valid():
            return _invalid()
        try:
            services.cancel_series(series)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The series is cancelled. The registered people have been told by e-mail."),
            )
        return redirect(back)
    return _confirm_page(
        request,
        title=_("Cancel the series"),
        question=_("Cancel the series “%(title)s” with all its dates?") % {"title": series},
        note=_(
            "Everybody registered gets an e-mail with a calendar file that removes the dates. "
            "The registrations are kept for the record. This cannot be undone."
        ),
        back=back,
        button=_("Cancel the series"),
    )


# The adviser's view of a series --------------------------------------------------------


def _registrations(series: Series) -> list[Registration]:
    """Confirmed ones, then waiting ones in the order they came; the cancelled last."""
    order = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.CANCELLED: 2}
    registrations = list(
        series.registrations.select_related("municipality").prefetch_related("participants__user")
    )
    registrations.sort(key=lambda r: (order[r.status], r.created_at, r.pk))
    return registrations


@organiser_required
@require_http_methods(["GET"])
def manage_series(request: HttpRequest, slug: str) -> HttpResponse:
    series = with_places(Series.objects.filter(slug=slug)).first() or get_series_for_organiser(slug)
    sessions = list(series.sessions.order_by("starts", "pk"))
    held = [s for s in sessions if not s.is_cancelled]
    registrations = _registrations(series)
    active = [r for r in registrations if r.status != Status.CANCELLED]
    ticks = {
        (row["participant__registration_id"], row["session_id"]): row["n"]
        for row in Attendance.objects.filter(session__series=series)
        .values("participant__registration_id", "session_id")
        .annotate(n=Count("pk"))
    }
    progress = cycle_progress_of_many([r.municipality for r in active])
    for registration in active:
        registration.attendance = [ticks.get((registration.pk, s.pk), 0) for s in held]
        registration.progress = progress[registration.municipality.pk]
    context = {
        "series": series,
        "places": places(series),
        "sessions": sessions,
        "held": held,
        "confirmed": [r for r in active if r.status == Status.CONFIRMED],
        "waiting": [r for r in active if r.status == Status.WAITING],
        "cancelled_count": len(registrations) - len(active),
        "phases": PHASES,
    }
    return render(request, "workshops/organiser/series.html", context)


@organiser_required
@require_http_methods(["GET", "POST"])
def registration_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    registration = get_registration_for_organiser(slug, pk)
    back = reverse("workshops:manage_series", kwargs={"slug": slug})
    if request.method == "POST":
        if not ConfirmForm(request.POST).is_valid():
            return _invalid()
        try:
            services.withdraw_registration(registration, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.")
                % {"name": registration.municipality.name},
            )
        return redirect(back)
    if registration.status == Status.CANCELLED:
        messages.info(request, _("This registration is already cancelled."))
        return redirect(back)
    return _confirm_page(
        request,
        title=_("Cancel a registration"),
        question=_("Cancel the registration of %(name)s for “%(title)s”?")
        % {"name": registration.municipality.name, "title": registration.series},
        note=_(
            "The municipality and its participants are told by e-mail. If it had a place, the "
            "first municipality on the waiting list moves up and is told as well."
        ),
        back=back,
        button=_("Cancel the registration"),
    )


# Sessions ------------------------------------------------------------------------------


@organiser_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_series_for_organiser(slug)
    form = SessionForm(request.POST or None)
    back = reverse("workshops:manage_series", kwargs={"slug": series.slug})
    if request.method == "POST" and form.is_valid():
        session = services.add_session(series, form.instance, guides=form.cleaned_data["guides"])
        messages.success(request, _("The session has been added."))
        return redirect("workshops:manage_session", slug=series.slug, pk=session.pk)
    context = {"form": form, "title": _("New session"), "series": series, "back": back}
    return render(request, "workshops/organiser/form.html", context, status=_status(form))


@organiser_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    form = SessionForm(request.POST or None, instance=session)
    conflict = None
    if request.method == "POST" and form.is_valid():

        def save():
            plain, m2m = form.changes()
            return services.update_session(
                session, expected_version=form.cleaned_data["version"], changes=plain, m2m=m2m
            )

        saved, stale = save_or_conflict(request, form, SessionForm, save)
        if stale is None:
            if saved.sequence != session.sequence:
                messages.success(
                    request,
                    _("The session has been saved. The registered people have been told of "
                      "the change by e-mail."),
                )  # fmt: skip
            else:
                messages.success(request, _("The session has been saved."))
            return redirect("workshops:manage_session", slug=slug, pk=saved.pk)
        form, conflict = stale.form, stale.rows
    context = {
        "form": form,
        "conflict": conflict,
        "title": _("Edit session"),
        "series": session.series,
        "back": reverse("workshops:manage_session", kwargs={"slug": slug, "pk": session.pk}),
        "notice": _(
            "Registered people are told by e-mail when the title, date, time, duration, format, "
            "meeting link, venue or address changes."
        ),
    }
    return render(request, "workshops/organiser/form.html", context, status=_status(form, conflict))


@organiser_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    back = reverse("workshops:manage_session", kwargs={"slug": slug, "pk": session.pk})
    if request.method == "POST":
        if not ConfirmForm(request.POST).is_valid():
            return _invalid()
        try:
            services.cancel_session(session)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The session is cancelled. The registered people have been told by e-mail."),
            )
        return redirect(back)
    return _confirm_page(
        request,
        title=_("Cancel the session"),
        question=_("Cancel the session “%(title)s”?") % {"title": session},
        note=_(
            "The registered people get an e-mail with a calendar file that removes the date. "
            "Their registration for the other dates stays."
        ),
        back=back,
        button=_("Cancel the session"),
    )


# Running a session ---------------------------------------------------------------------


def _session_page(request: HttpRequest, session: Session, *, status: int = 200, **forms) -> HttpResponse:  # fmt: skip
    series = session.series
    participants = services.participants_of(session)
    present = set(session.attendances.values_list("participant_id", flat=True))
    groups: list[tuple[Registration, list[Participant]]] = []
    for participant in participants:
        participant.present = participant.pk in present
        registration = participant.registration
        if not groups or groups[-1][0].pk != registration.pk:
            groups.append((registration, []))
        groups[-1][1].append(participant)
    registrations = list(
        series.registrations.filter(status=Status.CONFIRMED).select_related("municipality")
    )
    materials = list(session.materials.defer("content"))
    for material in materials:
        material.session = session
    notes_form = forms.get("notes_form") or NotesForm(
        initial={"notes": session.notes, "version": session.version}, auto_id="notes_%s"
    )
    context = {
        "series": series,
        "session": session,
        "groups": groups,
        "present_count": len(present & {p.pk for p in participants}),
        "participant_count": len(participants),
        "materials": materials,
        "material_form": forms.get("material_form") or MaterialForm(auto_id="material_%s"),
        "notes_form": notes_form,
        "notes_conflict": forms.get("notes_conflict"),
        "task_form": forms.get("task_form")
        or TaskForm(registrations=registrations, auto_id="task_%s"),
        "tasks": list(services.tasks_of(session)),
        "attendance_error": forms.get("attendance_error"),
    }
    return render(request, "workshops/organiser/session.html", context, status=status)


def _back_to(session: Session, anchor: str) -> HttpResponse:
    url = reverse(
        "workshops:manage_session", kwargs={"slug": session.series.slug, "pk": session.pk}
    )
    return redirect(f"{url}#{anchor}")


@organiser_required
@require_http_methods(["GET"])
def manage_session(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _session_page(request, get_session_for_organiser(slug, pk))


@organiser_required
@require_POST
def session_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    form = AttendanceForm(request.POST, participants=services.participants_of(session))
    if not form.is_valid():
        error = form.errors["present"][0]
        return _session_page(request, session, status=400, attendance_error=error)
    services.record_attendance(session, form.cleaned_data["present"], by=request.user)
    messages.success(request, _("The attendance has been saved."))
    return _back_to(session, "attendance")


@organiser_required
@require_POST
def material_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    form = MaterialForm(request.POST, request.FILES, auto_id="material_%s")
    if not form.is_valid():
        return _session_page(request, session, status=400, material_form=form)
    checked = form.checked
    services.add_material(
        session,
        title=form.cleaned_data["title"],
        url=form.cleaned_data["url"] or "",
        file_name=checked.filename if checked else "",
        content_type=checked.content_type if checked else "",
        content=form.data_bytes,
        public=form.cleaned_data["public"],
        by=request.user,
    )
    messages.success(request, _("The material has been added."))
    return _back_to(session, "materials")


@organiser_required
@require_POST
def material_delete(request: HttpRequest, slug: str, pk: int, material: int) -> HttpResponse:
    found = get_material_for_organiser(slug, pk, material)
    services.delete_material(found)
    messages.success(request, _("The material “%(title)s” has been deleted.") % {"title": found})
    return _back_to(found.session, "materials")


@organiser_required
@require_POST
def session_notes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    form = NotesForm(request.POST, auto_id="notes_%s")
    if not form.is_valid():
        return _session_page(request, session, status=400, notes_form=form)
    try:
        services.save_notes(
            session, notes=form.cleaned_data["notes"], expected_version=form.cleaned_data["version"]
        )
    except StaleEditError as error:
        current = error.current
        data = request.POST.copy()
        data["version"] = str(current.version)
        fresh = NotesForm(data, auto_id="notes_%s")
        fresh.is_valid()
        rows = [(_("Notes of the organisers"), current.notes)]
        current.series = session.series
        return _session_page(request, current, status=409, notes_form=fresh, notes_conflict=rows)
    messages.success(request, _("The notes have been saved."))
    return _back_to(session, "notes")


@organiser_required
@require_POST
def session_task_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    registrations = list(
        session.series.registrations.filter(status=Status.CONFIRMED).select_related("municipality")
    )
    form = TaskForm(request.POST, registrations=registrations, auto_id="task_%s")
    if not form.is_valid():
        return _session_page(request, session, status=400, task_form=form)
    data = form.cleaned_data
    item = services.agree_task(
        session,
        data["registration"],
        title=data["title"],
        phase=data["phase"],
        owner=data["owner"],
        due_date=data["due_date"],
    )
    messages.success(
        request,
        _("“%(title)s” is on the checklist of %(municipality)s.")
        % {"title": item.title, "municipality": data["registration"].municipality.name},
    )
    return _back_to(session, "tasks")


@organiser_required
@require_POST
def session_follow_up(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session_for_organiser(slug, pk)
    if not ConfirmForm(request.POST).is_valid():
        return _invalid()
    try:
        services.send_follow_up(session)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The follow-up has been sent to the participants of the confirmed registrations."),
        )
    return _back_to(session, "follow-up")
