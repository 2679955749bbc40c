"""A stale save of the strategy settings, the vision or a measure: 409, nothing overwritten,
the other person's text shown and the user's typed text kept in the form."""

import pytest

from schreibwerkstatt.strategies.models import Measure, Strategy

from .test_builder import MEASURE

pytestmark = pytest.mark.django_db

SETTINGS = {
    "title": "Digitales Amtsberg 2030",
    "status": "draft",
    "period_start": "2026-01-01",
    "period_end": "2030-12-31",
    "goal_layer_names": "Zielbild, Zukunftsaufgabe",
}


def _two_saves(client_a, client_b, address: str, first: dict, second: dict, version: int):
    assert client_a.post(address, {**first, "version": version}).status_code == 302
    return client_b.post(address, {**second, "version": version})


def test_a_stale_vision_save_shows_the_conflict_and_keeps_the_typed_text(
    strategy, as_persona, url
) -> None:
    response = _two_saves(
        as_persona("coordinator"), as_persona("editor"), url("vision"),
        {"vision": "Amtsberg ist 2030 ganz digital."},
        {"vision": "Meine lange Vision, mühsam getippt."},
        strategy.version,
    )  # fmt: skip
    assert response.status_code == 409
    page = response.content.decode()
    assert "Jemand anderes hat dies inzwischen gespeichert" in page
    assert "Amtsberg ist 2030 ganz digital." in page
    assert "Meine lange Vision, mühsam getippt." in page
    form = response.context["form"]
    assert form.data["vision"] == "Meine lange Vision, mühsam getippt."
    strategy.refresh_from_db()
    assert strategy.vision == "Amtsberg ist 2030 ganz digital."
    # Saving again from the conflict page replaces the saved version on purpose.
    again = as_persona("editor").post(url("vision"), form.data)
    assert again.status_code == 302
    strategy.refresh_from_db()
    assert strategy.vision == "Meine lange Vision, mühsam getippt."


def test_a_stale_strategy_settings_save_shows_the_conflict_and_keeps_the_typed_text(
    strategy, as_persona, url
) -> None:
    response = _two_saves(
        as_persona("coordinator"), as_persona("editor"), url("edit"),
        {**SETTINGS, "motto": "Einfach machen"}, {**SETTINGS, "motto": "Gemeinsam digital"},
        strategy.version,
    )  # fmt: skip
    assert response.status_code == 409
    page = response.content.decode()
    assert "Jemand anderes hat dies inzwischen gespeichert" in page
    assert "Einfach machen" in page and "Gemeinsam digital" in page
    assert response.context["form"].data["motto"] == "Gemeinsam digital"
    strategy.refresh_from_db()
    assert strategy.motto == "Einfach machen"
    assert Strategy.objects.count() == 1


def test_a_stale_measure_save_keeps_the_typed_text(strategy, as_persona, url) -> None:
    measure = Measure.objects.create(strategy=strategy, title="Ursprung")
    response = _two_saves(
        as_persona("coordinator"), as_persona("editor"), url("measure_edit", pk=measure.pk),
        {**MEASURE, "title": "Fassung A"}, {**MEASURE, "title": "Fassung B"}, measure.version,
    )  # fmt: skip
    assert response.status_code == 409
    assert response.context["form"].data["title"] == "Fassung B"
    assert "Jemand anderes hat dies inzwischen gespeichert" in response.content.decode()
