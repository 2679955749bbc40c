from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from schreibwerkstatt.jobs.models import Job
from schreibwerkstatt.strategies.models import Measure, Strategy


@pytest.fixture
def strategy(municipality_a, people):
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg 2030")
    Measure.objects.create(strategy=strategy, title="Mängelmelder", position=0)
    Measure.objects.create(strategy=strategy, title="Bürgerportal", position=1)
    return strategy


@pytest.fixture
def strategy_url(strategy) -> Callable[..., str]:
    """strategy_url("export", fmt="json") → a page of the exchange app; the pages of other apps
    by their full name: strategy_url("strategies:measures")."""

    def build(name: str, **kwargs: Any) -> str:
        name = name if ":" in name else f"exchange:{name}"
        return reverse(name, kwargs={"slug": "amtsberg", "strategy": strategy.pk, **kwargs})

    return build


@pytest.fixture
def start_job(django_capture_on_commit_callbacks):
    """POST to a view that starts a job; the worker (immediate backend) runs it when the
    request's transaction commits. Returns (response, job)."""

    def post(client: Client, url: str, data: dict | None = None, *, run: bool = True):
        with django_capture_on_commit_callbacks(execute=run):
            response = client.post(url, data or {})
        assert response.status_code == 302, response.content.decode()[:2000]
        match = resolve(response.url)
        assert match.view_name == "jobs:detail"
        return response, Job.objects.get(pk=match.kwargs["pk"])

    return post
