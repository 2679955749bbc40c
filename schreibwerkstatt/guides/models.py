"""The handbook: guides (Leitfäden) with their attachments, and the entry questions (FAQ).

The default handbook ships as files (guides/handbook/, read by handbook.py) and is loaded
by a data migration; operators then edit it in the product (views/operator pages), with
optimistic locking (`version`) and a history. `shipped_hash` remembers the shipped text a
row was loaded from, so `load-handbook --update` replaces only rows nobody has edited since.

Attachment files live in the database (`content`), like the municipal Word templates: never
reachable by a public URL (the attachment view checks who may read the guide), and a backup
of the database holds them.
"""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.process.phases import Phase

from .handbook import GUIDE_CONTENT, QUESTION_CONTENT, content_hash


class Tool(models.TextChoices):
    """The product's tools an entry question can point to (CONTENT_FORMAT.md, TOOLS)."""

    CYCLE = "cycle", _("Phase overview")
    STRATEGY_NEW = "strategy_new", _("Create a strategy")
    INVENTORY = "inventory", _("Inventory")
    VISION = "vision", _("Vision and guiding principles")
    FIELDS = "fields", _("Fields of action")
    GOALS = "goals", _("Goals and indicators")
    MEASURES = "measures", _("Measures")
    PRIORITIES = "priorities", _("Prioritisation")
    ROADMAP = "roadmap", _("Roadmap")
    CHECK = "check", _("Strategy check")
    DOCUMENT = "document", _("Strategy document")
    ADOPTION = "adoption", _("Adoption and revisions")
    MONITORING = "monitoring", _("Implementation")
    MEMBERS = "members", _("Members and invitations")
    TRANSPARENCY = "transparency", _("Public page")


class GuideQuerySet(models.QuerySet["Guide"]):
    def in_order(self) -> "GuideQuerySet":
        return self.order_by(models.F("phase").asc(nulls_last=True), "position", "title", "pk")


class Guide(Versioned):
    slug = models.SlugField(
        _("address"),
        max_length=100,
        unique=True,
        help_text=_("The last part of the guide's web address, e.g. “vorbereitung”."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two sentences; shown in the handbook and in “Help on this page”."),
    )
    body = models.TextField(
        _("text (Markdown)"),
        help_text=_(
            "Sections start with “## ” (subsections “### ”); each section gets an anchor for "
            "links and the table of contents."
        ),
    )
    phase = models.IntegerField(
        _("phase"),
        choices=Phase.choices,
        null=True,
        blank=True,
        help_text=_("The phase of the strategy cycle this guide belongs to, if any."),
    )
    pages = models.JSONField(
        _("pages"),
        default=list,
        blank=True,
        help_text=_("Names of the pages where this guide is the help (“Help on this page”)."),
    )
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public guides can be read by everybody; the others only by signed-in people."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    shipped_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects: ClassVar[GuideQuerySet] = GuideQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["shipped_hash"])

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["position", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guides:guide", kwargs={"slug": self.slug})

    @property
    def edited(self) -> bool:
        """Changed since it was loaded from the shipped handbook (or not shipped at all)."""
        return self.shipped_hash != content_hash(self, GUIDE_CONTENT)


class GuideAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image (PNG or JPEG)")
        DOWNLOAD = "download", _("Download (PDF, DOCX, XLSX or ODT)")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For an image: its text alternative, which screen readers read out."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, editable=False)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "guides:attachment",
            kwargs={"slug": self.guide.slug, "pk": self.pk, "filename": self.filename},
        )


class Question(Versioned):
    """An entry question (Einstiegsfrage) with its answer, the guide and the tool it points to."""

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer (Markdown)"))
    guide = models.ForeignKey(
        Guide,
        verbose_name=_("guide"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    tool = models.CharField(_("tool"), max_length=20, choices=Tool.choices, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    shipped_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["shipped_hash"])

    class Meta:
        verbose_name = _("entry question")
        verbose_name_plural = _("entry questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question"], name="unique_entry_question"),
            models.CheckConstraint(
                condition=Q(tool__in=["", *Tool.values]), name="entry_question_known_tool"
            ),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def edited(self) -> bool:
        return self.shipped_hash != content_hash(self, QUESTION_CONTENT)
