from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    SUPPORT_ACCESS_MAX_DAYS,
    Invitation,
    Membership,
    Municipality,
    Role,
    SupportAccess,
)


def operators():
    """The Plattform-Admins a support access can be granted to (rules.is_operator)."""
    return get_user_model().objects.filter(is_active=True, is_staff=True, is_superuser=True)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The person receives a link that is valid for 7 days and can be used once."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(
            municipality=self.municipality, user__email__iexact=email
        ).exists():
            raise forms.ValidationError(
                _("This person is already a member of %(name)s."),
                params={"name": self.municipality.name},
            )
        if (
            Invitation.objects.pending()
            .filter(municipality=self.municipality, email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError(
                _(
                    "An open invitation for this address exists already. Withdraw it first to send a new one."
                )
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _max_days_hint_text() -> str:
    return gettext("At most %(days)s days. You can revoke the access earlier at any time.") % {
        "days": SUPPORT_ACCESS_MAX_DAYS
    }


_max_days_hint = lazy(_max_days_hint_text, str)


class OperatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class SupportAccessForm(forms.Form):
    operator = OperatorChoiceField(
        label=_("Operator"),
        queryset=None,
        empty_label=_("Please choose"),
        error_messages={"invalid_choice": _("Please choose one of the listed operators.")},
    )
    days = forms.IntegerField(
        label=_("Duration in days"),
        min_value=1,
        max_value=SUPPORT_ACCESS_MAX_DAYS,
        initial=7,
        help_text=_max_days_hint(),
        error_messages={
            "min_value": _("The access lasts at least one day."),
            "max_value": _("The access lasts at most %(limit_value)s days."),
            "invalid": _("Please enter a whole number of days."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What should the operator look at? The reason goes into the audit log."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["operator"].queryset = operators()

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Please give a reason."))
        return reason

    def clean_operator(self):
        operator = self.cleaned_data["operator"]
        active = (
            SupportAccess.objects.active()
            .filter(municipality=self.municipality, operator=operator)
            .first()
        )
        if active is not None:
            raise forms.ValidationError(
                _(
                    "%(name)s already has a support access until %(date)s. Revoke it first to "
                    "grant a new one."
                ),
                params={
                    "name": operator,
                    "date": date_format(localtime(active.expires_at), "SHORT_DATETIME_FORMAT"),
                },
            )
        return operator


class AuditLogPageForm(forms.Form):
    """The page of the audit log (views.audit_log)."""

    page = forms.IntegerField(
        min_value=1,
        max_value=1_000_000,
        required=False,
        error_messages={"invalid": _("The page number must be a whole number.")},
    )
