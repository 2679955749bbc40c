"""The official municipality directory of the state (Destatis Gemeindeverzeichnis), the
operators' imports of it, and whether the aggregated picture is public.

A directory entry is linked to a municipality of the platform by its AGS, at the time the
picture is computed (statewide/picture.py): a municipality that joins the platform later
counts with its strategy at once, without anybody updating the directory.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.municipalities.models import Kind
from schreibwerkstatt.municipalities.validators import validate_ags


class DirectoryEntry(models.Model):
    """One municipality, Amt, district or district-free city of the official directory."""

    ags = models.CharField(
        _("official municipality key (AGS)"), max_length=8, unique=True, validators=[validate_ags]
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # The first five digits of the AGS: state, government region and district (Kreis).
    district_key = models.CharField(_("district key"), max_length=5, db_index=True)
    district_name = models.CharField(_("district"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["ags"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ags})"


class DirectoryImportQuerySet(models.QuerySet["DirectoryImport"]):
    def applied(self) -> "DirectoryImportQuerySet":
        return self.filter(applied_at__isnull=False)


class DirectoryImport(models.Model):
    """An uploaded directory file, checked and waiting for the operator's confirmation
    (`rows` holds its valid records), or applied (`rows` emptied, the counts kept)."""

    filename = models.CharField(_("file"), max_length=200)
    rows = models.JSONField(default=list, editable=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied on"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    added = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)

    objects = DirectoryImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None


class StatewideSettings(models.Model):
    """The operators' settings of the statewide picture: one row (pk 1; none means the
    defaults). Applying a directory import locks it, so two imports never interleave."""

    public = models.BooleanField(_("show the aggregated picture publicly"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    changed_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("settings of the statewide picture")
        verbose_name_plural = _("settings of the statewide picture")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
