"""iCalendar (RFC 5545) for workshop sessions: the file attached to the mails, the public
feed of all public sessions, and the events the person's own feed adds.

Every session is one VEVENT with a stable UID (`workshop-session-<pk>@<host>`) and the
session's SEQUENCE, raised on every change participants must know of, so a calendar program
updates the entry instead of adding a second. Times are Europe/Berlin with its VTIMEZONE.
A cancelled session (or a cancelled registration) is sent with METHOD:CANCEL and
STATUS:CANCELLED.
"""

from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from .models import Registration, Session

CONTENT_TYPE = "text/calendar; charset=utf-8"
BERLIN = ZoneInfo("Europe/Berlin")


def session_uid(session: Session) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "schreibwerkstatt"
    return f"workshop-session-{session.pk}@{host}"


def _calendar(name: str, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Schreibwerkstatt//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    return calendar


def _location(session: Session, with_link: bool) -> str:
    if session.is_online:
        return session.meeting_url if with_link and session.meeting_url else _("Online")
    return ", ".join(part for part in (session.venue, session.address) if part)


def session_event(session: Session, *, with_link: bool = False, cancelled: bool = False) -> Event:
    """The VEVENT of a session. `with_link`: the meeting link as location (files for
    participants only; the public feed says "Online")."""
    series = session.series
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts.astimezone(BERLIN))
    event.add("dtend", session.ends.astimezone(BERLIN))
    event.add("sequence", session.sequence)
    event.add("summary", f"{series.title}: {session.title}")
    lines = [series.description] if series.description else []
    if session.agenda:
        lines += ["", _("Agenda:"), session.agenda]
    event.add("description", "\n".join(lines))
    event.add("location", _location(session, with_link))
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if "@" in sender:  # RFC 5546: a cancellation names its organiser
        event.add("organizer", f"mailto:{sender}", parameters={"cn": series.organiser})
    event.add("url", settings.SITE_URL + series.get_absolute_url())
    cancelled = cancelled or session.is_cancelled or series.is_cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_bytes(
    sessions: Iterable[Session], *, name: str, with_link: bool = False, cancel: bool = False
) -> bytes:
    """A calendar with the sessions (METHOD:CANCEL when `cancel`), with the VTIMEZONE of
    Europe/Berlin for the years it spans."""
    sessions = list(sessions)
    calendar = _calendar(name, "CANCEL" if cancel else "PUBLISH")
    if sessions:
        first = min(session.starts for session in sessions).astimezone(BERLIN).replace(tzinfo=None)
        last = max(session.ends for session in sessions).astimezone(BERLIN).replace(tzinfo=None)
        calendar.add_component(
            Timezone.from_tzid("Europe/Berlin", first_date=first, last_date=last)
        )
    for session in sessions:
        calendar.add_component(session_event(session, with_link=with_link, cancelled=cancel))
    return calendar.to_ical()


# The feeds ---------------------------------------------------------------------------------

# How far back the feeds reach: recent past sessions stay in calendars, older ones drop out.
FEED_PAST_DAYS = 180


def public_sessions(now=None):
    """The sessions of the public feed: of published public series, from half a year ago on
    (cancelled ones too, marked, so calendars that subscribed remove them)."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            series__published_at__isnull=False,
            series__public=True,
            starts__gte=now - timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("series")
        .order_by("starts", "pk")
    )


def public_calendar(now=None) -> bytes:
    """The public feed of all public sessions: no meeting links, no names."""
    with translation.override(settings.LANGUAGE_CODE):
        return calendar_bytes(public_sessions(now), name=_("Workshop dates – Schreibwerkstatt"))


def person_events(user, now=None) -> list[Event]:
    """The person's sessions for their own feed (personal/calendar.py, set as a calendar
    source in apps.py): of published series where they are a participant of a confirmed
    registration; cancelled ones marked. No meeting link (it opens shortly before the start
    on the registration page and comes by mail)."""
    if not (user.is_authenticated and user.is_active):
        return []
    now = now or timezone.now()
    sessions = (
        Session.objects.filter(
            series__published_at__isnull=False,
            starts__gte=now - timedelta(days=FEED_PAST_DAYS),
            series__in=Registration.objects.filter(
                status=Registration.Status.CONFIRMED, participants__user=user
            ).values("series"),
        )
        .select_related("series")
        .order_by("starts", "pk")
    )
    return [session_event(session) for session in sessions]
