import pytest

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Strategy


@pytest.fixture
def measure(strategy, people):
    return Measure.objects.create(
        strategy=strategy, title="Online-Terminvergabe", responsible=people["contributor"]
    )


@pytest.fixture
def url(strategy):
    """url("measures") → /kommunen/amtsberg/strategien/<pk>/massnahmen/ and so on; the
    history pages (history_<kind>, restore_<kind>) are routed by the history app."""
    from django.urls import reverse

    def build(name: str, **kwargs) -> str:
        namespace = "history" if name.startswith(("history_", "restore_")) else "strategies"
        return reverse(
            f"{namespace}:{name}", kwargs={"slug": "amtsberg", "strategy": strategy.pk, **kwargs}
        )

    return build


@pytest.fixture
def restore(url):
    """restore(client, "measure", obj, record) posts the restore of that history record of
    `obj`, sending the object's current version (or `version`); further keywords (`follow`)
    go to the client."""

    def post(client, key: str, obj, record, *, version: int | None = None, **kwargs):
        return client.post(
            url(f"restore_{key}", pk=obj.pk, history_id=record.history_id),
            {"version": obj.version if version is None else version},
            **kwargs,
        )

    return post


def edit(obj, **changes):
    """One recorded, versioned edit, as the edit forms make it (goals, fields and tags as
    lists of objects)."""
    m2m = {name: changes.pop(name) for name in ["goals", "fields", "tags"] if name in changes}
    return save_versioned(obj, expected_version=obj.version, changes=changes, m2m=m2m)


def page_of(client, address):
    """The page's HTML, which must have answered 200."""
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def make_strategy(strategy: Strategy, fields: int, measures_per_field: int) -> None:
    """A strategy of `fields` × `measures_per_field` measures, each field with two goals (bulk inserts)."""
    start = strategy.fields.count()
    field_objs = FieldOfAction.objects.bulk_create(
        FieldOfAction(
            strategy=strategy,
            title=f"Handlungsfeld {start + i}",
            guiding_sentence="Leitsatz",
            position=start + i,
        )
        for i in range(fields)
    )
    goals = Goal.objects.bulk_create(
        Goal(strategy=strategy, title=f"Ziel {f.pk}-{j}") for f in field_objs for j in range(2)
    )
    Goal.fields.through.objects.bulk_create(
        Goal.fields.through(goal_id=g.pk, fieldofaction_id=field_objs[i // 2].pk)
        for i, g in enumerate(goals)
    )
    measures = Measure.objects.bulk_create(
        Measure(strategy=strategy, title=f"Maßnahme {f.pk}-{k}", position=k)
        for f in field_objs
        for k in range(measures_per_field)
    )
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(
            measure_id=m.pk, fieldofaction_id=field_objs[i // measures_per_field].pk
        )
        for i, m in enumerate(measures)
    )
    Measure.goals.through.objects.bulk_create(
        Measure.goals.through(measure_id=m.pk, goal_id=goals[(i // measures_per_field) * 2].pk)
        for i, m in enumerate(measures)
    )


def priority_list_data(client, url, **rows) -> dict[str, str]:
    """The POST data of the priority list as the page offers it to `client` (every row the
    client may change, with its state), changed by `rows`: {measure pk: {"priority": "high",
    criterion pk: "3"}} given as rows={"<pk>": {...}}."""
    page = client.get(url("priorities"))
    data: dict[str, str] = {}
    for item in page.context["items"]:
        form = item.form
        if form is None:
            continue
        prefix = f"m{item.measure.pk}"
        data[f"{prefix}-state"] = form.initial["state"]
        data[f"{prefix}-priority"] = form.initial.get("priority") or ""
        for criterion in form.criteria:
            value = form.initial.get(f"c{criterion.pk}")
            data[f"{prefix}-c{criterion.pk}"] = "" if value is None else str(value)
        for key, value in rows.get(str(item.measure.pk), {}).items():
            name = "priority" if key == "priority" else f"c{key}"
            data[f"{prefix}-{name}"] = str(value)
    return data
