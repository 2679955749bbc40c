"""The axe helper itself: it must find violations and name them readably."""

from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.axe import axe_violations, describe

BROKEN_PAGE = """<!doctype html><html lang="de"><head><title>Kaputt</title></head>
<body><main><h1>Kaputt</h1><img src="data:," id="ohne-alt"><input id="ohne-label"></main></body></html>"""


def test_it_reports_violations_with_rule_help_and_target(
    browser: Browser, axe_script: Path
) -> None:
    page = browser.new_page()  # no live server needed
    try:
        page.set_content(BROKEN_PAGE)
        violations = axe_violations(page, axe_script)
    finally:
        page.close()
    report = describe("kaputte Seite", violations)

    assert {"image-alt", "label"} <= {violation["id"] for violation in violations}
    assert "image-alt (critical): Images must have alternative text" in report
    assert "    - #ohne-alt" in report
    assert "    - #ohne-label" in report
