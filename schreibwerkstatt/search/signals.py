"""The index follows the content: every save and delete of an indexed model updates its row,
inside the same transaction (a rolled-back edit leaves the index as it was).

Content created in bulk sends no post_save. strategies announces its own bulk writes
(`created_in_bulk`); a strategy created as a whole (the JSON import creates the strategy,
then its content in bulk) is indexed again once its transaction commits. The demo rebuilds
the index itself, and `manage.py reindex` rebuilds it after a restore.
"""

from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from schreibwerkstatt.comments.targets import KIND_OF_MODEL
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.signals import created_in_bulk

from . import services
from .sources import SOURCE_OF_MODEL


def on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: related rows may not be there yet; reindex afterwards
        return
    services.index_object(instance)
    if sender is Strategy and kwargs.get("created"):
        pk = instance.pk
        transaction.on_commit(lambda: services.reindex_strategy(pk))


def on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    services.remove_object(instance)


def on_target_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not kwargs.get("created"):
        services.follow_target(instance)


def on_target_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    services.drop_target(instance)


def on_bulk(sender: type[models.Model], instances: list[models.Model], **kwargs: Any) -> None:
    for instance in instances:
        services.index_object(instance)


def connect() -> None:
    for model in SOURCE_OF_MODEL:
        uid = f"search_{model._meta.label_lower}"
        post_save.connect(on_save, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"{uid}_delete")
    # Every commentable element: its comments are found under its title.
    for model in KIND_OF_MODEL:
        uid = f"search_target_{model._meta.label_lower}"
        post_save.connect(on_target_save, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(on_target_delete, sender=model, dispatch_uid=f"{uid}_delete")
    created_in_bulk.connect(on_bulk, dispatch_uid="search_created_in_bulk")
