"""The mails of workshop registrations, in German, plain text, with the calendar file.

- `registration_received`: a confirmation (with the sessions as `.ics`) or the note that the
  municipality is on the waiting list;
- `moved_up`: a waiting municipality got a place (with the `.ics`);
- `registration_cancelled`: the cancellation, with METHOD:CANCEL so calendars remove the
  sessions.

Recipients are the person who registered and the participants (members, or the address of
a person invited with the registration). Account holders hear of it through their inbox
(`inbox.services.notify`, kind "workshop": a notification, and the mail with the calendar
file at once or in the weekly digest as they chose); an address invited without an account
gets the mail itself. services.py calls these after the commit; a mail server that is away
for a moment loses the mail (logged), never the registration.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox import services as inbox
from schreibwerkstatt.inbox.models import Kind as NotificationKind

from . import ics
from .models import Participant, Registration, Session

logger = logging.getLogger(__name__)


@dataclass
class Audience:
    """Who hears of a registration: active accounts with an address (through their inbox),
    and the addresses of people invited without an account (a plain mail), each once."""

    people: dict[int, object] = field(default_factory=dict)
    addresses: set[str] = field(default_factory=set)

    def add(self, registration: Registration, participants: Iterable[Participant]) -> None:
        people = [registration.registered_by] + [p.user for p in participants if p.user_id]
        for person in people:
            if person is not None and person.is_active and person.email:
                self.people[person.pk] = person
        self.addresses |= {p.email.lower() for p in participants if not p.user_id and p.email}

    @property
    def without_account(self) -> list[str]:
        known = {person.email.lower() for person in self.people.values()}
        return sorted(self.addresses - known)

    def __bool__(self) -> bool:
        return bool(self.people or self.addresses)


def audience(
    registration: Registration, participants: Iterable[Participant] | None = None
) -> Audience:
    if participants is None:
        participants = registration.participants.select_related("user")
    result = Audience()
    result.add(registration, list(participants))
    return result


def recipients(registration: Registration, participants: Iterable[Participant] | None = None):
    """The addresses of the registering person and the participants, each once."""
    found = audience(registration, participants)
    return sorted({p.email.lower() for p in found.people.values()} | found.addresses)


def registration_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse(
        "workshops:registration", kwargs={"slug": registration.series.slug}
    )


def send(
    to: Audience,
    subject: str,
    template: str,
    context: dict,
    *,
    calendar: bytes | None = None,
) -> int:
    """One mail per address without an account (nobody sees the others' addresses) and a
    notification to each account holder (a mail too, as they chose); the number of mails
    and notifications, 0 for a mail when the mail server is away (logged)."""
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"workshops/mail/{template}.txt", context)
    attachments = []
    if calendar is not None:
        attachments.append(("schreibwerkstatt-termine.ics", calendar, ics.CONTENT_TYPE))
    sent = 0
    if to.people:
        sent += len(
            inbox.notify(
                to.people.values(),
                kind=NotificationKind.WORKSHOP,
                subject=subject,
                body=body,
                summary="",  # the subject says what happened; the mail has the details
                url=inbox.path_of(context.get("url") or context.get("calendar_url") or "/"),
                attachments=attachments,
            )
        )
    for address in to.without_account:
        mail = EmailMessage(subject, body, None, [address])
        for attachment in attachments:
            mail.attach(*attachment)
        try:
            sent += mail.send()
        except OSError:  # smtplib errors are OSErrors
            logger.exception("Workshop mail %r to one recipient could not be sent.", template)
    return sent


def _sessions(registration: Registration) -> list:
    return list(registration.series.sessions.filter(cancelled_at__isnull=True).order_by("starts"))


def registration_received(registration: Registration) -> int:
    series = registration.series
    confirmed = registration.status == Registration.Status.CONFIRMED
    sessions = _sessions(registration)
    context = {
        "registration": registration,
        "series": series,
        "sessions": sessions,
        "url": registration_url(registration),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if confirmed:
            subject = _("Registration confirmed: %(title)s") % {"title": series.title}
            calendar = ics.calendar_bytes(sessions, name=series.title)
        else:
            subject = _("On the waiting list: %(title)s") % {"title": series.title}
            calendar = None
    template = "confirmed" if confirmed else "waiting"
    return send(audience(registration), subject, template, context, calendar=calendar)


def moved_up(registration: Registration) -> int:
    series = registration.series
    sessions = _sessions(registration)
    context = {"registration": registration, "series": series, "sessions": sessions,
               "url": registration_url(registration)}  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A place became free: %(title)s") % {"title": series.title}
        calendar = ics.calendar_bytes(sessions, name=series.title)
    return send(audience(registration), subject, "moved_up", context, calendar=calendar)


def registration_cancelled(registration: Registration, participants: list[Participant]) -> int:
    series = registration.series
    sessions = list(series.sessions.order_by("starts"))
    context = {"registration": registration, "series": series,
               "calendar_url": settings.SITE_URL + reverse("workshops:calendar")}  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Registration cancelled: %(title)s") % {"title": series.title}
        calendar = ics.calendar_bytes(sessions, name=series.title, cancel=True)
    to = audience(registration, participants)
    return send(to, subject, "cancelled", context, calendar=calendar)


# The organisers' changes (services_organiser.py) ----------------------------------------


def _first_url(*names: tuple[str, dict]) -> str:
    """The first of these pages that exists (the registration and material pages are built
    by the registration section; a mail never fails for want of one)."""
    for name, kwargs in names:
        try:
            return settings.SITE_URL + reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return settings.SITE_URL + "/"


def _series_url(series) -> str:
    return _first_url(
        ("workshops:registration", {"slug": series.slug}),
        ("workshops:series", {"slug": series.slug}),
    )


def _confirmed(series) -> list[Registration]:
    return list(
        series.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("municipality", "registered_by")
        .prefetch_related("participants__user")
    )


def _everybody(registrations: Iterable[Registration]) -> Audience:
    result = Audience()
    for registration in registrations:
        result.add(registration, registration.participants.all())
    return result


def session_changed(session: Session, *, new: bool = False) -> int:
    """The registered people of confirmed registrations get the changed (or new) session
    as a calendar file: same UID, higher SEQUENCE."""
    series = session.series
    context = {"session": session, "series": series, "sessions": [session], "new": new,
               "url": _series_url(series)}  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        if new:
            subject = _("New date: %(title)s") % {"title": series.title}
        else:
            subject = _("Date changed: %(title)s") % {"title": series.title}
        calendar = ics.calendar_bytes([session], name=series.title)
    to = _everybody(_confirmed(series))
    return send(to, subject, "session_changed", context, calendar=calendar)


def session_cancelled(session: Session) -> int:
    series = session.series
    context = {"session": session, "series": series, "sessions": [session],
               "url": _series_url(series)}  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Date cancelled: %(title)s") % {"title": series.title}
        calendar = ics.calendar_bytes([session], name=series.title, cancel=True)
    to = _everybody(_confirmed(series))
    return send(to, subject, "session_cancelled", context, calendar=calendar)


def series_cancelled(series) -> int:
    """Everybody registered (confirmed or waiting) learns that the series is cancelled;
    the calendar file removes its dates."""
    registrations = list(
        series.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("municipality", "registered_by")
        .prefetch_related("participants__user")
    )
    sessions = list(series.sessions.order_by("starts", "pk"))
    context = {"series": series, "sessions": [s for s in sessions if not s.is_cancelled],
               "calendar_url": _first_url(("workshops:calendar", {}))}  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Series cancelled: %(title)s") % {"title": series.title}
        calendar = ics.calendar_bytes(sessions, name=series.title, cancel=True)
    return send(_everybody(registrations), subject, "series_cancelled", context, calendar=calendar)


def material_url(material) -> str:
    series = material.session.series
    return _first_url(
        ("workshops:material", {"slug": series.slug, "pk": material.pk}),
        ("workshops:registration", {"slug": series.slug}),
        ("workshops:series", {"slug": series.slug}),
    )


def follow_up(session: Session) -> int:
    """The participants of each confirmed registration get the session's materials and the
    tasks agreed for their municipality (no other municipality's)."""
    from .services_organiser import tasks_of  # services_organiser imports this module

    series = session.series
    materials = list(session.materials.defer("content"))
    for material in materials:
        material.session = session
        material.link = material_url(material)
    tasks: dict[int, list] = {}
    for task in tasks_of(session):
        tasks.setdefault(task.municipality_id, []).append(task)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("After the session: %(title)s") % {"title": session.title}
    for registration in _confirmed(series):
        participants = list(registration.participants.all())
        to = Audience()  # the participants, not the person who registered
        to.people = {p.user.pk: p.user for p in participants if p.user_id and p.user.is_active
                     and p.user.email}  # fmt: skip
        to.addresses = {p.email.lower() for p in participants if not p.user_id and p.email}
        context = {
            "session": session,
            "series": series,
            "registration": registration,
            "materials": materials,
            "has_files": any(material.file_name for material in materials),
            "tasks": tasks.get(registration.municipality_id, []),
            "url": _series_url(series),
        }
        sent += send(to, subject, "follow_up", context)
    return sent
