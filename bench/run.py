"""`make bench`: figures as `name: value` lines, on a throw-away SQLite database.

Measures the pages of the foundation for a small and a large municipality: queries per
page (must not grow with data) and in-process latency (median of repeated requests).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="sw-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schreibwerkstatt.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from timing import median_seconds  # noqa: E402

from schreibwerkstatt.municipalities.models import Membership, Municipality, Role  # noqa: E402
from schreibwerkstatt.process.models import ChecklistItem  # noqa: E402
from schreibwerkstatt.process.services import set_up_process  # noqa: E402

REPEAT = 60


def make_municipality(slug: str, ags: str, members: int, items: int):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    municipality = Municipality.objects.create(
        name=f"Bench {slug}", slug=slug, ags=ags, kind="stadt", state="12"
    )
    set_up_process(municipality)
    users = User.objects.bulk_create(
        User(email=f"{slug}{i}@bench.example", name=f"Person {i}", password="!")
        for i in range(members)
    )
    Membership.objects.bulk_create(
        Membership(
            user=u, municipality=municipality, role=Role.COORDINATOR if i == 0 else Role.CONTRIBUTOR
        )
        for i, u in enumerate(users)
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(municipality=municipality, phase=i % 11, title=f"Aufgabe {i}", position=100 + i,
                      assignee=users[i % members], done=i % 3 == 0)
        for i in range(items)
    )  # fmt: skip
    client = Client()
    client.force_login(users[0])
    return municipality, client


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # now: every request_started resets the query log
    assert response.status_code == 200, (url, response.status_code)
    return count, median_seconds(client, url, REPEAT)


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def install_bare_route() -> None:
    """A bare Django view in the same process, through the same middleware, as the reference."""
    from django.urls import clear_url_caches, path

    from schreibwerkstatt import urls

    urls.urlpatterns.append(path("bench-bare/", bare_view))
    clear_url_caches()


def rps(client: Client, url: str, seconds: float = 2.0) -> float:
    client.get(url)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        client.get(url)
        count += 1
    return count / (time.perf_counter() - start)


def paired_rps(client: Client, first: str, second: str, rounds: int = 8) -> tuple[float, float]:
    """Requests per second of two URLs in alternating half-second windows, the median window
    of each: a slower or faster stretch of a shared machine then falls on both, instead of
    on whichever URL happened to run during it."""
    windows: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for url, measured in zip((first, second), windows, strict=True):
            measured.append(rps(client, url, seconds=0.5))
    return statistics.median(windows[0]), statistics.median(windows[1])


def strategy_figures(small_client: Client, small, large_client: Client, large) -> None:
    from schreibwerkstatt.strategies.models import Strategy
    from schreibwerkstatt.strategies.tests.conftest import make_strategy

    s_small = Strategy.objects.create(municipality=small, title="Klein")
    make_strategy(s_small, fields=12, measures_per_field=8)
    s_large = Strategy.objects.create(municipality=large, title="Groß")
    make_strategy(s_large, fields=48, measures_per_field=8)
    base = "/kommunen/{slug}/strategien/{pk}/"
    pages = {
        "overview": "",
        "field": "handlungsfelder/{field}/",
        "measures": "massnahmen/",
        "check": "check/",
    }
    latency = {}
    for name, tail in pages.items():
        for label, client, m, strat in (
            ("small", small_client, small, s_small),
            ("large", large_client, large, s_large),
        ):
            url = (base + tail).format(slug=m.slug, pk=strat.pk, field=strat.fields.first().pk)
            queries, seconds = measure(client, url)
            print(f"queries_{name}_{label}: {queries}")
            latency[(name, label)] = seconds
        print(f"{name}_l_over_s_latency: {latency[(name, 'large')] / latency[(name, 'small')]:.2f}")
    install_bare_route()
    bare, overview = paired_rps(
        small_client, "/bench-bare/", base.format(slug=small.slug, pk=s_small.pk)
    )
    print(f"bare_rps: {bare:.0f}")
    print(f"overview_rps: {overview:.0f}")
    print(f"overview_vs_bare_ratio: {overview / bare:.3f}")


# The parts that run alone (`python bench/run.py <name> …`), each with its own data.
PARTS = {
    "workshops": ("workshops_bench", "workshop_figures"),
    "cockpit": ("advising_bench", "cockpit_figures"),
    "search": ("search_bench", "search_figures"),
    "library": ("library_bench", "library_figures"),
    "exports": ("exports_bench", "export_figures"),
    "boards": ("boards_bench", "board_figures"),
}


def main() -> None:
    call_command("migrate", verbosity=0)
    if sys.argv[1:]:  # `python bench/run.py library cockpit`: only the parts named
        for name in sys.argv[1:]:
            module, figures = PARTS[name]
            getattr(__import__(module), figures)()
        return
    small, small_client = make_municipality("klein", "12000001", members=5, items=20)
    large, large_client = make_municipality("gross", "12000002", members=300, items=3000)
    pages = {
        "process_dashboard": lambda m: f"/kommunen/{m.slug}/",  # the municipality overview
        "phase": lambda m: f"/kommunen/{m.slug}/phasen/5/",
        "members": lambda m: f"/kommunen/{m.slug}/mitglieder/",
    }
    for name, url in pages.items():
        q_small, t_small = measure(small_client, url(small))
        q_large, t_large = measure(large_client, url(large))
        print(f"queries_{name}_small: {q_small}")
        print(f"queries_{name}_large: {q_large}")
        print(f"{name}_small_ms: {t_small * 1000:.2f}")
        print(f"{name}_large_ms: {t_large * 1000:.2f}")
        print(f"{name}_l_over_s_latency: {t_large / t_small:.2f}")
    print(
        f"process_dashboard_small_rps: "
        f"{1 / measure(small_client, pages['process_dashboard'](small))[1]:.0f}"
    )
    strategy_figures(small_client, small, large_client, large)
    __import__("personal_bench").mytasks_figures(small, large)  # bench/personal_bench.py
    __import__("monitoring_bench").implementation_figures(small_client, small, large_client, large)
    __import__("roadmap_bench").roadmap_figures(small_client, small, large_client, large)
    __import__("roadmap_bench").xl_figures(large_client, large)  # the largest import accepted
    __import__("interactions_bench").interaction_figures(large_client, large)  # writes, cold chart
    __import__("workshops_bench").workshop_figures()  # /termine/ and the series pages
    __import__("advising_bench").cockpit_figures()  # /beratung/ with 10 and 413 municipalities
    __import__("search_bench").search_figures()  # /suche/ over 1× and 100× content
    __import__("library_bench").library_figures()  # /bibliothek/ with 10 and 413 municipalities
    __import__("exports_bench").export_figures()  # PDF/DOCX/ODT vs WeasyPrint and pandoc
    __import__("boards_bench").board_figures()  # 200 participants on a live board, 2 + 1 processes


if __name__ == "__main__":
    main()
