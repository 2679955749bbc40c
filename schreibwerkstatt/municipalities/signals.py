"""Signals municipalities sends for apps above it (docs/architecture.md: an app never
imports one below it in the layers; those apps listen instead)."""

from django.dispatch import Signal

# A new municipality was created (operator area or onboarding), inside the transaction that
# created it: receivers set up what it needs and fail together with it. Sent with
# `municipality`; process gives it its checklists (process/signals.py).
municipality_created = Signal()
