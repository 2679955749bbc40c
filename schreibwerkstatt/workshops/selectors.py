"""Reads of series for pages with many of them: the places as counts in the same query
(`with_places`), the sessions in one more (`with_sessions`), whatever the number of series,
sessions and registrations."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Registration, Series, Session
from .services import Places

Status = Registration.Status


def _count(status: str) -> Coalesce:
    # A subquery per count, so that other annotations or joins never multiply it.
    counted = (
        Registration.objects.filter(series=OuterRef("pk"), status=status)
        .order_by()
        .values("series")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_places(series: QuerySet[Series]) -> QuerySet[Series]:
    """Annotate `confirmed_count` and `waiting_count`; `places(series)` reads them."""
    return series.annotate(
        confirmed_count=_count(Status.CONFIRMED), waiting_count=_count(Status.WAITING)
    )


def with_sessions(series: QuerySet[Series]) -> QuerySet[Series]:
    """Prefetch the sessions by start (one query for all series)."""
    return series.prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("starts", "pk"))
    )


def places(series: Series) -> Places:
    """The places of a series annotated by `with_places`."""
    return Places(series.capacity, series.confirmed_count, series.waiting_count)


def sessions_of(series: Series) -> list[Session]:
    """The sessions of a series (prefetched by `with_sessions`, or one query)."""
    return list(series.sessions.all())


def series_is_over(series: Series, now=None, sessions: list[Session] | None = None) -> bool:
    """Whether the last session (not cancelled) has ended; a series without sessions is
    over when its registration has closed. `sessions`: the series' sessions if loaded."""
    now = now or timezone.now()
    sessions = sessions_of(series) if sessions is None else sessions
    sessions = [s for s in sessions if not s.is_cancelled]
    if not sessions:
        return series.registration_closes <= now
    return max(session.ends for session in sessions) <= now


# The state of a series' registration as the calendar tells it.
OPENS, OPEN, FULL, CLOSED, CANCELLED = "opens", "open", "full", "closed", "cancelled"


def registration_state(series: Series, free: int, now=None) -> str:
    now = now or timezone.now()
    if series.is_cancelled:
        return CANCELLED
    if now >= series.registration_closes:
        return CLOSED
    if series.registration_opens and now < series.registration_opens:
        return OPENS
    return OPEN if free > 0 else FULL


def is_upcoming(series: Series, now=None) -> bool:
    """Not over yet: a session still to come (or running), or no dates and registration
    still open."""
    return not series_is_over(series, now)


def viewer_registrations(user, series_ids) -> dict[int, list[Registration]]:
    """{series id: the active registrations of the person's municipalities} in one query
    (none for visitors and people without a municipality)."""
    from schreibwerkstatt.municipalities.rules import roles_for

    mine = list(roles_for(user)) if user.is_authenticated else []
    if not mine or not series_ids:
        return {}
    found: dict[int, list[Registration]] = {}
    for registration in (
        Registration.objects.filter(series__in=series_ids, municipality__in=mine)
        .exclude(status=Status.CANCELLED)
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        found.setdefault(registration.series_id, []).append(registration)
    return found
