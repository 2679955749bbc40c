"""Fixtures of the account tests."""

from collections.abc import Callable

import pytest
from django.urls import reverse


@pytest.fixture
def empty_cache(own_cache_keys) -> None:
    """The login and reset limits count in the cache: each test starts with none (its own
    cache keys, conftest.own_cache_keys)."""


@pytest.fixture
def post_profile(client) -> Callable:
    """post_profile(user, data, follow=False): the response of `user` saving the profile form."""

    def post(user, data: dict, follow: bool = False):
        client.force_login(user)
        return client.post(reverse("accounts:profile"), data, follow=follow)

    return post
