"""The list pages of the inventory ask the database a fixed number of times, however many
rows they show (the overview and the maturity result are pinned in their own modules)."""

import pytest

from schreibwerkstatt.inventory.tests.factories import (
    ExistingProjectFactory,
    StakeholderFactory,
    SwotEntryFactory,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "projects": ExistingProjectFactory,
    "stakeholders": StakeholderFactory,
    "swot": SwotEntryFactory,
}


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_has_a_fixed_number_of_queries(
    page,
    strategy,
    url,
    people,
    as_persona,
    django_assert_num_queries,
    django_assert_max_num_queries,
) -> None:
    client = as_persona("editor")
    PAGES[page](strategy=strategy)
    client.get(url(page))
    # 7: one of them counts the open comments of all rows (comments app)
    with django_assert_max_num_queries(7) as small:
        client.get(url(page))
    PAGES[page].create_batch(60, strategy=strategy)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url(page))
    assert response.status_code == 200
