from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import GermanDateField, Select
from schreibwerkstatt.municipalities.forms import InviteForm
from schreibwerkstatt.municipalities.models import Municipality, Role

MAX_TEAM_INVITATIONS = 10


class ItemForm(forms.Form):
    title = forms.CharField(
        label=_("Task"),
        max_length=200,
        error_messages={
            "max_length": _(
                "Please keep the task to at most %(limit_value)d characters (now %(show_value)d)."
            )
        },
    )
    assignee = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("nobody yet"),
        widget=Select,  # every member of the municipality: many options
        error_messages={"invalid_choice": _("Please choose a member of this municipality.")},
    )
    due_date = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date, for example 31.12.2026.")},
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__municipality=municipality,
                memberships__role__in=[Role.COORDINATOR, Role.EDITOR, Role.CONTRIBUTOR],
            )
            .order_by("name", "email")
        )


class EditItemForm(ItemForm):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=300,
        required=False,
        help_text=_("E.g. the number of the resolution, a file number or a link to the document."),
        error_messages={
            "max_length": _(
                "Please keep the reference to at most %(limit_value)d characters "
                "(now %(show_value)d)."
            )
        },
    )
    reference_date = forms.DateField(
        label=_("Date of the reference"),
        required=False,
        help_text=_("E.g. the day of the decision."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date, for example 31.12.2026.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ToggleForm(forms.Form):
    done = forms.BooleanField(required=False)


class StartForm(forms.Form):
    """The guided start of a municipality's first strategy: title and period, the mandate (if
    there is one) and the invitations of the core team (for those who may invite)."""

    title = forms.CharField(
        label=_("Title of the strategy"),
        max_length=200,
        help_text=_("E.g. “Digitalstrategie der Gemeinde Musterdorf”. You can change it later."),
        error_messages={"required": _("Please give the strategy a title.")},
    )
    period_start = GermanDateField(
        label=_("Period from"),
        error_messages={"required": _("Please enter when the strategy's period begins.")},
    )
    period_end = GermanDateField(
        label=_("Period until"),
        help_text=_("Digital strategies usually look ahead three to five years."),
        error_messages={"required": _("Please enter when the strategy's period ends.")},
    )
    mandate_reference = forms.CharField(
        label=_("Mandate"),
        max_length=300,
        required=False,
        help_text=_(
            "Who gave the mandate, e.g. “Beschluss 12/2026 der Gemeindevertretung” or "
            "“Auftrag des Bürgermeisters”. Leave it empty if the mandate is still to be obtained: "
            "it then stays on the checklist of the preparation."
        ),
    )
    mandate_date = GermanDateField(label=_("Date of the mandate"), required=False)
    team = forms.CharField(
        label=_("Core team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_(
            "E-mail addresses of the people who write the strategy with you, one per line "
            "(at most 10). They are invited to the editorial team; you can invite more later."
        ),
    )

    def __init__(self, *args, municipality: Municipality, can_invite: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if not can_invite:
            del self.fields["team"]

    def clean_team(self) -> list[str]:
        addresses = list(
            dict.fromkeys(
                line.strip().lower()
                for line in self.cleaned_data["team"].replace(",", "\n").splitlines()
                if line.strip()
            )
        )
        if len(addresses) > MAX_TEAM_INVITATIONS:
            raise forms.ValidationError(
                _("Please invite at most %(limit)d people here; invite more later."),
                params={"limit": MAX_TEAM_INVITATIONS},
            )
        problems = []
        for address in addresses:
            single = InviteForm(
                {"email": address, "role": Role.EDITOR}, municipality=self.municipality
            )
            if not single.is_valid():
                for error in single.errors.get("email", []):
                    problems.append(f"{address}: {error}")
        if problems:
            raise forms.ValidationError(problems)
        return addresses

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("The period must end after it begins."))
        if data.get("mandate_date") and not data.get("mandate_reference"):
            self.add_error("mandate_reference", _("Please say who gave the mandate on this date."))
        return data
