"""Workshop series (Schreibwerkstatt-Durchgang) and their sessions, the municipalities'
registrations with their participants, attendance, materials, the record of sent notices,
and the visitors who asked to be told about new dates.

A series is run by the advisers of the state digital agency (its organisers) for several
municipalities at once: `capacity` municipalities with up to `seats_per_municipality`
participants each. A registration beyond the capacity waits (status WAITING, in the order of
`created_at`); a cancellation moves the first waiting registration up (services.py, under a
row lock on the series, so concurrent registrations never confirm more than the capacity).
"""

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.process.phases import Phase

# The meeting link of an online session is shown to its participants from this long before
# the start until the end (and sent in the reminder an hour before).
MEETING_LINK_OPENS = timedelta(hours=1)

validate_http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
)


class SeriesQuerySet(models.QuerySet["Series"]):
    def published(self) -> "SeriesQuerySet":
        return self.filter(published_at__isnull=False)

    def public(self) -> "SeriesQuerySet":
        """What visitors see: published, public series (cancelled ones included, marked)."""
        return self.published().filter(public=True)


class Series(Versioned):
    """A workshop series with its registration rules; its dates are its sessions."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=100,
        unique=True,
        help_text=_("The last part of the web address, e.g. “fruehjahr-2027”."),
    )
    description = models.TextField(_("description"), max_length=4000)
    target_group = models.CharField(
        _("target group"),
        max_length=300,
        help_text=_("For example: “Coordinators and core teams of municipalities in Brandenburg”."),
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, help_text=_("Shown on the calendar and in the mails.")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisers running the series"),
        blank=True,
        related_name="organised_series",
        limit_choices_to={"is_adviser": True},
    )
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Public series appear on the calendar for everybody; a series by invitation only "
            "is seen by members of municipalities, who register with its address."
        ),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"))
    cancellation_deadline = models.DateTimeField(
        _("cancellation possible until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the first session starts."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places (municipalities)"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    seats_per_municipality = models.PositiveSmallIntegerField(
        _("seats per municipality"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    # Set when an adviser publishes the series; until then only organisers see it.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    # Set when the visitors who asked for new dates were told (once per series).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects: ClassVar[SeriesQuerySet] = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop series")
        verbose_name_plural = _("workshop series")
        ordering = ["-registration_closes", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_opens__lt=models.F("registration_closes")),
                name="workshops_series_registration_window",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:series", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_opens >= self.registration_closes
        ):
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        opened = self.registration_opens is None or self.registration_opens <= now
        return (
            self.is_published
            and not self.is_cancelled
            and opened
            and now < self.registration_closes
        )


class Session(Versioned):
    """One date of a series: online (meeting link) or in person (venue and address)."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    starts = models.DateTimeField(_("starts"))
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(60 * 12)]
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.ONLINE
    )
    meeting_url = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        validators=[validate_http_url],
        help_text=_(
            "BigBlueButton, Jitsi, OpenTalk or similar. Shown only to registered participants "
            "and organisers, from one hour before the start."
        ),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    phases = models.JSONField(
        _("phases worked on"),
        default=list,
        blank=True,
        help_text=_("The phases of the strategy cycle this session works on."),
    )
    guides = models.ManyToManyField(
        "guides.Guide", verbose_name=_("guides worked with"), blank=True, related_name="+"
    )
    notes = models.TextField(
        _("notes of the organisers"),
        max_length=10000,
        blank=True,
        help_text=_("Only organisers and advisers see these notes."),
    )
    # RFC 5545 SEQUENCE: raised by every change participants must know of.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True, editable=False)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts", "pk"]
        indexes = [models.Index(fields=["starts"], name="workshops_session_starts")]

    def __str__(self) -> str:
        return self.title

    @property
    def ends(self):
        return self.starts + timedelta(minutes=self.duration)

    @property
    def is_online(self) -> bool:
        return self.format == self.Format.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts

    def meeting_link_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.is_online
            and bool(self.meeting_url)
            and not self.is_cancelled
            and self.starts - MEETING_LINK_OPENS <= now < self.ends
        )

    def phase_labels(self) -> list[str]:
        return [Phase(value).label for value in self.phases if value in Phase.values]

    def clean(self) -> None:
        errors = {}
        if self.format == self.Format.ONLINE and not self.meeting_url:
            errors["meeting_url"] = _("An online session needs a meeting link.")
        if self.format == self.Format.IN_PERSON and not (self.venue and self.address):
            errors["venue"] = _("A session in person needs a venue and an address.")
        wrong = [value for value in self.phases or [] if value not in Phase.values]
        if wrong or not isinstance(self.phases, list):
            errors["phases"] = _("Choose phases of the strategy cycle.")
        if errors:
            raise ValidationError(errors)


class Registration(Versioned):
    """A municipality's registration for a series; its people are the participants."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="registrations"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # A municipality registers once per series (a cancelled one may register again).
            models.UniqueConstraint(
                fields=["series", "municipality"],
                condition=~Q(status="cancelled"),
                name="workshops_registration_once_per_series",
            ),
        ]
        indexes = [
            models.Index(fields=["series", "status", "created_at"], name="workshops_reg_queue")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.series}"


class Participant(models.Model):
    """A person a municipality sends: a member (`user`) or, until they accept the invitation
    sent with the registration, only an e-mail address."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workshop_participations",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    invitation = models.ForeignKey(
        "municipalities.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "user"], name="workshops_participant_once"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="workshops_participant_person_or_email",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.email


class Attendance(models.Model):
    """A participant ticked as present in a session (no row: not present)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="workshops_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.session}"


class Material(models.Model):
    """A file or a link of a session, for its participants (and for everybody once the
    series is past, when `public`)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="materials", verbose_name=_("session")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[validate_http_url])
    # Files live in the database, like the guides' attachments: reachable only through the
    # view that checks who may see them, and in every database backup.
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    content = models.BinaryField(blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    public = models.BooleanField(
        _("public after the series"),
        default=False,
        help_text=_("Visitors see public materials of past series on the calendar."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file_name=""), name="workshops_material_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SentNotice(models.Model):
    """One notice that went out (mail), so that nobody gets it twice: a reminder per session
    and person, a confirmation per registration state, a follow-up per session. `key` makes
    it unique (e.g. the session's start for a reminder, so a moved session reminds again)."""

    class Kind(models.TextChoices):
        REMINDER_DAY = "reminder_day", _("Reminder one day before")
        REMINDER_HOUR = "reminder_hour", _("Reminder one hour before")
        NEW_SERIES = "new_series", _("New dates announced")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    recipient = models.CharField(max_length=254)  # the user's pk or the e-mail address
    key = models.CharField(max_length=40, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent notice")
        verbose_name_plural = _("sent notices")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "key"], name="workshops_notice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.recipient}"


class DateSubscriber(models.Model):
    """A visitor who asked to be told about new dates. Stored only once they confirmed the
    address (double opt-in: the confirmation link carries the signed address); nothing but
    the address and the time of confirmation is kept. `token` opens the unsubscribe link."""

    email = models.EmailField(_("e-mail address"), unique=True)
    token = models.CharField(max_length=43, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed on"), default=timezone.now)

    class Meta:
        verbose_name = _("subscriber to new dates")
        verbose_name_plural = _("subscribers to new dates")
        ordering = ["confirmed_at", "pk"]

    def __str__(self) -> str:
        return self.email
