"""What the exporters share about memory."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a large document tree is built.

    The collector would walk the growing tree again and again (about 40 % of an ODT
    export, and DOCX export time grew faster than the content). Reference counting goes
    on; the collector runs again once the file is written and takes the tree then."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
