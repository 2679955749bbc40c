"""Forms of the roadmap: the view filter (GET), rescheduling a measure, milestones and the
confirmation of a proposed schedule."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import GermanDateField, VersionedForm
from schreibwerkstatt.strategies.models import Measure, Milestone, Strategy, TagAxis

from .timeline import GROUP_FIELD, grouping_choices

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
PAPER_A4, PAPER_A3 = "a4", "a3"


def check_year(value: date | None) -> date | None:
    """Catch typing slips such as 0226 or 20266 in a year."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise forms.ValidationError(
            _("Please enter a date between the years %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
    return value


class RoadmapFilterForm(forms.Form):
    """How the roadmap is shown: grouping, filters and the paper size for printing."""

    group = forms.ChoiceField(label=_("Group by"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *Measure.Status.choices], required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("all")), *Measure.Priority.choices], required=False
    )
    paper = forms.ChoiceField(
        label=_("Paper for printing"),
        choices=[(PAPER_A4, _("A4 landscape")), (PAPER_A3, _("A3 landscape"))],
        required=False,
    )

    def __init__(
        self, *args, strategy: Strategy, axes: list[TagAxis], has_partners: bool, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = grouping_choices(strategy, axes, has_partners)

    def settings(self) -> dict[str, str]:
        """The chosen values, with the defaults for what was left out."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "group": data.get("group") or GROUP_FIELD,
            "status": data.get("status") or "",
            "priority": data.get("priority") or "",
            "paper": data.get("paper") or PAPER_A4,
        }


class RescheduleForm(VersionedForm):
    """Start, end and duration of one measure, saved with optimistic locking."""

    back = forms.ChoiceField(
        choices=[("table", "table"), ("chart", "chart"), ("measure", "measure")],
        widget=forms.HiddenInput,
        required=False,
    )

    class Meta:
        model = Measure
        fields = ["start", "end", "duration_months"]
        field_classes = {"start": GermanDateField, "end": GermanDateField}
        error_messages = {
            "duration_months": {
                "invalid": _("Please enter a whole number of months, e.g. 18."),
                "min_value": _("The duration must be at least 1 month."),
                "max_value": _("The duration must not exceed 120 months."),
            }
        }

    def __init__(self, *args, **kwargs) -> None:
        kwargs.pop("strategy", None)
        super().__init__(*args, **kwargs)
        self.fields["start"].help_text = _("The day the measure begins.")
        self.fields["end"].help_text = _(
            "The last day of the measure. Leave it empty if only the duration is known."
        )
        self.fields["duration_months"].help_text = _(
            "Only needed without an end: the roadmap then counts the months from the start."
        )

    def clean_start(self) -> date | None:
        return check_year(self.cleaned_data.get("start"))

    def clean_end(self) -> date | None:
        return check_year(self.cleaned_data.get("end"))


class MilestoneForm(VersionedForm):
    """A milestone of the strategy or of one of its measures."""

    class Meta:
        model = Milestone
        fields = ["title", "date", "measure"]
        field_classes = {"date": GermanDateField}

    def __init__(self, *args, strategy: Strategy, choose_measure: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("e.g. “Council decision”, “Go-live”, “Interim report”.")
        if choose_measure:
            measure = self.fields["measure"]
            measure.queryset = strategy.measures.only("pk", "title")
            measure.empty_label = _("none – a milestone of the whole strategy")
            measure.label = _("Measure")
            measure.error_messages["invalid_choice"] = _(
                "Please choose a measure of this strategy."
            )
        else:
            del self.fields["measure"]

    def clean_date(self) -> date | None:
        return check_year(self.cleaned_data.get("date"))


VERSIONS = re.compile(r"^(\d+:\d+)(,\d+:\d+)*$")


class ApplyProposalForm(forms.Form):
    """The confirmation of a proposed schedule: the state of the measures it was made from."""

    versions = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200_000)
    made_on = forms.DateField(widget=forms.HiddenInput)

    def clean_versions(self) -> dict[int, int]:
        text = self.cleaned_data.get("versions", "")
        if text and not VERSIONS.match(text):
            raise forms.ValidationError(_("The form is incomplete. Please reload the page."))
        pairs = (pair.split(":") for pair in text.split(",") if pair)
        return {int(pk): int(version) for pk, version in pairs}


def versions_field(measures: list[Measure]) -> str:
    return ",".join(f"{m.pk}:{m.version}" for m in measures)
