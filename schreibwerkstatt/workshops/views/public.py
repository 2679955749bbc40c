"""The public calendar of workshop series and the page of one series. Visitors see counts of
places only, never who registered (rules.py); the viewer's own municipality sees its state."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.guides.rules import may_read

from ..models import Material, Registration, Series, Session
from ..rules import coordinated_ids, get_series_for_user, is_organiser, series_visible_to
from ..selectors import (
    FULL,
    OPEN,
    is_upcoming,
    places,
    registration_state,
    series_is_over,
    viewer_registrations,
    with_places,
)
from ..services import Places, may_still_cancel, places_of

PAST_SHOWN = 10


@dataclass
class Card:
    """A series as the calendar and its page show it."""

    series: Series
    sessions: list[Session]
    places: Places
    state: str
    mine: list[Registration] = field(default_factory=list)
    may_register: bool = False

    @property
    def can_register_now(self) -> bool:
        return self.state in (OPEN, FULL)


def _card(series: Series, sessions: list[Session], counts: Places, user, mine, now) -> Card:
    state = registration_state(series, counts.free, now)
    registered = {registration.municipality_id for registration in mine}
    coordinated = set(coordinated_ids(user))
    return Card(
        series=series,
        sessions=sessions,
        places=counts,
        state=state,
        mine=mine,
        may_register=state in (OPEN, FULL) and bool(coordinated - registered),
    )


@require_http_methods(["GET"])
def calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming series with their sessions and places, then past ones with their public
    materials. A fixed number of queries, however many series, sessions and registrations."""
    now = timezone.now()
    materials = Material.objects.filter(public=True).defer("content").order_by("created_at", "pk")
    sessions = Session.objects.order_by("starts", "pk").prefetch_related(
        Prefetch("materials", queryset=materials)
    )
    all_series = list(
        with_places(series_visible_to(request.user).published()).prefetch_related(
            Prefetch("sessions", queryset=sessions)
        )
    )
    upcoming = [series for series in all_series if is_upcoming(series, now)]
    past = [s for s in all_series if s not in upcoming and not s.is_cancelled]
    mine = viewer_registrations(request.user, [series.pk for series in upcoming])
    cards = [
        _card(s, list(s.sessions.all()), places(s), request.user, mine.get(s.pk, []), now)
        for s in upcoming
    ]
    cards.sort(key=lambda card: (_first_start(card.sessions, now), card.series.title))
    past.sort(key=lambda series: _first_start(list(series.sessions.all()), now), reverse=True)
    past_cards = [
        {"series": series, "sessions": list(series.sessions.all()),
         "materials": [m for s in series.sessions.all() for m in s.materials.all()]}
        for series in past[:PAST_SHOWN]
    ]  # fmt: skip
    context = {
        "cards": cards,
        "past": past_cards,
        "is_organiser": is_organiser(request.user),
        "nav_active": "workshops",
    }
    return render(request, "workshops/public/calendar.html", context)


def _first_start(sessions: list[Session], now):
    starts = [session.starts for session in sessions if not session.is_cancelled]
    return min(starts) if starts else now


@require_http_methods(["GET"])
def series(request: HttpRequest, slug: str) -> HttpResponse:
    """One series: its details, the sessions with agenda, phases and guides, the places and
    the state of the viewer's municipality."""
    now = timezone.now()
    obj = get_series_for_user(request, slug)
    sessions = list(
        obj.sessions.order_by("starts", "pk").prefetch_related(
            "guides",
            Prefetch(
                "materials",
                queryset=Material.objects.filter(public=True)
                .defer("content")
                .order_by("created_at", "pk"),
            ),
        )
    )
    mine = viewer_registrations(request.user, [obj.pk]).get(obj.pk, [])
    card = _card(obj, sessions, places_of(obj), request.user, mine, now)
    over = series_is_over(obj, now, sessions)
    guides = {
        session.pk: [g for g in session.guides.all() if may_read(request.user, g.public)]
        for session in sessions
    }
    coordinated = set(coordinated_ids(request.user))
    context = {
        "card": card,
        "series": obj,
        "sessions": [(session, guides[session.pk]) for session in sessions],
        "is_over": over,
        "public_materials": over and [m for session in sessions for m in session.materials.all()],
        "may_cancel": may_still_cancel(obj, now)
        and any(r.municipality_id in coordinated for r in mine),
        "is_organiser": is_organiser(request.user),
    }
    return render(request, "workshops/public/series.html", context)
