"""Workshop boards: a municipality's live brainstorming wall (issue 15).

A board has ordered columns holding cards. Every change raises the board's `revision` (one
counter, never lowered), which the live view compares to catch up after a lost connection
(consumers.py); `version` guards the facilitator's settings against two people switching
at once (optimistic locking, core.locking).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

CARD_TEXT_MAX = 280
CARD_NOTE_MAX = 2000


class Board(Versioned):
    class Template(models.TextChoices):
        FREE = "free", _("Free columns")
        FIELDS = "fields", _("One column per field of action")
        SWOT = "swot", _("SWOT (four quadrants)")
        FLASH = "flash", _("Blitzlicht (one card per person)")

    class Phase(models.TextChoices):
        COLLECT = "collect", _("Collect")
        CLUSTER = "cluster", _("Cluster")
        VOTE = "vote", _("Vote")
        RESULTS = "results", _("Results")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="boards")
    title = models.CharField(_("title"), max_length=200)
    template = models.CharField(
        _("template"), max_length=10, choices=Template.choices, default=Template.FREE
    )
    # The strategy whose fields of action became the columns (template "fields").
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, default=Phase.COLLECT
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Nobody sees who wrote which card (honest ideas)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED

    @property
    def is_collecting(self) -> bool:
        return self.phase == self.Phase.COLLECT


class Column(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="columns")
    title = models.CharField(_("title"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self) -> str:
        return self.title


class Card(models.Model):
    class Category(models.TextChoices):
        IDEA = "idea", _("Idea")
        QUESTION = "question", _("Question")
        CONCERN = "concern", _("Concern")
        EXAMPLE = "example", _("Example")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="cards")
    text = models.CharField(_("card"), max_length=CARD_TEXT_MAX)
    note = models.TextField(_("note"), max_length=CARD_NOTE_MAX, blank=True)
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.IDEA
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_cards",
    )
    hidden = models.BooleanField(_("hidden"), default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self) -> str:
        return self.text
