"""Ordered lists (a `position` per row), shared by every app: append at the end, move one
step up or down, keep the numbering dense."""

from django.db import models, transaction
from django.db.models import Max


def next_position(queryset: models.QuerySet) -> int:
    last = queryset.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


@transaction.atomic
def move(
    instance: models.Model,
    siblings: models.QuerySet,
    *,
    up: bool,
    save_fields: tuple[str, ...] = (),
) -> None:
    """Swap an ordered object with its neighbour and renumber the list densely. With
    `save_fields`, each renumbered row is saved with those fields besides `position` (so
    `auto_now` stamps and save signals run); else only its position is updated in the database."""
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == instance.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered):
        if sibling.position == position:
            continue
        if save_fields:
            sibling.position = position
            sibling.save(update_fields=["position", *save_fields])
        else:
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)
