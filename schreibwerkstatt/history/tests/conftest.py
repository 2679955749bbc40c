# The engine is tested on the kinds of strategy content, with the strategies' fixtures.
from schreibwerkstatt.strategies.tests.conftest import measure, restore, url  # noqa: F401
