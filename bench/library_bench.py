"""The measure library (/bibliothek/) over few and many municipalities (called by bench/run.py,
alone with `python bench/run.py library`): 10 municipalities, then 413 (Brandenburg's number),
each with a published strategy of 40 measures (every measure in the library), generated in bulk
and indexed once (`rebuild`). A search for a word of one measure per strategy, a filtered
search and the first page without words: their queries must be equal and their latency
should grow little (goal: large over small ≤ 2 for about 40× the library).
"""

from django.contrib.auth import get_user_model
from django.test import Client
from timing import counted_get, median_seconds

from schreibwerkstatt.library.index import rebuild
from schreibwerkstatt.municipalities.models import Kind, Membership, Municipality, Role
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Strategy

REPEAT = 30
MEASURES = 40
TOPICS = (
    "Bürgerportal", "Chatbot", "Glasfaser", "Mobilfunk", "Sensornetz", "Rufbus", "Parkleitsystem",
    "Energiemonitoring", "Straßenbeleuchtung", "Schulausstattung", "Lernplattform", "Telemedizin",
    "Pflegeberatung", "Dorfladen", "Coworking", "Tourismusportal", "Beteiligungsplattform",
    "Mängelmelder", "Ratsinformationssystem", "Bürgerkonto", "Terminvergabe", "Posteingang",
    "Aktenführung", "Geodatenportal", "Bauantrag", "Gewerbeanmeldung", "Vereinsplattform",
    "Ehrenamtsbörse", "Bibliothekskatalog", "Museumsführer", "Hochwasserwarnung", "Feuerwehrapp",
    "Abfallkalender", "Wertstoffsensoren", "Ladesäulen", "Carsharing", "Radwegenetz",
    "Haushaltsportal", "Datenplattform", "Digitalpaten",
)  # fmt: skip
URLS = {
    "search": "/bibliothek/?q=Chatbot",
    "filtered": "/bibliothek/?q=Glasfaser&status=planned&kind=gemeinde&cost=under_50k",
    "browse": "/bibliothek/",
}


def _published(prefix: str, count: int, ags_start: int) -> None:
    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Bibliothek {prefix} {i:03d}", slug=f"bibliothek-{prefix}-{i}",
                     ags=str(ags_start + i), kind=Kind.GEMEINDE if i % 3 else Kind.STADT,
                     state="12", population=1000 + 50 * i)
        for i in range(count)
    )  # fmt: skip
    strategies = Strategy.objects.bulk_create(
        Strategy(municipality=m, title=f"Digitale Strategie {m.name}", public_page=True,
                 status=Strategy.Status.ADOPTED)
        for m in municipalities
    )  # fmt: skip
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=s, title="Digitale Verwaltung") for s in strategies
    )
    Measure.objects.bulk_create(
        Measure(strategy=s, title=f"{TOPICS[n]} für {s.municipality.name}", position=n,
                summary=f"Die Kommune führt {TOPICS[n]} ein, gemeinsam mit den Nachbarn.",
                status=Measure.Status.RUNNING if n % 4 == 0 else Measure.Status.PLANNED,
                cost_one_off=1000 * n)
        for s in strategies
        for n in range(MEASURES)
    )  # fmt: skip
    through = Measure.fields.through
    by_strategy = {f.strategy_id: f.pk for f in fields}
    through.objects.bulk_create(
        through(measure_id=pk, fieldofaction_id=by_strategy[strategy_id])
        for pk, strategy_id in Measure.objects.filter(strategy__in=strategies).values_list(
            "pk", "strategy_id"
        )
    )


def library_figures() -> None:
    User = get_user_model()
    reader = User.objects.create(
        email="library-bench@bench.example", name="Bibliothek", password="!"
    )
    home = Municipality.objects.create(name="Leserstadt", slug="leserstadt", ags="12190000",
                                       kind=Kind.STADT, state="12")  # fmt: skip
    Membership.objects.create(user=reader, municipality=home, role=Role.EDITOR)
    client = Client()
    client.force_login(reader)
    figures: dict[str, dict] = {}
    for label, count, ags in (("small", 10, 12200000), ("large", 403, 12210000)):
        _published(label, count, ags)  # the large library holds the small one too: 413
        items = rebuild()
        figures[label] = {"items": items}
        for name, url in URLS.items():
            client.get(url)  # warm
            queries, response = counted_get(client, url)
            assert response.status_code == 200, (url, response.status_code)
            figures[label][name] = (queries, median_seconds(client, url, REPEAT))
    small, large = figures["small"], figures["large"]
    print(f"library_items_small: {small['items']}")
    print(f"library_items_large: {large['items']}")
    for name in URLS:
        prefix = "library_search" if name == "search" else f"library_{name}"
        (q_small, t_small), (q_large, t_large) = small[name], large[name]
        print(f"{prefix}_queries_small: {q_small}")
        print(f"{prefix}_queries_large: {q_large}")
        print(f"{prefix}_ms_small: {t_small * 1000:.2f}")
        print(f"{prefix}_ms_large: {t_large * 1000:.2f}")
        print(f"{prefix}_l_over_s_latency: {t_large / t_small:.2f}")
