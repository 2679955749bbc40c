"""The demo strategy as a document, for the exporters' "nothing is lost" tests."""

from collections.abc import Callable

from schreibwerkstatt.documents.blocks import Document


def demo_document() -> tuple[Document, list[str]]:
    """The live document of the demo municipality's first strategy, and its measure titles."""
    from schreibwerkstatt.demo.load import load_demo
    from schreibwerkstatt.documents.builder import build_live
    from schreibwerkstatt.strategies.models import Strategy

    municipality, _people = load_demo()
    strategy = Strategy.objects.filter(municipality=municipality).first()
    return build_live(strategy), list(strategy.measures.values_list("title", flat=True))


def assert_every_heading_and_measure(
    document: Document, titles: list[str], text: str, normalize: Callable[[str], str]
) -> None:
    """`text` (a converted file's text) has every numbered chapter heading and measure title."""
    for number, chapter in enumerate(document.chapters, start=1):
        assert f"{number} {normalize(chapter.title)}" in text, chapter.title
    for title in titles:
        assert normalize(title) in text, title
