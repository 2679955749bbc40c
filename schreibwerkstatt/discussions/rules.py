"""Who sees and does what in the discussion spaces (docs/roles.md, docs/decisions.md).

- A series' space: its **audience** are the people `workshops.rules.series_standing` names
  for the series: the participants of a confirmed registration and the coordination of such
  a municipality (while members of it), and the advisers running the series. The
  **moderators** are the advisers running it and the operators; operators see a series'
  space because they moderate every space, not because they take part (they are not in its
  audience: not in its participant directory, never mentioned, never told).
- The statewide space: every active member of a municipality, the active advisers and the
  operators; the operators moderate it.
- Nobody else sees a space, its topics, posts or directory: 404, whatever `has_perm` says
  (a superuser passes `has_perm`, so nothing here relies on it for the audience).
- A topic whose opening post is hidden, and a hidden post, are seen by their author (marked)
  and the moderators only; for everybody else they do not exist (404).
- Everybody who sees a space writes in it (new topics, replies to topics not locked); the
  author edits and deletes their own post; moderators hide and restore posts, lock and
  unlock topics and move them to another space they moderate.
- The participant directory of a series' space: its audience only (not the operators who
  merely moderate), and only the entries their people switched on.
"""

import rules
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.municipalities.rules import is_operator, roles_for
from schreibwerkstatt.workshops.models import Participant, Registration, Series
from schreibwerkstatt.workshops.rules import series_standing

from .models import DirectoryEntry, Post, Space, Topic

User = get_user_model()


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def in_statewide_audience(user) -> bool:
    return _active(user) and bool(roles_for(user) or user.is_adviser or is_operator(user))


def in_audience(user, space: Space) -> bool:
    """The people the space is for (see the module docstring); operators of a series' space
    are not among them."""
    if not _active(user):
        return False
    if space.is_statewide:
        return in_statewide_audience(user)
    standing = series_standing(user, space.series)
    return standing.runs or bool(standing.municipalities)


def is_moderator(user, space: Space) -> bool:
    if not _active(user):
        return False
    if is_operator(user):
        return True
    return not space.is_statewide and series_standing(user, space.series).runs


def may_view_space(user, space: Space) -> bool:
    return in_audience(user, space) or is_moderator(user, space)


def may_see_post(user, post: Post, *, moderator: bool) -> bool:
    return moderator or not post.is_hidden or post.author_id == user.pk


def may_edit_post(user, post: Post) -> bool:
    return post.author_id == user.pk and not post.is_deleted and user.is_active


may_view_directory = in_audience

rules.add_perm("discussions.view_space", rules.predicate(may_view_space))
rules.add_perm("discussions.moderate_space", rules.predicate(is_moderator))
rules.add_perm("discussions.change_post", rules.predicate(may_edit_post))


# Audiences as querysets (notifications, mentions, the directory) ---------------------------


def audience_of(space: Space) -> QuerySet:
    """The active people of the space's audience, as one queryset (a subquery each)."""
    people = User.objects.filter(is_active=True)
    if space.is_statewide:
        return people.filter(
            Q(Exists(Membership.objects.filter(user=OuterRef("pk"))))
            | Q(is_adviser=True)
            | Q(is_staff=True, is_superuser=True)
        )
    confirmed = Registration.objects.filter(
        series_id=space.series_id, status=Registration.Status.CONFIRMED
    )
    takes_part = Participant.objects.filter(
        registration__in=confirmed,
        user=OuterRef("pk"),
        registration__municipality__memberships__user=OuterRef("pk"),
    )
    coordinates = Membership.objects.filter(
        user=OuterRef("pk"),
        role=Role.COORDINATOR,
        municipality__in=confirmed.values("municipality"),
    )
    runs = Series.organisers.through.objects.filter(series_id=space.series_id, user=OuterRef("pk"))
    return people.filter(
        Q(Exists(takes_part)) | Q(Exists(coordinates)) | (Q(is_adviser=True) & Q(Exists(runs)))
    )


def mention_audience(user, space_pk: int):
    """The people a post in the space may mention: its audience (not the operators who only
    moderate it), for a person who sees the space; None otherwise (also for a space that
    does not exist), which the autocomplete answers like "nobody"."""
    space = Space.objects.select_related("series").filter(pk=space_pk).first()
    if space is None or not may_view_space(user, space):
        return None
    return audience_of(space)


def spaces_of(user) -> list[Space]:
    """The spaces a person sees, the statewide one first, then the series by title."""
    if not _active(user):
        return []
    spaces = Space.objects.select_related("series")
    if is_operator(user):
        series_spaces = spaces.filter(kind=Space.Kind.SERIES)
    else:
        member_of = list(roles_for(user))
        coordinated = [pk for pk, role in roles_for(user).items() if role == Role.COORDINATOR]
        confirmed = Registration.objects.filter(
            status=Registration.Status.CONFIRMED, municipality__in=member_of
        ).filter(Q(participants__user=user) | Q(municipality__in=coordinated))
        runs = Q(series__organisers=user) if user.is_adviser else Q(pk__in=[])
        series_spaces = spaces.filter(kind=Space.Kind.SERIES).filter(
            Q(series__in=confirmed.values("series")) | runs
        )
    found = list(series_spaces.distinct().order_by("series__title", "pk"))
    statewide = [s for s in Space.objects.filter(kind=Space.Kind.STATEWIDE)]
    return (statewide if in_statewide_audience(user) else []) + found


def moderated_spaces(user) -> list[Space]:
    """The spaces a moderator may move a topic into."""
    return [space for space in spaces_of(user) if is_moderator(user, space)]


# Access helpers -----------------------------------------------------------------------------


def _judged(user, space: Space) -> Space:
    if not may_view_space(user, space):
        raise Http404
    return space


def get_space_for_user(request: HttpRequest, pk: int) -> Space:
    """The space if the person may see it (404 otherwise: nothing is revealed about it)."""
    return _judged(request.user, get_object_or_404(Space.objects.select_related("series"), pk=pk))


def get_topic_for_user(request: HttpRequest, pk: int) -> Topic:
    """A topic of a space the person sees; a hidden topic only for its author and the
    moderators (404 otherwise)."""
    topic = get_object_or_404(Topic.objects.select_related("space__series", "author"), pk=pk)
    _judged(request.user, topic.space)
    hidden_from_user = topic.is_hidden and topic.author_id != request.user.pk
    if hidden_from_user and not is_moderator(request.user, topic.space):
        raise Http404
    return topic


def get_post_for_user(request: HttpRequest, pk: int) -> Post:
    """A post the person sees (404 otherwise), with its topic and space."""
    post = get_object_or_404(
        Post.objects.select_related("topic__space__series", "author", "hidden_by"), pk=pk
    )
    space = _judged(request.user, post.topic.space)
    moderator = is_moderator(request.user, space)
    hidden_topic = post.topic.is_hidden and post.topic.author_id != request.user.pk
    if (hidden_topic and not moderator) or not may_see_post(
        request.user, post, moderator=moderator
    ):
        raise Http404
    return post


def get_own_post_for_user(request: HttpRequest, pk: int) -> Post:
    """A post the person wrote and may still change (403 for another's visible post)."""
    post = get_post_for_user(request, pk)
    if post.is_deleted:
        raise Http404
    if not request.user.has_perm("discussions.change_post", post):
        raise PermissionDenied
    return post


def get_space_to_moderate(request: HttpRequest, pk: int) -> Space:
    space = get_space_for_user(request, pk)
    if not is_moderator(request.user, space):
        raise PermissionDenied
    return space


def get_topic_to_moderate(request: HttpRequest, pk: int) -> Topic:
    topic = get_topic_for_user(request, pk)
    if not is_moderator(request.user, topic.space):
        raise PermissionDenied
    return topic


def get_post_to_moderate(request: HttpRequest, pk: int) -> Post:
    post = get_post_for_user(request, pk)
    if not is_moderator(request.user, post.topic.space):
        raise PermissionDenied
    return post


def get_directory_space_for_user(request: HttpRequest, pk: int) -> Space:
    """A series' space whose directory the person may read: its audience only (404 for
    the statewide space and for everybody who does not see the space, 403 for a moderator
    who is not in the audience)."""
    space = get_space_for_user(request, pk)
    if space.is_statewide:
        raise Http404
    if not may_view_directory(request.user, space):
        raise PermissionDenied
    return space


def listed_entries(space: Space) -> QuerySet[DirectoryEntry]:
    """The switched-on entries of people who are still in the space's audience."""
    return (
        DirectoryEntry.objects.filter(space=space, listed=True, user__in=audience_of(space))
        .select_related("user", "municipality")
        .order_by("user__name", "pk")
    )
