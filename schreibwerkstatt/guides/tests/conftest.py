import pytest

from schreibwerkstatt.guides.models import Guide, Question

BODY = """## Worum es geht

Ein Absatz über die Vorbereitung.

## Wer macht was?

- Kernteam benennen
- Zeitplan aufstellen

### Typische Stolpersteine

Text.

## Größe des Teams

Drei bis fünf Personen.
"""


def make_guide(slug: str, *, public: bool = True, phase: int | None = None, pages=(),
               body: str = BODY, title: str = "") -> Guide:  # fmt: skip
    return Guide.objects.create(
        slug=slug,
        title=title or f"Leitfaden {slug}",
        summary=f"Worum es im Leitfaden {slug} geht.",
        body=body,
        phase=phase,
        public=public,
        pages=list(pages),
        position=0 if phase is None else phase,
    )


@pytest.fixture
def no_shipped_handbook(db) -> None:
    """Without the guides and questions of the data migration, so a test sees only its own."""
    Question.objects.all().delete()
    Guide.objects.all().delete()


@pytest.fixture
def public_guide(no_shipped_handbook) -> Guide:
    return make_guide("testphase-vorbereitung", phase=0, pages=["strategies:list"])


@pytest.fixture
def members_guide(no_shipped_handbook) -> Guide:
    return make_guide(
        "interna-fuer-mitglieder", public=False, phase=5, title="Interner Leitfaden Geheimtitel"
    )
