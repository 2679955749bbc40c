"""The inbox page, opening and marking notifications, and the settings page: each person sees
and changes their own notifications only; everybody else gets 404, operators and superusers
too, visitors the login."""

import re

import pytest
from django.urls import reverse

from schreibwerkstatt.inbox.models import (
    Delivery,
    Kind,
    Notification,
    Preference,
    default_delivery,
)
from schreibwerkstatt.inbox.services import notify

LIST = reverse("inbox:list")
SETTINGS = reverse("inbox:settings")
MARK_ALL = reverse("inbox:mark_all_read")


def tell(person, n: int = 1, *, subject: str = "Erwähnung {i}") -> list[Notification]:
    rows = []
    for i in range(n):
        rows += notify(
            [person],
            kind=Kind.MENTION,
            subject=subject.format(i=i),
            body="Text",
            url=f"/kommunen/amtsberg/#k{i}",
        )
    return rows


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The inbox page ---------------------------------------------------------------------------


def test_it_lists_the_persons_notifications_newest_first_with_unread_marked_in_text(
    people, as_persona
) -> None:
    first, _second = tell(people["editor"], 2)
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    html = page_of(as_persona("editor").get(LIST))
    assert html.index("Erwähnung 1") < html.index("Erwähnung 0")
    assert html.count(">Ungelesen<") == 1
    assert html.count(">Gelesen<") == 1
    assert "Alle als gelesen markieren" in html


def test_it_shows_nobody_elses_notifications(people, as_persona) -> None:
    tell(people["editor"], subject="Nur für die Redaktion")
    for persona in ["coordinator", "outsider", "operator", "superuser"]:
        assert "Nur für die Redaktion" not in page_of(as_persona(persona).get(LIST))


def test_it_pages_by_25(people, as_persona) -> None:
    tell(people["editor"], 30)
    client = as_persona("editor")
    first = page_of(client.get(LIST))
    assert first.count('class="sw-inbox__item') == 25
    assert "Seite 1 von 2" in first
    assert page_of(client.get(LIST + "?seite=2")).count('class="sw-inbox__item') == 5


def test_a_bad_page_number_is_a_german_400(people, as_persona) -> None:
    response = as_persona("editor").get(LIST + "?seite=zwei")
    assert response.status_code == 400
    assert "Ungültige Seitenzahl" in response.content.decode()


@pytest.mark.parametrize("count", [5, 100])
def test_the_inbox_costs_the_same_queries_however_many_notifications(
    count, people, as_persona, django_assert_max_num_queries, session_queries
) -> None:
    tell(people["editor"], count)
    client = as_persona("editor")
    client.get(LIST)  # the session
    # user, memberships (header), count and page of notifications; the bell's unread count
    # comes from the cache, filled by the first request
    with django_assert_max_num_queries(4 + session_queries):
        page_of(client.get(LIST))


def test_the_inbox_counts_its_queries_exactly_alike_for_5_and_100(
    people, as_persona, django_assert_max_num_queries, django_assert_num_queries
) -> None:
    tell(people["editor"], 5)
    client = as_persona("editor")
    client.get(LIST)
    with django_assert_max_num_queries(10) as small:
        page_of(client.get(LIST))
    few = len(small.captured_queries)  # before the next capture resets the log
    tell(people["editor"], 95)
    client.get(LIST)  # the bell's count was dropped by the new notifications
    with django_assert_num_queries(few):
        page_of(client.get(LIST))


def test_it_needs_a_login(as_persona) -> None:
    for url in [LIST, SETTINGS]:
        response = as_persona("anonymous").get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_answers_get_only(as_persona) -> None:
    assert as_persona("editor").post(LIST).status_code == 405


# Opening and marking ----------------------------------------------------------------------


def test_opening_marks_read_and_goes_to_the_page(people, as_persona) -> None:
    (notification,) = tell(people["editor"])
    response = as_persona("editor").post(reverse("inbox:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == "/kommunen/amtsberg/#k0"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_one_read_keeps_the_others_unread(people, as_persona) -> None:
    first, second = tell(people["editor"], 2)
    response = as_persona("editor").post(reverse("inbox:mark_read", args=[first.pk]))
    assert response.status_code == 302
    assert response.url == LIST
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None


def test_marking_all_read_marks_the_persons_own_only(people, as_persona) -> None:
    mine = tell(people["editor"], 3)
    theirs = tell(people["reader"], 2)
    response = as_persona("editor").post(MARK_ALL, follow=True)
    assert "3 Benachrichtigungen sind als gelesen markiert." in page_of(response)
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert not any(Notification.objects.get(pk=n.pk).read_at for n in theirs)


@pytest.mark.parametrize(
    "persona", ["coordinator", "reader", "adviser", "outsider", "operator", "superuser"]
)
@pytest.mark.parametrize("route", ["inbox:open", "inbox:mark_read"])
def test_nobody_else_opens_or_marks_a_notification(route, persona, people, as_persona) -> None:
    (notification,) = tell(people["editor"])
    response = as_persona(persona).post(reverse(route, args=[notification.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


@pytest.mark.parametrize("route", ["inbox:open", "inbox:mark_read"])
def test_opening_and_marking_need_a_login_and_a_post(route, people, as_persona) -> None:
    (notification,) = tell(people["editor"])
    url = reverse(route, args=[notification.pk])
    response = as_persona("anonymous").post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert as_persona("editor").get(url).status_code == 405
    assert as_persona("anonymous").post(MARK_ALL).status_code == 302
    assert as_persona("editor").get(MARK_ALL).status_code == 405
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_a_forged_id_is_404(people, as_persona) -> None:
    assert as_persona("editor").post(reverse("inbox:open", args=[999999])).status_code == 404


# The bell in the header -------------------------------------------------------------------


def test_the_header_bell_says_how_many_are_unread(people, as_persona) -> None:
    client = as_persona("editor")
    html = page_of(client.get(reverse("personal:my_tasks")))
    assert 'href="/benachrichtigungen/"' in html
    assert "Benachrichtigungen, " not in html
    tell(people["editor"], 3)
    html = page_of(client.get(reverse("personal:my_tasks")))
    assert "Benachrichtigungen, 3 ungelesen" in html
    client.post(MARK_ALL)
    html = page_of(client.get(reverse("personal:my_tasks")))
    assert "Benachrichtigungen, 3 ungelesen" not in html


def test_visitors_have_no_bell(client, db) -> None:
    assert 'href="/benachrichtigungen/"' not in page_of(client.get(reverse("accounts:login")))


# Settings ---------------------------------------------------------------------------------


def test_the_settings_show_every_sent_kind_with_its_default(people, as_persona) -> None:
    html = page_of(as_persona("editor").get(SETTINGS))
    offered = list(Kind)  # REPLY too: the discussions send it
    assert html.count("<fieldset") == len(offered)
    assert "Antworten und neue Themen im Austausch, dem Sie folgen" in html
    checked = re.findall(r'name="(\w+)" value="(\w+)"[^>]* checked', html)
    assert sorted(checked) == sorted((kind.value, default_delivery(kind)) for kind in offered)
    assert ("mention", Delivery.EMAIL) in checked
    assert ("comment", Delivery.IN_APP) in checked
    assert ("assignment", Delivery.IN_APP) in checked


def test_the_settings_save_a_choice_per_kind(people, as_persona) -> None:
    data = {kind: Delivery.EMAIL for kind in Kind.values}
    data[Kind.MENTION] = Delivery.IN_APP
    data[Kind.REMINDER] = Delivery.DIGEST
    response = as_persona("editor").post(SETTINGS, data, follow=True)
    assert "Ihre Benachrichtigungseinstellungen sind gespeichert." in page_of(response)
    chosen = dict(Preference.objects.filter(user=people["editor"]).values_list("kind", "delivery"))
    assert chosen[Kind.MENTION] == Delivery.IN_APP
    assert chosen[Kind.REMINDER] == Delivery.DIGEST
    assert not Preference.objects.exclude(user=people["editor"]).exists()


def test_a_bad_choice_is_a_german_400_and_changes_nothing(people, as_persona) -> None:
    data = {kind: Delivery.EMAIL for kind in Kind.values}
    data[Kind.MENTION] = "brieftaube"
    response = as_persona("editor").post(SETTINGS, data)
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Preference.objects.exists()
