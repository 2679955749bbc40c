import pytest

from schreibwerkstatt.glossary.models import Term


@pytest.fixture
def glossary(db) -> dict[str, Term]:
    """A small glossary of its own, instead of the shipped one."""
    Term.objects.all().delete()
    return {
        "field": Term.objects.create(
            term="Handlungsfeld",
            slug="handlungsfeld",
            aliases=["Handlungsfelder"],
            definition="Ein **Themenbereich** der Strategie.",
        ),
        "lead": Term.objects.create(
            term="Federführung",
            slug="federfuehrung",
            aliases=[],
            definition="Die Stelle, die eine Maßnahme verantwortet.",
        ),
        "outcome": Term.objects.create(
            term="Outcome",
            slug="outcome",
            aliases=["Outcomes"],
            definition="Was sich bei den Menschen ändert. <script>alert(1)</script>",
        ),
        "aerger": Term.objects.create(
            term="Ärgernis", slug="aergernis", aliases=[], definition="Zum Sortieren."
        ),
    }
