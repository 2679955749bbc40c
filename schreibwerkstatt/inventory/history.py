"""History pages of the inventory's rows (the history app does the work). The
inventory is strategy content: members see its history, editors restore."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.history.kinds import HistoryKind, Target, register
from schreibwerkstatt.strategies.history import edits_strategy, in_strategy, in_strategy_kwargs

from .models import GENERAL, ExistingProject, MaturityAnswer, Stakeholder, SwotEntry

# The URL of the inventory before "verlauf/" (as in urls.py).
PREFIX = "kommunen/<slug:slug>/strategien/<int:strategy>/bestandsaufnahme/"


def _list(name: str, label: Promise, **kwargs):
    def back(target: Target) -> tuple[str, str]:
        url = reverse(
            f"inventory:{name}",
            kwargs={"slug": target.municipality.slug, "strategy": target.strategy.pk}
            | {key: value(target) for key, value in kwargs.items()},
        )
        return url, str(label)

    return back


def _kind(key: str, slug: str, model, back, **extra) -> HistoryKind:
    return HistoryKind(
        key=key,
        slug=slug,
        model=model,
        prefix=PREFIX,
        load=in_strategy(model, related=extra.pop("related", ())),
        may_restore=edits_strategy,
        back=back,
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
        **extra,
    )


INVENTORY_KINDS = register(
    _kind("project", "projekt", ExistingProject, _list("projects", _("Existing digital projects"))),
    _kind("stakeholder", "stakeholder", Stakeholder, _list("stakeholders", _("Stakeholders"))),
    _kind("swot_entry", "swot", SwotEntry, _list("swot", _("SWOT analysis"))),
    HistoryKind(
        key="maturity_answer",
        slug="reifegrad",
        model=MaturityAnswer,
        prefix=PREFIX,
        load=in_strategy(MaturityAnswer, related=["question"]),
        may_restore=edits_strategy,
        back=_list(
            "maturity_field",
            _("Maturity self-check"),
            pk=lambda t: t.obj.question.field_id or GENERAL,
        ),
        url_kwargs=in_strategy_kwargs,
        title=lambda answer: answer.question.text,
        hidden=frozenset({"strategy", "question"}),
        kept=frozenset({"strategy", "question"}),
    ),
)
