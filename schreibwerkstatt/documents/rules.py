"""Permissions on the strategy document, judged in the municipality of the URL.

Everybody who may see the strategy reads the document (preview, Markdown download);
editors and coordinators write its chapters. Contributors, readers and advisers read.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import can_edit_content, can_view
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from .models import Chapter

VIEW = "documents.view_document"
EDIT = "documents.change_chapter"

rules.add_perm(VIEW, can_view)
rules.add_perm(EDIT, can_edit_content)


def get_chapter_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = VIEW
) -> Chapter:
    """The chapter of a strategy the user may see (404 otherwise) if they hold `perm` (403)."""
    strategy = get_strategy_for_user(request, slug, strategy_pk)
    chapter = get_object_or_404(Chapter, pk=pk, strategy=strategy)
    if not request.user.has_perm(perm, strategy.context_municipality):
        raise PermissionDenied
    chapter.strategy = strategy
    return chapter
