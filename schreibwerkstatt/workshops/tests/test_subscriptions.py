"""“Tell me about new dates” (workshops/subscriptions.py, views/feeds.py): double opt-in that
stores nothing before the click, the same answer for known and unknown addresses, the
unsubscribe link, the rate limit, and the announcement of new series (announcements.py)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.workshops import tasks
from schreibwerkstatt.workshops.announcements import announce_new_series
from schreibwerkstatt.workshops.models import DateSubscriber, SentNotice, Series, Session
from schreibwerkstatt.workshops.subscriptions import confirm_subscription, confirmation_token

from .conftest import make_series

pytestmark = pytest.mark.django_db
FORM = "/termine/benachrichtigen/"
ADDRESS = "leser@example.org"


@pytest.fixture(autouse=True)
def _empty_rate_limits(own_cache_keys) -> None:
    """The form's rate limits count in the cache: each test starts with none."""


def link_in(message) -> str:
    match = re.search(r"https?://\S+/termine/benachrichtigen/bestaetigen/\S+/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.SITE_URL)


def ask(client, email: str = ADDRESS, **extra):
    return client.post(FORM, {"email": email}, **extra)


# The form ------------------------------------------------------------------------------------


def test_the_form_says_what_is_stored_and_links_the_privacy_notice(client) -> None:
    response = client.get(FORM)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Über neue Termine benachrichtigen" in page
    assert "Was wir speichern und warum" in page
    assert "Nur Ihre E-Mail-Adresse und den Zeitpunkt Ihrer Bestätigung" in page
    assert f'href="{reverse("core:privacy")}"' in page
    assert f'href="{reverse("workshops:feed")}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_sending_the_form_mails_a_link_and_stores_nothing(client) -> None:
    response = ask(client, " Leser@Example.org ")

    assert response.status_code == 302
    assert response.url == reverse("workshops:subscribe_sent")
    assert DateSubscriber.objects.count() == 0
    assert SentNotice.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert message.subject == "Bitte bestätigen: Nachricht über neue Workshop-Termine"
    assert "innerhalb von 3 Tagen" in message.body
    assert link_in(message).startswith("/termine/benachrichtigen/bestaetigen/")
    sent = client.get(response.url)
    assert "Bitte sehen Sie in Ihr Postfach" in sent.content.decode()


def test_a_known_address_gets_the_same_answer_and_changes_nothing(client) -> None:
    subscriber, _created = confirm_subscription(ADDRESS)
    unknown = ask(client, "neu@example.org")
    known = ask(client, ADDRESS)

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 2
    assert list(DateSubscriber.objects.values_list("email", "token")) == [
        (ADDRESS, subscriber.token)
    ]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Bitte geben Sie Ihre E-Mail-Adresse ein."),
        ("leser@", "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ("kein Name", "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ("a" * 250 + "@example.org", "höchstens 254 Zeichen"),
    ],
)
def test_a_malformed_address_gets_a_german_message_and_no_mail(client, email, message) -> None:
    response = ask(client, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_the_form_is_rate_limited_per_address(client) -> None:
    for _ in range(3):
        assert ask(client).status_code == 302
    response = ask(client)
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert len(mail.outbox) == 3


def test_the_form_is_rate_limited_per_client(client) -> None:
    for number in range(10):
        assert ask(client, f"person{number}@example.org").status_code == 302
    assert ask(client, "noch-eine@example.org").status_code == 429
    assert len(mail.outbox) == 10


def test_a_mail_server_that_is_away_gets_a_message(client, monkeypatch) -> None:
    def broken(self, fail_silently=False):
        raise ConnectionRefusedError

    monkeypatch.setattr(EmailMessage, "send", broken)
    response = ask(client)
    assert response.status_code == 503
    assert "konnte gerade nicht gesendet werden" in response.content.decode()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_pages_refuse_other_methods(client, method) -> None:
    token = confirm_subscription(ADDRESS)[0].token
    for url in [
        FORM,
        reverse("workshops:subscribe_confirm", kwargs={"token": confirmation_token(ADDRESS)}),
        reverse("workshops:unsubscribe", kwargs={"token": token}),
    ]:
        assert getattr(client, method)(url).status_code == 405
    assert client.post(reverse("workshops:subscribe_sent")).status_code == 405


def test_the_form_needs_the_csrf_token() -> None:
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM, {"email": ADDRESS})
    assert response.status_code == 403
    assert mail.outbox == []


# The confirmation link -------------------------------------------------------------------------


def test_the_link_shows_a_button_and_only_its_click_stores_the_address(client) -> None:
    ask(client)
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "Ja, über neue Termine benachrichtigen" in page.content.decode()
    assert DateSubscriber.objects.count() == 0

    done = client.post(link)
    assert done.status_code == 200
    assert "Vielen Dank" in done.content.decode()
    subscriber = DateSubscriber.objects.get()
    assert subscriber.email == ADDRESS
    assert len(subscriber.token) == 43
    assert subscriber.confirmed_at is not None


def test_a_second_confirmation_changes_nothing_and_says_so(client) -> None:
    ask(client)
    link = link_in(mail.outbox[0])
    client.post(link)
    before = list(DateSubscriber.objects.values_list("pk", "token", "confirmed_at"))

    again = client.post(link)

    assert again.status_code == 200
    assert "erhält bereits Nachricht über neue Termine" in again.content.decode()
    assert list(DateSubscriber.objects.values_list("pk", "token", "confirmed_at")) == before


def test_an_expired_link_stores_nothing(client) -> None:
    ask(client)
    link = link_in(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        response = client.post(link)
    assert response.status_code == 400
    assert "abgelaufen oder unvollständig" in response.content.decode()
    assert DateSubscriber.objects.count() == 0


FORGED = {
    "garbage": lambda: "kaputt",
    "altered": lambda: confirmation_token(ADDRESS)[:-2] + "xx",
    "other purpose": lambda: signing.dumps(ADDRESS),
    "other key": lambda: signing.dumps(
        ADDRESS, salt="schreibwerkstatt.workshops.subscribe", key="fremd"
    ),
}


@pytest.mark.parametrize("kind", FORGED)  # built in the test: a token holds its time
def test_a_forged_link_stores_nothing(client, kind) -> None:
    token = FORGED[kind]()
    url = reverse("workshops:subscribe_confirm", kwargs={"token": token})
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert DateSubscriber.objects.count() == 0


# Unsubscribing ---------------------------------------------------------------------------------


def test_unsubscribing_asks_then_deletes_the_address_and_twice_is_harmless(client) -> None:
    subscriber, _created = confirm_subscription(ADDRESS)
    url = reverse("workshops:unsubscribe", kwargs={"token": subscriber.token})

    page = client.get(url)
    assert page.status_code == 200
    assert ADDRESS in page.content.decode()
    assert DateSubscriber.objects.count() == 1

    done = client.post(url)
    assert done.status_code == 200
    assert "Die Adresse ist gelöscht" in done.content.decode()
    assert DateSubscriber.objects.count() == 0

    twice = client.post(url)
    assert twice.status_code == 200
    assert "Die Adresse ist gelöscht" in twice.content.decode()
    later = client.get(url)
    assert later.status_code == 404
    assert "steht nicht (mehr) auf unserer Liste" in later.content.decode()


def test_an_unknown_token_deletes_nobody(client) -> None:
    confirm_subscription(ADDRESS)
    url = reverse("workshops:unsubscribe", kwargs={"token": "x" * 43})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 200
    assert DateSubscriber.objects.count() == 1


# The announcement of new series -----------------------------------------------------------------


@pytest.fixture
def subscribers(db):
    return [confirm_subscription(email)[0] for email in ("eins@example.org", "zwei@example.org")]


def test_a_new_public_series_is_announced_once_to_every_subscriber(client, subscribers) -> None:
    series = make_series("fruehjahr-2027", title="Schreibwerkstatt Frühjahr 2027")

    assert announce_new_series() == 2

    assert sorted(message.to[0] for message in mail.outbox) == [s.email for s in subscribers]
    message = next(m for m in mail.outbox if m.to == [subscribers[0].email])
    assert message.subject == "Neue Workshop-Termine: Schreibwerkstatt Frühjahr 2027"
    assert f"{settings.SITE_URL}/termine/fruehjahr-2027/" in message.body
    first = series.sessions.order_by("starts").first()
    assert timezone.localtime(first.starts).strftime("%H:%M") in message.body
    unsubscribe = settings.SITE_URL + reverse(
        "workshops:unsubscribe", kwargs={"token": subscribers[0].token}
    )
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    series.refresh_from_db()
    assert series.announced_at is not None

    assert announce_new_series() == 0
    assert len(mail.outbox) == 2

    # The link in the mail works, and nothing of the address stays.
    client.post(unsubscribe.removeprefix(settings.SITE_URL))
    assert list(DateSubscriber.objects.values_list("email", flat=True)) == ["zwei@example.org"]
    assert list(SentNotice.objects.values_list("recipient", flat=True)) == ["zwei@example.org"]


def test_only_published_public_series_with_coming_dates_are_announced(subscribers) -> None:
    hidden = [
        make_series("einladung", public=False),
        make_series("entwurf", published=False),
        make_series("abgesagt"),
    ]
    Series.objects.filter(slug="abgesagt").update(cancelled_at=timezone.now())
    without_dates = make_series("ohne-termine", sessions=0)
    past = make_series("vorbei", starts_in_days=-30, sessions=1)

    assert announce_new_series() == 0

    assert mail.outbox == []
    assert Series.objects.get(pk=past.pk).announced_at is not None  # nothing new to tell
    for series in [*hidden, without_dates]:
        assert Series.objects.get(pk=series.pk).announced_at is None

    Session.objects.create(
        series=without_dates, title="Termin 1", starts=timezone.now() + timedelta(days=9),
        duration=90, format=Session.Format.IN_PERSON, venue="Rathaus", address="Markt 1",
    )  # fmt: skip
    assert announce_new_series() == 2


def test_a_failed_mail_is_sent_by_the_next_run_and_nobody_gets_two(subscribers, monkeypatch):
    series = make_series("fruehjahr-2027")
    real_send = EmailMessage.send

    def second_fails(self, fail_silently=False):
        if self.to == ["zwei@example.org"]:
            raise ConnectionRefusedError
        return real_send(self, fail_silently)

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", second_fails)
        assert announce_new_series() == 1
    assert Series.objects.get(pk=series.pk).announced_at is None

    assert announce_new_series() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["eins@example.org", "zwei@example.org"]
    assert Series.objects.get(pk=series.pk).announced_at is not None
    assert SentNotice.objects.filter(kind=SentNotice.Kind.NEW_SERIES).count() == 2


def test_the_worker_announces_every_ten_minutes(subscribers) -> None:
    path = "schreibwerkstatt.workshops.tasks.announce_new_series"
    assert (path, 10 * 60) in settings.PERIODIC_TASKS
    make_series("fruehjahr-2027")
    assert tasks.announce_new_series.enqueue().return_value == 2
