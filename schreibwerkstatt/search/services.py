"""Writes to the search index. The index follows the content: signals.py calls these on every
save and delete of an indexed model; `reindex` (management command) and the demo rebuild it."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.strategies.models import Measure

from .models import Entry, Kind
from .sources import SOURCE_OF_MODEL, SOURCES, Document, Source, clean

BATCH = 500


def _row(source: Source, pk: int, document: Document) -> Entry:
    return Entry(
        kind=source.kind,
        object_id=pk,
        audience=document.audience,
        strategy_id=document.strategy_id,
        title=document.title[:500],
        body=document.body,
        path=document.path[:500],
    )


@transaction.atomic
def index_object(obj: models.Model) -> None:
    """Put the object's current text into the index (or take it out when it has none)."""
    source = SOURCE_OF_MODEL[type(obj)]
    document = source.document(obj)
    if document is None:
        remove_object(obj)
        return
    row = _row(source, obj.pk, document)
    Entry.objects.update_or_create(
        kind=source.kind,
        object_id=obj.pk,
        defaults={
            "audience": row.audience,
            "strategy_id": row.strategy_id,
            "title": row.title,
            "body": row.body,
            "path": row.path,
        },
    )


def remove_object(obj: models.Model) -> None:
    source = SOURCE_OF_MODEL[type(obj)]
    Entry.objects.filter(kind=source.kind, object_id=obj.pk).delete()


def _comments_on(target: models.Model) -> models.QuerySet:
    return Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).values("pk")


def follow_target(target: models.Model) -> None:
    """Rows that show another object's text follow it: the comments on an element are found
    under its title, a project step with its measure's."""
    Entry.objects.filter(kind=Kind.COMMENT, object_id__in=_comments_on(target)).update(
        title=clean(str(target))[:500]
    )
    if isinstance(target, Measure):
        Entry.objects.filter(kind=Kind.STEP, object_id__in=target.steps.values("pk")).update(
            body=clean(target.title)
        )


def drop_target(target: models.Model) -> None:
    """The comments on a deleted element have no page left to link to."""
    Entry.objects.filter(kind=Kind.COMMENT, object_id__in=_comments_on(target)).delete()


def _add_rows(source: Source, objects: models.QuerySet) -> int:
    """Index `objects` in batches (the prefetches of a source run once per batch)."""
    batch: list[Entry] = []
    count = 0
    for obj in objects.iterator(chunk_size=BATCH):
        document = source.document(obj)
        if document is not None:
            batch.append(_row(source, obj.pk, document))
        if len(batch) == BATCH:
            count += len(Entry.objects.bulk_create(batch))
            batch = []
    return count + len(Entry.objects.bulk_create(batch))


@transaction.atomic
def reindex_strategy(strategy_pk: int) -> int:
    """Index everything of one strategy anew (after content was created in bulk, which sends
    no signals: an import, the demo). Returns the number of rows."""
    Entry.objects.filter(strategy_id=strategy_pk).delete()
    return sum(
        _add_rows(source, source.load().filter(**{source.strategy_lookup: strategy_pk}))
        for source in SOURCES.values()
        if source.strategy_lookup is not None
    )


@transaction.atomic
def rebuild() -> int:
    """The whole index anew, from every source. Returns the number of rows."""
    Entry.objects.all().delete()
    return sum(_add_rows(source, source.load()) for source in SOURCES.values())
