"""Followers hear of new topics (space) and replies (topic) through the inbox (kind REPLY);
never the author, never somebody who left the audience."""

from django.urls import reverse

from schreibwerkstatt.discussions import services
from schreibwerkstatt.inbox.models import Kind, Notification


def test_followers_of_a_space_hear_of_a_new_topic(space, people) -> None:
    services.follow(people["contributor"], space=space)
    services.follow(people["coordinator"], space=space)
    services.open_topic(space, title="Neu hier", text="Hallo", by=people["coordinator"])
    notes = list(Notification.objects.all())
    assert [n.recipient for n in notes] == [people["contributor"]]
    assert notes[0].kind == Kind.REPLY
    assert notes[0].subject == "Neues Thema in „Schreibwerkstatt Frühjahr 2027“: Neu hier"
    assert notes[0].body == ""  # the author's text stays out of the recipient's inbox


def test_followers_of_a_topic_hear_of_a_reply_but_not_the_author(client_of, topic, people) -> None:
    client_of("contributor").post(
        reverse("discussions:reply", args=[topic.pk]), {"text": "Antwort"}
    )
    note = Notification.objects.get()
    assert note.recipient == people["coordinator"]  # the topic's author follows it
    assert note.subject == "Neue Antwort in „Wie startet ihr?“"
    assert note.url.startswith(reverse("discussions:topic", args=[topic.pk]))
    # the contributor follows now too; the coordinator's reply tells the contributor only
    services.reply(topic, text="Danke", by=people["coordinator"])
    assert Notification.objects.filter(recipient=people["contributor"]).count() == 1
    assert Notification.objects.filter(recipient=people["coordinator"]).count() == 1


def test_a_follower_who_left_the_audience_is_not_told(topic, people, municipality_a) -> None:
    from schreibwerkstatt.municipalities.models import Membership

    services.follow(people["contributor"], topic=topic)
    Membership.objects.filter(user=people["contributor"], municipality=municipality_a).delete()
    services.reply(topic, text="Noch jemand da?", by=people["runner"])
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        people["coordinator"].pk
    ]


def test_the_settings_offer_the_discussions_kind(client_of) -> None:
    html = client_of("contributor").get(reverse("inbox:settings")).content.decode()
    assert "Antworten und neue Themen im Austausch, dem Sie folgen" in html
