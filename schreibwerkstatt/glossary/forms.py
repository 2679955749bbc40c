from django import forms
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.core.forms import VersionedForm

from .labels import fold
from .models import Term


class AliasesField(forms.CharField):
    """The other forms of a term, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        seen, aliases = set(), []
        for line in text.splitlines():
            alias = " ".join(line.split())
            if alias and fold(alias) not in seen:
                seen.add(fold(alias))
                aliases.append(alias)
        return aliases


class TermForm(VersionedForm):
    aliases = AliasesField(
        label=_("Other forms"),
        required=False,
        help_text=_(
            "One per line, e.g. the plural. A form field labelled with the term or one of "
            "these forms gets the definition as an explanation."
        ),
    )

    class Meta:
        model = Term
        fields = ["term", "aliases", "definition"]
        labels = {"term": _("Term"), "definition": _("Definition")}
        help_texts = {
            "definition": _("Plain language, one to four sentences. Markdown is allowed."),
        }
        widgets = {"definition": forms.Textarea(attrs={"rows": 6})}

    def clean_term(self) -> str:
        term = " ".join(self.cleaned_data["term"].split())
        others = Term.objects.exclude(pk=self.instance.pk)
        if others.filter(term__iexact=term).exists():
            raise forms.ValidationError(_("This term is already in the glossary."))
        return term

    def clean(self):
        cleaned = super().clean()
        names = [cleaned.get("term", ""), *cleaned.get("aliases", [])]
        taken = {fold(name) for name in names if name}
        for other in Term.objects.exclude(pk=self.instance.pk).only("term", "aliases"):
            clash = taken & {fold(n) for n in [other.term, *other.aliases]}
            if clash:
                self.add_error(
                    "aliases" if fold(cleaned.get("term", "")) not in clash else "term",
                    _("“%(name)s” already stands for the term “%(term)s”.")
                    % {"name": next(n for n in names if fold(n) in clash), "term": other.term},
                )
                break
        return cleaned
