from django import forms
from django.utils.translation import gettext_lazy as _


class PageForm(forms.Form):
    page = forms.IntegerField(
        min_value=1,
        max_value=1_000_000,
        required=False,
        error_messages={"invalid": _("The page number must be a whole number.")},
    )
