"""The demo's inbox: a few notifications, so the header's bell shows a count after
`make run`. Written through the real services: a colleague mentions the coordinator in a
comment (comments.services.add_comment), Musterstadt's request for advice reaches the
adviser (advising.notices.request_sent); one older notification is read already.

Idempotent: nothing is written when the coordinator has notifications. The mails go to
the mail folder like every demo mail (the demo addresses end in .example).
"""

from django.conf import settings
from django.urls import reverse

from schreibwerkstatt.advising import notices as advice_notices
from schreibwerkstatt.advising.models import AdviceRequest
from schreibwerkstatt.comments.services import add_comment
from schreibwerkstatt.comments.targets import kind_of, thread_url
from schreibwerkstatt.core.mentions import written
from schreibwerkstatt.inbox.models import Kind, Notification
from schreibwerkstatt.inbox.services import mark_read, notify
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Measure

COORDINATOR = "koordination@demo.example"
EDITOR = "redaktion@demo.example"
CONTRIBUTOR = "mitwirkende@demo.example"
ADVISER = "beratung@demo.example"
WELCOME = "Willkommen im Posteingang der Schreibwerkstatt"


def load_demo_inbox(demo: Municipality, users: dict) -> None:
    coordinator = users[COORDINATOR]
    # The welcome is the first thing written here (the discussions' demo, loaded before,
    # may have told the coordinator of replies already).
    if Notification.objects.filter(recipient=coordinator, subject=WELCOME).exists():
        return
    measures = Measure.objects.filter(strategy__municipality=demo).select_related("strategy")
    measure = measures.filter(title__icontains="portal").first() or measures.order_by("pk").first()
    if measure is not None:
        strategy = measure.strategy
        link = settings.SITE_URL + thread_url(kind_of(measure), measure, demo.slug, strategy.pk)
        old = notify(
            [coordinator],
            kind=Kind.OTHER,
            subject=WELCOME,
            body="Hier sammelt die Schreibwerkstatt alles, was sie Ihnen zu Ihrer Arbeit mitteilt.",
            url=reverse("inbox:settings"),
        )
        mark_read(old[0])
        # Mentions by name, as the autocomplete writes them (core/mentions.py).
        mention = written(coordinator)
        for author, text in [
            (users[EDITOR], f"{mention} Kannst du den Zeitplan bis Freitag prüfen?"),
            (users[CONTRIBUTOR], f"Die Ausschreibung ist fertig, {mention} bitte freigeben."),
        ]:
            add_comment(strategy=strategy, target=measure, author=author, text=text, link=link)
    advice = AdviceRequest.objects.filter(municipality=demo).order_by("pk").first()
    if advice is not None:
        advice_notices.request_sent(advice, [users[ADVISER]], base_url=settings.SITE_URL)
