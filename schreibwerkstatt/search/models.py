"""The search index: one row per findable object, denormalised so that a search is one query.

The full-text part depends on the database and is not a model field: on PostgreSQL a
generated `document` tsvector column (German configuration) with a GIN index, on SQLite an
FTS5 table `search_entry_fts` over this table's title and body, kept in step by triggers.
Both are created by migration 0002 (see engines.py for the queries).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.strategies.models import Strategy


class Kind(models.TextChoices):
    """What a row is. The order of the choices is the order of the groups on the results page."""

    GUIDE = "guide", _("Guides")
    QUESTION = "question", _("Entry questions")
    TERM = "term", _("Glossary")
    STRATEGY = "strategy", _("Strategies")
    FIELD = "field", _("Fields of action")
    GOAL = "goal", _("Goals")
    MEASURE = "measure", _("Measures")
    STEP = "step", _("Project steps")
    COMMENT = "comment", _("Comments")


class Audience(models.TextChoices):
    """Who may find a row."""

    PUBLIC = "public", _("everybody")
    MEMBERS = "members", _("signed-in people")
    # the people who may view the strategy: members and advisers of its municipality and of
    # its accepted partners, an operator with a support access there
    STRATEGY = "strategy", _("people of the strategy")


class Entry(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=20, choices=Audience.choices)
    # Set for municipality content (audience "strategy"), empty for help content. Deleting a
    # strategy deletes its rows with it.
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    # Help content: the absolute path. Municipality content: the path below the municipality's
    # address (/kommunen/<slug>/), which differs for the partners of a joint strategy.
    path = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["audience", "strategy"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"
