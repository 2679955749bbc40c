from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Kind


class PageForm(forms.Form):
    """The inbox's page number (?seite=2)."""

    seite = forms.IntegerField(
        min_value=1, required=False, error_messages={"invalid": _("Invalid page number.")}
    )


# Kinds nothing sends, so the page offers no choice for them (none today: REPLY comes from
# the discussions, new topics and replies in what a person follows).
UNSENT_KINDS: frozenset[str] = frozenset()


class PreferencesForm(forms.Form):
    """One radio group per kind of notification that is sent."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            if kind in UNSENT_KINDS:
                continue
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect
            )
