"""The forms of a municipality's registration: which municipality (for a person coordinating
several), the participants from its members, and the addresses of new people."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

User = get_user_model()
SEPARATORS = re.compile(r"[\s,;]+")


class MunicipalityChoiceForm(forms.Form):
    """Which of the coordinated municipalities registers (GET ?kommune=<slug>)."""

    kommune = forms.ChoiceField(label=_("Municipality"), widget=forms.RadioSelect)

    def __init__(self, municipalities, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {m.slug: m for m in municipalities}
        self.fields["kommune"].choices = [(m.slug, m.name) for m in municipalities]
        self.fields["kommune"].error_messages["invalid_choice"] = _(
            "Choose one of the municipalities you coordinate."
        )
        self.fields["kommune"].error_messages["required"] = _(
            "Choose the municipality you register."
        )

    def municipality(self):
        return self.municipalities[self.cleaned_data["kommune"]]


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ParticipantsForm(forms.Form):
    """Members of the municipality (ticked) and addresses of new people (invited as
    contributors). `seats`: how many may still be named; `taken`: members already named."""

    members = MemberChoiceField(
        label=_("Participants from your municipality"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose people who are members of the municipality."),
            "invalid_pk_value": _("Choose people who are members of the municipality."),
        },
    )
    emails = forms.CharField(
        label=_("New people (e-mail addresses)"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        required=False,
        max_length=2000,
        help_text=_(
            "One address per line, for colleagues who have no account yet. They are invited "
            "to your municipality as contributors with the same step and take part once they "
            "accept the invitation."
        ),
    )

    def __init__(self, municipality, *, seats: int, taken=(), **kwargs) -> None:
        super().__init__(**kwargs)
        self.municipality = municipality
        self.seats = seats
        members = User.objects.filter(
            memberships__municipality=municipality, is_active=True
        ).order_by("name", "email")
        if taken:
            members = members.exclude(pk__in=list(taken))
        self.fields["members"].queryset = members
        self.fields["members"].help_text = ngettext(
            "Up to %(seats)d person, members and new people together.",
            "Up to %(seats)d people, members and new people together.",
            seats,
        ) % {"seats": seats}

    def clean_emails(self) -> list[str]:
        found = [part for part in SEPARATORS.split(self.cleaned_data["emails"]) if part]
        emails: list[str] = []
        for address in found:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    _("“%(address)s” is not a valid e-mail address."),
                    code="invalid",
                    params={"address": address[:100]},
                ) from None
            if address.lower() not in emails:
                emails.append(address.lower())
        members = {
            email.lower(): name
            for email, name in User.objects.filter(
                memberships__municipality=self.municipality, email__in=emails
            ).values_list("email", "name")
        }
        if members:
            raise ValidationError(
                _(
                    "%(names)s already belongs to your municipality: please tick the name "
                    "above instead of the address."
                ),
                code="member",
                params={"names": ", ".join(sorted(name or e for e, name in members.items()))},
            )
        return emails

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        people = len(data.get("members") or []) + len(data.get("emails") or [])
        if people == 0:
            raise ValidationError(_("Name at least one participant."), code="no_participants")
        if people > self.seats:
            raise ValidationError(
                ngettext(
                    "There is %(seats)d seat left for your municipality; you named %(people)d "
                    "people.",
                    "There are %(seats)d seats left for your municipality; you named %(people)d "
                    "people.",
                    self.seats,
                ),
                code="seats",
                params={"seats": self.seats, "people": people},
            )
        return data
