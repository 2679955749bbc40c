"""What is still open before a strategy is adopted: the gaps of the Strategie-Check, review
comments nobody has resolved, and chapters that would appear empty in the document.

The adopt page lists them with links; adopting with open items needs an explicit
confirmation and a reason, both recorded with the revision (Revision.open_items).
"""

from dataclasses import asdict, dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from schreibwerkstatt.documents.builder import build_document
from schreibwerkstatt.documents.models import Chapter
from schreibwerkstatt.documents.snapshot import take_snapshot
from schreibwerkstatt.process.check import CRITERIA, find_gaps
from schreibwerkstatt.process.phases import Phase
from schreibwerkstatt.strategies.models import Strategy

from .models import ReviewComment

GAP, COMMENT, CHAPTER = "gap", "comment", "chapter"


@dataclass(frozen=True)
class OpenItem:
    kind: str  # GAP, COMMENT or CHAPTER
    text: str
    url: str

    def as_record(self) -> dict[str, str]:
        """As stored with the revision (JSON)."""
        return asdict(self)


def _before_adoption():
    """The check's rules that the work up to the decision must satisfy (the adoption's own
    criteria, "adopted" and "published", are what adopting does; implementation follows)."""
    return [
        rule
        for criterion in CRITERIA
        if criterion.phase not in (Phase.ADOPTION, Phase.IMPLEMENTATION)
        for rule in criterion.rules
    ]


def open_items(strategy: Strategy, slug: str) -> list[OpenItem]:
    """Everything open in the current draft, in the order: check gaps, review comments,
    empty chapters."""
    items = [
        OpenItem(GAP, gap.message, gap.url) for gap in find_gaps(strategy, slug, _before_adoption())
    ]
    kwargs = {"slug": slug, "strategy": strategy.pk}
    review = reverse("revisions:review", kwargs=kwargs)
    document = build_document(take_snapshot(strategy))  # creates missing chapters first
    chapters = {c.key: c for c in Chapter.objects.filter(strategy=strategy, enabled=True)}
    for comment in ReviewComment.objects.filter(strategy=strategy, resolved=False).order_by(
        "created_at", "pk"
    ):
        chapter = chapters.get(comment.chapter_key)
        items.append(
            OpenItem(
                COMMENT,
                _("Open review comment on “%(chapter)s”: %(text)s")
                % {
                    "chapter": chapter.title if chapter else comment.chapter_key,
                    "text": comment.text[:120] + ("…" if len(comment.text) > 120 else ""),
                },
                f"{review}#review-comment-{comment.pk}",
            )
        )
    # A chapter is empty when the document would show nothing under its heading: no text of
    # its own and no part generated from the strategy.
    for built in document.chapters:
        chapter = chapters.get(built.key)
        if not built.blocks and chapter is not None:
            items.append(
                OpenItem(
                    CHAPTER,
                    _("Chapter “%(title)s” is empty.") % {"title": chapter.title},
                    reverse("documents:chapter", kwargs={**kwargs, "pk": chapter.pk}),
                )
            )
    return items


def grouped(items: list[OpenItem]) -> list[tuple[str, str, list[OpenItem]]]:
    """(kind, heading, items) for each kind of open item there is."""
    headings = {
        GAP: _("Gaps of the Strategie-Check"),
        COMMENT: _("Open review comments"),
        CHAPTER: _("Empty chapters"),
    }
    return [
        (kind, heading, [item for item in items if item.kind == kind])
        for kind, heading in headings.items()
        if any(item.kind == kind for item in items)
    ]
