"""Writes of the monitoring app. Views validate; these keep the measure's latest state in
step with its newest status update."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.strategies.models import Indicator, Measure

from .models import IndicatorValue, StatusUpdate


def _moment(update: StatusUpdate) -> datetime:
    """`Measure.status_updated_at` for an update: the time of recording for an update dated
    today, otherwise the start of its day (so staleness counts from the reported date)."""
    if update.date == timezone.localdate(update.created_at):
        return update.created_at
    return timezone.make_aware(datetime.combine(update.date, time.min))


def _apply_latest(measure: Measure) -> Measure:
    """Copy the newest status update onto the measure as a versioned, recorded save.

    Called inside the transaction that changed the updates; the measure row is locked by
    save_versioned, and the expected version is the one just read under that lock.
    """
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    newest = current.status_updates.first()  # ordering: newest first
    if newest is None:
        changes = {"progress_percent": None, "status_updated_at": None}
    else:
        changes = {
            "status": newest.status,
            "progress_percent": newest.progress_percent,
            "status_updated_at": _moment(newest),
        }
    if all(getattr(current, name) == value for name, value in changes.items()):
        return current
    return save_versioned(current, expected_version=current.version, changes=changes)


@transaction.atomic
def record_status_update(
    measure: Measure,
    *,
    date: date,
    status: str,
    progress_percent: int,
    note: str,
    author,
) -> StatusUpdate:
    """Add a dated status update. If it is the newest of the measure (no update with a later
    date), the measure takes over its status and percentage."""
    update = StatusUpdate.objects.create(
        measure=measure,
        date=date,
        status=status,
        progress_percent=progress_percent,
        note=note,
        author=author,
    )
    if not measure.status_updates.filter(date__gt=date).exists():
        _apply_latest(measure)
    return update


@transaction.atomic
def delete_status_update(update: StatusUpdate) -> None:
    """Remove a wrong update; the measure then shows the newest remaining one. Without any
    remaining update its status stays as it is and its percentage is cleared."""
    measure = update.measure
    update.delete()
    _apply_latest(measure)


@transaction.atomic
def record_indicator_value(
    indicator: Indicator,
    *,
    date: date,
    value: Decimal,
    source: str,
    author,
) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=indicator, date=date, value=value, source=source, author=author
    )


@transaction.atomic
def delete_indicator_value(value: IndicatorValue) -> None:
    value.delete()
