from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Versioned(models.Model):
    """Optimistic locking: a save carries the version it was loaded with (see
    core.locking.save_versioned)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class SitePage(Versioned):
    """Operator-maintained pages of the site: the legal pages (German defaults ship in a
    data migration of core) and the visitors' start page and the page in Leichte Sprache
    (shipped by the public app, which shows them)."""

    class Key(models.TextChoices):
        IMPRINT = "imprint", _("Imprint")
        PRIVACY = "privacy", _("Privacy policy")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        START = "start", _("Start page for visitors")
        EASY_LANGUAGE = "easy-language", _("Easy-to-read German (Leichte Sprache)")

    key = models.CharField(_("page"), max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "Shown as the contact for feedback, e.g. on barriers in the accessibility statement."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title
