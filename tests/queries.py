"""Query counting for the tests that pin a page's queries (an N+1 fails)."""


def warm_get_queries(client, href: str, django_assert_max_num_queries, at_most: int) -> int:
    """The queries of a GET of `href` once caches and session are warm (the first GET warms
    them); the page must answer 200 with no more than `at_most` queries."""
    client.get(href)
    with django_assert_max_num_queries(at_most) as queries:
        response = client.get(href)
    assert response.status_code == 200, href
    return len(queries.captured_queries)
