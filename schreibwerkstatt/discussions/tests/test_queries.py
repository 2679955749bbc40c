"""The space's and the topic's pages spend the same queries for 3 and for 40 topics/posts."""

from django.urls import reverse

from schreibwerkstatt.discussions import services
from tests.queries import warm_get_queries


def test_the_space_page_queries_do_not_grow_with_the_topics(
    client_of, space, people, django_assert_max_num_queries
) -> None:
    client = client_of("contributor")
    url = reverse("discussions:space", args=[space.pk])
    for number in range(3):
        services.open_topic(space, title=f"T{number}", text="x", by=people["coordinator"])
    small = warm_get_queries(client, url, django_assert_max_num_queries, 14)
    for number in range(37):
        author = people["runner"] if number % 2 else people["contributor"]
        services.open_topic(space, title=f"U{number}", text="x", by=author)
    large = warm_get_queries(client, url, django_assert_max_num_queries, 14)
    assert small == large


def test_the_topic_page_queries_do_not_grow_with_the_posts(
    client_of, topic, people, django_assert_max_num_queries
) -> None:
    client = client_of("operator")  # a moderator: every post with its tools
    url = reverse("discussions:topic", args=[topic.pk])
    services.reply(topic, text="eins", by=people["contributor"])
    small = warm_get_queries(client, url, django_assert_max_num_queries, 14)
    for number in range(40):
        author = [people["runner"], people["contributor"], people["coordinator"]][number % 3]
        post = services.reply(topic, text=f"**{number}**", by=author)
        if number % 5 == 0:
            services.set_hidden(post, hidden=True, by=people["operator"])
    large = warm_get_queries(client, url + "?seite=2", django_assert_max_num_queries, 14)
    assert small == large
