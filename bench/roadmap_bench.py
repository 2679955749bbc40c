"""The roadmap (chart page) of a small and a large strategy (called by bench/run.py): queries
per page, which must be the same, and the latency ratio.

Small: 12 fields × 8 measures; large: 48 fields × 8 measures; every measure dated, in a
dependency chain, with a milestone; a programme phase and a tag axis. The rendered SVG is
cached under a hash of its specification; the chart page inlines it from the cache, and when
it is not there (the cold figures) leaves the rendering to roadmap:chart_figure, a request
of its own. The page still builds the specification on every request.
"""

import time

from django.test import Client
from timing import counted_get, median_seconds, print_small_and_large, small_and_large

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

REPEAT = 20


def _build(municipality: Municipality, title: str, fields: int, per_field: int = 8) -> Strategy:
    from schreibwerkstatt.roadmap.tests.conftest import build_large

    strategy = Strategy.objects.create(municipality=municipality, title=title)
    build_large(strategy, fields=fields, per_field=per_field)
    return strategy


def _measure(client: Client, url: str) -> tuple[int, float, float]:
    """(queries, median seconds with a warm chart cache, seconds of the first, cold request)."""
    start = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    count, _ = counted_get(client, url)
    return count, median_seconds(client, url, REPEAT), cold


def roadmap_figures(
    small_client: Client, small: Municipality, large_client: Client, large: Municipality
) -> None:
    figures = small_and_large(
        small_client, small, large_client, large, _build, "Roadmap", "roadmap/", _measure
    )
    # The latency ratio is of the warm chart cache (see the module docstring).
    print_small_and_large("roadmap", figures, columns=("ms", "cold_ms"))


def xl_figures(client: Client, municipality: Municipality) -> None:
    """The largest strategy an import accepts (spreadsheets.MAX_MEASURES dated measures, with
    dependencies, milestones and tags): roadmap and measures list, warm and cold. Goal: no
    page over 1 s; the limit was measured so (docs/decisions.md)."""
    from schreibwerkstatt.exchange.spreadsheets import MAX_MEASURES

    per_field = 10
    strategy = _build(municipality, "Roadmap xl", MAX_MEASURES // per_field, per_field)
    assert strategy.measures.count() == MAX_MEASURES
    base = f"/kommunen/{municipality.slug}/strategien/{strategy.pk}/"
    roadmap = _measure(client, base + "roadmap/")
    measures = _measure(client, base + "massnahmen/")
    print(f"measures_xl: {MAX_MEASURES}")
    print(f"queries_roadmap_xl: {roadmap[0]}")
    print(f"roadmap_ms_xl: {roadmap[1] * 1000:.2f}")
    print(f"roadmap_cold_ms_xl: {roadmap[2] * 1000:.2f}")
    print(f"queries_measures_xl: {measures[0]}")
    print(f"measures_ms_xl: {measures[1] * 1000:.2f}")
