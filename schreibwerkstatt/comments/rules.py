import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.rules import can_edit_content, takes_part
from schreibwerkstatt.strategies.models import Strategy
from schreibwerkstatt.strategies.rules import get_strategy_for_user

from .models import Comment


@rules.predicate
def is_author(user, comment: Comment) -> bool:
    return comment.author_id is not None and comment.author_id == user.pk


@rules.predicate
def edits_where_commented(user, comment: Comment) -> bool:
    return can_edit_content(user, getattr(comment, "context_municipality", None))


# Members and advisers; not an operator reading with a support access.
rules.add_perm("comments.add_comment", takes_part)
rules.add_perm("comments.resolve_comment", is_author | edits_where_commented)


def get_comment_for_user(
    request: HttpRequest, slug: str, strategy: int, pk: int, perm: str
) -> tuple[Strategy, Comment]:
    """The strategy and its comment, if the user has `perm` on the comment (404/403
    otherwise)."""
    obj = get_strategy_for_user(request, slug, strategy)
    comment = get_object_or_404(Comment, pk=pk, strategy=obj)
    comment.context_municipality = obj.context_municipality
    if not request.user.has_perm(perm, comment):
        raise PermissionDenied
    return obj, comment
