"""An indicator without a baseline date can never be assessed: the form requires the date
whenever a baseline value is given, and the pages say what is missing for indicators that
lack it, with a link to add it for those who may."""

from datetime import date
from decimal import Decimal

import pytest

from schreibwerkstatt.strategies.models import Indicator

pytestmark = pytest.mark.django_db

MISSING = "Ausgangsdatum fehlt – ohne Datum kann der Fortschritt nicht bewertet werden"
REQUIRED = "Bitte geben Sie das Datum des Ausgangswerts an"
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


@pytest.fixture
def undated(strategy, goal):
    """An indicator saved before the rule: baseline value without date."""
    return Indicator.objects.create(
        strategy=strategy, goal=goal, name="Digitale Anträge", unit="%",
        baseline_value=Decimal(12), target_value=Decimal(80), target_date=date(2030, 12, 31),
    )  # fmt: skip


def indicator_data(**changes):
    return {"name": "Digitale Anträge", "unit": "%", "kind": "output", "baseline_value": "12,5",
            "baseline_date": "", "target_value": "80", "target_date": "2030-12-31", **changes}  # fmt: skip


def test_a_baseline_value_without_date_is_refused_when_adding(goal, as_persona, url) -> None:
    response = as_persona("editor").post(
        url("strategies:indicator_add", pk=goal.pk), indicator_data(), **DE
    )

    assert response.status_code == 400
    assert "baseline_date" in response.context["form"].errors
    assert REQUIRED in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_baseline_value_without_date_is_refused_when_editing(indicator, as_persona, url) -> None:
    response = as_persona("editor").post(
        url("strategies:indicator_edit", pk=indicator.pk),
        indicator_data(version=indicator.version),
        **DE,
    )

    assert response.status_code in {400, 422}
    assert REQUIRED in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.baseline_date == date(2024, 1, 1)


def test_a_bad_date_gets_one_message_not_two(goal, as_persona, url) -> None:
    response = as_persona("editor").post(
        url("strategies:indicator_add", pk=goal.pk), indicator_data(baseline_date="Januar"), **DE
    )
    assert response.status_code == 400
    assert REQUIRED not in response.content.decode()
    assert "Bitte geben Sie ein Datum ein" in response.content.decode()


@pytest.mark.parametrize(
    "changes", [{"baseline_date": "2025-01-01"}, {"baseline_value": "", "baseline_date": ""}]
)
def test_with_a_date_or_without_a_baseline_the_indicator_is_saved(
    changes, goal, as_persona, url
) -> None:
    response = as_persona("editor").post(
        url("strategies:indicator_add", pk=goal.pk), indicator_data(**changes)
    )
    assert response.status_code == 302
    assert Indicator.objects.count() == 1


def test_the_indicator_list_says_what_is_missing_and_links_editors_to_the_fix(
    undated, indicator, as_persona, url
) -> None:
    edit = url("strategies:indicator_edit", pk=undated.pk)

    page = as_persona("editor").get(url("monitoring:indicators"), **DE).content.decode()

    assert page.count(MISSING) == 1  # the dated indicator has no such note
    row = page.split(f'data-indicator="{undated.pk}"')[1].split("</tr>")[0]
    assert MISSING in row and f'href="{edit}"' in row
    reader_page = as_persona("reader").get(url("monitoring:indicators"), **DE).content.decode()
    assert MISSING in reader_page and edit not in reader_page


def test_the_indicator_page_says_what_is_missing(undated, as_persona, url) -> None:
    edit = url("strategies:indicator_edit", pk=undated.pk)

    page = as_persona("editor").get(url("monitoring:indicator", pk=undated.pk), **DE)

    assert MISSING in page.content.decode() and f'href="{edit}"' in page.content.decode()
    edit_page = as_persona("editor").get(edit)
    assert edit_page.status_code == 200  # the link leads to the form
    reader = as_persona("reader").get(url("monitoring:indicator", pk=undated.pk), **DE)
    assert MISSING in reader.content.decode() and edit not in reader.content.decode()


def test_the_goal_page_says_what_is_missing(undated, goal, as_persona, url) -> None:
    page = as_persona("editor").get(url("strategies:goal_edit", pk=goal.pk), **DE).content.decode()
    row = page.split(f'<tr id="indicator-{undated.pk}">')[1].split("</tr>")[0]
    assert MISSING in row
    assert f'href="{url("strategies:indicator_edit", pk=undated.pk)}"' in row
