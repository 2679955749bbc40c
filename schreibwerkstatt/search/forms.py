from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={
            "required": _("Please enter a search term."),
            "max_length": _(
                "Please enter a shorter search term (at most %(limit_value)d characters)."
            ),
        },
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)
