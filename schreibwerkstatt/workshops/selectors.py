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


def series_is_over(series: Series, now=None) -> bool:
    """Whether the last session (not cancelled) has ended; a series without sessions is
    over when its registration has closed."""
    now = now or timezone.now()
    sessions = [s for s in sessions_of(series) if not s.is_cancelled]
    if not sessions:
        return series.registration_closes <= now
    return max(session.ends for session in sessions) <= now
