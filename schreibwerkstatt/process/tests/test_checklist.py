import datetime

import pytest
from django.urls import reverse

from schreibwerkstatt.process.check import criteria_of
from schreibwerkstatt.process.models import ChecklistItem
from tests.factories import ChecklistItemFactory, MembershipFactory
from tests.queries import warm_get_queries
from tests.rows import rows_as_includes

pytestmark = pytest.mark.django_db


def url(name: str, item=None, **kwargs) -> str:
    if item is not None:
        kwargs.update(slug=item.municipality.slug, pk=item.pk)
    return reverse(f"process:{name}", kwargs=kwargs)


def phase_items(municipality, phase: int) -> list[str]:
    return list(
        ChecklistItem.objects.filter(municipality=municipality, phase=phase)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


def test_an_editor_adds_an_item_with_owner_and_due_date(municipality_a, people, as_persona) -> None:
    response = as_persona("editor").post(
        url("add_item", slug="amtsberg", number=2),
        {
            "title": "Leitbild mit Ortsbeiräten abstimmen",
            "assignee": people["contributor"].pk,
            "due_date": "2026-03-31",
        },
    )
    assert response.status_code == 302
    item = ChecklistItem.objects.get(title="Leitbild mit Ortsbeiräten abstimmen")
    assert (item.phase, item.assignee, str(item.due_date)) == (
        2,
        people["contributor"],
        "2026-03-31",
    )
    assert phase_items(municipality_a, 2)[-1] == item.title


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "zwingend erforderlich"),
        ({"title": "x" * 201}, "höchstens 200 Zeichen"),
        ({"title": "Ok", "due_date": "31.13.2026"}, "Bitte geben Sie ein Datum ein"),
        ({"title": "Ok", "assignee": "999999"}, "Mitglied dieser Kommune"),
    ],
)
def test_it_rejects_bad_items(municipality_a, people, as_persona, data, message) -> None:
    before = ChecklistItem.objects.count()
    response = as_persona("coordinator").post(url("add_item", slug="amtsberg", number=0), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ChecklistItem.objects.count() == before


def test_a_reader_cannot_be_made_responsible(municipality_a, people, as_persona) -> None:
    response = as_persona("coordinator").post(
        url("add_item", slug="amtsberg", number=0), {"title": "X", "assignee": people["reader"].pk}
    )
    assert response.status_code == 400


def test_a_member_of_another_municipality_cannot_be_made_responsible(
    municipality_a, people, as_persona
) -> None:
    response = as_persona("coordinator").post(
        url("add_item", slug="amtsberg", number=0),
        {"title": "X", "assignee": people["outsider"].pk},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["contributor", "reader", "adviser"])
def test_only_coordination_and_editors_change_the_checklist(
    municipality_a, people, as_persona, persona
) -> None:
    response = as_persona(persona).post(
        url("add_item", slug="amtsberg", number=0), {"title": "Unerlaubt"}
    )
    assert response.status_code == 403
    assert not ChecklistItem.objects.filter(title="Unerlaubt").exists()


def test_an_editor_edits_an_item(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, title="Alt")
    response = as_persona("editor").post(
        url("edit_item", item),
        {"title": "Neu", "assignee": "", "due_date": "", "version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.version) == ("Neu", 2)
    assert item.history.first().history_user == people["editor"]


def test_a_stale_edit_is_refused_and_shows_the_other_version(
    municipality_a, people, as_persona
) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, title="Ursprung")
    loaded_version = item.version
    as_persona("coordinator").post(
        url("edit_item", item), {"title": "Fassung der Koordination", "version": loaded_version}
    )
    response = as_persona("editor").post(
        url("edit_item", item), {"title": "Fassung der Redaktion", "version": loaded_version}
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Es wurde nichts überschrieben" in content
    assert "Fassung der Koordination" in content  # the other person's version
    assert 'value="Fassung der Redaktion"' in content  # own input kept in the form
    item.refresh_from_db()
    assert item.title == "Fassung der Koordination"
    # Saving again from the conflict form (which carries the new version) succeeds.
    retry = as_persona("editor").post(
        url("edit_item", item), {"title": "Fassung der Redaktion", "version": item.version}
    )
    assert retry.status_code == 302


def test_the_assignee_ticks_their_item(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, assignee=people["contributor"])
    response = as_persona("contributor").post(url("toggle_item", item), {"done": "true"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done and item.done_at is not None


def test_a_contributor_cannot_tick_other_peoples_items(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, assignee=people["editor"])
    assert (
        as_persona("contributor").post(url("toggle_item", item), {"done": "true"}).status_code
        == 403
    )
    item.refresh_from_db()
    assert not item.done


def test_ticking_with_htmx_returns_the_item_and_the_new_progress(
    municipality_a, people, as_persona
) -> None:
    item = ChecklistItem.objects.filter(municipality=municipality_a, phase=0).first()
    # The phase's progress counts its checklist and its automatic criteria (none met: no strategy).
    total = ChecklistItem.objects.filter(municipality=municipality_a, phase=0).count() + len(
        criteria_of(0)
    )
    response = as_persona("editor").post(
        url("toggle_item", item), {"done": "true"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in content and "Wieder öffnen" in content
    assert (
        'hx-swap-oob="true"' in content
        and f"1 von {total} Punkten dieser Phase erledigt" in content
    )
    assert "<html" not in content
    reopen = as_persona("editor").post(
        url("toggle_item", item), {"done": "false"}, HTTP_HX_REQUEST="true"
    )
    assert "Als erledigt markieren" in reopen.content.decode()
    item.refresh_from_db()
    assert not item.done and item.done_at is None


def test_a_ticked_item_at_an_edge_keeps_its_move_button_disabled(
    municipality_a, people, as_persona
) -> None:
    items = list(
        ChecklistItem.objects.filter(municipality=municipality_a, phase=0).order_by(
            "position", "pk"
        )
    )
    client = as_persona("editor")
    first = client.post(url("toggle_item", items[0]), {"done": "true"}, HTTP_HX_REQUEST="true")
    last = client.post(url("toggle_item", items[-1]), {"done": "true"}, HTTP_HX_REQUEST="true")
    middle = client.post(url("toggle_item", items[1]), {"done": "true"}, HTTP_HX_REQUEST="true")

    def disabled(response, button: str, item) -> bool:
        content = response.content.decode()
        tag = content[content.index(f'id="{button}-{item.pk}"') :].split(">", 1)[0]
        return 'aria-disabled="true"' in tag

    assert disabled(first, "up", items[0]) and not disabled(first, "down", items[0])
    assert disabled(last, "down", items[-1]) and not disabled(last, "up", items[-1])
    assert not disabled(middle, "up", items[1]) and not disabled(middle, "down", items[1])


def test_items_move_up_and_down(municipality_a, people, as_persona) -> None:
    titles = phase_items(municipality_a, 0)
    second = ChecklistItem.objects.get(municipality=municipality_a, phase=0, title=titles[1])
    client = as_persona("editor")
    client.post(url("move_item", second), {"direction": "up"})
    assert phase_items(municipality_a, 0)[:2] == [titles[1], titles[0]]
    client.post(url("move_item", second), {"direction": "up"})  # already first: nothing happens
    assert phase_items(municipality_a, 0)[0] == titles[1]
    response = client.post(url("move_item", second), {"direction": "down"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="checklist"' in response.content.decode()
    assert phase_items(municipality_a, 0) == titles


def test_a_bad_move_direction_is_rejected(municipality_a, people, as_persona) -> None:
    item = ChecklistItem.objects.filter(municipality=municipality_a).first()
    assert (
        as_persona("editor").post(url("move_item", item), {"direction": "sideways"}).status_code
        == 400
    )


def test_an_editor_deletes_an_item(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a)
    assert as_persona("editor").post(url("delete_item", item)).status_code == 302
    assert not ChecklistItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_another_municipality_is_not_found_under_the_own_slug(
    municipality_a, municipality_b, people, as_persona
) -> None:
    foreign = ChecklistItemFactory(municipality=municipality_b)
    response = as_persona("coordinator").post(
        reverse("process:toggle_item", kwargs={"slug": "amtsberg", "pk": foreign.pk}),
        {"done": "true"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.done


def varied_items(municipality, people, phase: int) -> None:
    """Items of every kind the checklist shows differently."""
    for title, assignee, due, done in [
        ("Offen, ohne Frist", people["contributor"], None, False),
        ('Erledigt: "Leitbild" <b>& Co</b>', people["editor"], datetime.date(2026, 3, 31), True),
        ("Niemand zuständig", None, datetime.date(2026, 12, 1), False),
        ("Erledigt, niemand zuständig", None, None, True),
    ]:
        ChecklistItemFactory(
            municipality=municipality, phase=phase, title=title, assignee=assignee,
            due_date=due, done=done,
        )  # fmt: skip
    ChecklistItemFactory(
        municipality=municipality, phase=phase, title="Mit Beschluss", reference="GR-2026/<17>",
        reference_date=datetime.date(2026, 5, 4),
    )  # fmt: skip
    ChecklistItemFactory(municipality=municipality, phase=phase, title="Nur Az.", reference="A 1")


@pytest.mark.parametrize("persona", ["coordinator", "contributor", "reader"])
def test_the_checklist_shows_each_item_as_its_own_template_does(
    municipality_a, people, as_persona, monkeypatch, persona
) -> None:
    varied_items(municipality_a, people, phase=3)
    client = as_persona(persona)
    phase_url = url("phase", slug="amtsberg", number=3)
    with rows_as_includes(monkeypatch) as checked:
        content = client.get(phase_url).content.decode()
        item = ChecklistItem.objects.get(municipality=municipality_a, title="Niemand zuständig")
        client.post(url("toggle_item", item), {"done": "true"}, HTTP_HX_REQUEST="true")
    total = ChecklistItem.objects.filter(municipality=municipality_a, phase=3).count()
    assert checked == [total]  # the page's list; the swapped task is rendered directly
    assert "Erledigt: &quot;Leitbild&quot; &lt;b&gt;&amp; Co&lt;/b&gt;" in content
    assert "fällig am 31.03.2026" in content and "Noch niemand verantwortlich" in content
    assert "GR-2026/&lt;17&gt;</span>" not in content and "(04.05.2026)" in content


def test_the_phase_page_has_a_fixed_number_of_queries(
    municipality_a, people, as_persona, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    client = as_persona("coordinator")
    phase_url = url("phase", slug="amtsberg", number=3)
    small = warm_get_queries(client, phase_url, django_assert_max_num_queries, at_most=7)
    for _ in range(60):
        member = MembershipFactory(municipality=municipality_a)
        ChecklistItemFactory(municipality=municipality_a, phase=3, assignee=member.user)
    varied_items(municipality_a, people, phase=3)
    with django_assert_num_queries(small):
        assert client.get(phase_url).status_code == 200
