"""The review mode: the draft's HTML (documents.html.render_html with review=True) cut at its
anchored paragraphs, so the review page can put each paragraph's comments and its
"Kommentieren" link right after it. The HTML is our own, with every user text escaped."""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from .models import ReviewComment
from .review import DraftParagraph, Placement

# An anchored paragraph of the review HTML; its text is escaped, so "</p>" ends it.
_PARAGRAPH = re.compile(r'(<p\b[^>]*\bdata-anchor="([^"]+)"[^>]*>.*?</p>)', re.DOTALL)
TEASER_WORDS = 8


@dataclass
class Piece:
    html: SafeString
    paragraph: DraftParagraph | None = None
    comments: list[ReviewComment] = field(default_factory=list)

    @property
    def teaser(self) -> str:
        """The paragraph's first words, to tell the many "Kommentieren" links apart."""
        words = self.paragraph.text.split() if self.paragraph else []
        return " ".join(words[:TEASER_WORDS]) + (" …" if len(words) > TEASER_WORDS else "")


def pieces(html: str, paragraphs: list[DraftParagraph], placement: Placement) -> list[Piece]:
    by_anchor = {paragraph.anchor: paragraph for paragraph in paragraphs}
    parts = _PARAGRAPH.split(str(html))
    result: list[Piece] = []
    # re.split with two groups: text, (paragraph, anchor), text, (paragraph, anchor), ..., text
    for index in range(0, len(parts), 3):
        if parts[index]:
            result.append(Piece(mark_safe(parts[index])))
        if index + 2 < len(parts):
            anchor = parts[index + 2]
            result.append(
                Piece(
                    mark_safe(parts[index + 1]),
                    by_anchor.get(anchor),
                    placement.by_anchor.get(anchor, []),
                )
            )
    return result
