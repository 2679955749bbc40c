"""An operator onboards a municipality in the browser: start page, form, a wrong AGS, success.
Every page on the way is scanned with axe (the route scan opens operator pages only as
anonymous, which the login redirect ends)."""

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.municipalities.models import Invitation, Municipality
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de, log_in_by_cookie

pytestmark = BROWSER_DB


def test_an_operator_sets_up_a_municipality_with_its_first_coordinator(
    browser: Browser,
    browser_context_args: dict[str, Any],
    base_url: str,
    people: dict[str, Any],
    axe_script: Path,
    scanned_pages: list[str],
) -> None:
    operator = User.objects.create_superuser(
        email="betrieb@plattform.example", password="Betrieb-Passwort-42", name="Olga Betrieb"
    )
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    log_in_by_cookie(context, operator, base_url)
    page = context.new_page()
    problems: list[str] = []

    def scan(where: str) -> None:
        violations = axe_violations(page, axe_script)
        scanned_pages.append(f"{page.url.removeprefix(base_url)} (operator)")
        if violations:
            problems.append(describe(where, violations))

    page.goto("/")
    list_ = page.locator("#operator-municipality-list")
    expect(list_).to_contain_text("Amtsberg")
    scan("operator start page")

    page.get_by_role("link", name=de("Set up a municipality")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(de("Set up a municipality"))
    scan("onboarding form")

    page.get_by_label(de("name"), exact=True).fill("Seeblick am Wald")
    page.get_by_label(de("official municipality key (AGS)")).fill("13065999")
    page.get_by_label(de("E-mail address of the coordination")).fill("kora@seeblick.example")
    page.get_by_role("button", name=de("Set up and send invitation")).click()
    expect(page.locator("#id_ags_error")).to_have_text("Ein AGS in Brandenburg beginnt mit 12.")
    assert not Municipality.objects.filter(name="Seeblick am Wald").exists()
    scan("onboarding form with an error")

    page.get_by_label(de("official municipality key (AGS)")).fill("12065999")
    page.get_by_role("button", name=de("Set up and send invitation")).click()
    expect(page.locator(".sw-messages")).to_contain_text("Seeblick am Wald ist angelegt")
    expect(list_).to_contain_text("Seeblick am Wald")
    municipality = Municipality.objects.get(ags="12065999")
    assert Invitation.objects.get(municipality=municipality).email == "kora@seeblick.example"
    assert [message.to for message in mail.outbox] == [["kora@seeblick.example"]]
    context.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
