"""Explanations next to form field labels, from an app above core.

core/partials/field.html asks `explain_label` (through the `field_explanation` tag of
core/templatetags/kern.py) whether a field's label is a term that has a plain explanation,
and shows it as a disclosure after the label. Core imports no feature app: the glossary sets
the explainer in its AppConfig.ready (glossary/apps.py). Without one, nothing is explained.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Explanation:
    term: str  # as the glossary spells it
    html: SafeString  # the sanitised definition
    url: str  # where the whole entry is


Explainer = Callable[[str, HttpRequest | None], Explanation | None]

_explainer: Explainer | None = None


def set_label_explainer(explainer: Explainer | None) -> None:
    global _explainer
    _explainer = explainer


def explain_label(label: str, request: HttpRequest | None = None) -> Explanation | None:
    """The explanation of a (translated) field label, or None. The explainer is called once
    per field, so it must answer from memory (the glossary caches its map per request)."""
    if _explainer is None or not label:
        return None
    return _explainer(str(label), request)
