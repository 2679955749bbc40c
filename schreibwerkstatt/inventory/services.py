"""Writes to the inventory of a strategy. Views validate input; these functions keep
orders dense and refuse stale edits (optimistic locking, see strategies.services)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from schreibwerkstatt.core.locking import StaleEditError, save_versioned
from schreibwerkstatt.core.ordering import move, next_position
from schreibwerkstatt.strategies.models import Strategy

from .models import ExistingProject, MaturityAnswer, MaturityQuestion, Stakeholder, SwotEntry


class StaleAnswersError(StaleEditError):
    """Somebody changed answers of the self-check after the editor loaded it.

    `conflicts` maps the question's pk to the answer saved now (None: it was removed)."""

    def __init__(self, conflicts: dict[int, MaturityAnswer | None]) -> None:
        super().__init__(next((a for a in conflicts.values() if a is not None), None))
        self.conflicts = conflicts


# Existing projects


@transaction.atomic
def add_project(strategy: Strategy, **data: Any) -> ExistingProject:
    return ExistingProject.objects.create(strategy=strategy, **data)


def update_project(
    project: ExistingProject, *, expected_version: int, changes: dict[str, Any]
) -> ExistingProject:
    return save_versioned(project, expected_version=expected_version, changes=changes)


@transaction.atomic
def delete_project(project: ExistingProject) -> None:
    project.delete()


# Stakeholders


@transaction.atomic
def add_stakeholder(strategy: Strategy, **data: Any) -> Stakeholder:
    return Stakeholder.objects.create(strategy=strategy, **data)


def update_stakeholder(
    stakeholder: Stakeholder, *, expected_version: int, changes: dict[str, Any]
) -> Stakeholder:
    return save_versioned(stakeholder, expected_version=expected_version, changes=changes)


@transaction.atomic
def delete_stakeholder(stakeholder: Stakeholder) -> None:
    stakeholder.delete()


# Maturity self-check


@dataclass(frozen=True)
class AnswerInput:
    """One question's part of a submitted self-check; value None clears the answer."""

    question: MaturityQuestion
    value: int | None
    note: str
    expected_version: int  # 0: there was no answer when the form was loaded


@transaction.atomic
def answer_maturity_questions(strategy: Strategy, answers: Iterable[AnswerInput]) -> int:
    """Save the answers to a group of questions all together or, if any of them changed
    since the form was loaded, none (StaleAnswersError). A value of None removes the
    answer. Returns the number of answers changed."""
    answers = list(answers)
    current = {
        answer.question_id: answer
        for answer in MaturityAnswer.objects.select_for_update().filter(
            strategy=strategy, question__in=[a.question for a in answers]
        )
    }
    conflicts = {
        given.question.pk: current.get(given.question.pk)
        for given in answers
        if (current[given.question.pk].version if given.question.pk in current else 0)
        != given.expected_version
    }
    if conflicts:
        raise StaleAnswersError(conflicts)
    changed = 0
    for given in answers:
        existing = current.get(given.question.pk)
        if given.value is None:
            if existing is not None:
                existing.delete()
                changed += 1
        elif existing is None:
            MaturityAnswer.objects.create(
                strategy=strategy, question=given.question, value=given.value, note=given.note
            )
            changed += 1
        elif (existing.value, existing.note) != (given.value, given.note):
            existing.value, existing.note = given.value, given.note
            existing.version += 1
            existing.save()
            changed += 1
    return changed


# SWOT analysis


@transaction.atomic
def add_swot_entry(strategy: Strategy, *, quadrant: str, text: str) -> SwotEntry:
    siblings = SwotEntry.objects.filter(strategy=strategy, quadrant=quadrant)
    return SwotEntry.objects.create(
        strategy=strategy, quadrant=quadrant, text=text, position=next_position(siblings)
    )


def update_swot_entry(entry: SwotEntry, *, expected_version: int, text: str) -> SwotEntry:
    return save_versioned(entry, expected_version=expected_version, changes={"text": text})


def move_swot_entry(entry: SwotEntry, *, up: bool) -> None:
    """Swap the entry with its neighbour within its quadrant."""
    siblings = SwotEntry.objects.filter(strategy_id=entry.strategy_id, quadrant=entry.quadrant)
    move(entry, siblings, up=up)


@transaction.atomic
def delete_swot_entry(entry: SwotEntry) -> None:
    entry.delete()
