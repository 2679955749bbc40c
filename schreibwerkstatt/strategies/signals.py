"""Signals strategies sends for apps above it (docs/architecture.md: those apps listen)."""

from django.dispatch import Signal

# Objects were created in bulk (bulk_create sends no post_save), inside the transaction that
# created them. Sent with the model as sender and `instances`, the created objects; search
# indexes them (search/signals.py).
created_in_bulk = Signal()
