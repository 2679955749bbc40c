"""Optimistic locking, shared by every app: an edit carries the version it was loaded with."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction


class StaleEditError(Exception):
    """Somebody saved the object after the editor loaded it; `current` is their version."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale edit")
        self.current = current


V = TypeVar("V", bound=models.Model)


@transaction.atomic
def save_versioned(
    instance: V,
    *,
    expected_version: int,
    changes: dict[str, Any],
    m2m: dict[str, Iterable] | None = None,
    reason: str = "",
) -> V:
    """Apply `changes` (and many-to-many sets) if nobody saved since `expected_version`.

    One edit is one history record (with `reason` as its change reason): the many-to-many
    sets are written first without records of their own, then the save records them."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise StaleEditError(current)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    if m2m:
        current.skip_history_when_saving = True
        try:
            for name, values in m2m.items():
                getattr(current, name).set(values)
        finally:
            del current.skip_history_when_saving
    if reason:
        current._change_reason = reason
    current.save()
    return current
