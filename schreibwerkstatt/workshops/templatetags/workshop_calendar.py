"""How the calendar writes a session's date and place: "Di., 9. März 2027, 10:00–12:00 Uhr"
in Europe/Berlin, and "Online" or the venue."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.workshops.models import Session

register = template.Library()

# A date format (Django's date filter letters), translated: German "D., j. F Y".
DAY_FORMAT = gettext_lazy("D, j F Y")


@register.filter
def session_when(session: Session) -> str:
    starts = timezone.localtime(session.starts)
    ends = timezone.localtime(session.ends)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": date_format(starts, str(DAY_FORMAT)),
        "start": date_format(starts, "H:i"),
        "end": date_format(ends, "H:i"),
    }


@register.filter
def day(value) -> str:
    """A date (or the day of a date and time) like "Di., 9. März 2027"."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    return date_format(value, str(DAY_FORMAT))


@register.filter
def session_place(session: Session) -> str:
    if session.is_online:
        return _("Online")
    return ", ".join(part for part in (session.venue, session.address) if part)
