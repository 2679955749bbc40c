"""The library follows the content it copies (index.py): every save and delete of a measure,
its fields of action, tags and steps, of a strategy (published or not), of a share and of a
municipality (name, kind, size) refreshes the affected rows in the same transaction.

Content created in bulk sends no post_save: strategies announces its own bulk writes
(`created_in_bulk`); the demo and the bench rebuild the rows themselves (`rebuild-library`).
"""

import contextlib
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step, Strategy, Tag
from schreibwerkstatt.strategies.signals import created_in_bulk

from . import index
from .models import Share


def _measure(sender, instance, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        index.refresh_measure(instance.pk)


def _of_measure(sender, instance, **kwargs: Any) -> None:
    if not kwargs.get("raw") and instance.measure_id:
        index.refresh_measure(instance.measure_id)


def _strategy(sender, instance, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        index.refresh_strategy(instance.pk)


def _of_strategy(sender, instance, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        index.refresh_strategy(instance.strategy_id)


def _tag(sender, instance: Tag, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        index.refresh_strategy(instance.axis.strategy_id)


def _municipality(sender, instance: Municipality, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not kwargs.get("created"):
        index.refresh_municipality(instance)


def _measure_m2m(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index.refresh_measure(instance.pk)
    elif pk_set:
        index.refresh(Q(pk__in=pk_set))


def _bulk(sender, instances: list, **kwargs: Any) -> None:
    for pk in {getattr(i, "measure_id", None) for i in instances} - {None}:
        index.refresh_measure(pk)


def _later(receiver):
    """For deletes: refresh after the commit. A delete may be part of deleting the measure or
    strategy itself (a cascade), whose rows must not be written again half-way through; and
    every read checks the live rule anyway, so the rows may lag until then."""

    def deleted(sender, instance, **kwargs: Any) -> None:
        def run() -> None:
            # A tag whose axis went with it: nothing to show.
            with contextlib.suppress(ObjectDoesNotExist):
                receiver(sender, instance, **kwargs)

        transaction.on_commit(run)

    return deleted


def connect() -> None:
    for model, receiver in (
        (Measure, _measure),
        (Share, _of_measure),
        (Step, _of_measure),
        (Strategy, _strategy),
        (FieldOfAction, _of_strategy),
        (Tag, _tag),
    ):
        uid = f"library_{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_save")
        if model not in (Measure, Strategy):  # their rows go with them (CASCADE)
            post_delete.connect(
                _later(receiver), sender=model, dispatch_uid=f"{uid}_delete", weak=False
            )
    post_save.connect(_municipality, sender=Municipality, dispatch_uid="library_municipality")
    for through in (Measure.fields.through, Measure.tags.through):
        m2m_changed.connect(
            _measure_m2m, sender=through, dispatch_uid=f"library_{through.__name__}"
        )
    created_in_bulk.connect(_bulk, dispatch_uid="library_created_in_bulk")
