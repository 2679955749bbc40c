"""The forms of the take-over into the strategy (transfer.py, views_transfer.py)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Transfer
from .transfer import Offer, Wish, refusal

# Most results become measures: first in the list, so a choice not sent back stays one.
KIND_CHOICES = [
    (Transfer.Kind.MEASURE.value, Transfer.Kind.MEASURE.label),
    (Transfer.Kind.GOAL.value, Transfer.Kind.GOAL.label),
    (Transfer.Kind.FIELD.value, Transfer.Kind.FIELD.label),
]


class StrategyChoiceForm(forms.Form):
    strategy = forms.ModelChoiceField(
        label=gettext_lazy("Strategy"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Please choose the strategy to take the results into."),
            "invalid_choice": gettext_lazy("Please choose one of your municipality’s strategies."),
        },
    )

    def __init__(self, *args, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies


class TransferForm(forms.Form):
    """Which cards and groups become what. The checkboxes are named `take` (values like
    "card-12"); each card or group has a kind (`kind-<key>`) and, for a goal or measure, an
    optional field of action of the strategy (`field-<key>`)."""

    # The board's revision the preview showed: creating refuses a board changed since.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, offer: Offer, fields: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.field_objects = {f.pk: f for f in fields}
        field_choices = [("", _("no field of action"))] + [(str(f.pk), f.title) for f in fields]
        chosen = set(self.selected())
        for choice in offer.choices():
            key = choice.key
            self.fields[f"kind-{key}"] = forms.ChoiceField(
                label=_("Becomes"),
                choices=KIND_CHOICES,
                # needed for what is ticked only (what is not may send anything)
                required=key in chosen if self.is_bound else True,
                error_messages={
                    "required": _("Please choose what “%(text)s” becomes.") % {"text": choice.text},
                    "invalid_choice": _("Please choose a field of action, a goal or a measure."),
                },
            )
            self.fields[f"field-{choice.key}"] = forms.ChoiceField(
                label=_("Field of action (for a goal or measure)"),
                choices=field_choices,
                required=False,
                error_messages={
                    "invalid_choice": _("Please choose a field of action of this strategy.")
                },
            )
        if not self.is_bound:
            self.initial["revision"] = offer.revision

    def selected(self) -> list[str]:
        return self.data.getlist("take") if self.is_bound else []

    def clean(self):
        data = super().clean()
        keys = list(dict.fromkeys(self.selected()))
        if not keys:
            raise forms.ValidationError(_("Please choose at least one card or group to take over."))
        errors, wishes = [], []
        chosen_clusters = {}
        for key in keys:
            choice = self.offer.get(key)
            if choice is None or not choice.selectable:
                errors.append(refusal(self.offer.board, self.offer.municipality, key, self.offer))
                continue
            if choice.is_cluster:
                chosen_clusters[choice.cluster.pk] = choice
            kind = data.get(f"kind-{key}")
            if not kind:  # the kind's own field says so
                continue
            field_pk = int(data[f"field-{key}"]) if data.get(f"field-{key}") else None
            if field_pk is not None and kind == Transfer.Kind.FIELD:
                errors.append(
                    _("“%(text)s” becomes a field of action itself and cannot belong to another.")
                    % {"text": choice.text}
                )
                continue
            wishes.append(Wish(key=key, kind=kind, field_pk=field_pk))
        for key in keys:
            choice = self.offer.get(key)
            if choice is not None and choice.card is not None:
                group = chosen_clusters.get(choice.card.cluster_id)
                if group is not None:
                    errors.append(
                        _(
                            "The card “%(card)s” belongs to the chosen group “%(group)s”: "
                            "choose either the group or the card."
                        )
                        % {"card": choice.text, "group": group.text}
                    )
        if errors:
            raise forms.ValidationError(errors)
        data["wishes"] = wishes
        return data
