from django import forms
from django.utils.translation import gettext_lazy as _

TARGETS = ("strategy", "fieldofaction", "goal", "indicator", "measure", "step")


class CommentForm(forms.Form):
    target_type = forms.ChoiceField(choices=[(t, t) for t in TARGETS], widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Write @ followed by an e-mail address to notify a colleague, e.g. @anna.berg@kommune.de."
        ),
    )


class ResolveForm(forms.Form):
    resolved = forms.BooleanField(required=False)
