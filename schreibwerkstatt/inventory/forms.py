from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    ExistingProject,
    MaturityAnswer,
    MaturityLevel,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from .services import AnswerInput

NOTE_MAX_LENGTH = 5000
TOO_LONG = _("Please keep this to at most %(limit_value)d characters (now %(show_value)d).")


def _text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class VersionedForm(forms.ModelForm):
    """An edit form: carries the version the object was loaded with (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProjectForm(forms.ModelForm):
    link = forms.URLField(
        label=ExistingProject._meta.get_field("link").verbose_name,
        help_text=ExistingProject._meta.get_field("link").help_text,
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": _("Please enter a complete web address, e.g. https://www.example.org/."),
            "max_length": TOO_LONG,
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=_text_area(),
        error_messages={"max_length": TOO_LONG},
    )

    class Meta:
        model = ExistingProject
        fields = ["title", "status", "unit", "link", "note"]
        error_messages = {
            "title": {"max_length": TOO_LONG},
            "unit": {"max_length": TOO_LONG},
            "status": {"invalid_choice": _("Please choose planned, running or done.")},
        }


class EditProjectForm(VersionedForm, ProjectForm):
    class Meta(ProjectForm.Meta):
        pass


# Translators: the ends of the 1–5 scales of influence and interest
SCALE_CHOICES = [(1, _("1 – low")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – high"))]


def _scale_field(label: str, help_text: str) -> forms.TypedChoiceField:
    """A choice on the 1–5 scale of the stakeholder matrix."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        coerce=int,
        choices=SCALE_CHOICES,
        error_messages={"invalid_choice": _("Please choose a value from 1 (low) to 5 (high).")},
    )


class StakeholderForm(forms.ModelForm):
    influence = _scale_field(
        _("Influence"), _("How strongly can they shape the strategy and its implementation?")
    )
    interest = _scale_field(
        _("Interest"), _("How strongly are they affected by it or interested in it?")
    )
    involvement = forms.CharField(
        label=_("Involvement"),
        help_text=Stakeholder._meta.get_field("involvement").help_text,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=_text_area(3),
        error_messages={"max_length": TOO_LONG},
    )

    class Meta:
        model = Stakeholder
        fields = ["name", "group", "influence", "interest", "involvement"]
        error_messages = {"name": {"max_length": TOO_LONG}, "group": {"max_length": TOO_LONG}}


class EditStakeholderForm(VersionedForm, StakeholderForm):
    class Meta(StakeholderForm.Meta):
        pass


class SwotEntryForm(forms.ModelForm):
    class Meta:
        model = SwotEntry
        fields = ["quadrant", "text"]
        widgets = {"quadrant": forms.HiddenInput}
        error_messages = {
            "text": {"max_length": TOO_LONG},
            "quadrant": {"invalid_choice": _("This part of the SWOT analysis does not exist.")},
        }


class EditSwotEntryForm(VersionedForm):
    class Meta:
        model = SwotEntry
        fields = ["text"]
        error_messages = {"text": {"max_length": TOO_LONG}}


@dataclass(frozen=True)
class QuestionRow:
    question: MaturityQuestion
    value: forms.BoundField
    note: forms.BoundField
    version: forms.BoundField
    answer: MaturityAnswer | None = None  # as loaded, for the link to its history


class MaturityForm(forms.Form):
    """The questions of one field of action, each with the levels 0–4, a note and the
    version of its answer as loaded."""

    def __init__(
        self,
        *args,
        questions: list[MaturityQuestion],
        answers: dict[int, MaturityAnswer],
        read_only: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.loaded_answers = answers
        levels = [("", _("Not assessed yet")), *MaturityLevel.choices]
        for question in questions:
            answer = answers.get(question.pk)
            self.fields[f"value_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=levels,
                coerce=int,
                empty_value=None,
                required=False,
                initial=answer.value if answer else "",
                widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
                error_messages={"invalid_choice": _("Please choose a level from 0 to 4.")},
            )
            self.fields[f"note_{question.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                initial=answer.note if answer else "",
                widget=_text_area(2),
                error_messages={"max_length": TOO_LONG},
            )
            self.fields[f"version_{question.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=0, initial=answer.version if answer else 0
            )
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def rows(self) -> Iterator[QuestionRow]:
        for question in self.questions:
            yield QuestionRow(
                question,
                self[f"value_{question.pk}"],
                self[f"note_{question.pk}"],
                self[f"version_{question.pk}"],
                self.loaded_answers.get(question.pk),
            )

    def clean(self) -> dict:
        data = super().clean()
        for question in self.questions:
            value, note = data.get(f"value_{question.pk}"), data.get(f"note_{question.pk}")
            if value is None and note and f"value_{question.pk}" not in self.errors:
                self.add_error(
                    f"value_{question.pk}", _("Please choose a level for the note to be saved.")
                )
        return data

    def answers(self) -> list[AnswerInput]:
        data = self.cleaned_data
        return [
            AnswerInput(
                question,
                data[f"value_{question.pk}"],
                data[f"note_{question.pk}"],
                data[f"version_{question.pk}"],
            )
            for question in self.questions
        ]
