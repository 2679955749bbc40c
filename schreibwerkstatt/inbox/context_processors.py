from django.http import HttpRequest
from django.utils.functional import cached_property

from . import services


class UnreadCount:
    """The header's unread count, read only when a page's header shows it (htmx partials
    and visitors' pages never do) and then from the cache or with one query."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return services.unread_count(self.user)


def inbox(request: HttpRequest) -> dict:
    """Layout data: the bell's unread count of a logged-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": UnreadCount(user)}
