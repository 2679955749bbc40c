"""Workshop boards: a live brainstorming wall (issue 15).

A board belongs either to a municipality (its own meetings) or to a workshop session of a
series (the municipalities registered for it take part together); exactly one of the two is
set. A board has ordered columns holding cards; cards can be grouped into clusters within
their column and receive dots in the vote. Guests join one board through a guest link with a
display name only. Every change raises the board's `revision` (one
counter, never lowered), which the live view compares to catch up after a lost connection
(consumers.py); `version` guards the facilitator's settings against two people switching
at once (optimistic locking, core.locking).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

CARD_TEXT_MAX = 280
# The templates whose columns are the fields of action of a strategy of the municipality (a
# board of a session has none).
STRATEGY_TEMPLATES = ("fields", "measures")
CARD_NOTE_MAX = 2000


class Board(Versioned):
    class Template(models.TextChoices):
        FREE = "free", _("Free columns")
        FIELDS = "fields", _("One column per field of action")
        MEASURES = "measures", _("Measure ideas per field of action")
        VISION = "vision", _("Vision statements (one column per perspective)")
        SWOT = "swot", _("SWOT (four quadrants)")
        FLASH = "flash", _("Blitzlicht (one card per person)")

    class Phase(models.TextChoices):
        COLLECT = "collect", _("Collect")
        CLUSTER = "cluster", _("Cluster")
        VOTE = "vote", _("Vote")
        RESULTS = "results", _("Results")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="boards"
    )
    session = models.ForeignKey(
        "workshops.Session",
        verbose_name=_("workshop session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="boards",
    )
    title = models.CharField(_("title"), max_length=200)
    template = models.CharField(
        _("template"), max_length=10, choices=Template.choices, default=Template.FREE
    )
    # The strategy whose fields of action became the columns (STRATEGY_TEMPLATES).
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
    # The dot vote: how many dots each person has, whether several may go on one card, and
    # whether everybody sees the counts yet (hidden until the facilitator reveals them).
    dots_per_person = models.PositiveSmallIntegerField(
        _("dots per person"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    dots_stackable = models.BooleanField(
        _("several dots on one card"),
        default=True,
        help_text=_("A person may put more than one of their dots on the same card."),
    )
    votes_revealed = models.BooleanField(_("votes revealed"), default=False)
    # The visible timer of the current phase: when it runs out (None: no timer).
    timer_ends_at = models.DateTimeField(_("timer ends"), null=True, blank=True)
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
        constraints = [
            models.CheckConstraint(
                name="board_of_municipality_or_session",
                condition=(
                    models.Q(municipality__isnull=False, session__isnull=True)
                    | models.Q(municipality__isnull=True, session__isnull=False)
                ),
            )
        ]

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


class Cluster(models.Model):
    """Cards of one column the facilitator grouped under a heading."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clusters")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("title"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.title


class GuestLink(models.Model):
    """A signed, expiring, revocable invitation to join one board without an account."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="guest_links")
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("guest link")
        verbose_name_plural = _("guest links")

    def __str__(self) -> str:
        return self.label or str(self.pk)


class Guest(models.Model):
    """A person who joined one board through a guest link: a display name, nothing else."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="guests")
    link = models.ForeignKey(GuestLink, on_delete=models.CASCADE, related_name="guests")
    display_name = models.CharField(_("display name"), max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.display_name


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
    # A guest's card has no author but its guest.
    guest = models.ForeignKey(
        Guest, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    # On a session board: the municipality of the author when they wrote it (its coordinators
    # take its own participants' cards into its strategy). Unset on a municipality's board.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
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


class Vote(models.Model):
    """One dot on a card, by a member or a guest (several rows for several dots)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board_votes",
    )
    guest = models.ForeignKey(
        Guest, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        indexes = [models.Index(fields=["board", "voter"]), models.Index(fields=["board", "guest"])]
        constraints = [
            models.CheckConstraint(
                name="vote_by_member_or_guest",
                condition=(
                    models.Q(voter__isnull=False, guest__isnull=True)
                    | models.Q(voter__isnull=True, guest__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.card_id}"


class Transfer(models.Model):
    """A card or cluster of a board taken over into a strategy as a field of action, goal or
    measure: the back-link from the created object to the workshop it came from."""

    class Kind(models.TextChoices):
        FIELD = "field", _("Field of action")
        GOAL = "goal", _("Goal")
        MEASURE = "measure", _("Measure")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="transfers")
    card = models.ForeignKey(
        Card, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("taken over as"), max_length=10, choices=Kind.choices)
    field = models.ForeignKey(
        "strategies.FieldOfAction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board_transfers",
    )
    goal = models.ForeignKey(
        "strategies.Goal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board_transfers",
    )
    measure = models.ForeignKey(
        "strategies.Measure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board_transfers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("taken-over card")
        verbose_name_plural = _("taken-over cards")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.strategy_id}"
