"""“Help on this page”: the panel of base.html (core/page_help.py) shows the guide that
names the page, and on a phase page the guide of that phase; from one cached index."""

import pytest
from django.urls import reverse

from schreibwerkstatt.guides import services
from schreibwerkstatt.guides.models import Guide

from .conftest import make_guide

pytestmark = pytest.mark.django_db


def panel(response) -> str:
    page = response.content.decode()
    start = page.find('<details class="sw-page-help"')
    return "" if start < 0 else page[start : page.index("</details>", start)]


def test_a_page_named_by_a_guide_shows_its_summary_and_first_sections(
    public_guide, as_persona
) -> None:
    response = as_persona("coordinator").get(reverse("strategies:list", args=["amtsberg"]))
    shown = panel(response)
    assert "Hilfe zu dieser Seite" in shown
    assert public_guide.summary in shown
    assert f'href="{public_guide.get_absolute_url()}#wer-macht-was"' in shown
    assert f'href="{public_guide.get_absolute_url()}"' in shown
    assert "<summary" in shown and " open" not in shown.split(">")[0]  # folded, a native control


def test_a_phase_page_shows_the_guide_of_its_phase(public_guide, members_guide, as_persona):
    client = as_persona("reader")
    assert public_guide.title in panel(client.get(reverse("process:phase", args=["amtsberg", 0])))
    assert members_guide.title in panel(client.get(reverse("process:phase", args=["amtsberg", 5])))
    assert panel(client.get(reverse("process:phase", args=["amtsberg", 3]))) == ""


def test_a_page_without_a_guide_has_no_panel(public_guide, as_persona) -> None:
    assert panel(as_persona("coordinator").get(reverse("personal:my_tasks"))) == ""


def test_a_members_only_guide_is_not_offered_to_visitors(members_guide, client) -> None:
    Guide.objects.filter(pk=members_guide.pk).update(pages=["guides:questions"])
    services.forget_help_index()
    assert panel(client.get(reverse("guides:questions"))) == ""
    Guide.objects.filter(pk=members_guide.pk).update(public=True)
    services.forget_help_index()
    assert members_guide.title in panel(client.get(reverse("guides:questions")))


def test_saving_a_guide_renews_the_help(public_guide, as_persona) -> None:
    client = as_persona("coordinator")
    url = reverse("strategies:list", args=["amtsberg"])
    assert public_guide.summary in panel(client.get(url))
    public_guide.summary = "Eine neue Zusammenfassung."
    public_guide.save()
    assert "Eine neue Zusammenfassung." in panel(client.get(url))
    public_guide.delete()
    assert panel(client.get(url)) == ""


def test_the_help_costs_no_query_once_cached(
    public_guide, as_persona, django_assert_num_queries
) -> None:
    services.help_index()
    with django_assert_num_queries(0):
        services.help_index()
    make_guide("noch-einer", phase=4)
    with django_assert_num_queries(1):
        services.help_index()
    client = as_persona("coordinator")
    url = reverse("strategies:list", args=["amtsberg"])
    client.get(url)
    for number in range(20):
        make_guide(f"viele-{number}", phase=number % 11, pages=["strategies:list"])
    services.help_index()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as with_help:
        client.get(url)
    Guide.objects.all().delete()
    services.help_index()
    with CaptureQueriesContext(connection) as without_help:
        client.get(url)
    assert len(with_help) == len(without_help)


def test_other_apps_read_the_phase_guide_and_the_public_lists(
    public_guide, members_guide, people
) -> None:
    found = services.guide_for_phase(0)
    assert found is not None and found.slug == public_guide.slug
    assert found.sections[0].url == f"{public_guide.get_absolute_url()}#worum-es-geht"
    assert services.guide_for_phase(5, people["reader"]).slug == members_guide.slug
    assert services.guide_for_phase(5, people["superuser"]) is None
    assert services.guide_for_phase(7) is None
    assert list(services.public_guides()) == [public_guide]
    assert list(services.entry_questions()) == []
