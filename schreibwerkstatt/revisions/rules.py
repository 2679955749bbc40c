"""Who may adopt, continue and review a strategy document (docs/roles.md).

Adopting a revision and beginning a Fortschreibung are decisions of the Koordination;
editors prepare the draft. Everybody who may see the strategy, readers and advisers
included, comments on its paragraphs; the author, editors and coordinators resolve.
"""

import rules

from schreibwerkstatt.municipalities.rules import (
    can_edit_content,
    can_view,
    is_coordinator,
    takes_part,
)

from .models import ReviewComment


@rules.predicate
def is_author(user, comment: ReviewComment) -> bool:
    return comment.author_id is not None and comment.author_id == user.pk


@rules.predicate
def edits_where_commented(user, comment: ReviewComment) -> bool:
    return can_edit_content(user, getattr(comment, "context_municipality", None))


@rules.predicate
def may_still_see(user, comment: ReviewComment) -> bool:
    return takes_part(user, getattr(comment, "context_municipality", None))


rules.add_perm("revisions.view_revision", can_view)
rules.add_perm("revisions.adopt_revision", is_coordinator)
rules.add_perm("revisions.begin_revision", is_coordinator)
# Members and advisers; not an operator reading with a support access.
rules.add_perm("revisions.add_reviewcomment", takes_part)
rules.add_perm(
    "revisions.resolve_reviewcomment", (is_author & may_still_see) | edits_where_commented
)
