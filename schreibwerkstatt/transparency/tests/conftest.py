import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Measure, Step, Strategy


@pytest.fixture
def strategy(municipality_a, people):
    """A published strategy of A: one field with a goal, a running measure led by the
    contributor, with a step, a comment and costs."""
    strategy = Strategy.objects.create(
        municipality=municipality_a,
        title="Digitales Amtsberg 2030",
        motto="Nah dran",
        status=Strategy.Status.ADOPTED,
        public_page=True,
        period_start="2026-01-01",
        period_end="2030-12-31",
        vision="Amtsberg wird **bürgernah** digital.",
    )
    field = FieldOfAction.objects.create(
        strategy=strategy,
        title="Digitale Verwaltung",
        guiding_sentence="Alle Leistungen auch online.",
        responsible=people["editor"],
    )
    goal = Goal.objects.create(strategy=strategy, title="80 % der Anträge online")
    goal.fields.add(field)
    measure = Measure.objects.create(
        strategy=strategy,
        title="Bürgerportal einführen",
        plain_name="Anträge im Internet stellen",
        summary="Ein Portal für alle Anträge.",
        status=Measure.Status.RUNNING,
        progress_percent=40,
        status_updated_at=timezone.now(),
        start="2026-03-01",
        end="2027-06-30",
        responsible=people["contributor"],
        lead_unit="Hauptamt",
        cost_one_off=125000,
    )
    measure.fields.add(field)
    Step.objects.create(measure=measure, title="Vergabe vorbereiten", owner=people["coordinator"])
    Comment.objects.create(
        strategy=strategy,
        content_type=ContentType.objects.get_for_model(measure),
        object_id=measure.pk,
        author=people["editor"],
        text="Interne Anmerkung zum Portal",
    )
    return strategy


@pytest.fixture
def urls(strategy):
    kwargs = {"slug": "amtsberg", "strategy": strategy.pk}
    return {
        "page": reverse("transparency:page", kwargs=kwargs),
        "embed": reverse("transparency:embed", kwargs=kwargs),
        "toggle": reverse("transparency:toggle", kwargs=kwargs),
        "overview": reverse("strategies:overview", kwargs=kwargs),
        "index": reverse("transparency:index"),
    }
