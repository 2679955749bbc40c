from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import DATE, DATE_ERRORS

from .models import Revision

VERSION_ERRORS = {"required": _("The form is incomplete. Please reload the page.")}


class AdoptForm(forms.Form):
    """Beschließen: the decision that makes the current draft the adopted revision."""

    adopted_on = forms.DateField(
        label=_("Date of the decision"),
        widget=DATE,
        error_messages={**DATE_ERRORS, "required": _("Please enter the date of the decision.")},
        help_text=_("The day of the council meeting that adopted the strategy."),
    )
    body = forms.CharField(
        label=_("Decision-making body"),
        max_length=200,
        help_text=_("e.g. Stadtverordnetenversammlung, Gemeindevertretung, Kreistag"),
        error_messages={"required": _("Please name the body that adopted the strategy.")},
    )
    document_number = forms.CharField(
        label=_("Document number (Drucksache)"),
        max_length=100,
        help_text=_("The number of the council document, e.g. 2026/041."),
        error_messages={"required": _("Please enter the number of the council document.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. amendments the council decided on."),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages=VERSION_ERRORS
    )
    # Only while something is open (revisions/open_items.py): adopting then is a deliberate
    # decision, confirmed and explained.
    confirm_open = forms.BooleanField(
        label=_("I know what is still open and adopt the strategy all the same."),
        required=False,
    )
    open_reason = forms.CharField(
        label=_("Why adopt with open items?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Recorded with the revision, e.g. “The council decided on the draft as it stands.”"
        ),
    )

    def __init__(self, *args, open_items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.open_items = list(open_items)
        if not self.open_items:
            del self.fields["confirm_open"], self.fields["open_reason"]
            return
        confirm, reason = self.fields["confirm_open"], self.fields["open_reason"]
        confirm.required = reason.required = True
        confirm.error_messages["required"] = _(
            "Something is still open. Confirm that you adopt the strategy all the same."
        )
        reason.error_messages["required"] = _(
            "Please give the reason for adopting with open items."
        )

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("The date lies in the future. Record the decision once it has been taken.")
            )
        return value

    def clean_body(self) -> str:
        return self.cleaned_data["body"].strip()

    def clean_document_number(self) -> str:
        return self.cleaned_data["document_number"].strip()


class BeginForm(forms.Form):
    """Neue Fortschreibung beginnen (the strategy's version guards against a stale page)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages=VERSION_ERRORS
    )


class CompareForm(forms.Form):
    """Which two states to compare: an adopted revision and another one or the current draft."""

    DRAFT = "entwurf"

    von = forms.ModelChoiceField(
        label=_("Compare the revision"),
        queryset=Revision.objects.none(),
        error_messages={
            "required": _("Please choose a revision."),
            "invalid_choice": _("This revision does not exist (any more)."),
        },
    )
    mit = forms.ChoiceField(
        label=_("with"),
        error_messages={
            "required": _("Please choose what to compare with."),
            "invalid_choice": _("This revision does not exist (any more)."),
        },
    )

    def __init__(self, *args, revisions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        adopted = [r for r in revisions if r.state == Revision.State.ADOPTED]
        self.fields["von"].queryset = Revision.objects.filter(pk__in=[r.pk for r in adopted])
        self.fields["von"].label_from_instance = label
        self.fields["mit"].choices = [
            (self.DRAFT, _("the current draft")),
            *[(str(r.pk), label(r)) for r in reversed(adopted)],
        ]
        if adopted and not self.is_bound:
            self.initial = {"von": adopted[-1].pk, "mit": self.DRAFT}

    def clean(self):
        data = super().clean()
        if data.get("von") and str(data["von"].pk) == data.get("mit"):
            raise forms.ValidationError(_("Please choose two different revisions."))
        return data


def label(revision: Revision) -> str:
    if revision.adopted_on:
        return str(
            _("Revision %(number)s, adopted on %(date)s")
            % {"number": revision.number, "date": revision.adopted_on.strftime("%d.%m.%Y")}
        )
    return str(_("Revision %(number)s (in preparation)") % {"number": revision.number})


class ReviewCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment on this paragraph"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Please write a comment."),
            "max_length": _("Please keep the comment under 2000 characters."),
        },
    )


class ResolveForm(forms.Form):
    resolved = forms.TypedChoiceField(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )
