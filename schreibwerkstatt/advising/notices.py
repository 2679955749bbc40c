"""The one way advice tells people something: `notify`, which hands every message to the
inbox (`inbox.services.notify`): a notification, and an e-mail at once or in the weekly
digest as each person chose for requests for advice."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox import services as inbox
from schreibwerkstatt.inbox.models import Kind

from .models import AdviceRequest


def notify(people: Iterable, *, subject: str, body: str, url: str, summary: str = "") -> None:
    """Tell each of `people` (active accounts) about the request at `url` (a path); the
    inbox shows the subject and `summary`."""
    inbox.notify(people, kind=Kind.ADVICE, subject=subject, body=body, summary=summary, url=url)


def _path(advice: AdviceRequest) -> str:
    return reverse("advising:request", kwargs={"slug": advice.municipality.slug, "pk": advice.pk})


def _link(base_url: str, advice: AdviceRequest) -> str:
    return f"{base_url}{_path(advice)}"


def request_sent(advice: AdviceRequest, advisers: Iterable, *, base_url: str) -> None:
    """A municipality asked for advice: its assigned advisers hear of it."""
    with translation.override("de"):
        subject = _("%(municipality)s asks for advice: %(topic)s") % {
            "municipality": advice.municipality.name,
            "topic": advice.topic,
        }
        body = _(
            "%(person)s of %(municipality)s asks for advice.\n\nTopic: %(topic)s\n\n"
            "%(text)s\n\nOpen the request: %(link)s"
        ) % {
            "person": advice.requested_by,
            "municipality": advice.municipality.name,
            "topic": advice.topic,
            "text": advice.text,
            "link": _link(base_url, advice),
        }
    notify(advisers, subject=subject, body=body, summary=advice.text, url=_path(advice))


def status_changed(advice: AdviceRequest, *, base_url: str) -> None:
    """An adviser changed the status (or answered): the person who asked hears of it."""
    if advice.requested_by is None:
        return
    with translation.override("de"):
        subject = _("Your request for advice “%(topic)s” is now: %(status)s") % {
            "topic": advice.topic,
            "status": advice.get_status_display(),
        }
        answer = (
            _("Answer of %(adviser)s:\n\n%(answer)s\n\n")
            % {"adviser": advice.answered_by, "answer": advice.answer}
            if advice.answer
            else ""
        )
        body = _("The status of your request is now “%(status)s”.\n\n%(answer)sOpen: %(link)s") % {
            "status": advice.get_status_display(),
            "answer": answer,
            "link": _link(base_url, advice),
        }
    notify(
        [advice.requested_by],
        subject=subject,
        body=body,
        summary=advice.answer,
        url=_path(advice),
    )
