"""The organisers' forms: a series, a session (date and time in Europe/Berlin), attendance,
a material (file or link), the notes, an agreed task and the confirmations of cancelling."""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.core.forms import GermanDateField, VersionedForm
from schreibwerkstatt.guides.models import Guide
from schreibwerkstatt.guides.uploads import CheckedFile
from schreibwerkstatt.municipalities.models import Membership
from schreibwerkstatt.process.phases import Phase

from .material_files import HINT, MAX_SIZE, check_material
from .models import Registration, Series, Session, validate_http_url

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y, %H:%M"]
DATETIME_ERRORS = {"invalid": gettext_lazy("Please enter a date and time, e.g. 31.12.2026 18:00.")}
TIME_ERRORS = {"invalid": gettext_lazy("Please enter a time, e.g. 09:30.")}


class GermanDateTimeField(forms.DateTimeField):
    """A moment in the browser's date-and-time picker (sent as 2026-12-31T18:00; typed as
    31.12.2026 18:00 where the browser has none), read in Europe/Berlin."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = DATETIME_ERRORS

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        super().__init__(**kwargs)


# Addresses under /beratung/termine/ that are pages, not series.
# Fixed addresses beside a series' address: /beratung/termine/neu/,
# /termine/benachrichtigen/ (views/feeds.py); a series with one of them could never be opened.
RESERVED_SLUGS = {"neu", "benachrichtigen"}


def active_advisers():
    return get_user_model().objects.filter(is_adviser=True, is_active=True).order_by("name", "pk")


class SeriesForm(VersionedForm):
    class Meta:
        model = Series
        fields = [
            "title",
            "slug",
            "description",
            "target_group",
            "organiser",
            "organisers",
            "public",
            "registration_opens",
            "registration_closes",
            "cancellation_deadline",
            "capacity",
            "seats_per_municipality",
        ]
        field_classes = {
            "registration_opens": GermanDateTimeField,
            "registration_closes": GermanDateTimeField,
            "cancellation_deadline": GermanDateTimeField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "organisers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = active_advisers()
        self.fields["slug"].widget.attrs.update(autocapitalize="off", spellcheck="false")
        for name in ("capacity", "seats_per_municipality"):
            self.fields[name].error_messages.update(
                min_value=_("Please enter at least 1."),
                max_value=_("Please enter at most %(limit_value)s."),
            )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                _("This address is reserved for a page of the product. Please choose another one."),
                code="reserved",
            )
        if Series.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("Another series already has this address. Please choose another one."),
                code="unique",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        series = self.instance
        if not series.pk:
            return cleaned
        active = series.registrations.filter(status=Registration.Status.CONFIRMED)
        capacity = cleaned.get("capacity")
        confirmed = active.count()
        if capacity is not None and capacity < confirmed:
            self.add_error(
                "capacity",
                _(
                    "%(count)s municipalities are confirmed already. Cancel registrations "
                    "before lowering the places below that."
                )
                % {"count": confirmed},
            )
        seats = cleaned.get("seats_per_municipality")
        if seats is not None:
            largest = max(
                (
                    r.participants.count()
                    for r in series.registrations.exclude(status=Registration.Status.CANCELLED)
                ),
                default=0,
            )
            if seats < largest:
                self.add_error(
                    "seats_per_municipality",
                    _("A municipality has registered %(count)s people already.")
                    % {"count": largest},
                )
        return cleaned

    def validate_unique(self) -> None:
        # clean_slug says it in German; the rest has no unique fields.
        pass


PHASE_CHOICES = [(phase.value, f"{phase.value} – {phase.label}") for phase in Phase]


class SessionForm(VersionedForm):
    """A session; `date` and `time` (Europe/Berlin) make its start."""

    date = GermanDateField(label=gettext_lazy("Date"))
    time = forms.TimeField(
        label=gettext_lazy("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages=TIME_ERRORS,
    )
    phases = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Phases worked on"),
        choices=PHASE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_url = forms.URLField(
        label=Session._meta.get_field("meeting_url").verbose_name,
        help_text=Session._meta.get_field("meeting_url").help_text,
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_http_url],
    )
    guides = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Guides worked with"),
        queryset=Guide.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "duration",
            "format",
            "meeting_url",
            "venue",
            "address",
            "agenda",
            "phases",
            "guides",
        ]
        widgets = {
            "format": forms.RadioSelect,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "duration": forms.NumberInput(attrs={"min": 15, "max": 720, "step": 5}),
        }

    field_order = ["title", "date", "time", "duration", "format", "meeting_url", "venue",
                   "address", "agenda", "phases", "guides"]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guides"].queryset = Guide.objects.in_order().only("pk", "title")
        self.fields["duration"].error_messages.update(
            min_value=_("A session lasts at least 15 minutes, so it cannot end before it starts."),
            max_value=_("A session lasts at most 12 hours (720 minutes)."),
        )
        self.fields["meeting_url"].widget.attrs.update(autocapitalize="off", spellcheck="false")
        self.fields["meeting_url"].error_messages["invalid"] = validate_http_url.message
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.starts)
            self.initial.update(date=local.date(), time=local.time().replace(second=0))

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if day is not None and at is not None:
            starts = timezone.make_aware(datetime.combine(day, at))
            if self.instance.pk is None and starts <= timezone.now():
                self.add_error("date", _("A new session cannot start in the past."))
            else:
                self.instance.starts = starts
                cleaned["starts"] = starts
        return cleaned

    def changes(self) -> tuple[dict, dict]:
        plain, m2m = super().changes()
        plain["starts"] = self.cleaned_data["starts"]
        return plain, m2m


class AttendanceForm(forms.Form):
    """The participants ticked as present (ids among `participants`)."""

    present = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, participants=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(p.pk, str(p)) for p in participants]
        self.fields["present"].error_messages["invalid_choice"] = _(
            "Somebody ticked is not a participant of this session. Please reload the page."
        )


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=HINT,
        error_messages={"empty": gettext_lazy("The file is empty.")},
    )
    url = forms.URLField(
        label=gettext_lazy("or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_http_url],
        error_messages={"invalid": validate_http_url.message},
        help_text=gettext_lazy("E.g. a shared whiteboard or a recording."),
    )
    public = forms.BooleanField(
        label=gettext_lazy("public after the series"),
        required=False,
        help_text=gettext_lazy("Visitors see public materials of past series on the calendar."),
    )

    checked: CheckedFile | None = None
    data_bytes: bytes = b""

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("file"), cleaned.get("url")
        if self.errors:
            return cleaned
        if upload and url:
            raise ValidationError(_("Please add either a file or a link, not both at once."))
        if not upload and not url:
            raise ValidationError(_("Please choose a file or enter a link."))
        if upload:
            if upload.size > MAX_SIZE:
                self.add_error(
                    "file", _("The file is larger than 10 MB. Please upload a smaller file.")
                )
                return cleaned
            data = upload.read(MAX_SIZE + 1)
            try:
                self.checked = check_material(data, upload.name or "")
            except ValidationError as error:
                self.add_error("file", error)
                return cleaned
            self.data_bytes = data
        return cleaned


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Notes of the organisers"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Only organisers and advisers see these notes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TaskForm(forms.Form):
    """A task agreed in the session, for the checklist of a registered municipality."""

    title = forms.CharField(label=gettext_lazy("Task"), max_length=200)
    registration = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Registration.objects.none(),
        empty_label=gettext_lazy("Please choose"),
    )
    phase = forms.TypedChoiceField(
        label=gettext_lazy("Phase"), choices=[("", gettext_lazy("Please choose")), *PHASE_CHOICES],
        coerce=int,
    )  # fmt: skip
    owner = forms.TypedChoiceField(
        label=gettext_lazy("Responsible"),
        coerce=int,
        help_text=gettext_lazy(
            "A member of the municipality; the task appears in their “My tasks”."
        ),
    )
    due_date = GermanDateField(label=gettext_lazy("Due on"), required=False)

    def __init__(self, *args, registrations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = [r.pk for r in registrations]
        self.fields["registration"].queryset = Registration.objects.filter(
            pk__in=ids
        ).select_related("municipality")
        self.fields["registration"].label_from_instance = lambda r: r.municipality.name
        # The members of each registered municipality, grouped by it.
        memberships = (
            Membership.objects.filter(
                municipality__workshop_registrations__in=ids, user__is_active=True
            )
            .select_related("user", "municipality")
            .order_by("municipality__name", "user__name", "user__pk")
        )
        groups: dict[str, list[tuple[int, str]]] = {}
        self.people: dict[int, object] = {}
        for membership in memberships:
            person = membership.user
            self.people[person.pk] = person
            groups.setdefault(membership.municipality.name, []).append(
                (person.pk, person.name or person.email)
            )
        self.fields["owner"].choices = [("", _("Please choose")), *groups.items()]
        self.fields["registration"].error_messages["invalid_choice"] = _(
            "Please choose a municipality registered for this series."
        )

    def clean(self):
        cleaned = super().clean()
        registration, owner = cleaned.get("registration"), self.people.get(cleaned.get("owner"))
        if owner is not None:
            cleaned["owner"] = owner
        if (
            registration
            and owner
            and not Membership.objects.filter(
                municipality_id=registration.municipality_id, user=owner
            ).exists()
        ):
            self.add_error(
                "owner",
                _("%(person)s is no member of %(municipality)s.")
                % {"person": owner.name or owner.email, "municipality": registration.municipality},
            )
        return cleaned


class ConfirmForm(forms.Form):
    """A button that confirms what the page asked (cancelling a series, a session or a
    registration)."""

    confirm = forms.BooleanField(required=True)
