"""An adopted revision is read-only: no route changes it, and the model refuses changes."""

from typing import Any

import pytest

from schreibwerkstatt.revisions.models import FrozenRevisionError, Revision
from schreibwerkstatt.strategies.models import Strategy

from .conftest import adopt

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(strategy: Strategy, people: dict[str, Any]) -> Revision:
    return adopt(strategy, people["coordinator"])


def stored(revision: Revision) -> tuple:
    return tuple(
        Revision.objects.filter(pk=revision.pk).values_list(
            "number", "state", "snapshot", "adopted_on", "body", "document_number", "note"
        )
    )


def test_no_route_changes_an_adopted_revision(
    revision: Revision, strategy: Strategy, url: Any, as_persona: Any
) -> None:
    before = stored(revision)
    hostile = {
        "adopted_on": "2020-01-01", "body": "Niemand", "document_number": "0000/000",
        "note": "überschrieben", "state": "draft", "version": "99", "text": "x", "resolved": "true",
    }  # fmt: skip
    client = as_persona("coordinator")
    pages = [url("list"), url("detail", pk=revision.pk), url("diff_draft", pk=revision.pk),
             url("compare"), url("review")]  # fmt: skip
    for page in pages:
        assert client.post(page, hostile).status_code == 405, page
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url("detail", pk=revision.pk)).status_code == 405
    # Adopting again while the revision is in force is refused, not applied to it.
    assert client.post(url("adopt"), {**hostile, "version": str(strategy.version)}).status_code in {
        400, 409,
    }  # fmt: skip
    assert stored(revision) == before
    assert Revision.objects.count() == 1


def test_the_model_refuses_to_change_or_delete_an_adopted_revision(revision: Revision) -> None:
    revision.body = "Anderes Gremium"
    with pytest.raises(FrozenRevisionError):
        revision.save()
    with pytest.raises(FrozenRevisionError):
        Revision.objects.get(pk=revision.pk).delete()
    assert Revision.objects.get(pk=revision.pk).body == "Stadtverordnetenversammlung"


def test_later_edits_of_the_strategy_do_not_reach_the_frozen_snapshot(
    revision: Revision, strategy: Strategy
) -> None:
    snapshot = Revision.objects.get(pk=revision.pk).snapshot
    strategy.refresh_from_db()
    strategy.title = "Ganz neuer Titel"
    strategy.save()
    strategy.measures.all().delete()
    assert Revision.objects.get(pk=revision.pk).snapshot == snapshot


def test_deleting_the_strategy_takes_its_revisions_along(revision: Revision) -> None:
    Strategy.objects.filter(pk=revision.strategy_id).delete()
    assert not Revision.objects.exists()
