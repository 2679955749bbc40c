from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    """Switch the transparency page on or off; the value names the wanted state."""

    public = forms.TypedChoiceField(
        choices=[("on", _("on")), ("off", _("off"))], coerce=lambda value: value == "on"
    )
