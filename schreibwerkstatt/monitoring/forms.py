"""Forms of the monitoring app: every request is validated here, with German messages."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import DATE, DATE_ERRORS
from schreibwerkstatt.strategies.models import Indicator, Measure, Strategy

from .models import IndicatorValue, StatusUpdate
from .traffic_light import LABELS, Level

_NUMBER = re.compile(r"^[+-]?[\d.,]+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def german_number(text: str) -> str:
    """12,5 → 12.5; 1.250 → 1250; 1.250,75 → 1250.75; 12.5 stays (a dot with other than
    three digits after it is a decimal point). Raises ValueError for anything else."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text) or text.count(",") > 1:
        raise ValueError(text)
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if _THOUSANDS.match(text):
        return text.replace(".", "")
    if text.count(".") > 1:
        raise ValueError(text)
    return text


class GermanDecimalField(forms.DecimalField):
    """A number as Germans write it, without unit: 12,5 or 1.250 or 1.250,75."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = german_number(value)
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
        return super().to_python(value)


def not_in_future(day):
    """Dates up to today are allowed; a date after today is refused (no tolerance)."""
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(
            _("The date lies in the future. Please enter a date up to today (%(today)s).")
            % {"today": timezone.localdate().strftime("%d.%m.%Y")}
        )
    return day


class StatusUpdateForm(forms.ModelForm):
    date = forms.DateField(label=_("Status as of"), widget=DATE, error_messages=DATE_ERRORS)
    progress_percent = forms.CharField(
        label=_("Progress (%)"),
        help_text=_("A whole number from 0 (not started) to 100 (completed)."),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = StatusUpdate
        fields = ["date", "status", "progress_percent", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "note": _("In a few sentences: what has been done, what comes next, what is stuck."),
        }

    def __init__(self, *args, measure: Measure, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "date": timezone.localdate(),
                "status": measure.status,
                "progress_percent": measure.progress_percent
                if measure.progress_percent is not None
                else 0,
            },
        )
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["status"].error_messages["invalid_choice"] = _(
            "Please choose one of the listed states."
        )
        # Unique ids: the form sits on the measure page next to other forms.
        self.auto_id = "status-%s"

    def clean_date(self):
        return not_in_future(self.cleaned_data.get("date"))

    def clean_progress_percent(self) -> int:
        raw = self.cleaned_data.get("progress_percent", "").strip().removesuffix("%").strip()
        if not raw.isdigit() or int(raw) > 100:
            raise forms.ValidationError(
                _("Please enter the progress as a whole number from 0 to 100.")
            )
        return int(raw)

    def clean(self) -> dict:
        data = super().clean()
        status, note = data.get("status"), (data.get("note") or "").strip()
        if status and not note and status == self.measure.status:
            self.add_error(
                "note",
                _(
                    "Please describe what happened. Without a note, a status update must change "
                    "the status."
                ),
            )
        return data


class IndicatorValueForm(forms.ModelForm):
    date = forms.DateField(label=_("Measured on"), widget=DATE, error_messages=DATE_ERRORS)
    value = GermanDecimalField(
        label=_("Value"),
        max_digits=16,
        decimal_places=4,
        error_messages={
            "required": _("Please enter the measured value."),
            "invalid": _(
                "Please enter only the number, without unit or other characters, "
                "e.g. 12,5 or 1.250."
            ),
            "max_digits": _("The number is too long."),
            "max_decimal_places": _("Please enter at most 4 decimal places."),
            "max_whole_digits": _("The number is too large."),
        },
    )

    class Meta:
        model = IndicatorValue
        fields = ["date", "value", "source"]

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = _("In the indicator's unit (%(unit)s).") % {
            "unit": indicator.unit
        }
        self.auto_id = "value-%s"

    def clean_date(self):
        return not_in_future(self.cleaned_data.get("date"))


class StaleSettingsForm(forms.Form):
    """After how many days without a status update a measure counts as stale."""

    stale_after_days = forms.IntegerField(
        label=_("A measure counts as stale after this many days without a status update"),
        help_text=_("From 7 to 730 days. Usual: 90 days, about one quarter."),
        min_value=7,
        max_value=730,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Please enter a number of days from 7 to 730."),
            "invalid": _("Please enter a number of days from 7 to 730."),
            "min_value": _("Please enter a number of days from 7 to 730."),
            "max_value": _("Please enter a number of days from 7 to 730."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"stale_after_days": strategy.stale_after_days, "version": strategy.version}
        )
        super().__init__(*args, **kwargs)
        self.auto_id = "settings-%s"


class NoneOption:
    """Value of the "no field of action" filter option."""

    VALUE = "none"


class FieldFilter(forms.Form):
    """A list filter with a "field of action" choice: the strategy's fields, all, or none."""

    field = forms.ChoiceField(label=_("Field of action"), required=False)

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            ("", _("all")),
            *((str(f.pk), f.title) for f in strategy.fields.only("pk", "strategy_id", "title")),
            (NoneOption.VALUE, _("without field of action")),
        ]
        self.fields["field"].error_messages["invalid_choice"] = _(
            "Please choose one of the listed fields of action."
        )


class MeasureListFilter(FieldFilter):
    """The filters the implementation dashboard links to; all optional."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Measure.Status.choices], required=False
    )
    stale = forms.ChoiceField(
        label=_("Updates"),
        choices=[("", _("all")), ("1", _("only stale measures"))],
        required=False,
    )
    undated = forms.ChoiceField(
        label=_("Costs"),
        choices=[("", _("all")), ("1", _("only measures with costs but without a start date"))],
        required=False,
    )
    year = forms.IntegerField(
        label=_("With planned costs in the year"),
        required=False,
        min_value=1900,
        max_value=2200,
        error_messages={"invalid": _("Please enter a year, e.g. 2027.")},
    )


class StepListFilter(FieldFilter):
    state = forms.ChoiceField(
        label=_("Steps"),
        choices=[
            ("", _("all")),
            ("open", _("open")),
            ("done", _("done")),
            ("overdue", _("overdue")),
        ],
        required=False,
    )


class IndicatorListFilter(forms.Form):
    level = forms.ChoiceField(
        label=_("Assessment"),
        choices=[("", _("all")), *((level.value, LABELS[level]) for level in Level)],
        required=False,
    )
