"""The forms of guest links (guests.py): the facilitator's new link and a guest's name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .guests import DAYS_DEFAULT, DAYS_MAX, DAYS_MIN, DISPLAY_NAME_MAX

DAYS_ERROR = _("Choose a validity of 1 to 30 days.")


class GuestLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=False,
        help_text=_("Only you and the facilitation see it, e.g. “Citizens' workshop 12 May”."),
        error_messages={"max_length": _("Please use at most 100 characters for the label.")},
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=DAYS_MIN,
        max_value=DAYS_MAX,
        initial=DAYS_DEFAULT,
        help_text=_("1 to 30 days; you can revoke the link at any time."),
        error_messages={
            "required": DAYS_ERROR,
            "invalid": DAYS_ERROR,
            "min_value": DAYS_ERROR,
            "max_value": DAYS_ERROR,
        },
    )


class GuestJoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name on the board"),
        max_length=DISPLAY_NAME_MAX,
        strip=True,
        help_text=_("At most 40 characters; a first name or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX}),
        error_messages={
            "required": _("Please enter the name the others will see on your cards."),
            "max_length": _("Please use at most 40 characters for your name."),
        },
    )
