"""@mentions in posts (core/mentions.py): resolved against the space's audience only; a
mention of anybody else is refused (German message, nothing stored, nobody told) and tells
nothing about that person; the autocomplete answers the space's people only."""

import re

from django.urls import reverse

from schreibwerkstatt.discussions import services
from schreibwerkstatt.discussions.models import Post, Topic
from schreibwerkstatt.inbox.models import Kind, Notification

REFUSED = "Niemand in diesem Raum heißt „{}“, daher wurde niemand benachrichtigt"


def page(response) -> str:
    return response.content.decode()


def test_a_mention_of_a_participant_tells_them_once(client_of, topic, people) -> None:
    services.follow(people["contributor"], topic=topic)
    response = client_of("runner").post(
        reverse("discussions:reply", args=[topic.pk]),
        {"text": "Frag doch @Contributor Amtsberg, die kennt das."},
        follow=True,
    )
    assert '<strong class="' in page(response) or "<strong>@Contributor Amtsberg" in page(response)
    post = Post.objects.get(text__startswith="Frag doch")
    assert list(post.mentions.all()) == [people["contributor"]]
    told = Notification.objects.filter(recipient=people["contributor"])
    assert [(n.kind, n.subject) for n in told] == [
        (Kind.MENTION, "Rita Runner hat Sie in „Wie startet ihr?“ erwähnt")
    ]


def test_a_mention_of_somebody_outside_the_space_is_refused_and_reveals_nothing(
    client_of, topic, space, people
) -> None:
    client = client_of("coordinator")
    answers = {}
    for name in ["Outsider Birkenwerder", "Editor Amtsberg", "Operator Plattform", "Niemand Sonst"]:
        response = client.post(
            reverse("discussions:reply", args=[topic.pk]), {"text": f"Hallo @{name}!"}
        )
        assert response.status_code == 400, name
        assert REFUSED.format(f"@{name}") in page(response), name
        answers[name] = page(response).replace(name, "NAME")
    # The answer for a real person outside the audience equals the one for nobody at all.
    mains = {
        re.sub(r'value="[A-Za-z0-9]{64}"', "", a[a.index("<main") : a.index("</main>")])
        for a in answers.values()
    }
    assert len(mains) == 1, "\n=====\n".join(mains)
    response = client.post(
        reverse("discussions:topic_add", args=[space.pk]),
        {"title": "T", "text": "@Outsider Birkenwerder"},
    )
    assert response.status_code == 400
    assert Post.objects.count() == 1 and Topic.objects.count() == 1
    assert not Notification.objects.filter(kind=Kind.MENTION).exists()


def test_an_edit_tells_only_the_newly_mentioned(client_of, topic, people) -> None:
    post = topic.posts.get()
    url = reverse("discussions:post_edit", args=[post.pk])
    client = client_of("coordinator")
    client.post(url, {"title": topic.title, "text": "Mit @Rita Runner", "version": 1})
    client.post(
        url,
        {"title": topic.title, "text": "Mit @Rita Runner und @Contributor Amtsberg", "version": 2},
    )
    mentions = Notification.objects.filter(kind=Kind.MENTION)
    assert sorted(n.recipient.email for n in mentions) == [
        "contributor@amtsberg.example",
        "runner@agentur.example",
    ]


def test_the_autocomplete_answers_the_spaces_people_only(client_of, space, people) -> None:
    url = reverse("core:mention_suggestions")
    query = {"audience": f"discussion:{space.pk}", "q": "Co"}
    names = [s["name"] for s in client_of("contributor").get(url, query).json()["suggestions"]]
    assert names == ["Coordinator Amtsberg"]
    nobody = client_of("contributor").get(url, {**query, "q": "Zzz"}).json()
    for persona in ["editor", "outsider", "superuser"]:
        assert client_of(persona).get(url, query).json() == nobody, persona
    # An operator moderates the space: the suggestions are its audience, never the operators.
    operator = [
        s["name"]
        for s in client_of("operator").get(url, {**query, "q": "Op"}).json()["suggestions"]
    ]
    assert operator == []
    missing = client_of("contributor").get(url, {"audience": "discussion:999999", "q": "Co"}).json()
    assert missing == nobody
