"""Search (/suche/) over little and over 100 times as much content.

Figures (`name: value` lines):
  queries_search_small, queries_search_large  queries of one search (must be equal)
  search_ms_small, search_ms_large            median milliseconds of one search (GET of the
                                              results page, in process)
  search_l_over_s_latency                     large over small (goal: at most 3)
On PostgreSQL each name ends in `_pg` (search_ms_small_pg, …), so one report can hold both.

The small municipality has one strategy of 6 fields, 30 measures with 3 steps and a comment
each (about 160 index rows); the large one 100 times as much in 10 strategies (about 16,000
rows). A person of each searches their own municipality for a word in one measure of ten
(so the large search has 100 times the hits to rank and count) and for two words together.

`bench/run.py` calls search_figures() on its database (SQLite, or PostgreSQL when
DATABASE_URL is set). Run by hand, `python bench/search_bench.py` measures SQLite on a
throw-away file and then, when DATABASE_URL is set, PostgreSQL on a throw-away test database
of that server (the database of DATABASE_URL itself is not touched).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

QUERIES = ["Glasfaser", "Schulen Tablets"]
REPEAT = 40
SMALL_MEASURES, FACTOR = 30, 100


def _content(strategy, measures: int, author) -> None:
    from django.contrib.contenttypes.models import ContentType

    from schreibwerkstatt.comments.models import Comment
    from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step

    FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=strategy, title=f"Handlungsfeld {i}", position=i,
                      starting_situation="Die Verwaltung arbeitet noch mit Papierakten.")
        for i in range(max(1, measures // 5))
    )  # fmt: skip
    created = Measure.objects.bulk_create(
        Measure(
            strategy=strategy,
            title=f"Maßnahme {i}: " + ("Glasfaser für die Ortsteile" if i % 10 == 0 else
                                       "Digitale Verwaltungsleistungen"),
            summary="Die Schulen erhalten Tablets und WLAN." if i % 7 == 0 else
                    "Bürgerinnen und Bürger stellen Anträge online, ohne Termin im Rathaus.",
        )
        for i in range(measures)
    )  # fmt: skip
    Step.objects.bulk_create(
        Step(measure=m, title=f"Schritt {j}: Angebote einholen und vergleichen", position=j)
        for m in created
        for j in range(3)
    )
    content_type = ContentType.objects.get_for_model(Measure)
    Comment.objects.bulk_create(
        Comment(strategy=strategy, content_type=content_type, object_id=m.pk, author=author,
                text="Bitte den Förderantrag bis Monatsende abstimmen.")
        for m in created
    )  # fmt: skip


def _municipality(slug: str, ags: str, strategies: int, measures_each: int):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from schreibwerkstatt.municipalities.models import Membership, Municipality, Role
    from schreibwerkstatt.strategies.models import Strategy

    municipality = Municipality.objects.create(
        name=f"Suche {slug}", slug=f"suche-{slug}", ags=ags, kind="stadt", state="12"
    )
    person = get_user_model().objects.create(
        email=f"suche-{slug}@bench.example", name="Suchende Person", password="!"
    )
    Membership.objects.create(user=person, municipality=municipality, role=Role.READER)
    for number in range(strategies):
        strategy = Strategy.objects.create(municipality=municipality, title=f"Strategie {number}")
        _content(strategy, measures_each, person)
    client = Client()
    client.force_login(person)
    return client


def search_figures() -> None:
    from django.db import connection
    from timing import counted_get, median_seconds

    from schreibwerkstatt.search.models import Entry
    from schreibwerkstatt.search.services import rebuild

    suffix = "_pg" if connection.vendor == "postgresql" else ""
    small = _municipality("klein", "12000101", strategies=1, measures_each=SMALL_MEASURES)
    large = _municipality("gross", "12000102", strategies=10, measures_each=SMALL_MEASURES * 10)
    rebuild()  # the content was written in bulk, as an import or the demo writes it
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")
    print(f"search_index_rows{suffix}: {Entry.objects.count()}")
    figures = {}
    for label, client in (("small", small), ("large", large)):
        seconds, queries = [], set()
        for query in QUERIES:
            url = f"/suche/?q={query.replace(' ', '+')}"
            client.get(url)
            count, response = counted_get(client, url)
            assert response.status_code == 200, (url, response.status_code)
            assert b"Ergebnis" in response.content, url
            queries.add(count)
            seconds.append(median_seconds(client, url, REPEAT))
        figures[label] = (max(queries), sum(seconds) / len(seconds))
    for label in ("small", "large"):
        print(f"queries_search_{label}{suffix}: {figures[label][0]}")
    for label in ("small", "large"):
        print(f"search_ms_{label}{suffix}: {figures[label][1] * 1000:.2f}")
    ratio = figures["large"][1] / figures["small"][1]
    print(f"search_l_over_s_latency{suffix}: {ratio:.2f}")


def _setup_django() -> None:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schreibwerkstatt.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def main() -> None:
    if "--postgresql" in sys.argv:
        # A throw-away database on the server of DATABASE_URL, dropped afterwards.
        _setup_django()
        from django.db import connection

        # its own name: never the test database a test run on the same server may be using
        connection.settings_dict["TEST"]["NAME"] = f"sw_bench_search_{os.getpid()}"
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            search_figures()
        finally:
            connection.creation.destroy_test_db(name, verbosity=0)
        return
    database_url = os.environ.pop("DATABASE_URL", None)
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="sw-bench-search-")
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    search_figures()
    if database_url:
        sys.stdout.flush()
        env = {**os.environ, "DATABASE_URL": database_url}
        subprocess.run([sys.executable, __file__, "--postgresql"], env=env, check=True)  # noqa: S603


if __name__ == "__main__":
    main()
