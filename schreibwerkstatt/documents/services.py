"""Writes to the chapters of a strategy document. Views validate; these keep the chapter
set complete, the order dense and refuse stale edits (optimistic locking on `version`)."""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.core.ordering import move
from schreibwerkstatt.strategies.models import Strategy

from .chapters import CHAPTERS
from .models import Chapter


def ensure_chapters(strategy: Strategy) -> list[Chapter]:
    """The strategy's chapters in document order; the missing ones are created with their
    default title after the existing ones. Idempotent, two queries when nothing is missing."""
    chapters = list(Chapter.objects.filter(strategy=strategy).order_by("position", "pk"))
    present = {chapter.key for chapter in chapters}
    missing = [(key, title) for key, title in CHAPTERS if key not in present]
    if not missing:
        return chapters
    start = max((chapter.position for chapter in chapters), default=-1) + 1
    try:
        # Default titles in the document's language, whatever the reader's interface language.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            bulk_create_with_history(
                [
                    Chapter(strategy=strategy, key=key, title=str(title), position=start + offset)
                    for offset, (key, title) in enumerate(missing)
                ],
                Chapter,
            )
    except IntegrityError:
        pass  # a parallel request created them first: read what it wrote
    return list(Chapter.objects.filter(strategy=strategy).order_by("position", "pk"))


def save_chapter(chapter: Chapter, *, expected_version: int, changes: dict[str, Any]) -> Chapter:
    """Change a chapter's title, text or switch if nobody saved since `expected_version`
    (raises core.locking.StaleEditError otherwise)."""
    return save_versioned(chapter, expected_version=expected_version, changes=changes)


def combined_text(text: str, addition: str) -> str:
    body = text.rstrip()
    return f"{body}\n\n{addition.strip()}\n" if body else f"{addition.strip()}\n"


def append_text(chapter: Chapter, *, expected_version: int, text: str, addition: str) -> Chapter:
    """`text` (what the editor holds) with a text building block appended, as a versioned save."""
    return save_versioned(
        chapter, expected_version=expected_version, changes={"text": combined_text(text, addition)}
    )


@transaction.atomic
def set_enabled(chapter: Chapter, *, enabled: bool) -> Chapter:
    """Switch a chapter on or off. The switch states the wanted result, so it needs no
    expected version, and it leaves the version alone: it does not conflict with somebody
    writing the chapter's text at the same time."""
    current = Chapter.objects.select_for_update().get(pk=chapter.pk)
    if current.enabled != enabled:
        current.enabled = enabled
        current.save(update_fields=["enabled", "updated_at"])
    return current


@transaction.atomic
def move_chapter(chapter: Chapter, *, up: bool) -> None:
    move(chapter, Chapter.objects.filter(strategy_id=chapter.strategy_id), up=up)
