"""The advisers' private notes on a municipality (views.note): only its assigned advisers."""

import pytest
from django.urls import reverse

from conftest import client_for
from schreibwerkstatt.advising.models import AdviserNote
from schreibwerkstatt.municipalities.services import grant_support_access

pytestmark = pytest.mark.django_db
SECRET = "Vertraulich: der Bürgermeister zögert"


def url(municipality) -> str:
    return reverse("advising:note", kwargs={"slug": municipality.slug})


def test_an_assigned_adviser_writes_and_reads_the_notes(
    as_persona, municipality_a, adviser
) -> None:
    client = as_persona("adviser")
    assert client.get(url(municipality_a)).status_code == 200
    response = client.post(url(municipality_a), {"text": SECRET, "version": ""})
    assert response.status_code == 302
    note = AdviserNote.objects.get(municipality=municipality_a)
    assert note.text == SECRET and note.updated_by == adviser and note.version == 1
    assert SECRET in client.get(url(municipality_a)).content.decode()


def test_each_save_is_kept_in_the_history(as_persona, municipality_a) -> None:
    client = as_persona("adviser")
    client.post(url(municipality_a), {"text": "Erste Fassung", "version": ""})
    client.post(url(municipality_a), {"text": "Zweite Fassung", "version": "1"})
    page = client.get(url(municipality_a)).content.decode()
    assert "Zweite Fassung" in page and "Erste Fassung" in page  # the earlier version below
    assert AdviserNote.objects.get().history.count() == 2


def test_a_stale_save_overwrites_nothing(
    as_persona, municipality_a, adviser, other_adviser
) -> None:
    municipality_a.advisers.add(other_adviser)
    as_persona("adviser").post(url(municipality_a), {"text": "Von Bernd", "version": ""})
    # the other adviser loaded the page before Bernd's note existed
    response = client_for(other_adviser).post(
        url(municipality_a), {"text": "Von Anna", "version": ""}
    )
    assert response.status_code == 409
    assert AdviserNote.objects.get().text == "Von Bernd"
    text = response.content.decode()
    assert "Von Bernd" in text and "Von Anna" in text  # theirs shown, mine still in the form
    assert 'name="version" value="1"' in text
    # saving again replaces it on purpose
    client_for(other_adviser).post(url(municipality_a), {"text": "Von Anna", "version": "1"})
    assert AdviserNote.objects.get().text == "Von Anna"


@pytest.mark.parametrize("persona", ["coordinator", "editor", "contributor", "reader"])
def test_members_of_the_municipality_never_see_the_notes(
    persona, as_persona, municipality_a, adviser
) -> None:
    AdviserNote.objects.create(municipality=municipality_a, text=SECRET, updated_by=adviser)
    client = as_persona(persona)
    assert client.get(url(municipality_a)).status_code == 403
    assert client.post(url(municipality_a), {"text": "x"}).status_code == 403
    for page in (
        reverse("advising:requests", args=[municipality_a.slug]),
        municipality_a.get_absolute_url(),
    ):
        assert SECRET not in client.get(page).content.decode()
    assert AdviserNote.objects.get().text == SECRET


@pytest.mark.parametrize("persona", ["outsider", "operator", "superuser"])
def test_people_outside_get_nothing(persona, as_persona, municipality_a, adviser) -> None:
    AdviserNote.objects.create(municipality=municipality_a, text=SECRET, updated_by=adviser)
    response = as_persona(persona).get(url(municipality_a))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_an_adviser_not_assigned_gets_404(municipality_a, other_adviser) -> None:
    assert client_for(other_adviser).get(url(municipality_a)).status_code == 404


def test_an_operator_with_a_support_access_does_not_read_them(
    people, municipality_a, adviser
) -> None:
    AdviserNote.objects.create(municipality=municipality_a, text=SECRET, updated_by=adviser)
    grant_support_access(
        municipality=municipality_a, operator=people["operator"], days=3, reason="Fehler",
        granted_by=people["coordinator"],
    )  # fmt: skip
    response = client_for(people["operator"]).get(url(municipality_a))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_anonymous_visitors_go_to_the_login(as_persona, municipality_a) -> None:
    response = as_persona("anonymous").get(url(municipality_a))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_overlong_notes_are_a_400_and_nothing_is_saved(as_persona, municipality_a) -> None:
    response = as_persona("adviser").post(url(municipality_a), {"text": "x" * 20001, "version": ""})
    assert response.status_code == 400
    assert "höchstens 20000 Zeichen" in response.content.decode()
    assert not AdviserNote.objects.exists()
