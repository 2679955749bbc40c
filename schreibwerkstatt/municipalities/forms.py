from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Membership, Municipality, Role


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The person receives a link that is valid for 7 days and can be used once."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:  # type: ignore[no-untyped-def]
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
