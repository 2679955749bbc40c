"""The history of a checklist task and restoring an earlier version (the machinery of
the history app, with the process app's routes)."""

import pytest
from django.urls import reverse

from schreibwerkstatt.municipalities.models import Membership
from tests.factories import ChecklistItemFactory

pytestmark = pytest.mark.django_db


def url(name: str, item, **kwargs) -> str:
    namespace = "history" if name.startswith(("history_", "restore_")) else "process"
    return reverse(f"{namespace}:{name}", kwargs={"slug": "amtsberg", "pk": item.pk, **kwargs})


def edit(client, item, **data):
    item.refresh_from_db()
    fields = {"title": item.title, "assignee": item.assignee_id or "", "due_date": "",
              "version": item.version}  # fmt: skip
    return client.post(url("edit_item", item), fields | data)


def test_an_editor_sees_and_undoes_a_change_of_a_task(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, title="Leitbild abstimmen")
    first = item.history.latest()
    editor = as_persona("editor")
    assert (
        edit(editor, item, title="Leitbild beschließen", due_date="2026-05-31").status_code == 302
    )
    assert (
        f'href="{url("history_item", item)}"' in editor.get(url("edit_item", item)).content.decode()
    )

    content = as_persona("reader").get(url("history_item", item)).content.decode()
    assert "Leitbild abstimmen" in content and "Leitbild beschließen" in content
    assert "31.05.2026" in content and "Editor Amtsberg" in content

    response = editor.post(url("restore_item", item, history_id=first.history_id), {"version": 2})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.due_date, item.version) == ("Leitbild abstimmen", None, 3)


def test_a_task_whose_former_assignee_left_is_not_restored(
    municipality_a, people, as_persona
) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, assignee=people["contributor"])
    first = item.history.latest()
    editor = as_persona("editor")
    edit(editor, item, assignee="")
    Membership.objects.filter(user=people["contributor"]).delete()
    response = editor.post(
        url("restore_item", item, history_id=first.history_id), {"version": 2}, follow=True
    )
    item.refresh_from_db()
    assert (item.assignee_id, item.version) == (None, 2)
    assert "Contributor Amtsberg" in response.content.decode()
    assert "kann nicht wiederhergestellt werden" in response.content.decode()


def test_only_editors_restore_and_outsiders_see_nothing(municipality_a, people, as_persona) -> None:
    item = ChecklistItemFactory(municipality=municipality_a, title="Geheim")
    first = item.history.latest()
    edit(as_persona("editor"), item, title="Geändert")
    address = url("restore_item", item, history_id=first.history_id)
    for persona in ["contributor", "reader", "adviser"]:
        assert as_persona(persona).get(url("history_item", item)).status_code == 200
        assert as_persona(persona).post(address, {"version": 2}).status_code == 403
    assert as_persona("outsider").get(url("history_item", item)).status_code == 404
    assert as_persona("outsider").post(address, {"version": 2}).status_code == 404
    item.refresh_from_db()
    assert item.title == "Geändert"
