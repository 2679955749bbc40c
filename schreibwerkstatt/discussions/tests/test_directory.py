"""The participant directory of a series: opt-in entries, seen by the series' audience only."""

from django.urls import reverse

from schreibwerkstatt.discussions.models import DirectoryEntry


def page(response) -> str:
    return response.content.decode()


def entry_url(space) -> str:
    return reverse("discussions:directory_entry", args=[space.pk])


def test_an_entry_is_off_by_default(client_of, space, municipality_a) -> None:
    html = page(client_of("contributor").get(entry_url(space)))
    assert 'name="listed"' in html and "checked" not in html.split('name="listed"')[1].split(">")[0]
    client_of("contributor").post(
        entry_url(space),
        {"function": "Hauptamt", "municipality": municipality_a.pk, "topics": "OZG"},
    )
    entry = DirectoryEntry.objects.get()
    assert not entry.listed
    html = page(client_of("coordinator").get(reverse("discussions:directory", args=[space.pk])))
    assert "Hauptamt" not in html and "Contributor Amtsberg" not in html


def test_a_listed_entry_is_seen_by_the_audience_and_removed_at_once_on_opt_out(
    client_of, space, municipality_a
) -> None:
    client = client_of("contributor")
    response = client.post(
        entry_url(space),
        {
            "listed": "on",
            "function": "Hauptamt",
            "municipality": municipality_a.pk,
            "topics": "OZG-Leistungen",
        },
        follow=True,
    )
    assert "Ihr Eintrag ist gespeichert und im Verzeichnis zu sehen." in page(response)
    directory = reverse("discussions:directory", args=[space.pk])
    for persona in ["coordinator", "runner", "contributor"]:
        html = page(client_of(persona).get(directory))
        assert "Contributor Amtsberg" in html and "OZG-Leistungen" in html and "Amtsberg" in html
    client.post(entry_url(space), {"function": "Hauptamt", "version": 1})
    assert "Contributor Amtsberg" not in page(client_of("coordinator").get(directory))


def test_nobody_outside_the_audience_sees_the_directory(client_of, space, statewide) -> None:
    directory = reverse("discussions:directory", args=[space.pk])
    for persona in ["editor", "reader", "adviser", "outsider", "superuser"]:
        assert client_of(persona).get(directory).status_code == 404, persona
        assert client_of(persona).get(entry_url(space)).status_code == 404, persona
    # operators moderate the space but are not its audience
    assert client_of("operator").get(directory).status_code == 403
    assert client_of("operator").get(entry_url(space)).status_code == 403
    # the statewide space has no directory
    assert (
        client_of("coordinator")
        .get(reverse("discussions:directory", args=[statewide.pk]))
        .status_code
        == 404
    )


def test_a_municipality_of_somebody_else_cannot_be_chosen(client_of, space, municipality_b) -> None:
    response = client_of("contributor").post(
        entry_url(space), {"listed": "on", "municipality": municipality_b.pk}
    )
    assert response.status_code == 400
    assert "Wählen Sie eine Ihrer Kommunen." in page(response)
    assert not DirectoryEntry.objects.exists()


def test_an_entry_of_somebody_who_left_the_series_is_not_listed(
    client_of, space, people, municipality_a
) -> None:
    from schreibwerkstatt.municipalities.models import Membership

    DirectoryEntry.objects.create(
        space=space, user=people["contributor"], listed=True, function="Weg"
    )
    Membership.objects.filter(user=people["contributor"], municipality=municipality_a).delete()
    html = page(client_of("coordinator").get(reverse("discussions:directory", args=[space.pk])))
    assert "Weg" not in html


def test_a_stale_entry_edit_is_a_conflict(client_of, space, people) -> None:
    DirectoryEntry.objects.create(
        space=space, user=people["contributor"], function="Neu", version=2
    )
    response = client_of("contributor").post(entry_url(space), {"function": "Alt", "version": 1})
    assert response.status_code == 409
    assert DirectoryEntry.objects.get().function == "Neu"
