import factory

from schreibwerkstatt.inventory.models import ExistingProject, Stakeholder, SwotEntry


class ExistingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExistingProject

    title = factory.Sequence(lambda n: f"Projekt {n}")
    status = ExistingProject.Status.RUNNING


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Akteur {n}")
    group = "Verwaltung"
    influence = 3
    interest = 3


class SwotEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SwotEntry

    quadrant = SwotEntry.Quadrant.STRENGTHS
    text = factory.Sequence(lambda n: f"Eintrag {n}")
    position = factory.Sequence(lambda n: n)
