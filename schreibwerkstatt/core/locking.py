"""Optimistic locking, shared by every app: an edit carries the version it was loaded with."""

from django.db import models


class StaleEditError(Exception):
    """Somebody saved the object after the editor loaded it; `current` is their version."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("stale edit")
        self.current = current
