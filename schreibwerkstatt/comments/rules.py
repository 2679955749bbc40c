import rules

from schreibwerkstatt.municipalities.rules import can_edit_content, takes_part

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
