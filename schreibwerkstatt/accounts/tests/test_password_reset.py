"""Password-reset requests: limited per address and per client, and the answer is the same
whether an account exists or not."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
URL = "/passwort-vergessen/"


def test_the_answer_is_identical_for_existing_and_unknown_addresses(client) -> None:
    UserFactory(email="da@kommune.example")
    known = client.post(URL, {"email": "da@kommune.example"}, REMOTE_ADDR="198.51.100.1")
    unknown = client.post(URL, {"email": "weg@kommune.example"}, REMOTE_ADDR="198.51.100.2")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert known.content == unknown.content
    assert sorted(known.headers) == sorted(unknown.headers)
    assert [m.to for m in mail.outbox] == [["da@kommune.example"]]


def test_the_reset_mail_is_sent_by_a_background_task_for_every_request(client, monkeypatch) -> None:
    """Same work in the request: it queues a task for any well-formed address."""
    from schreibwerkstatt.accounts import tasks

    queued = []

    class Recorder:
        def enqueue(self, *args):
            queued.append(args)

    monkeypatch.setattr(tasks, "send_password_reset", Recorder())
    UserFactory(email="da@kommune.example")
    client.post(URL, {"email": "da@kommune.example"})
    client.post(URL, {"email": "weg@kommune.example"})
    assert [q[0] for q in queued] == ["da@kommune.example", "weg@kommune.example"]
    assert mail.outbox == []


def test_more_than_three_requests_per_address_in_an_hour_are_refused(client) -> None:
    UserFactory(email="da@kommune.example")
    for n in range(3):
        assert (
            client.post(URL, {"email": "da@kommune.example"}, REMOTE_ADDR=f"10.0.0.{n}")
        ).status_code == 302
    fourth = client.post(URL, {"email": "DA@kommune.example"}, REMOTE_ADDR="10.0.0.9")
    assert fourth.status_code == 429
    assert "Zu viele Anfragen" in fourth.content.decode()
    assert len(mail.outbox) == 3


def test_more_than_three_requests_per_client_address_are_refused(client) -> None:
    for n in range(3):
        client.post(URL, {"email": f"person{n}@kommune.example"}, REMOTE_ADDR="10.0.0.1")
    fourth = client.post(URL, {"email": "noch@kommune.example"}, REMOTE_ADDR="10.0.0.1")
    assert fourth.status_code == 429
    other = client.post(URL, {"email": "noch@kommune.example"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_the_limit_fails_open_when_the_cache_is_down(client, monkeypatch) -> None:
    from schreibwerkstatt.accounts import services

    def broken(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(services.cache, "add", broken)
    monkeypatch.setattr(services.cache, "incr", broken)
    for _ in range(5):
        assert client.post(URL, {"email": "weg@kommune.example"}).status_code == 302


def test_a_malformed_address_gets_a_german_message(client) -> None:
    response = client.post(URL, {"email": "keine-adresse"})
    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.content.decode()
