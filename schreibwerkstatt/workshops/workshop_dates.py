"""The next workshop dates for the visitors' start page (public/workshops.py asks every app's
`workshop_dates.upcoming()`): sessions of published public series that have not started."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import Session
from .templatetags.workshop_calendar import session_place

LIMIT = 5


@dataclass(frozen=True)
class WorkshopDate:
    starts: datetime
    title: str
    place: str
    url: str


def upcoming(now=None, limit: int = LIMIT) -> list[WorkshopDate]:
    now = now or timezone.now()
    sessions = (
        Session.objects.filter(
            series__published_at__isnull=False,
            series__public=True,
            series__cancelled_at__isnull=True,
            cancelled_at__isnull=True,
            starts__gt=now,
        )
        .select_related("series")
        .order_by("starts", "pk")[:limit]
    )
    return [
        WorkshopDate(
            starts=session.starts,
            title=f"{session.series.title}: {session.title}",
            place=session_place(session),
            url=session.series.get_absolute_url(),
        )
        for session in sessions
    ]
