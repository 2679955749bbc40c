from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import validate_ags, validate_logo


class State(models.TextChoices):
    """German states keyed by the first two digits of the AGS."""

    SH = "01", "Schleswig-Holstein"
    HH = "02", "Hamburg"
    NI = "03", "Niedersachsen"
    HB = "04", "Bremen"
    NW = "05", "Nordrhein-Westfalen"
    HE = "06", "Hessen"
    RP = "07", "Rheinland-Pfalz"
    BW = "08", "Baden-Württemberg"
    BY = "09", "Bayern"
    SL = "10", "Saarland"
    BE = "11", "Berlin"
    BB = "12", "Brandenburg"
    MV = "13", "Mecklenburg-Vorpommern"
    SN = "14", "Sachsen"
    ST = "15", "Sachsen-Anhalt"
    TH = "16", "Thüringen"


class Kind(models.TextChoices):
    GEMEINDE = "gemeinde", _("Municipality (Gemeinde)")
    AMT = "amt", _("Amt")
    STADT = "stadt", _("Town (Stadt)")
    KREISFREIE_STADT = "kreisfreie_stadt", _("District-free city (kreisfreie Stadt)")
    LANDKREIS = "landkreis", _("District (Landkreis)")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination")
    EDITOR = "editor", _("Editorial team")
    CONTRIBUTOR = "contributor", _("Contributor")
    READER = "reader", _("Reader")


ROLE_ORDER = [Role.COORDINATOR, Role.EDITOR, Role.CONTRIBUTOR, Role.READER]


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    ags = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        unique=True,
        validators=[validate_ags],
        help_text=_("8 digits, e.g. 12054000 for Potsdam."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("district (Landkreis)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": Kind.LANDKREIS},
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, validators=[validate_logo])
    advisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned advisers"),
        blank=True,
        related_name="advised_municipalities",
        limit_choices_to={"is_adviser": True},
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["logo"])

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("process:dashboard", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.ags and self.state and self.ags[:2] != self.state:
            errors["ags"] = _("The AGS starts with %(code)s, which is not the selected state.") % {
                "code": self.ags[:2]
            }
        if self.parent_id:
            if self.kind in {Kind.LANDKREIS, Kind.KREISFREIE_STADT}:
                errors["parent"] = _("A district or a district-free city has no parent district.")
            elif self.parent_id == self.pk:
                errors["parent"] = _("A municipality cannot be its own district.")
        if errors:
            raise ValidationError(errors)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def coordinators(self) -> "MembershipQuerySet":
        return self.filter(role=Role.COORDINATOR)

    def for_member_list(self) -> "MembershipQuerySet":
        ordering = models.Case(
            *(models.When(role=role, then=index) for index, role in enumerate(ROLE_ORDER)),
            output_field=models.IntegerField(),
        )
        return self.select_related("user").order_by(ordering, "user__name", "user__email")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[MembershipQuerySet] = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_membership_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"


def _done_by(verbose_name, blank: bool = False) -> models.ForeignKey:
    """The person who did something to an invitation or a support access; emptied, not
    deleted with, when their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        cutoff = timezone.now() - timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, created_at__gt=cutoff)


class Invitation(models.Model):
    """A signed, single-use link to join a municipality with a role; expires after 7 days."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = _done_by(_("invited by"))
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_by = _done_by(None, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    objects: ClassVar[InvitationQuerySet] = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality}"

    @property
    def expires_at(self):
        return self.created_at + timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


SUPPORT_ACCESS_MAX_DAYS = 14


class SupportAccessQuerySet(models.QuerySet["SupportAccess"]):
    def active(self, now=None) -> "SupportAccessQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class SupportAccess(models.Model):
    """The Koordination lets one named operator read the municipality's content for a
    limited time, e.g. to look into a reported problem. Read only: it never allows a
    change (municipalities/rules.py). Granting, revoking, running out and every page the
    operator opens with it go into the audit log."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="support_accesses",
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.CASCADE,
        related_name="support_accesses",
    )
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = _done_by(_("granted by"))
    created_at = models.DateTimeField(_("granted on"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = _done_by(_("revoked by"), blank=True)
    # When the audit log recorded that the access ran out (municipalities/tasks.py).
    expiry_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[SupportAccessQuerySet] = SupportAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("support access")
        verbose_name_plural = _("support accesses")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["operator", "expires_at"], name="support_operator_expiry"),
            models.Index(fields=["municipality", "expires_at"], name="support_municipality_expiry"),
        ]

    def __str__(self) -> str:
        return _("Support access for %(operator)s in %(municipality)s") % {
            "operator": self.operator,
            "municipality": self.municipality,
        }

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at
