"""Phone width: the long navigations fold into a disclosure, wide screens show them open.

(That no page scrolls sideways or has controls lying on each other, at 1366 and 390 px, is
checked on every page by the layout net in test_accessibility.py.)
"""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from schreibwerkstatt.strategies.models import Goal, Indicator, Strategy
from tests.browser.helpers import BROWSER_DB, de

pytestmark = BROWSER_DB


def test_the_navigations_fold_on_a_phone_and_stay_open_on_a_wide_screen(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    page = page_as("reader")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/kommunen/{municipality_a.slug}/strategien/{strategy.pk}/vision/")
    parts = page.get_by_role("navigation", name=de("Parts of the strategy"))
    cycle = page.get_by_role("navigation", name=de("Strategy cycle"))
    fields_link = parts.get_by_role("link", name=de("Fields of action"))
    members_link = cycle.get_by_role("link", name=de("Members"))

    # Folded: one line each instead of half the first screen.
    expect(fields_link).to_be_hidden()
    expect(members_link).to_be_hidden()
    parts.get_by_text(de("Parts of the strategy"), exact=True).click()
    expect(fields_link).to_be_visible()
    cycle.get_by_text(de("Strategy cycle"), exact=True).press("Enter")  # by keyboard
    expect(members_link).to_be_visible()
    # The title link of the strategy stays outside the fold.
    page.reload()
    expect(parts.get_by_role("link", name="Digitales Amtsberg")).to_be_visible()

    # Wide: all links shown, no summary to open; growing the window opens a folded one.
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(fields_link).to_be_visible()
    expect(members_link).to_be_visible()
    expect(parts.get_by_text(de("Parts of the strategy"), exact=True)).to_be_hidden()


def test_a_wide_table_scrolls_in_a_named_focusable_region_on_a_phone(
    page_as: Callable[..., Page], municipality_a: Any
) -> None:
    strategy = Strategy.objects.create(municipality=municipality_a, title="Digitales Amtsberg")
    goal = Goal.objects.create(strategy=strategy, title="Gut informiert")
    Indicator.objects.create(
        strategy=strategy, goal=goal, name="Zufriedenheit mit der Beteiligung", unit="%"
    )
    page = page_as("editor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/kommunen/{municipality_a.slug}/strategien/{strategy.pk}/ziele/{goal.pk}/")

    region = page.get_by_role("region", name=de("Indicators"))
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    assert page.evaluate("(root => root.scrollWidth <= root.clientWidth)(document.documentElement)")
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)

    # Wide enough for the table: no region, no extra tab stop.
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.get_by_role("region", name=de("Indicators"))).to_have_count(0)
    expect(page.locator(".kern-table-responsive[tabindex]")).to_have_count(0)
