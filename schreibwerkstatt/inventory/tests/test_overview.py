import re

import pytest
from django.urls import reverse

from schreibwerkstatt.inventory.models import ExistingProject, MaturityAnswer, MaturityQuestion
from schreibwerkstatt.inventory.tests.factories import (
    ExistingProjectFactory,
    StakeholderFactory,
    SwotEntryFactory,
)

pytestmark = pytest.mark.django_db


def counts(content: str, part: str) -> list[int]:
    """The data-count values inside one card of the overview."""
    card = content.split(f'id="part-{part}"')[1].split("</li>")[0]
    return [int(n) for n in re.findall(r'data-count="(\d+)"', card)]


def test_it_shows_the_four_parts_with_their_counts(strategy, url, people, as_persona) -> None:
    ExistingProjectFactory(strategy=strategy, status=ExistingProject.Status.PLANNED)
    ExistingProjectFactory.create_batch(2, strategy=strategy, status=ExistingProject.Status.DONE)
    StakeholderFactory(strategy=strategy, influence=5, interest=4)
    StakeholderFactory(strategy=strategy, influence=1, interest=1)
    SwotEntryFactory.create_batch(3, strategy=strategy)
    question = MaturityQuestion.objects.first()
    MaturityAnswer.objects.create(strategy=strategy, question=question, value=3)

    response = as_persona("reader").get(url("overview"))
    content = response.content.decode()
    assert response.status_code == 200
    assert counts(content, "projects") == [3]
    assert counts(content, "stakeholders") == [2, 1]
    assert counts(content, "maturity") == [1, 14]  # one answer; the whole catalogue
    assert counts(content, "swot") == [3]
    for part in ["projects", "stakeholders", "maturity", "swot"]:
        assert url(part) in content
    assert response.context["nav_active"] == 1


def test_it_links_back_to_the_strategy(strategy, url, people, as_persona) -> None:
    response = as_persona("adviser").get(url("overview"))
    assert response.status_code == 200
    assert response.context["back_url"] in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(strategy, url, people, as_persona) -> None:
    response = as_persona("anonymous").get(url("overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_hides_the_inventory_from_another_municipality(
    strategy, url, people, as_persona
) -> None:
    assert as_persona("outsider").get(url("overview")).status_code == 404
    # Nor through the outsider's own municipality.
    assert as_persona("outsider").get(url("overview", slug="birkenwerder-nord")).status_code == 404


def test_it_answers_only_get(strategy, url, people, as_persona) -> None:
    assert as_persona("editor").post(url("overview")).status_code == 405


def test_the_overview_has_a_fixed_number_of_queries(
    strategy, url, people, as_persona, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("editor")
    ExistingProjectFactory(strategy=strategy)
    client.get(url("overview"))
    with django_assert_max_num_queries(12) as small:
        client.get(url("overview"))
    ExistingProjectFactory.create_batch(30, strategy=strategy)
    StakeholderFactory.create_batch(30, strategy=strategy)
    SwotEntryFactory.create_batch(30, strategy=strategy)
    MaturityAnswer.objects.bulk_create(
        MaturityAnswer(strategy=strategy, question=question, value=2)
        for question in MaturityQuestion.objects.all()
    )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url("overview"))
