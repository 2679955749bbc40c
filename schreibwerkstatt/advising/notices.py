"""The one way advice tells people something: `notify`. Today it sends an e-mail (after the
commit, in German, like the comments' mentions); the in-app inbox of issue 16 will route it
there too, so every message of this app passes here."""

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import AdviceRequest


def notify(people: Iterable, *, subject: str, body: str) -> None:
    """Tell each of `people` (active accounts with an address) once the transaction commits."""
    for person in {p.pk: p for p in people}.values():
        if not (person.is_active and person.email):
            continue
        transaction.on_commit(
            lambda address=person.email: send_mail(subject, body, None, [address])
        )


def _link(base_url: str, advice: AdviceRequest) -> str:
    path = reverse(
        "advising:request",
        kwargs={"slug": advice.municipality.slug, "pk": advice.pk},
    )
    return f"{base_url}{path}"


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
    notify(advisers, subject=subject, body=body)


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
    notify([advice.requested_by], subject=subject, body=body)
