import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Step, Strategy

URL = reverse("search:results")


def search(client, q: str, **params):
    return client.get(URL, {"q": q, **params})


def text_of(response) -> str:
    """The page's HTML without the hit marks, so a marked title reads as it is written."""
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def results_of(html: str) -> str:
    """The results part of the page (the page also repeats the query itself)."""
    return html.partition('id="search-results"')[2]


@pytest.fixture
def content_a(strategy, people) -> dict:
    """A strategy of A with one element of each findable kind."""
    Strategy.objects.filter(pk=strategy.pk).update(vision="Eine vernetzte Kommune")
    strategy.refresh_from_db()
    strategy.save()  # indexed again, with its vision
    field = FieldOfAction.objects.create(
        strategy=strategy, title="Bildung", starting_situation="Die Schulen haben kein WLAN."
    )
    goal = Goal.objects.create(
        strategy=strategy, title="Alle Schulen sind angebunden", description="Bis 2028."
    )
    measure = Measure.objects.create(
        strategy=strategy,
        title="Glasfaserausbau an Grundschulen",
        summary="Die Grundschulen bekommen Glasfaser und WLAN in allen Räumen.",
    )
    step = Step.objects.create(measure=measure, title="Ausschreibung vorbereiten")
    comment = Comment.objects.create(
        strategy=strategy,
        content_type=ContentType.objects.get_for_model(measure),
        object_id=measure.pk,
        author=people["editor"],
        text="Der Förderbescheid für die Glasfaser liegt vor.",
    )
    return {
        "strategy": strategy,
        "field": field,
        "goal": goal,
        "measure": measure,
        "step": step,
        "comment": comment,
    }


@pytest.fixture
def content_b(municipality_b) -> dict:
    """A strategy of B, whose words A's people must never find."""
    strategy = Strategy.objects.create(municipality=municipality_b, title="Birkenwerder digital")
    measure = Measure.objects.create(
        strategy=strategy, title="Quellwasserspeicher", summary="Glasfaser am Quellwasserspeicher"
    )
    return {"strategy": strategy, "measure": measure}
