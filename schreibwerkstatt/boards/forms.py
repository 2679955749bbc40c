from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CARD_NOTE_MAX, CARD_TEXT_MAX, STRATEGY_TEMPLATES, Board, Card


class BoardForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    template = forms.ChoiceField(
        label=_("Template"), choices=Board.Template.choices, initial=Board.Template.FREE
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategy whose fields of action become the columns"),
        queryset=None,
        required=False,
        help_text=_(
            "Only for the templates “One column per field of action” and “Measure ideas per "
            "field of action”."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous cards"),
        required=False,
        help_text=_("Nobody sees who wrote which card."),
    )

    def __init__(self, *args, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies

    def clean(self):
        data = super().clean()
        if data.get("template") in STRATEGY_TEMPLATES:
            strategy = data.get("strategy")
            if strategy is None:
                self.add_error("strategy", _("Choose the strategy whose fields of action to use."))
            elif not strategy.fields.exists():
                self.add_error("strategy", _("This strategy has no fields of action yet."))
        return data


def _at_most(count: int) -> str:
    """The hint under a card's text, in the language of the page: `gettext_lazy(…) % …` is
    made when the module is imported, in whatever language is active then, for everybody."""
    return ngettext("At most %(count)d character.", "At most %(count)d characters.", count) % {
        "count": count
    }


class CardForm(forms.Form):
    text = forms.CharField(
        label=_("Card"),
        max_length=CARD_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": CARD_TEXT_MAX}),
        error_messages={"required": _("Please write something on the card.")},
        help_text=lazy(_at_most, str)(CARD_TEXT_MAX),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Card.Category.choices, initial=Card.Category.IDEA
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=CARD_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": CARD_NOTE_MAX}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        # One form per column on the board page: distinct ids for the labels.
        if prefix_id:
            kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)


class ColumnForm(forms.Form):
    title = forms.CharField(
        label=_("Column title"),
        max_length=100,
        error_messages={"required": _("Please give the column a title.")},
    )


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Board.Phase.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _whole_number(
    label, low: int, high: int, *, required, invalid, too_low, too_high
) -> forms.IntegerField:
    """A whole number from `low` to `high`, with a German message for each way to miss it."""
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "required": required,
            "invalid": invalid,
            "min_value": too_low,
            "max_value": too_high,
        },
    )


def _version_field() -> forms.IntegerField:
    """The version a facilitator's form was loaded with (optimistic locking); only a forged
    or broken request lacks it."""
    invalid = _("Invalid request: please load the board again.")
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": invalid, "invalid": invalid, "min_value": invalid},
    )


class VoteSettingsForm(forms.Form):
    """The dot vote's settings (voting.set_vote_settings), with the version they were loaded
    with."""

    dots_per_person = _whole_number(
        _("Dots per person"),
        1,
        20,
        required=_("Please give the number of dots per person (1 to 20)."),
        invalid=_("Please give the number of dots per person as a number from 1 to 20."),
        too_low=_("Each person needs at least 1 dot."),
        too_high=_("At most 20 dots per person."),
    )
    stackable = forms.BooleanField(
        label=_("Several dots on one card"),
        required=False,
        help_text=_("A person may put more than one of their dots on the same card."),
    )
    version = _version_field()


class RevealForm(forms.Form):
    """Reveal the dots to everybody, or hide them again (voting.reveal)."""

    revealed = forms.BooleanField(required=False)
    version = _version_field()


class HideForm(forms.Form):
    hidden = forms.BooleanField(required=False)


class SessionBoardForm(forms.Form):
    """A board of a workshop session. Its template cannot be "one column per field of
    action": a session belongs to no municipality, so there is no strategy to take them from."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the board a title.")},
    )
    template = forms.ChoiceField(
        label=_("Template"),
        choices=[
            (value, label)
            for value, label in Board.Template.choices
            if value not in STRATEGY_TEMPLATES
        ],
        initial=Board.Template.FREE,
        error_messages={
            "invalid_choice": _(
                "Choose one of the templates offered. The templates with a column per field of "
                "action need a municipality's strategy, which a board of a session does not have."
            )
        },
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous cards"),
        required=False,
        help_text=_("Nobody sees who wrote which card."),
    )


class ClusterForm(forms.Form):
    """A group's title, to make or rename a group (clustering.py)."""

    title = forms.CharField(
        label=_("Group title"),
        max_length=100,
        error_messages={
            "required": _("Please give the group a title."),
            "max_length": _("A group's title has at most 100 characters."),
        },
    )


class CardClusterForm(forms.Form):
    """The group a card goes into; empty: out of its group."""

    cluster = forms.CharField(
        label=_("Group"),
        required=False,
        max_length=20,
        error_messages={"max_length": _("Choose one of the groups offered.")},
    )


class TimerForm(forms.Form):
    minutes = _whole_number(
        _("Minutes"),
        1,
        120,
        required=_("Please give the timer's minutes (1 to 120)."),
        invalid=_("Please give the timer's minutes as a whole number (1 to 120)."),
        too_low=_("A timer runs between 1 and 120 minutes."),
        too_high=_("A timer runs between 1 and 120 minutes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StopTimerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
