"""Meine Aufgaben in a real browser: axe on a filled page, ticking with the keyboard (htmx
swap, axe again) and a tick that collides with somebody else's change (409 swapped in)."""

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db.models import F
from django.utils import timezone
from playwright.sync_api import Page, expect

from schreibwerkstatt.strategies.models import Measure, Step, Strategy
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB

pytestmark = BROWSER_DB


def _work(municipality: Any, person: Any) -> tuple[Step, Step]:
    strategy = Strategy.objects.create(municipality=municipality, title="Digitales Amtsberg")
    measure = Measure.objects.create(
        strategy=strategy, title="E-Akte einführen", responsible=person, status="running"
    )
    today = timezone.localdate()
    overdue = Step.objects.create(
        measure=measure, title="Altakten sichten", owner=person, due_date=today - timedelta(days=3)
    )
    soon = Step.objects.create(
        measure=measure, title="Scanner bestellen", owner=person, due_date=today + timedelta(days=2)
    )
    Step.objects.create(measure=measure, title="Irgendwann", owner=person)
    return overdue, soon


def assert_no_axe_violations(page: Page, axe_script: Path, what: str) -> None:
    violations = axe_violations(page, axe_script)
    assert not violations, describe(what, violations)


def test_my_tasks_is_accessible_and_a_step_is_ticked_with_the_keyboard(
    page_as: Callable[..., Page], people: dict[str, Any], municipality_a: Any, axe_script: Path
) -> None:
    overdue, _soon = _work(municipality_a, people["contributor"])
    page = page_as("contributor", bypass_csp=True)
    page.get_by_role("link", name="Meine Aufgaben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Aufgaben")
    expect(page.locator(f"#my-step-{overdue.pk}")).to_contain_text("Überfällig")
    assert_no_axe_violations(page, axe_script, "Meine Aufgaben with overdue and due steps")

    button = page.locator(f"#my-step-toggle-{overdue.pk}")
    button.focus()
    page.keyboard.press("Enter")
    row = page.locator(f"#my-step-{overdue.pk}")
    expect(row).to_contain_text("Erledigt")
    expect(row.get_by_role("button")).to_contain_text("Wieder öffnen")
    assert page.url.endswith("/meine-aufgaben/")  # swapped in place, no page load
    overdue.refresh_from_db()
    assert overdue.done
    assert_no_axe_violations(page, axe_script, "Meine Aufgaben after ticking a step (htmx swap)")


def test_a_tick_that_collides_with_another_change_explains_itself(
    page_as: Callable[..., Page], people: dict[str, Any], municipality_a: Any, axe_script: Path
) -> None:
    _overdue, soon = _work(municipality_a, people["contributor"])
    page = page_as("contributor", bypass_csp=True)
    page.goto("/meine-aufgaben/")
    Step.objects.filter(pk=soon.pk).update(title="Scanner leihen", version=F("version") + 1)

    page.locator(f"#my-step-toggle-{soon.pk}").click()

    row = page.locator(f"#my-step-{soon.pk}")
    expect(row.get_by_role("alert")).to_contain_text("Jemand anderes hat diesen Schritt")
    expect(row.get_by_role("alert")).to_contain_text("„Scanner leihen“ ist jetzt offen.")
    soon.refresh_from_db()
    assert not soon.done
    assert_no_axe_violations(page, axe_script, "Meine Aufgaben after a conflicting tick (409)")

    page.locator(f"#my-step-toggle-{soon.pk}").click()  # now with the current version
    expect(row).to_contain_text("Erledigt")
    soon.refresh_from_db()
    assert soon.done


def test_the_notification_settings_are_accessible_with_a_calendar_address(
    page_as: Callable[..., Page], people: dict[str, Any], axe_script: Path
) -> None:
    page = page_as("contributor", bypass_csp=True)
    page.goto("/meine-aufgaben/")
    page.get_by_role("link", name="E-Mail-Erinnerungen und Kalender-Abonnement").click()
    page.get_by_label("Erinnerungen per E-Mail").uncheck()
    page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.locator(".sw-messages")).to_contain_text("gespeichert")
    expect(page.get_by_label("Erinnerungen per E-Mail")).not_to_be_checked()
    page.get_by_role("button", name="Kalenderadresse erzeugen").click()
    address = page.get_by_label("Adresse Ihres Kalenders")
    expect(address).to_have_value(re.compile(r"^http://.+/kalender/\S+\.ics$"))
    assert_no_axe_violations(page, axe_script, "notification settings with a calendar address")
    response = page.request.get(address.input_value())
    assert response.status == 200 and "BEGIN:VCALENDAR" in response.text()
