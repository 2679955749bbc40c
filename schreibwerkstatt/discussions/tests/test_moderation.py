"""Moderation: operators (every space) and the advisers running a series (its space) hide and
restore posts, lock topics and move them; each step is in the audit log."""

from django.urls import reverse

from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.discussions import services
from schreibwerkstatt.discussions.models import Topic


def page(response) -> str:
    return response.content.decode()


def test_an_operator_hides_a_reply_and_only_its_author_and_the_moderation_see_it(
    client_of, topic, people
) -> None:
    reply = services.reply(topic, text="Unpassend", by=people["contributor"])
    response = client_of("operator").post(
        reverse("discussions:post_hide", args=[reply.pk]), {"hidden": "1"}, follow=True
    )
    assert "Der Beitrag ist ausgeblendet." in page(response)
    event = AuditEvent.objects.get(kind="discussion.post_hidden")
    assert event.actor == people["operator"] and event.object_id == str(reply.pk)
    url = reverse("discussions:topic", args=[topic.pk])
    assert "Unpassend" not in page(client_of("coordinator").get(url))
    assert (
        client_of("coordinator").get(reverse("discussions:post", args=[reply.pk])).status_code
        == 404
    )
    own = page(client_of("contributor").get(url))
    assert "Unpassend" in own and "Die Moderation hat diesen Beitrag ausgeblendet" in own
    assert "Unpassend" in page(client_of("runner").get(url))
    topic.refresh_from_db()
    assert topic.reply_count == 0
    client_of("operator").post(reverse("discussions:post_hide", args=[reply.pk]), {"hidden": "0"})
    assert "Unpassend" in page(client_of("coordinator").get(url))
    assert AuditEvent.objects.filter(kind="discussion.post_restored").count() == 1


def test_hiding_the_opening_post_hides_the_topic(client_of, topic, space, people) -> None:
    opening = topic.posts.get()
    client_of("runner").post(reverse("discussions:post_hide", args=[opening.pk]), {"hidden": "1"})
    assert (
        client_of("contributor").get(reverse("discussions:topic", args=[topic.pk])).status_code
        == 404
    )
    assert "Wie startet ihr?" not in page(
        client_of("contributor").get(reverse("discussions:space", args=[space.pk]))
    )
    assert (
        client_of("coordinator").get(reverse("discussions:topic", args=[topic.pk])).status_code
        == 200
    )


def test_participants_do_not_moderate(client_of, topic) -> None:
    opening = topic.posts.get()
    client = client_of("contributor")
    assert (
        client.post(
            reverse("discussions:post_hide", args=[opening.pk]), {"hidden": "1"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("discussions:topic_lock", args=[topic.pk]), {"locked": "1"}).status_code
        == 403
    )
    assert client.get(reverse("discussions:topic_move", args=[topic.pk])).status_code == 403
    topic.refresh_from_db()
    assert not topic.is_locked and not topic.is_hidden
    assert not AuditEvent.objects.filter(kind__startswith="discussion.").exists()


def test_the_runner_locks_and_unlocks_a_topic(client_of, topic) -> None:
    client = client_of("runner")
    response = client.post(
        reverse("discussions:topic_lock", args=[topic.pk]), {"locked": "1"}, follow=True
    )
    assert "Das Thema ist gesperrt" in page(response)
    topic.refresh_from_db()
    assert topic.is_locked
    assert "Antwort veröffentlichen" not in page(
        client_of("contributor").get(reverse("discussions:topic", args=[topic.pk]))
    )
    client.post(reverse("discussions:topic_lock", args=[topic.pk]), {"locked": "0"})
    topic.refresh_from_db()
    assert not topic.is_locked
    kinds = list(
        AuditEvent.objects.filter(kind__startswith="discussion.").values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["discussion.topic_locked", "discussion.topic_unlocked"]


def test_an_operator_moves_a_topic_to_the_statewide_space(client_of, topic, statewide) -> None:
    client = client_of("operator")
    response = client.post(
        reverse("discussions:topic_move", args=[topic.pk]), {"space": statewide.pk}, follow=True
    )
    assert "Das Thema wurde nach „Austausch im ganzen Land“ verschoben." in page(response)
    topic.refresh_from_db()
    assert topic.space == statewide
    event = AuditEvent.objects.get(kind="discussion.topic_moved")
    assert event.details == {
        "before": "Schreibwerkstatt Frühjahr 2027",
        "after": "Austausch im ganzen Land",
    }
    # Now the editor of A (in the statewide audience, not in the series) reads it.
    assert client_of("editor").get(reverse("discussions:topic", args=[topic.pk])).status_code == 200


def test_moving_to_a_space_that_does_not_exist_or_is_not_moderated_changes_nothing(
    client_of, topic, space, statewide
) -> None:
    url = reverse("discussions:topic_move", args=[topic.pk])
    for client, target in [
        (client_of("operator"), 999999),
        (client_of("operator"), "abc"),
        (client_of("operator"), space.pk),  # where it is
        (client_of("runner"), statewide.pk),  # the runner does not moderate the statewide space
    ]:
        response = client.post(url, {"space": target})
        assert response.status_code == 400, target
        assert "Wählen Sie einen Raum aus der Liste. Es wurde nichts verschoben." in page(response)
    assert Topic.objects.get().space == space
    assert not AuditEvent.objects.filter(kind="discussion.topic_moved").exists()


def test_a_superuser_without_the_operator_area_does_not_moderate(client_of, topic) -> None:
    client = client_of("superuser")
    assert (
        client.post(reverse("discussions:topic_lock", args=[topic.pk]), {"locked": "1"}).status_code
        == 404
    )
    topic.refresh_from_db()
    assert not topic.is_locked
