"""Writing in a space: new topics, replies, Markdown, limits, bad input; editing with
optimistic locking and deleting one's own posts."""

from django.urls import reverse

from schreibwerkstatt.discussions import services
from schreibwerkstatt.discussions.models import Post, Subscription, Topic


def page(response) -> str:
    return response.content.decode()


def test_a_participant_opens_a_topic_and_follows_it(client_of, space, people) -> None:
    response = client_of("contributor").post(
        reverse("discussions:topic_add", args=[space.pk]),
        {"title": "Förderprogramme", "text": "Wer kennt **Gigabit**?"},
        follow=True,
    )
    assert "Ihr Thema wurde veröffentlicht." in page(response)
    topic = Topic.objects.get(title="Förderprogramme")
    assert topic.space == space and topic.author == people["contributor"]
    assert "<strong>Gigabit</strong>" in page(response)
    assert Subscription.objects.filter(user=people["contributor"], topic=topic).exists()


def test_markdown_is_sanitised(client_of, space) -> None:
    client_of("coordinator").post(
        reverse("discussions:topic_add", args=[space.pk]),
        {
            "title": "<b>Titel</b>",
            "text": "<script>alert(1)</script>[klick](javascript:alert(2)) <img src=x onerror=alert(3)>",
        },
    )
    topic = Topic.objects.get()
    html = page(client_of("contributor").get(reverse("discussions:topic", args=[topic.pk])))
    assert "<script>alert(1)" not in html and "javascript:alert" not in html
    assert "onerror" not in html
    assert "&lt;b&gt;Titel&lt;/b&gt;" in html


def test_an_empty_post_stores_nothing_and_says_so_in_german(client_of, space, topic) -> None:
    client = client_of("coordinator")
    response = client.post(
        reverse("discussions:topic_add", args=[space.pk]), {"title": "Leer", "text": "   "}
    )
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Text. Es wurde nichts gespeichert." in page(response)
    response = client.post(
        reverse("discussions:topic_add", args=[space.pk]), {"title": "", "text": "Text"}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie dem Thema einen Titel." in page(response)
    response = client.post(reverse("discussions:reply", args=[topic.pk]), {"text": "\n \n"})
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Text. Es wurde nichts gespeichert." in page(response)
    assert Topic.objects.count() == 1 and Post.objects.count() == 1


def test_a_post_longer_than_the_limit_is_refused(client_of, topic) -> None:
    response = client_of("coordinator").post(
        reverse("discussions:reply", args=[topic.pk]), {"text": "x" * 10001}
    )
    assert response.status_code == 400
    assert "höchstens 10000 Zeichen" in page(response)
    assert Post.objects.count() == 1


def test_a_reply_is_shown_on_the_topic_and_its_author_follows(client_of, topic, people) -> None:
    response = client_of("runner").post(
        reverse("discussions:reply", args=[topic.pk]), {"text": "Gute Frage!"}, follow=True
    )
    assert "Ihre Antwort wurde veröffentlicht." in page(response)
    assert "Gute Frage!" in page(response)
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert Subscription.objects.filter(user=people["runner"], topic=topic).exists()


def test_a_reply_to_a_locked_topic_is_refused(client_of, topic, people) -> None:
    services.set_locked(topic, locked=True, by=people["operator"])
    response = client_of("contributor").post(
        reverse("discussions:reply", args=[topic.pk]), {"text": "Noch was"}
    )
    assert response.status_code == 400
    assert "Dieses Thema ist gesperrt: Es sind keine Antworten mehr möglich." in page(response)
    assert Post.objects.count() == 1


def test_a_topic_of_another_series_cannot_be_replied_to(client_of, people, municipality_b) -> None:
    from schreibwerkstatt.workshops.tests.conftest import make_series

    other = make_series("herbst-2027")
    other_topic = services.open_topic(
        services.space_of_series(other),
        title="Geheim",
        text="Nur für Herbst",
        by=people["operator"],
    )
    response = client_of("coordinator").post(
        reverse("discussions:reply", args=[other_topic.pk]), {"text": "Hallo"}
    )
    assert response.status_code == 404
    assert other_topic.posts.count() == 1


def test_the_author_edits_their_post_with_optimistic_locking(client_of, topic) -> None:
    post = topic.posts.get()
    client = client_of("coordinator")
    url = reverse("discussions:post_edit", args=[post.pk])
    response = client.post(
        url, {"title": "Wie startet ihr 2027?", "text": "Neu", "version": 1}, follow=True
    )
    assert "Ihr Beitrag wurde gespeichert." in page(response)
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.text == "Neu" and post.version == 2 and post.edited_at is not None
    assert topic.title == "Wie startet ihr 2027?"
    # A second tab still holding version 1 overwrites nothing.
    response = client.post(url, {"title": "Alt", "text": "Veraltet", "version": 1})
    assert response.status_code == 409
    assert "Neu" in page(response)
    post.refresh_from_db()
    assert post.text == "Neu"


def test_an_edit_without_text_or_version_changes_nothing(client_of, topic) -> None:
    post = topic.posts.get()
    url = reverse("discussions:post_edit", args=[post.pk])
    client = client_of("coordinator")
    assert client.post(url, {"title": "T", "text": "", "version": 1}).status_code == 400
    response = client.post(url, {"title": "T", "text": "Neu"})
    assert response.status_code == 400
    assert "Bitte laden Sie die Seite neu." in page(response)
    post.refresh_from_db()
    assert post.text.startswith("Wir fangen")


def test_nobody_edits_or_deletes_anothers_post(client_of, topic) -> None:
    post = topic.posts.get()
    for persona in ["contributor", "runner", "operator"]:
        client = client_of(persona)
        assert client.get(reverse("discussions:post_edit", args=[post.pk])).status_code == 403
        assert (
            client.post(
                reverse("discussions:post_edit", args=[post.pk]),
                {"title": "x", "text": "x", "version": 1},
            ).status_code
            == 403
        )
        assert client.post(reverse("discussions:post_delete", args=[post.pk])).status_code == 403
    post.refresh_from_db()
    assert post.text.startswith("Wir fangen") and not post.is_deleted


def test_deleting_the_only_post_deletes_the_topic(client_of, topic, space) -> None:
    post = topic.posts.get()
    response = client_of("coordinator").post(
        reverse("discussions:post_delete", args=[post.pk]), follow=True
    )
    assert "Ihr Thema wurde gelöscht." in page(response)
    assert not Topic.objects.exists()


def test_deleting_the_opening_post_keeps_the_replies(client_of, topic, people) -> None:
    reply = services.reply(topic, text="Antwort bleibt", by=people["contributor"])
    opening = topic.posts.get(opens_topic=True)
    client_of("coordinator").post(reverse("discussions:post_delete", args=[opening.pk]))
    opening.refresh_from_db()
    assert opening.is_deleted and opening.text == "" and opening.author is None
    html = page(client_of("contributor").get(reverse("discussions:topic", args=[topic.pk])))
    assert "Die verfassende Person hat diesen Beitrag gelöscht." in html
    assert "Antwort bleibt" in html
    assert (
        client_of("coordinator")
        .get(reverse("discussions:post_edit", args=[opening.pk]))
        .status_code
        == 404
    )
    # The reply's author deletes their reply: it goes.
    client_of("contributor").post(reverse("discussions:post_delete", args=[reply.pk]))
    assert not Post.objects.filter(pk=reply.pk).exists()
    topic.refresh_from_db()
    assert topic.reply_count == 0


def test_following_and_unfollowing(client_of, space, topic, people) -> None:
    client = client_of("contributor")
    client.post(reverse("discussions:space_follow", args=[space.pk]), {"follow": "1"})
    assert Subscription.objects.filter(user=people["contributor"], space=space).exists()
    client.post(reverse("discussions:space_follow", args=[space.pk]), {"follow": "0"})
    assert not Subscription.objects.filter(user=people["contributor"], space=space).exists()
    client_of("coordinator").post(
        reverse("discussions:topic_follow", args=[topic.pk]), {"follow": "0"}
    )
    assert not Subscription.objects.filter(user=people["coordinator"], topic=topic).exists()
    response = client.post(reverse("discussions:topic_follow", args=[topic.pk]), {"follow": "ja"})
    assert response.status_code == 400


def test_a_post_address_leads_to_the_page_that_shows_it(client_of, topic, people) -> None:
    for number in range(25):
        last = services.reply(topic, text=f"Antwort {number}", by=people["contributor"])
    response = client_of("coordinator").get(reverse("discussions:post", args=[last.pk]))
    assert (
        response["Location"]
        == reverse("discussions:topic", args=[topic.pk]) + f"?seite=2#beitrag-{last.pk}"
    )
