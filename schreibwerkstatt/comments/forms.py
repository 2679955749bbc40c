from django import forms
from django.utils.translation import gettext_lazy as _

from .targets import KINDS


class CommentTextForm(forms.Form):
    """A comment written on the element's own comment page (the URL names the element)."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Write @ followed by an e-mail address to notify a colleague, e.g. @anna.berg@kommune.de."
        ),
        error_messages={"required": _("Please write a comment.")},
    )


class CommentForm(CommentTextForm):
    """A comment sent from any page: the hidden fields name the element."""

    target_type = forms.ChoiceField(choices=[(k, k) for k in KINDS], widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ResolveForm(forms.Form):
    resolved = forms.BooleanField(required=False)
