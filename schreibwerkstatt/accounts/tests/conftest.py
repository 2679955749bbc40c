"""Fixtures of the account tests."""

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture
def empty_cache() -> Iterator[None]:
    """The login and reset limits count in the cache: each test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post_profile(client) -> Callable:
    """post_profile(user, data, follow=False): the response of `user` saving the profile form."""

    def post(user, data: dict, follow: bool = False):
        client.force_login(user)
        return client.post(reverse("accounts:profile"), data, follow=follow)

    return post
