"""Who may do what with notifications (docs/roles.md): a notification is its recipient's
alone. Everybody else, operators and superusers included, gets 404 for it, as if it did not
exist; visitors get the login."""

import rules
from django.http import Http404, HttpRequest

from .models import Notification

VIEW_NOTIFICATION = "inbox.view_notification"


@rules.predicate
def is_recipient(user, notification: Notification) -> bool:
    return bool(user.is_authenticated and notification.recipient_id == user.pk)


rules.add_perm(VIEW_NOTIFICATION, is_recipient)


def get_notification_for_user(request: HttpRequest, pk: int) -> Notification:
    """The notification of the URL if it is the person's own (404 for anybody else's)."""
    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None or not request.user.has_perm(VIEW_NOTIFICATION, notification):
        raise Http404
    notification.recipient = request.user
    return notification
