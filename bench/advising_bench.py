"""The adviser's cockpit (/beratung/) with few and with many municipalities (called by
bench/run.py): an adviser of 10 municipalities and one of 413 (Brandenburg's number of
municipalities), each with a strategy of 40 measures and its checklists, generated in bulk.
The cockpit pages (25 rows), so its queries must be equal and its latency should grow little
(goal: large over small ≤ 2 for 40× the municipalities). Sorting by a count of the rule set
(gaps) counts every municipality: printed too, as what that sort costs.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from timing import counted_get, median_seconds

from schreibwerkstatt.advising.models import AdviceRequest
from schreibwerkstatt.municipalities.models import Kind, Municipality
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import PHASES
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Strategy

REPEAT = 30
MEASURES = 40


def _advised(adviser, prefix: str, count: int, ags_start: int) -> None:
    """`count` municipalities of `adviser`, each with checklists, a strategy, a field of
    action and MEASURES measures; every seventh with an open request for advice."""
    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Bench {prefix} {i:03d}", slug=f"bench-{prefix}-{i}",
                     ags=str(ags_start + i), kind=Kind.GEMEINDE if i % 3 else Kind.STADT,
                     state="12", population=1000 + i)
        for i in range(count)
    )  # fmt: skip
    Municipality.advisers.through.objects.bulk_create(
        Municipality.advisers.through(municipality=m, user=adviser) for m in municipalities
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(municipality=m, phase=info.number, title=title, position=index,
                      done=(m.pk + index) % 3 == 0)
        for m in municipalities
        for info in PHASES
        for index, title in enumerate(info.default_items)
    )  # fmt: skip
    strategies = Strategy.objects.bulk_create(
        Strategy(municipality=m, title=f"Strategie {m.name}") for m in municipalities
    )
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(strategy=s, title="Digitale Verwaltung") for s in strategies
    )
    long_ago = timezone.now() - timedelta(days=300)
    Measure.objects.bulk_create(
        Measure(strategy=s, title=f"Maßnahme {n}", position=n,
                status=Measure.Status.RUNNING if n % 4 == 0 else Measure.Status.PLANNED,
                status_updated_at=long_ago if n % 8 == 0 else None)
        for s in strategies
        for n in range(MEASURES)
    )  # fmt: skip
    through = Measure.fields.through
    through.objects.bulk_create(
        through(measure_id=pk, fieldofaction_id=field.pk)
        for field in fields
        for pk in Measure.objects.filter(strategy_id=field.strategy_id).values_list("pk", flat=True)
    )
    AdviceRequest.objects.bulk_create(
        AdviceRequest(municipality=m, topic="Frage", text="Wie weiter?")
        for m in municipalities[::7]
    )


def cockpit_figures() -> None:
    User = get_user_model()
    figures = {}
    for label, count, ags in (("small", 10, 12100000), ("large", 413, 12110000)):
        adviser = User.objects.create(
            email=f"cockpit-{label}@bench.example", name=f"Beratung {label}", password="!",
            is_adviser=True,
        )  # fmt: skip
        _advised(adviser, label, count, ags)
        client = Client()
        client.force_login(adviser)
        client.get("/beratung/")  # warm
        queries, response = counted_get(client, "/beratung/")
        assert response.status_code == 200, response.status_code
        figures[label] = (queries, median_seconds(client, "/beratung/", REPEAT))
        if label == "large":
            sorted_seconds = median_seconds(client, "/beratung/?sort=-gaps", 5)
    (q_small, t_small), (q_large, t_large) = figures["small"], figures["large"]
    print(f"cockpit_queries_small: {q_small}")
    print(f"cockpit_queries_large: {q_large}")
    print(f"cockpit_ms_small: {t_small * 1000:.2f}")
    print(f"cockpit_ms_large: {t_large * 1000:.2f}")
    print(f"cockpit_l_over_s_latency: {t_large / t_small:.2f}")
    print(f"cockpit_sorted_by_gaps_ms_large: {sorted_seconds * 1000:.2f}")
