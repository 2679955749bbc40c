"""iCalendar (RFC 5545) files: a person's feed of due steps and milestones, and a strategy's
roadmap milestones (download and `export-strategy --format ics`).

Every entry is an all-day event (calendar programs show those in subscriptions, unlike to-dos)
with a UID built from the object's kind and primary key, so a calendar updates an entry
instead of duplicating it when the feed is fetched again or the file imported twice.

Higher apps add their own entries to the person's feed through `add_calendar_source`
(workshops adds the sessions a person takes part in, set in its `apps.ready`): a source
returns timed or all-day events for a user; timed ones get the VTIMEZONE of TIME_ZONE.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Milestone, Strategy

from .assignments import measure_url, milestones_led_by, open_steps_of, strategies_of_person

CONTENT_TYPE = "text/calendar; charset=utf-8"

# Further entries of a person's feed: callables user -> events (set by higher apps).
CalendarSource = Callable[..., Iterable[Event]]
_sources: list[CalendarSource] = []


def add_calendar_source(source: CalendarSource) -> None:
    """Add the events `source(user)` returns to every person's feed (once per source)."""
    if source not in _sources:
        _sources.append(source)


def _add_sources(calendar: Calendar, user) -> None:
    events = [event for source in _sources for event in source(user)]
    starts = [
        event.decoded("dtstart")
        for event in events
        if isinstance(event.decoded("dtstart"), datetime)
    ]
    if starts:  # timed events name their zone, so the file carries its rules (RFC 5545)
        zone = ZoneInfo(settings.TIME_ZONE)
        local = [start.astimezone(zone).replace(tzinfo=None) for start in starts]
        calendar.add_component(
            Timezone.from_tzid(
                settings.TIME_ZONE,
                first_date=min(local),
                last_date=max(local) + timedelta(days=1),
            )
        )
    for event in events:
        calendar.add_component(event)


def _uid(kind: str, pk: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "schreibwerkstatt"
    return f"{kind}-{pk}@{host}"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Schreibwerkstatt//Digitalstrategie//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(uid: str, day: date, summary: str, description: str, category: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [category])
    event.add("url", settings.SITE_URL + url)
    event.add("transp", "TRANSPARENT")  # a due date does not block time
    return event


def _milestone_event(milestone: Milestone, strategy: Strategy, municipality: Municipality) -> Event:
    lines = [_("Strategy: %(title)s") % {"title": strategy.title}]
    if milestone.measure is not None:
        lines.insert(0, _("Measure: %(title)s") % {"title": milestone.measure.title})
    strategy.context_municipality = municipality
    url = (
        measure_url(milestone.measure, strategy)
        if milestone.measure is not None
        else reverse(
            "strategies:overview", kwargs={"slug": municipality.slug, "strategy": strategy.pk}
        )
    )
    return _event(
        _uid("milestone", milestone.pk),
        milestone.date,
        milestone.title,
        "\n".join(lines),
        _("Milestone"),
        url,
    )


def person_calendar(user) -> bytes:
    """The person's open steps with a due date and the milestones of the measures they lead,
    in the municipalities where they are a member, and the entries of the calendar sources
    (`add_calendar_source`)."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(_("My tasks – Schreibwerkstatt"))
        strategies = strategies_of_person(user)
        for step in open_steps_of(user, strategies):
            if step.due_date is None:
                continue
            strategy = step.measure.strategy
            description = "\n".join(
                [
                    _("Measure: %(title)s") % {"title": step.measure.title},
                    _("Strategy: %(title)s") % {"title": strategy.title},
                    _("Municipality: %(name)s") % {"name": strategy.context_municipality.name},
                ]
            )
            calendar.add_component(
                _event(
                    _uid("step", step.pk),
                    step.due_date,
                    step.title,
                    description,
                    _("Project step"),
                    measure_url(step.measure, strategy),
                )
            )
        for milestone in milestones_led_by(user, strategies):
            strategy = milestone.strategy
            calendar.add_component(
                _milestone_event(milestone, strategy, strategy.context_municipality)
            )
        _add_sources(calendar, user)
        return calendar.to_ical()


def roadmap_calendar(strategy: Strategy, municipality: Municipality | None = None) -> bytes:
    """All milestones of a strategy; links point into `municipality` (default: the lead)."""
    municipality = municipality or strategy.municipality
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(_("Roadmap milestones: %(title)s") % {"title": strategy.title})
        milestones = strategy.milestones.select_related("measure").order_by("date", "pk")
        for milestone in milestones:
            calendar.add_component(_milestone_event(milestone, strategy, municipality))
        return calendar.to_ical()


def export_roadmap_ics(strategy: Strategy, progress: object = None) -> bytes:
    """For `export-strategy --format ics` (EXPORT_FORMATS); one step, so no progress."""
    return roadmap_calendar(strategy)
