"""Who sees what: every route of the discussions as every persona (rules.py).

The series' space is for its audience (A's coordinator and contributor, named for the
confirmed registration, and the adviser running it) and its moderators (also the
operators); everybody else gets 404, a superuser without the operator area too. The
statewide space is for every member, adviser and operator."""

import pytest
from django.urls import reverse

from schreibwerkstatt.discussions.models import Post, Space

SERIES_AUDIENCE = {"coordinator", "contributor", "runner"}
SERIES_VIEWERS = SERIES_AUDIENCE | {"operator"}
STATEWIDE_VIEWERS = {"coordinator", "editor", "contributor", "reader", "adviser", "runner",
                     "outsider", "operator"}  # fmt: skip
EVERYBODY = ["coordinator", "editor", "contributor", "reader", "adviser", "runner", "outsider",
             "operator", "superuser"]  # fmt: skip


def pages_of(space: Space, topic) -> list[str]:
    post = topic.posts.get()
    return [
        reverse("discussions:space", args=[space.pk]),
        reverse("discussions:topic_add", args=[space.pk]),
        reverse("discussions:topic", args=[topic.pk]),
        reverse("discussions:post", args=[post.pk]),
    ]


@pytest.mark.parametrize("persona", EVERYBODY)
def test_a_series_space_is_seen_by_its_audience_and_moderators_only(
    persona, client_of, space, topic
) -> None:
    client = client_of(persona)
    for url in pages_of(space, topic):
        status = client.get(url).status_code
        if persona in SERIES_VIEWERS:
            assert status in (200, 302), (url, status)
        else:
            assert status == 404, (url, status)


@pytest.mark.parametrize("persona", EVERYBODY)
def test_the_statewide_space_is_for_members_advisers_and_operators(
    persona, client_of, statewide, people
) -> None:
    from schreibwerkstatt.discussions import services

    topic = services.open_topic(statewide, title="Hallo Land", text="Moin", by=people["reader"])
    client = client_of(persona)
    for url in pages_of(statewide, topic):
        status = client.get(url).status_code
        assert status == (404 if persona not in STATEWIDE_VIEWERS else status), url
        if persona in STATEWIDE_VIEWERS:
            assert status in (200, 302)


@pytest.mark.parametrize("persona", EVERYBODY)
def test_my_spaces_list_only_the_spaces_a_person_sees(persona, client_of, space, statewide) -> None:
    html = client_of(persona).get(reverse("discussions:index")).content.decode()
    assert ("Schreibwerkstatt Frühjahr 2027" in html) == (persona in SERIES_VIEWERS)
    assert ("Austausch im ganzen Land" in html) == (persona in STATEWIDE_VIEWERS)


def test_anonymous_visitors_are_sent_to_the_login(client, space, topic) -> None:
    post = topic.posts.get()
    urls = [
        reverse("discussions:index"),
        *pages_of(space, topic),
        reverse("discussions:directory", args=[space.pk]),
        reverse("discussions:directory_entry", args=[space.pk]),
        reverse("discussions:post_edit", args=[post.pk]),
        reverse("discussions:post_delete", args=[post.pk]),
        reverse("discussions:topic_move", args=[topic.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/anmelden/" in response["Location"], url
    for url in [
        reverse("discussions:reply", args=[topic.pk]),
        reverse("discussions:space_follow", args=[space.pk]),
        reverse("discussions:topic_follow", args=[topic.pk]),
        reverse("discussions:topic_lock", args=[topic.pk]),
        reverse("discussions:post_hide", args=[post.pk]),
    ]:
        response = client.post(url, {"text": "x", "follow": "1", "locked": "1", "hidden": "1"})
        assert response.status_code == 302 and "/anmelden/" in response["Location"], url
    assert Post.objects.count() == 1


@pytest.mark.parametrize("name", ["reply", "topic_follow", "topic_lock"])
def test_post_only_routes_refuse_a_get(name, client_of, topic) -> None:
    assert (
        client_of("coordinator").get(reverse(f"discussions:{name}", args=[topic.pk])).status_code
        == 405
    )


def test_post_only_routes_of_spaces_and_posts_refuse_a_get(client_of, space, topic) -> None:
    client = client_of("operator")
    assert client.get(reverse("discussions:space_follow", args=[space.pk])).status_code == 405
    post = topic.posts.get()
    assert client.get(reverse("discussions:post_hide", args=[post.pk])).status_code == 405


@pytest.mark.parametrize("persona", ["editor", "outsider", "superuser", "adviser"])
def test_people_outside_the_audience_cannot_write_into_it(persona, client_of, space, topic) -> None:
    client = client_of(persona)
    post = topic.posts.get()
    answers = [
        client.post(reverse("discussions:topic_add", args=[space.pk]), {"title": "T", "text": "x"}),
        client.post(reverse("discussions:reply", args=[topic.pk]), {"text": "x"}),
        client.post(reverse("discussions:space_follow", args=[space.pk]), {"follow": "1"}),
        client.post(reverse("discussions:topic_follow", args=[topic.pk]), {"follow": "1"}),
        client.post(reverse("discussions:post_hide", args=[post.pk]), {"hidden": "1"}),
        client.post(reverse("discussions:topic_lock", args=[topic.pk]), {"locked": "1"}),
        client.post(reverse("discussions:post_edit", args=[post.pk]), {"text": "y", "version": 1}),
        client.post(reverse("discussions:post_delete", args=[post.pk])),
    ]
    assert [a.status_code for a in answers] == [404] * len(answers)
    post.refresh_from_db()
    assert post.text.startswith("Wir fangen") and not post.is_hidden
    assert space.topics.count() == 1 and not topic.subscriptions.exclude(user=post.author).exists()


def test_a_forged_page_number_is_a_german_400(client_of, space, topic) -> None:
    client = client_of("coordinator")
    for url in [
        reverse("discussions:space", args=[space.pk]),
        reverse("discussions:topic", args=[topic.pk]),
    ]:
        response = client.get(url, {"seite": "abc"})
        assert response.status_code == 400
        assert "Ungültige Seitenzahl." in response.content.decode()


def test_a_space_that_does_not_exist_is_404(client_of) -> None:
    assert client_of("operator").get(reverse("discussions:space", args=[999999])).status_code == 404


def test_a_coordinator_of_a_waiting_registration_is_not_in_the_audience(
    client_of, people, space, topic, municipality_b
) -> None:
    from schreibwerkstatt.workshops.models import Registration

    Registration.objects.create(
        series=space.series, municipality=municipality_b, status=Registration.Status.WAITING
    )
    assert (
        client_of("outsider").get(reverse("discussions:topic", args=[topic.pk])).status_code == 404
    )


def test_a_participant_who_left_the_municipality_loses_the_space(
    client_of, people, space, topic, municipality_a
) -> None:
    from schreibwerkstatt.municipalities.models import Membership

    Membership.objects.filter(user=people["contributor"], municipality=municipality_a).delete()
    assert (
        client_of("contributor").get(reverse("discussions:topic", args=[topic.pk])).status_code
        == 404
    )
