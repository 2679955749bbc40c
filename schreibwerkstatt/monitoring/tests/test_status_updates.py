"""Status updates of a measure: recorded through the measure page, shown as its timeline,
and the newest one is the measure's latest state everywhere."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from schreibwerkstatt.monitoring.models import StatusUpdate
from schreibwerkstatt.monitoring.services import record_status_update
from schreibwerkstatt.strategies.models import Measure
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-16 10:00 +0100", tick=False):
        yield


def post(client, url, measure, **data):
    payload = {"date": "2026-03-10", "status": "running", "progress_percent": "30",
               "note": "Auftrag vergeben, Einführung beginnt."} | data  # fmt: skip
    return client.post(url("monitoring:status_update_add", pk=measure.pk), payload)


def test_the_lead_records_an_update_and_the_measure_shows_it_as_its_latest_state(
    measure, url, people, as_persona
) -> None:
    version = measure.version
    response = post(as_persona("contributor"), url, measure)
    assert response.status_code == 302
    assert response.url == url("strategies:measure", pk=measure.pk) + "#status-updates"
    update = StatusUpdate.objects.get()
    assert (update.date, update.status, update.progress_percent, update.author) == (
        date(2026, 3, 10), "running", 30, people["contributor"],
    )  # fmt: skip
    measure.refresh_from_db()
    assert measure.status == Measure.Status.RUNNING
    assert measure.progress_percent == 30
    assert timezone.localtime(measure.status_updated_at).date() == date(2026, 3, 10)
    assert measure.version == version + 1  # a versioned save ...
    newest = measure.history.first()
    assert newest.status == "running" and newest.progress_percent == 30  # ... that is recorded
    assert newest.history_user == people["contributor"]


def test_the_timeline_shows_what_happened_when_and_by_whom(
    measure, url, people, as_persona
) -> None:
    client = as_persona("contributor")
    post(client, url, measure, date="2026-01-05", status="planned", progress_percent="5",
         note="Projektteam gebildet.")  # fmt: skip
    post(as_persona("editor"), url, measure, date="2026-03-01", status="running",
         progress_percent="40", note="")  # fmt: skip
    page = client.get(url("strategies:measure", pk=measure.pk)).content.decode()
    timeline = page[page.index('id="status-updates"') :]
    newest, older = timeline.index("01.03.2026"), timeline.index("05.01.2026")
    assert newest < older  # newest first
    assert "von Editor Amtsberg" in timeline[newest:older]
    assert "von Contributor Amtsberg" in timeline[older:]
    assert "Projektteam gebildet." in timeline
    assert "Status geändert von „Geplant“ zu „In Umsetzung“." in timeline
    assert "Letzter Stand: In Umsetzung, 40 % erledigt (Stand 01.03.2026)" in timeline


def test_an_update_dated_today_counts_from_the_time_it_was_recorded(
    measure, url, as_persona
) -> None:
    post(as_persona("editor"), url, measure, date=TODAY.isoformat())
    measure.refresh_from_db()
    assert measure.status_updated_at == timezone.now()


def test_an_older_update_entered_later_does_not_replace_the_latest_state(
    measure, url, as_persona
) -> None:
    client = as_persona("editor")
    post(client, url, measure, date="2026-03-01", status="running", progress_percent="40")
    version = Measure.objects.get().version
    response = post(client, url, measure, date="2026-02-01", status="planned",
                    progress_percent="10", note="Nachgetragen: Ausschreibung vorbereitet.")  # fmt: skip
    assert response.status_code == 302
    assert StatusUpdate.objects.count() == 2
    measure.refresh_from_db()
    assert (measure.status, measure.progress_percent, measure.version) == ("running", 40, version)


def test_a_second_update_on_the_same_day_is_the_newer_one(measure, url, as_persona) -> None:
    client = as_persona("editor")
    post(client, url, measure, date="2026-03-01", progress_percent="40")
    post(client, url, measure, date="2026-03-01", progress_percent="45", note="Korrigiert.")
    measure.refresh_from_db()
    assert measure.progress_percent == 45


@pytest.mark.parametrize(
    ("data", "invalid", "message"),
    [
        ({"progress_percent": "101"}, "progress_percent", "ganze Zahl von 0 bis 100"),
        ({"progress_percent": "-1"}, "progress_percent", "ganze Zahl von 0 bis 100"),
        ({"progress_percent": "12,5"}, "progress_percent", "ganze Zahl von 0 bis 100"),
        ({"progress_percent": "viel"}, "progress_percent", "ganze Zahl von 0 bis 100"),
        ({"date": "2026-03-17"}, "date", "Das Datum liegt in der Zukunft"),
        ({"date": "2027-01-01"}, "date", "Das Datum liegt in der Zukunft"),
        ({"date": "gestern"}, "date", "Bitte geben Sie ein Datum ein"),
        ({"status": "planned", "note": ""}, "note", "Bitte beschreiben Sie, was geschehen ist"),
        ({"status": "planned", "note": "   "}, "note", "Bitte beschreiben Sie, was geschehen ist"),
        ({"status": "erledigt"}, "status", "Bitte wählen Sie einen der angebotenen Stände"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_saved(
    measure, url, as_persona, data, invalid, message
) -> None:
    version = measure.version
    response = post(as_persona("contributor"), url, measure, **data)
    assert response.status_code == 400
    assert invalid in response.context["form"].errors
    assert message in response.content.decode()
    assert not StatusUpdate.objects.exists()
    measure.refresh_from_db()
    assert (measure.status, measure.progress_percent, measure.version) == ("planned", None, version)


def test_a_percent_sign_is_accepted_and_an_empty_note_is_fine_when_the_status_changes(
    measure, url, as_persona
) -> None:
    response = post(as_persona("editor"), url, measure, progress_percent="100 %", status="done",
                    note="")  # fmt: skip
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress_percent) == ("done", 100)


def test_today_is_allowed(measure, url, as_persona) -> None:
    assert post(as_persona("editor"), url, measure, date="2026-03-16").status_code == 302


@pytest.mark.parametrize("persona", ["reader", "adviser"])
def test_readers_and_advisers_cannot_record_updates(measure, url, as_persona, persona) -> None:
    assert post(as_persona(persona), url, measure).status_code == 403
    assert not StatusUpdate.objects.exists()


def test_a_contributor_who_does_not_lead_the_measure_cannot_record_updates(
    measure, url, municipality_a, client
) -> None:
    other = UserFactory(email="kollegin@amtsberg.example")
    MembershipFactory(user=other, municipality=municipality_a, role="contributor")
    client.force_login(other)
    assert post(client, url, measure).status_code == 403
    page = client.get(url("strategies:measure", pk=measure.pk)).content.decode()
    assert "Stand erfassen" not in page  # no form offered either
    assert not StatusUpdate.objects.exists()


def test_another_municipality_gets_404_and_anonymous_visitors_a_login(
    measure, url, as_persona
) -> None:
    outsider = post(as_persona("outsider"), url, measure)
    assert outsider.status_code == 404
    # ... also through their own municipality's address
    assert post(as_persona("outsider"), lambda n, **k: url(n, slug="birkenwerder-nord", **k),
                measure).status_code == 404  # fmt: skip
    anonymous = post(as_persona("anonymous"), url, measure)
    assert anonymous.status_code == 302 and "/anmelden/" in anonymous.url
    assert not StatusUpdate.objects.exists()


def test_updates_are_only_posted(measure, url, as_persona) -> None:
    assert (
        as_persona("editor").get(url("monitoring:status_update_add", pk=measure.pk)).status_code
        == 405
    )


def test_readers_see_the_timeline_without_the_form(measure, url, people, as_persona) -> None:
    record_status_update(measure, date=TODAY - timedelta(days=3), status="running",
                         progress_percent=20, note="Es geht los.", author=people["editor"])  # fmt: skip
    page = as_persona("reader").get(url("strategies:measure", pk=measure.pk)).content.decode()
    assert "Es geht los." in page
    assert "Stand erfassen" not in page
    assert "status-update-delete" not in page


def test_deleting_the_newest_update_restores_the_one_before(
    measure, url, people, as_persona
) -> None:
    older = record_status_update(measure, date=date(2026, 2, 1), status="running",
                                 progress_percent=20, note="a", author=people["editor"])  # fmt: skip
    newer = record_status_update(measure, date=date(2026, 3, 1), status="deferred",
                                 progress_percent=25, note="b", author=people["editor"])  # fmt: skip
    response = as_persona("contributor").post(url("monitoring:status_update_delete", pk=newer.pk))
    assert response.status_code == 302
    assert list(StatusUpdate.objects.all()) == [older]
    measure.refresh_from_db()
    assert (measure.status, measure.progress_percent) == ("running", 20)
    as_persona("editor").post(url("monitoring:status_update_delete", pk=older.pk))
    measure.refresh_from_db()
    assert (measure.status, measure.progress_percent, measure.status_updated_at) == (
        "running", None, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "status"), [("reader", 403), ("adviser", 403), ("outsider", 404)]
)
def test_only_those_who_may_edit_the_measure_delete_updates(
    measure, url, people, as_persona, persona, status
) -> None:
    update = record_status_update(measure, date=TODAY, status="running", progress_percent=20,
                                  note="a", author=people["editor"])  # fmt: skip
    response = as_persona(persona).post(url("monitoring:status_update_delete", pk=update.pk))
    assert response.status_code == status
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


def test_the_latest_state_shows_in_the_measure_list_and_on_the_field_page(
    measure, field, url, people, as_persona
) -> None:
    record_status_update(measure, date=date(2026, 3, 2), status="running", progress_percent=35,
                         note="a", author=people["editor"])  # fmt: skip
    client = as_persona("reader")
    for page in [url("strategies:measures"), url("strategies:field", pk=field.pk),
                 url("monitoring:measures")]:  # fmt: skip
        html = client.get(page).content.decode()
        assert "In Umsetzung" in html
        assert "35 %" in html
        assert "Stand 02.03.2026" in html
