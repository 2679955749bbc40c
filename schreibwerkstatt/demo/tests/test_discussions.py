"""The demo's exchange (demo/discussions.py): the autumn series' space with topics and
replies by different people, the statewide space with one topic, one opt-in directory entry;
loading twice writes nothing new."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from schreibwerkstatt.discussions.models import DirectoryEntry, Post, Space, Topic

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_series_discussion_and_a_statewide_topic(client) -> None:
    call_command("demo")
    space = Space.objects.get(series__slug="herbst-2026")
    topics = Topic.objects.filter(space=space)
    assert topics.count() == 3
    authors = set(Post.objects.filter(topic__space=space).values_list("author__email", flat=True))
    assert len(authors) >= 4
    assert topics.filter(locked_at__isnull=False).count() == 1
    assert Topic.objects.filter(space__kind="statewide").count() == 1
    entry = DirectoryEntry.objects.get()
    assert entry.listed and entry.user.email == "redaktion@demo.example"
    call_command("demo")
    assert Post.objects.count() == 11
    client.force_login(entry.user.__class__.objects.get(email="koordination@demo.example"))
    html = client.get(reverse("discussions:directory", args=[space.pk])).content.decode()
    assert "Rainer Rosenthal" in html
