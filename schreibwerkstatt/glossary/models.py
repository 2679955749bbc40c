"""The glossary: plain definitions of the terms the product uses (issue 13, point 6)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TermQuerySet(models.QuerySet):
    def alphabetical(self) -> list["Term"]:
        """All terms in German dictionary order (Ä with A, case ignored)."""
        return sorted(self, key=lambda term: term.sort_key)


class Term(models.Model):
    term = models.CharField(_("term"), max_length=120, unique=True)
    # The anchor on the glossary page (/glossar/#<slug>); set once, so links stay valid when
    # an operator corrects the spelling of the term.
    slug = models.SlugField(_("anchor"), max_length=140, unique=True)
    aliases = models.JSONField(
        _("other forms"),
        default=list,
        blank=True,
        help_text=_("Plural and other spellings under which the term appears as a field label."),
    )
    definition = models.TextField(_("definition (Markdown)"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return f"{reverse('glossary:index')}#{self.slug}"

    @property
    def sort_key(self) -> str:
        from .labels import fold

        return fold(self.term)

    @property
    def initial(self) -> str:
        """The letter of the A–Z index the term is listed under ("#" for a digit or sign)."""
        first = self.sort_key[:1].upper()
        return first if "A" <= first <= "Z" else "#"
