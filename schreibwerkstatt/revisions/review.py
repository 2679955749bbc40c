"""Where review comments belong in the current draft.

A comment remembers the paragraph's anchor and its text (the quote). After edits it is
shown at the paragraph with the same anchor; failing that at the most similar paragraph of
the same chapter (difflib ratio of at least MIN_RATIO to the quote); failing that it is
listed under "Absatz nicht mehr vorhanden" together with its quote.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from schreibwerkstatt.documents.blocks import Document, Paragraph

from .models import ReviewComment

MIN_RATIO = 0.6


@dataclass(frozen=True)
class DraftParagraph:
    chapter_key: str
    chapter_title: str
    anchor: str
    text: str


@dataclass
class Placement:
    """Comments by the anchor of the paragraph they are shown at; `moved` holds the pks of
    comments found by similarity (their paragraph was edited), `orphaned` the rest."""

    by_anchor: dict[str, list[ReviewComment]] = field(default_factory=lambda: defaultdict(list))
    moved: set[int] = field(default_factory=set)
    orphaned: list[ReviewComment] = field(default_factory=list)


def paragraph_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph.runs)


def paragraphs_of(document: Document) -> list[DraftParagraph]:
    """The anchored paragraphs of the document, in reading order."""
    return [
        DraftParagraph(chapter.key, chapter.title, block.anchor, paragraph_text(block))
        for chapter in document.chapters
        for block in chapter.blocks
        if isinstance(block, Paragraph) and block.anchor
    ]


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _most_similar(quote: str, candidates: Sequence[DraftParagraph]) -> DraftParagraph | None:
    best, best_ratio = None, MIN_RATIO
    for paragraph in candidates:
        matcher = SequenceMatcher(None, quote, paragraph.text, autojunk=False)
        # The cheap upper bounds first: most paragraphs are ruled out without the full ratio.
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = paragraph, ratio
    return best


def place(comments: Iterable[ReviewComment], paragraphs: Sequence[DraftParagraph]) -> Placement:
    placement = Placement()
    anchors = {paragraph.anchor for paragraph in paragraphs}
    by_chapter: dict[str, list[DraftParagraph]] = defaultdict(list)
    for paragraph in paragraphs:
        by_chapter[paragraph.chapter_key].append(paragraph)
    for comment in comments:
        if comment.anchor in anchors:
            placement.by_anchor[comment.anchor].append(comment)
            continue
        found = _most_similar(comment.quote, by_chapter.get(comment.chapter_key, ()))
        if found is None:
            placement.orphaned.append(comment)
        else:
            placement.by_anchor[found.anchor].append(comment)
            placement.moved.add(comment.pk)
    return placement
