"""Writes of revisions and review comments: adopt, begin a Fortschreibung, comment, resolve.

Views validate the input; these functions assume it is valid and run atomically.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.documents.snapshot import take_snapshot
from schreibwerkstatt.strategies.models import Measure, Strategy

from .models import CompletedMeasure, ReviewComment, Revision


class RevisionStateError(Exception):
    """The action does not fit the strategy's revisions (e.g. a Fortschreibung without an
    adopted revision); the message is for people."""


def latest_adopted(strategy: Strategy) -> Revision | None:
    return (
        Revision.objects.filter(strategy=strategy, state=Revision.State.ADOPTED)
        .order_by("-number")
        .first()
    )


def draft_revision(strategy: Strategy) -> Revision | None:
    return Revision.objects.filter(strategy=strategy, state=Revision.State.DRAFT).first()


def may_adopt(strategy: Strategy) -> bool:
    """Adoption fits: no revision yet, or a Fortschreibung in preparation."""
    newest = Revision.objects.filter(strategy=strategy).order_by("-number").first()
    return newest is None or newest.state == Revision.State.DRAFT


def may_begin_fortschreibung(strategy: Strategy) -> bool:
    newest = Revision.objects.filter(strategy=strategy).order_by("-number").first()
    return newest is not None and newest.state == Revision.State.ADOPTED


def completed_earlier(strategy: Strategy) -> list[dict[str, Any]]:
    """The measures completed while the revision that the current Fortschreibung continues
    was in force, as JSON-ready rows for the document (monitoring chapter); empty when no
    Fortschreibung is in preparation. A measure reopened since is left out."""
    draft = draft_revision(strategy)
    if draft is None or draft.based_on_id is None:
        return []
    return completed_in(draft.based_on)


def completed_in(revision: Revision) -> list[dict[str, Any]]:
    rows = (
        CompletedMeasure.objects.filter(revision=revision)
        .select_related("measure")
        .order_by("title", "pk")
    )
    return [
        {
            "id": row.measure_ref,
            "title": row.measure.title if row.measure else row.title,
            "revision": revision.number,
            "adopted_on": revision.adopted_on.isoformat() if revision.adopted_on else None,
            "completed_on": row.completed_on.isoformat() if row.completed_on else None,
        }
        for row in rows
        if row.measure is None or row.measure.status == Measure.Status.DONE
    ]


@transaction.atomic
def adopt(
    strategy: Strategy,
    *,
    adopted_on: date,
    body: str,
    document_number: str,
    note: str = "",
    by: Any = None,
    expected_version: int,
    open_items: list[dict[str, str]] | None = None,
    open_items_reason: str = "",
) -> Revision:
    """Beschließen: the strategy becomes adopted (a versioned save, so a stale form fails with
    core.locking.StaleEditError and changes nothing) and its current document is frozen as the
    next revision, or as the Fortschreibung in preparation. One transaction.

    Refused (RevisionStateError) while the newest revision is adopted and no Fortschreibung
    has begun: that revision is in force and must not be adopted twice.

    `open_items` (revisions/open_items.py, as records) and `open_items_reason` say what was
    still open and why it was adopted all the same; both stay with the revision."""
    if not may_adopt(strategy):
        raise RevisionStateError("the newest revision is adopted; begin a Fortschreibung first")
    current = save_versioned(
        strategy,
        expected_version=expected_version,
        changes={"status": Strategy.Status.ADOPTED},
        reason="adopted",
    )
    current.context_municipality = getattr(strategy, "context_municipality", None)
    draft = Revision.objects.select_for_update().filter(strategy=current, state="draft").first()
    snapshot = take_snapshot(current)
    values = {
        "state": Revision.State.ADOPTED,
        "snapshot": snapshot,
        "adopted_on": adopted_on,
        "body": body,
        "document_number": document_number,
        "note": note,
        "adopted_by": by,
        "open_items": open_items or [],
        "open_items_reason": open_items_reason,
    }
    if draft is not None:
        for name, value in values.items():
            setattr(draft, name, value)
        draft.save()
        return draft
    number = (Revision.objects.filter(strategy=current).aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(strategy=current, number=number, created_by=by, **values)


@transaction.atomic
def begin_fortschreibung(strategy: Strategy, *, by: Any = None, expected_version: int) -> Revision:
    """Neue Fortschreibung beginnen: a draft revision continuing the newest adopted one; the
    strategy's status goes back to draft. Open measures stay as they are; the completed ones
    are recorded as completed while the adopted revision was in force (once each)."""
    if not may_begin_fortschreibung(strategy):
        raise RevisionStateError("no adopted revision, or a Fortschreibung has begun already")
    base = latest_adopted(strategy)
    assert base is not None
    current = save_versioned(
        strategy,
        expected_version=expected_version,
        changes={"status": Strategy.Status.DRAFT},
        reason="Fortschreibung",
    )
    recorded = set(
        CompletedMeasure.objects.filter(revision__strategy=current).values_list(
            "measure_ref", flat=True
        )
    )
    today = timezone.localdate()
    CompletedMeasure.objects.bulk_create(
        CompletedMeasure(
            revision=base,
            measure_id=pk,
            measure_ref=f"measure-{pk}",
            title=title,
            completed_on=timezone.localdate(updated) if updated else today,
        )
        for pk, title, updated in current.measures.filter(status=Measure.Status.DONE)
        .order_by("pk")
        .values_list("pk", "title", "status_updated_at")
        if f"measure-{pk}" not in recorded
    )
    return Revision.objects.create(
        strategy=current,
        number=base.number + 1,
        state=Revision.State.DRAFT,
        based_on=base,
        created_by=by,
    )


@transaction.atomic
def add_review_comment(
    strategy: Strategy, *, chapter_key: str, anchor: str, quote: str, text: str, author: Any
) -> ReviewComment:
    return ReviewComment.objects.create(
        strategy=strategy,
        chapter_key=chapter_key,
        anchor=anchor,
        quote=quote,
        text=text,
        author=author,
    )


@transaction.atomic
def set_resolved(comment: ReviewComment, *, resolved: bool, by: Any) -> ReviewComment:
    current = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if current.resolved != resolved:
        current.resolved = resolved
        current.resolved_by = by if resolved else None
        current.resolved_at = timezone.now() if resolved else None
        current.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return current
