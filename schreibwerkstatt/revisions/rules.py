"""Who may adopt, continue and review a strategy document (docs/roles.md).

Adopting a revision and beginning a Fortschreibung are decisions of the Koordination;
editors prepare the draft. Everybody who may see the strategy, readers and advisers
included, comments on its paragraphs; the author, editors and coordinators resolve.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    can_view,
    is_coordinator,
    takes_part,
)
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from .models import ReviewComment, Revision


@rules.predicate
def is_author(user, comment: ReviewComment) -> bool:
    return comment.author_id is not None and comment.author_id == user.pk


@rules.predicate
def edits_where_commented(user, comment: ReviewComment) -> bool:
    return can_edit_content(user, getattr(comment, "context_municipality", None))


@rules.predicate
def may_still_see(user, comment: ReviewComment) -> bool:
    return takes_part(user, getattr(comment, "context_municipality", None))


VIEW = "revisions.view_revision"
RESOLVE = "revisions.resolve_reviewcomment"

rules.add_perm(VIEW, can_view)
rules.add_perm("revisions.adopt_revision", is_coordinator)
rules.add_perm("revisions.begin_revision", is_coordinator)
# Members and advisers; not an operator reading with a support access.
rules.add_perm("revisions.add_reviewcomment", takes_part)
rules.add_perm(RESOLVE, (is_author & may_still_see) | edits_where_commented)


def get_revisions_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, *pks: int
) -> list[Revision]:
    """The revisions `pks` of the strategy, in that order, each with its strategy
    (`revision.strategy`, with its context_municipality): the strategy is judged first
    (404/403 as get_strategy_for_user, with revisions.view_revision), then each revision is
    looked up inside it (404 for another strategy's revision)."""
    strategy = get_strategy_for_user(request, slug, strategy_pk, VIEW)
    revisions = Revision.objects.select_related("adopted_by", "created_by", "based_on")
    found = [get_object_or_404(revisions, pk=pk, strategy=strategy) for pk in pks]
    for revision in found:
        revision.strategy = strategy
    return found


def get_revision_for_user(request: HttpRequest, slug: str, strategy_pk: int, pk: int) -> Revision:
    """The revision of the strategy (see get_revisions_for_user)."""
    return get_revisions_for_user(request, slug, strategy_pk, pk)[0]


def get_review_comment_for_user(
    request: HttpRequest, slug: str, strategy_pk: int, pk: int, perm: str = RESOLVE
) -> ReviewComment:
    """A review comment on the strategy (`comment.strategy`), if the user has `perm` on it:
    404/403 for the strategy first (revisions.view_revision), 404 for another strategy's
    comment, then 403 without `perm` on the comment."""
    strategy = get_strategy_for_user(request, slug, strategy_pk, VIEW)
    comment = get_object_or_404(ReviewComment, pk=pk, strategy=strategy)
    comment.strategy = strategy
    comment.context_municipality = strategy.context_municipality
    if not request.user.has_perm(perm, comment):
        raise PermissionDenied
    return comment
