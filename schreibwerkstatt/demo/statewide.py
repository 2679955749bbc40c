"""The statewide picture of the demo: the small fictional directory of 20 municipalities of
Brandenburg (statewide/fixtures/), whose AGS include those of the demo municipalities, so the
picture shows many municipalities without a strategy beside the demo's own.

Idempotent: an import that would change nothing is not made.
"""

from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, import_file


def load_demo_directory(by) -> None:
    import_file(EXAMPLE_DIRECTORY, by=by)
