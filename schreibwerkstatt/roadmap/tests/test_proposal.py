"""The proposed schedule as a diff, applied all or nothing on confirmation."""

import re
from datetime import date

import pytest
from django.db.models import F

from schreibwerkstatt.strategies.models import Measure

from .conftest import TODAY, add_measure

pytestmark = pytest.mark.django_db


def shown_form(page: str) -> dict[str, str]:
    """The hidden fields of the confirmation form, as a browser would send them."""
    form = page.split("/vorschlag/uebernehmen/", 1)[1].split("</form>")[0]
    return dict(re.findall(r'name="(versions|made_on)" value="([^"]*)"', form))


def test_the_proposal_shows_only_the_measures_whose_dates_change(as_persona, url, measures) -> None:
    response = as_persona("reader").get(url("proposal"))
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", page, re.S)
    assert len(rows) == 2
    post, idea = rows
    # The mail room waits for the E-Akte (running: kept) and keeps its nine months.
    assert "Digitaler Posteingang" in post
    assert "01.01.2027 – 30.09.2027" in post and "01.01.2028 – 30.09.2028" in post
    assert "Beginnt, nachdem „E-Akte einführen“ endet." in post
    # The undated idea of low priority is placed three years from now, for 12 months.
    assert "Chatbot fürs Bürgeramt" in idea and "01.12.2029 – 30.11.2030" in idea
    assert "eingeplant nach ihrer Priorität „Niedrig" in idea
    assert "E-Akte einführen</a>" not in page  # unchanged rows are not listed
    # Readers see the proposal but cannot apply it.
    assert url("apply_proposal") not in page
    assert "Nur die Koordination und die Redaktion können den Vorschlag übernehmen." in page


def test_applying_the_proposal_moves_every_listed_measure_with_a_new_version(
    as_persona, url, measures
) -> None:
    client = as_persona("editor")
    form = shown_form(client.get(url("proposal")).content.decode())
    assert form["made_on"] == TODAY.isoformat()

    response = client.post(url("apply_proposal"), form)

    assert response.status_code == 302
    assert response.url == url("chart")
    post, idea, eakte = (Measure.objects.get(pk=measures[k].pk) for k in ["post", "idea", "eakte"])
    assert (post.start, post.end, post.version) == (date(2028, 1, 1), date(2028, 9, 30), 2)
    assert (idea.start, idea.end, idea.version) == (date(2029, 12, 1), date(2030, 11, 30), 2)
    assert eakte.version == 1  # unchanged
    assert post.history.latest().history_user.email == "editor@amtsberg.example"
    assert post.history.earliest().start == date(2027, 1, 1)  # the old dates stay in the history
    page = client.get(response.url).content.decode()
    assert "Der Zeitplanvorschlag wurde übernommen: 2 Maßnahmen haben neue Termine." in page
    assert "im Zeitplan" not in page  # no conflicts flagged any more
    assert "davon 0 mit Konflikt" in page
    # Now there is nothing left to propose.
    assert "es gibt nichts zu ändern" in client.get(url("proposal")).content.decode().lower()


def test_it_applies_nothing_if_a_measure_changed_after_the_proposal_was_shown(
    as_persona, url, measures
) -> None:
    client = as_persona("editor")
    form = shown_form(client.get(url("proposal")).content.decode())
    # Somebody moves the E-Akte meanwhile (it is not even in the diff, but binds the mail room).
    Measure.objects.filter(pk=measures["eakte"].pk).update(
        end=date(2028, 6, 30), version=F("version") + 1
    )

    response = client.post(url("apply_proposal"), form)

    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Inzwischen hat jemand Maßnahmen geändert (“E-Akte einführen”). Es wurde nichts geändert"
        in page
    )
    assert Measure.objects.get(pk=measures["post"].pk).start == date(2027, 1, 1)
    assert Measure.objects.get(pk=measures["idea"].pk).start is None
    assert "01.07.2028" in page  # the fresh proposal follows the new end


def test_it_applies_nothing_if_a_measure_was_added_or_deleted_meanwhile(
    as_persona, url, strategy, measures
) -> None:
    client = as_persona("editor")
    form = shown_form(client.get(url("proposal")).content.decode())
    add_measure(strategy, "Neue Idee", priority="high")
    assert client.post(url("apply_proposal"), form).status_code == 409
    Measure.objects.filter(title="Neue Idee").delete()
    measures["idea"].delete()
    response = client.post(url("apply_proposal"), form)
    assert response.status_code == 409
    assert "Inzwischen hat jemand Maßnahmen gelöscht." in response.content.decode()
    assert Measure.objects.get(pk=measures["post"].pk).version == 1


def test_it_applies_nothing_if_the_proposal_is_from_another_day(as_persona, url, measures) -> None:
    client = as_persona("editor")
    form = shown_form(client.get(url("proposal")).content.decode())
    response = client.post(url("apply_proposal"), {**form, "made_on": "2026-11-26"})
    assert response.status_code == 409
    assert "Der Vorschlag stammt von einem anderen Tag." in response.content.decode()
    assert Measure.objects.get(pk=measures["post"].pk).version == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"versions": "1:x", "made_on": "2026-11-27"}, {"versions": "", "made_on": "gestern"}],
)
def test_a_broken_confirmation_is_refused(as_persona, url, measures, data) -> None:
    response = as_persona("editor").post(url("apply_proposal"), data)
    assert response.status_code == 400
    assert "Das Formular ist unvollständig." in response.content.decode()
    assert set(Measure.objects.values_list("version", flat=True)) == {1}


@pytest.mark.parametrize(
    "persona, status", [("contributor", 403), ("reader", 403), ("adviser", 403), ("outsider", 404)]
)
def test_only_editors_apply_the_proposal(as_persona, url, measures, persona, status) -> None:
    form = shown_form(as_persona("editor").get(url("proposal")).content.decode())
    assert as_persona(persona).post(url("apply_proposal"), form).status_code == status
    assert set(Measure.objects.values_list("version", flat=True)) == {1}


def test_measures_without_start_and_priority_are_listed_as_not_placed(
    as_persona, url, strategy
) -> None:
    add_measure(strategy, "Offene Idee", status="idea")
    page = as_persona("reader").get(url("proposal")).content.decode()
    assert "Nicht eingeplant" in page and "Offene Idee" in page
    assert "es gibt nichts zu ändern" in page.lower()
