"""The usual chapters of a municipal digital strategy (PRODUCT.md), in their default order.

Each key is stable (stored on Chapter.key, used by the builder, the exports and review
comments); the title is the default a team may change. Guiding questions and text
building blocks per chapter live in documents/guidance.py.
"""

from django.utils.translation import gettext_lazy as _

CHAPTERS: tuple[tuple[str, object], ...] = (
    ("vorwort", _("Foreword")),
    ("zusammenfassung", _("Summary")),
    ("anlass", _("Occasion and strategy process")),
    ("ausgangslage", _("Starting situation")),
    ("vision", _("Vision and guiding principles")),
    ("handlungsfelder", _("Fields of action")),
    ("umsetzung", _("Implementation programme and roadmap")),
    ("organisation", _("Organisation and governance")),
    ("monitoring", _("Monitoring and revision")),
    ("anhang", _("Annex: measure profiles")),
)
CHAPTER_KEYS = tuple(key for key, _title in CHAPTERS)
