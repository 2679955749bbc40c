"""The everyday writes and the roadmap's first load on the large strategy (called by
bench/run.py): saving a measure, ticking a step, recording an indicator value, saving the
priority list, and the first request of the roadmap (cold chart cache).

The strategy is the large one of the other benches (48 fields × 8 measures, dated, with
dependencies, milestones, tags, steps, status updates, indicators with values). Each POST is
timed alone (not the redirect the browser follows), warm: the median of REPEAT requests, each
of which really changes something. Goal: every POST ≤ 150 ms, every page ≤ 300 ms.

`python bench/interactions_bench.py NAME` profiles one request of NAME with cProfile instead
(names: measure, step, indicator, priority, roadmap) and prints the top of the profile.
"""

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlencode

from django.test import Client

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Measure, MeasureScore, PriorityCriterion, Strategy

REPEAT = 9


def build(municipality: Municipality, fields: int = 48) -> Strategy:
    from schreibwerkstatt.monitoring.tests.factories import add_monitoring_data
    from schreibwerkstatt.roadmap.tests.conftest import build_large

    strategy = Strategy.objects.create(municipality=municipality, title="Interaktionen")
    build_large(strategy, fields=fields, per_field=8)
    add_monitoring_data(strategy, steps_per_measure=4, updates=3)
    # Two assessment criteria with a value for every measure, as a strategy in use has.
    for name, role in (("Nutzen", "benefit"), ("Aufwand", "effort")):
        criterion = PriorityCriterion.objects.create(strategy=strategy, name=name, role=role)
        MeasureScore.objects.bulk_create(
            MeasureScore(measure=m, criterion=criterion, value=1 + m.pk % 5)
            for m in strategy.measures.all()
        )
    return strategy


def _form_data(form) -> dict:
    """The POST data of an unbound Django form as the browser would send it unchanged."""
    data: dict = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, str):
            data[name] = value
        else:  # dates, numbers, choices: as the widget writes them into the page
            shown = value if isinstance(value, (list, tuple)) else field.widget.format_value(value)
            data[name] = [str(v) for v in shown] if isinstance(shown, (list, tuple)) else str(shown)
    return data


def actions(client: Client, strategy: Strategy) -> dict[str, Callable[[int], object]]:
    """name -> callable(round) making one request of that action (a real change each round)."""
    base = f"/kommunen/{strategy.municipality.slug}/strategien/{strategy.pk}/"
    measure = strategy.measures.order_by("pk")[len(strategy.measures.all()) // 2]
    step = measure.steps.order_by("pk").first()
    indicator = strategy.indicators.order_by("pk").first()
    edit_url = f"{base}massnahmen/{measure.pk}/bearbeiten/"

    def measure_save(n: int) -> object:
        from schreibwerkstatt.strategies.forms import MeasureForm

        client.get(edit_url)  # as the person does: open the form, then save it
        fresh = strategy.measures.get(pk=measure.pk)
        data = _form_data(MeasureForm(instance=fresh, strategy=strategy))
        data["title"] = f"Maßnahme gespeichert {n}"
        response = client.post(edit_url, data)
        assert response.status_code == 302, (
            response.status_code,
            getattr(response, "context", None) and response.context["form"].errors,
        )
        return response

    def step_tick(n: int) -> object:
        response = client.post(
            f"{base}schritte/{step.pk}/erledigt/", {"done": "true" if n % 2 else "false"},
            headers={"HX-Request": "true"},
        )  # fmt: skip
        assert response.status_code == 200, response.status_code
        return response

    def indicator_value(n: int) -> object:
        response = client.post(
            f"{base}umsetzung/indikatoren/{indicator.pk}/werte/",
            {"date": (date(2026, 1, 1) + timedelta(days=n)).strftime("%d.%m.%Y"), "value": f"{n},5"},
        )  # fmt: skip
        assert response.status_code == 302, response.status_code
        return response

    def priority_save(n: int) -> object:
        from schreibwerkstatt.strategies.priorities import scored_measures

        client.get(f"{base}prioritaeten/")  # as the person does: open the list, then save it
        # The rows as the page offers them (every row, with its state), one priority changed.
        data: dict[str, str] = {}
        _criteria, items = scored_measures(strategy)
        for item in items:
            prefix = f"m{item.measure.pk}"
            data[f"{prefix}-state"] = item.state
            data[f"{prefix}-priority"] = item.measure.priority or ""
            for criterion in _criteria:
                value = item.values.get(criterion.pk)
                data[f"{prefix}-c{criterion.pk}"] = "" if value is None else str(value)
        data[f"m{measure.pk}-priority"] = ["high", "low"][n % 2]
        # Form-encoded, as the browser sends the page's form (the test client's default,
        # multipart, costs the server several times as much for 1500 inputs).
        response = client.post(
            f"{base}prioritaeten/speichern/",
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 302, response.status_code
        return response

    def roadmap_first(n: int) -> object:
        # The first load after a change: the chart of this state is not in the cache yet.
        Measure.objects.filter(pk=measure.pk).update(title=f"Maßnahme umbenannt {n}")
        response = client.get(f"{base}roadmap/")
        assert response.status_code == 200, response.status_code
        return response

    return {
        "measure": measure_save,
        "step": step_tick,
        "indicator": indicator_value,
        "priority": priority_save,
        "roadmap": roadmap_first,
    }


FIGURES = {
    "measure": "post_measure_save_ms",
    "step": "post_step_tick_ms",
    "indicator": "post_indicator_value_ms",
    "priority": "post_priority_save_ms",
    "roadmap": "roadmap_first_ms",
}


def _time_one(client: Client, action: Callable[[int], object], n: int, profiler=None) -> float:
    """Seconds of the one timed request of `action` (the POST, or the GET of the roadmap); the
    GETs that prepare the form data are not counted (nor profiled)."""
    timed: list[float] = []
    original = client.request

    def request(**kwargs):
        counted = kwargs.get("REQUEST_METHOD") == "POST" or "roadmap/" in kwargs.get(
            "PATH_INFO", ""
        )
        if counted and profiler is not None:
            profiler.enable()
        start = time.perf_counter()
        response = original(**kwargs)
        if counted:
            timed.append(time.perf_counter() - start)
            if profiler is not None:
                profiler.disable()
        return response

    client.request = request
    try:
        action(n)
    finally:
        client.request = original
    return timed[-1]


def interaction_figures(client: Client, municipality: Municipality) -> None:
    strategy = build(municipality)
    for name, action in actions(client, strategy).items():
        action(0)  # warm-up
        samples = [_time_one(client, action, n) for n in range(1, REPEAT + 1)]
        print(f"{FIGURES[name]}: {statistics.median(samples) * 1000:.2f}")


def profile(name: str) -> None:
    import cProfile
    import pstats

    import run  # bench/run.py: the throw-away database and the bench municipality
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    municipality, client = run.make_municipality("gross", "12000002", members=300, items=300)
    action = actions(client, build(municipality))[name]
    action(0)
    action(1)
    profiler = cProfile.Profile()
    seconds = _time_one(client, action, 2, profiler)
    print(f"{FIGURES[name]} (under the profiler): {seconds * 1000:.1f}")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(int(__import__("os").environ.get("TOP", "45")))
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    profile(sys.argv[1])
