from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationSettings


class TickForm(forms.Form):
    """Ticking a step: the wanted state and the version the person saw."""

    done = forms.BooleanField(required=False)
    version = forms.IntegerField(min_value=1)


def _model_field(name: str):
    return NotificationSettings._meta.get_field(name)


class NotificationSettingsForm(forms.Form):
    reminders = forms.BooleanField(
        required=False,
        label=_model_field("reminders").verbose_name,
        help_text=_model_field("reminders").help_text,
    )
    weekly_digest = forms.BooleanField(
        required=False,
        label=_model_field("weekly_digest").verbose_name,
        help_text=_model_field("weekly_digest").help_text,
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def for_settings(cls, current: NotificationSettings) -> "NotificationSettingsForm":
        return cls(
            initial={
                "reminders": current.reminders,
                "weekly_digest": current.weekly_digest,
                "version": current.version,
            }
        )


class SettingsActionForm(forms.Form):
    """Which of the settings page's buttons was pressed."""

    action = forms.ChoiceField(
        choices=[
            ("save", _("Save settings")),
            ("renew_feed", _("Create a new calendar address")),
            ("revoke_feed", _("Switch off the calendar subscription")),
        ]
    )
