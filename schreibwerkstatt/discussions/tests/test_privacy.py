"""The personal-data download and the erasure cover posts, subscriptions and directory entries."""

import json

from django.urls import reverse

from schreibwerkstatt.discussions import services
from schreibwerkstatt.discussions.models import DirectoryEntry, Post, Subscription
from schreibwerkstatt.privacy.erasure import erase_user


def test_the_download_lists_posts_follows_and_directory_entries(
    client_of, topic, space, people
) -> None:
    services.reply(topic, text="Meine Antwort", by=people["contributor"])
    services.follow(people["contributor"], space=space)
    DirectoryEntry.objects.create(
        space=space, user=people["contributor"], listed=True, function="Hauptamt"
    )
    response = client_of("contributor").get(reverse("privacy:personal_data"))
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    mine = data["austausch"]
    assert [p["text"] for p in mine["beitraege"]] == ["Meine Antwort"]
    assert {"raum": "Schreibwerkstatt Frühjahr 2027"} in mine["abonnements"]
    assert {"raum": "Schreibwerkstatt Frühjahr 2027", "thema": "Wie startet ihr?"} in mine[
        "abonnements"
    ]
    assert mine["verzeichniseintraege"][0]["funktion"] == "Hauptamt"
    assert "Wir fangen" not in json.dumps(data)  # another person's post


def test_erasure_keeps_the_posts_without_a_name_and_deletes_follows_and_entries(
    topic, space, people
) -> None:
    reply = services.reply(topic, text="Bleibt für die anderen", by=people["contributor"])
    DirectoryEntry.objects.create(space=space, user=people["contributor"], listed=True)
    erase_user(people["contributor"])
    reply.refresh_from_db()
    assert reply.author is None and reply.text == "Bleibt für die anderen"
    assert not DirectoryEntry.objects.exists()
    assert not Subscription.objects.filter(user_id=people["contributor"].pk).exists()
    assert Post.objects.count() == 2
