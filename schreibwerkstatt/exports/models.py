"""Word templates of a municipality: its own styles, header and logo for DOCX exports.

The file lives in the database (`content`), not under MEDIA_ROOT: it is never reachable by
a public URL, web and worker see the same bytes without a shared directory, and a backup
of the database holds it. Files are at most 10 MB (exports/templates_check.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.municipalities.models import Municipality


class WordTemplateQuerySet(models.QuerySet["WordTemplate"]):
    def for_list(self) -> "WordTemplateQuerySet":
        """Without the file itself, which a list never needs."""
        return self.defer("content").select_related("uploaded_by")


class WordTemplate(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="word_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    is_active = models.BooleanField(_("used for Word exports"), default=False)

    objects = WordTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Word template")
        verbose_name_plural = _("Word templates")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_active=True),
                name="one_active_word_template",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_template_file(self) -> bool:
        return self.filename.lower().endswith(".dotx")
