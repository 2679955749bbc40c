"""A whole strategy as a JSON file (docs/strategy.schema.json, docs/open-data.md): export and import.

The document itself is the strategy's open data (strategies/open_data.py): every object with
a stable id ("measure-12": prefix and primary key), people only as e-mail addresses (DSGVO:
minimal personal data). On import an address becomes a person only if that person is already
a member of the importing municipality.

Import is two-phase: first the whole document is checked (schema, then rules the schema
cannot express) and every problem is collected with its JSON path; only a clean document is
written, inside one transaction, so a file is imported completely or not at all.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from simple_history.utils import bulk_create_with_history

from schreibwerkstatt.municipalities.models import Membership, Municipality
from schreibwerkstatt.process.services import set_up_process
from schreibwerkstatt.strategies.models import (
    CatalogueField,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    Milestone,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    Tag,
    TagAxis,
)
from schreibwerkstatt.strategies.open_data import SCHEMA_VERSION, Progress, export_strategy
from schreibwerkstatt.strategies.partnerships import invite_partner

from . import spreadsheets

SCHEMA_PATH = settings.BASE_DIR / "docs" / "strategy.schema.json"
MAX_IMPORT_BYTES = 10 * 1024 * 1024

# The list sections of a document, in the order they are written and checked.
SECTIONS = [
    "partners",
    "programme_phases",
    "guiding_principles",
    "plan_links",
    "tag_axes",
    "fields_of_action",
    "goals",
    "indicators",
    "measures",
    "milestones",
    "steps",
    "priority_criteria",
    "scores",
]


class ExchangeError(Exception):
    """The document cannot be imported; `problems` lists every reason, each with its JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportOutcome:
    strategy: Strategy
    municipality_created: bool
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- export


def dumps(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def export_strategy_json(strategy: Strategy, progress: Progress | None = None) -> bytes:
    return dumps(export_strategy(strategy, progress))


def newest_strategy(municipality: Municipality) -> Strategy | None:
    return municipality.strategies.order_by("-created_at", "-pk").first()


# ---------------------------------------------------------------- reading and checking


# The messages of json.JSONDecodeError (`msg`), in the words of the German file check.
JSON_REASONS = {
    "Expecting value": gettext_lazy("a value is expected"),
    "Expecting ',' delimiter": gettext_lazy("a comma is expected"),
    "Expecting ':' delimiter": gettext_lazy("a colon is expected"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "a name in double quotes is expected"
    ),
    "Unterminated string starting at": gettext_lazy("a text is not closed by a double quote"),
    "Invalid control character at": gettext_lazy(
        "a text contains a line break, a tab or another control character"
    ),
    "Invalid \\escape": gettext_lazy("a backslash starts an unknown escape sequence"),
    "Invalid \\uXXXX escape": gettext_lazy(
        "a backslash starts an incomplete Unicode escape sequence"
    ),
    "Extra data": gettext_lazy("there is more text after the end of the data"),
    "Illegal trailing comma before end of object": gettext_lazy(
        "a comma stands before the closing brace"
    ),
    "Illegal trailing comma before end of array": gettext_lazy(
        "a comma stands before the closing bracket"
    ),
}


def read_document(raw: bytes) -> Any:
    """Parse the bytes of an uploaded or read file; size and syntax problems raise ExchangeError."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ExchangeError(
            [
                _("The file is larger than %(max)s MB and is not imported.")
                % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExchangeError([_("The file is not UTF-8 encoded text.")]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        reason = JSON_REASONS.get(exc.msg, gettext_lazy("the text breaks the JSON syntax"))
        raise ExchangeError(
            [
                _("The file is not valid JSON: %(reason)s (line %(line)s, column %(column)s).")
                % {"reason": reason, "line": exc.lineno, "column": exc.colno}
            ]
        ) from exc
    except RecursionError as exc:
        raise ExchangeError(
            [
                _("The file is not valid JSON: %(reason)s.")
                % {"reason": _("it is nested too deeply")}
            ]
        ) from exc
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        reason = _("it contains a number with too many digits")
        raise ExchangeError(
            [_("The file is not valid JSON: %(reason)s.") % {"reason": reason}]
        ) from exc


@cache
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def json_path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _path_key(error: SchemaError) -> list[tuple[int, int, str]]:
    return [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in error.absolute_path]


# jsonschema words its messages in English; people importing a file read these instead.
TYPE_NAMES = {
    "string": gettext_lazy("a text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "boolean": gettext_lazy("true or false"),
    "array": gettext_lazy("a list"),
    "object": gettext_lazy("an object"),
    "null": gettext_lazy("null (empty)"),
}
PATTERN_HINTS = {
    r"^1\.[0-9]+$": gettext_lazy("a format version like “1.0”"),
    r"^-?[0-9]{1,12}\.[0-9]{2}$": gettext_lazy(
        "an amount with exactly two decimals, written as text, e.g. “12500.00”"
    ),
    r"^-?[0-9]{1,3}\.[0-9]{2}$": gettext_lazy(
        "a percentage with exactly two decimals, written as text, e.g. “80.00”"
    ),
    r"^-?[0-9]{1,12}(\.[0-9]{1,4})?$": gettext_lazy(
        "a number with at most four decimals, written as text, e.g. “42.5”"
    ),
    r"^[0-9]{8}$": gettext_lazy("an official municipality key (AGS) of 8 digits"),
    r"^[-a-zA-Z0-9_]+$": gettext_lazy("letters without umlauts, digits, “-” and “_” only"),
    r"^[^,]*$": gettext_lazy("a name without a comma"),
}
FORMAT_HINTS = {
    "date": gettext_lazy("a date like “2026-12-31”"),
    "date-time": gettext_lazy("a date and time like “2026-12-31T09:30:00+01:00”"),
    "email": gettext_lazy("an e-mail address"),
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return str(TYPE_NAMES["boolean"])
    kinds = {str: "string", int: "integer", float: "number", list: "array", dict: "object"}
    return str(TYPE_NAMES[kinds.get(type(value), "null")])


def _shown(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _either(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def schema_message(error: SchemaError) -> str:
    """A German sentence for one schema violation (its JSON path is added by the caller)."""
    rule, expected, found = error.validator, error.validator_value, error.instance
    if rule == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        return _("Expected %(expected)s here, not %(found)s.") % {
            "expected": _either([str(TYPE_NAMES.get(name, name)) for name in wanted]),
            "found": _type_name(found),
        }
    if rule == "required":
        missing = re.fullmatch(r"'(.*)' is a required property", error.message)
        names = [missing[1]] if missing else [p for p in expected if p not in found]
        return _("The entry “%(name)s” is missing.") % {"name": ", ".join(names)}
    if rule == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(name for name in found if name not in known)
        return _("The entry “%(name)s” is not part of the exchange format.") % {
            "name": "”, „".join(extra)
        }
    if rule == "enum":
        return _("“%(value)s” is not allowed here; allowed are: %(allowed)s.") % {
            "value": _shown(found),
            "allowed": ", ".join(_shown(value) for value in expected),
        }
    if rule == "minLength":
        if expected == 1:
            return _("The text must not be empty.")
        return _("The text must have at least %(min)s characters.") % {"min": expected}
    if rule == "maxLength":
        return _("The text has %(length)s characters; at most %(max)s are allowed.") % {
            "length": len(found),
            "max": expected,
        }
    if rule == "pattern":
        hint = PATTERN_HINTS.get(expected)
        if hint is not None:
            return _("“%(value)s” is not %(hint)s.") % {"value": _shown(found), "hint": hint}
        return _("“%(value)s” does not have the expected form.") % {"value": _shown(found)}
    if rule == "format":
        hint = FORMAT_HINTS.get(expected)
        if hint is not None:
            return _("“%(value)s” is not %(hint)s.") % {"value": _shown(found), "hint": hint}
        return _("“%(value)s” does not have the expected form.") % {"value": _shown(found)}
    if rule in {"minimum", "exclusiveMinimum"}:
        return _("The value %(value)s is too small; the smallest allowed is %(min)s.") % {
            "value": _shown(found),
            "min": expected,
        }
    if rule in {"maximum", "exclusiveMaximum"}:
        return _("The value %(value)s is too large; the largest allowed is %(max)s.") % {
            "value": _shown(found),
            "max": expected,
        }
    if rule == "uniqueItems":
        return _("The list contains an entry more than once.")
    if rule == "minItems":
        return _("The list must have at least %(min)s entries.") % {"min": expected}
    if rule == "maxItems":
        return _("The list may have at most %(max)s entries.") % {"max": expected}
    return _("The value does not match the exchange format (rule “%(rule)s”).") % {"rule": rule}


def schema_problems(document: Any) -> list[str]:
    validator = Draft202012Validator(
        load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=_path_key)
    return [f"{json_path(error.absolute_path)}: {schema_message(error)}" for error in errors]


def nul_problems(document: Any) -> list[str]:
    """Texts with a NUL character: no database column can hold one (PostgreSQL refuses it)."""
    problems = []
    in_text = _("The text contains an invisible NUL character (code 0). Please remove it.")
    in_name = _("An entry name contains an invisible NUL character (code 0). Please remove it.")
    stack: list[tuple[list[str | int], Any]] = [([], document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and "\x00" in value:
            problems.append(f"{_nul_free_path(path)}: {in_text}")
        elif isinstance(value, dict):
            if any("\x00" in key for key in value):
                problems.append(f"{_nul_free_path(path)}: {in_name}")
            stack.extend(reversed([([*path, key], item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([([*path, index], item) for index, item in enumerate(value)]))
    return problems


def _nul_free_path(path: list[str | int]) -> str:
    """The JSON path, its NULs shown as ␀: a job keeps its problems in a jsonb column."""
    return json_path(path).replace("\x00", "␀")


def version_problem(document: Any) -> str | None:
    """A file of another major version, or of a newer minor one, is refused before anything else."""
    if not isinstance(document, dict):
        return _("$: The file must contain one JSON object with the strategy.")
    version = document.get("schema_version")
    major, minor = SCHEMA_VERSION.split(".")
    if not isinstance(version, str):
        return _(
            "$.schema_version: The file does not state a format version like “%(version)s”."
        ) % {"version": SCHEMA_VERSION}
    if not re.fullmatch(r"[0-9]+\.[0-9]+", version):
        return _("$.schema_version: “%(found)s” is not a format version like “%(version)s”.") % {
            "found": version,
            "version": SCHEMA_VERSION,
        }
    file_major, file_minor = version.split(".")
    if int(file_major) != int(major) or int(file_minor) > int(minor):
        return _(
            "$.schema_version: The file has format version %(found)s; this installation reads "
            "versions %(major)s.0 to %(version)s."
        ) % {"found": version, "major": major, "version": SCHEMA_VERSION}
    return None


def _parse_decimal(raw: str | None) -> Decimal | None:
    return None if raw is None else Decimal(raw)


def _parse_date(raw: str | None) -> date | None:
    return None if raw is None else date.fromisoformat(raw)


def _items(document: dict[str, Any], section: str) -> list[tuple[str, dict[str, Any]]]:
    """(JSON path, object) for each object of a list section."""
    return [(f"$.{section}[{i}]", item) for i, item in enumerate(document.get(section, []))]


class _Checker:
    """Rules the schema cannot express; assumes the document already matches the schema."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.problems: list[str] = []
        self.ids: dict[str, set[str]] = {}  # kind -> ids
        self.titles: dict[str, dict[str, str]] = {}  # kind -> id -> title, for messages
        self.tags: set[tuple[str, str]] = set()  # (axis name, tag name)

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def items(self, section: str) -> list[tuple[str, dict[str, Any]]]:
        return _items(self.document, section)

    def run(self) -> list[str]:
        self.collect_ids()
        self.check_strategy()
        self.check_partners()
        self.check_periods()
        self.check_plan_links()
        self.check_tag_axes()
        self.check_goals()
        self.check_indicators()
        self.check_measures()
        self.check_milestones_and_steps()
        self.check_criteria_and_scores()
        return self.problems

    def collect_ids(self) -> None:
        first_seen: dict[str, str] = {}

        def register(kind: str, path: str, item: dict[str, Any], title_key: str) -> None:
            identifier = item.get("id")
            if identifier is None:
                return
            if identifier in first_seen:
                self.add(
                    f"{path}.id",
                    _("The id “%(id)s” is already used at %(first)s.")
                    % {"id": identifier, "first": first_seen[identifier]},
                )
                return
            first_seen[identifier] = path
            self.ids.setdefault(kind, set()).add(identifier)
            self.titles.setdefault(kind, {})[identifier] = str(item.get(title_key, identifier))

        register("municipality", "$.municipality", self.document["municipality"], "name")
        register("strategy", "$.strategy", self.document["strategy"], "title")
        kinds = {
            "partners": ("partner", "ags"),
            "programme_phases": ("phase", "name"),
            "guiding_principles": ("principle", "text"),
            "plan_links": ("plan_link", "title"),
            "tag_axes": ("tag_axis", "name"),
            "fields_of_action": ("field", "title"),
            "goals": ("goal", "title"),
            "indicators": ("indicator", "name"),
            "measures": ("measure", "title"),
            "milestones": ("milestone", "title"),
            "steps": ("step", "title"),
            "priority_criteria": ("criterion", "name"),
            "scores": ("score", "id"),
        }
        for section in SECTIONS:
            kind, title_key = kinds[section]
            for path, item in self.items(section):
                register(kind, path, item, title_key)
                if section == "tag_axes":
                    for j, tag in enumerate(item.get("tags", [])):
                        register("tag", f"{path}.tags[{j}]", tag, "name")

    def reference(self, path: str, identifier: str | None, kind: str) -> bool:
        """True when `identifier` names an object of `kind`; reports the path otherwise."""
        if identifier is None:
            return False
        if identifier in self.ids.get(kind, set()):
            return True
        messages = {
            "goal": _("There is no goal with the id “%(id)s” in the file."),
            "field": _("There is no field of action with the id “%(id)s” in the file."),
            "measure": _("There is no measure with the id “%(id)s” in the file."),
            "criterion": _(
                "There is no prioritisation criterion with the id “%(id)s” in the file."
            ),
        }
        self.add(path, messages[kind] % {"id": identifier})
        return False

    def period(
        self, path: str, item: dict[str, Any], start_key: str, end_key: str, message: str = ""
    ) -> None:
        start, end = _parse_date(item.get(start_key)), _parse_date(item.get(end_key))
        if start and end and end < start:
            message = message or _("The end (%(end)s) lies before the start (%(start)s).")
            self.add(
                f"{path}.{end_key}",
                message % {"end": end.isoformat(), "start": start.isoformat()},
            )

    def amount(self, path: str, item: dict[str, Any], key: str) -> Decimal | None:
        value = _parse_decimal(item.get(key))
        if value is not None and value < 0:
            self.add(
                f"{path}.{key}",
                _("An amount must not be negative, not %(value)s.") % {"value": value},
            )
        return value

    def percentage(self, path: str, item: dict[str, Any], key: str) -> None:
        value = _parse_decimal(item.get(key))
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            self.add(
                f"{path}.{key}",
                _("A percentage must lie between 0 and 100, not %(value)s.") % {"value": value},
            )

    def check_strategy(self) -> None:
        strategy = self.document["strategy"]
        self.period("$.strategy", strategy, "period_start", "period_end")
        budget = self.amount("$.strategy", strategy, "budget")
        own_share = self.amount("$.strategy", strategy, "own_share_amount")
        if budget is not None and own_share is not None and own_share > budget >= 0:
            self.add(
                "$.strategy.own_share_amount",
                _("The own share cannot be larger than the budget."),
            )
        self.percentage("$.strategy", strategy, "own_share_percent")
        if len(", ".join(strategy.get("goal_layer_names", []))) > 200:
            self.add(
                "$.strategy.goal_layer_names",
                _("The names of the goal layers are longer than 200 characters together."),
            )

    def check_partners(self) -> None:
        seen: dict[str, str] = {}
        for path, partner in self.items("partners"):
            if partner["ags"] in seen:
                self.add(
                    f"{path}.ags",
                    _("The partner with the AGS %(ags)s is already listed at %(first)s.")
                    % {"ags": partner["ags"], "first": seen[partner["ags"]]},
                )
            seen.setdefault(partner["ags"], path)

    def check_periods(self) -> None:
        for path, phase in self.items("programme_phases"):
            self.period(path, phase, "start", "end")

    def check_plan_links(self) -> None:
        validate = URLValidator()
        for path, link in self.items("plan_links"):
            if link.get("url"):
                try:
                    validate(link["url"])
                except ValidationError:
                    self.add(
                        f"{path}.url",
                        _("“%(url)s” is not a web address (URL).") % {"url": link["url"]},
                    )

    def check_tag_axes(self) -> None:
        axes: dict[str, str] = {}
        for path, axis in self.items("tag_axes"):
            if axis["name"] in axes:
                self.add(
                    f"{path}.name",
                    _("The axis “%(name)s” is already defined at %(first)s.")
                    % {"name": axis["name"], "first": axes[axis["name"]]},
                )
            axes.setdefault(axis["name"], path)
            for j, tag in enumerate(axis.get("tags", [])):
                if (axis["name"], tag["name"]) in self.tags:
                    self.add(
                        f"{path}.tags[{j}].name",
                        _("The axis “%(axis)s” already has a tag “%(tag)s”.")
                        % {"axis": axis["name"], "tag": tag["name"]},
                    )
                self.tags.add((axis["name"], tag["name"]))

    def parent_cycles(self, section: str, kind: str, message: str) -> None:
        items = self.document.get(section, [])
        parent_of = {item["id"]: item.get("parent") for item in items}
        reported: set[str] = set()
        for i, item in enumerate(items):
            start = item["id"]
            if start in reported:
                continue
            chain, node = [start], parent_of.get(start)
            while node is not None and node in parent_of and node not in chain:
                chain.append(node)
                node = parent_of[node]
            if node == start:
                reported.update(chain)
                titles = self.titles.get(kind, {})
                cycle = " → ".join(f"“{titles.get(n, n)}”" for n in [*chain, start])
                self.add(
                    f"$.{section}[{i}].parent",
                    message % {"title": titles.get(start, start), "cycle": cycle},
                )

    def check_goals(self) -> None:
        for path, goal in self.items("goals"):
            self.reference(f"{path}.parent", goal.get("parent"), "goal")
            for j, field_id in enumerate(goal.get("fields", [])):
                self.reference(f"{path}.fields[{j}]", field_id, "field")
        self.parent_cycles(
            "goals",
            "goal",
            _("The goal “%(title)s” would become its own higher goal (cycle: %(cycle)s)."),
        )

    def check_indicators(self) -> None:
        for path, indicator in self.items("indicators"):
            goal, measure = indicator.get("goal"), indicator.get("measure")
            if (goal is None) == (measure is None):
                self.add(path, _("An indicator belongs to exactly one goal or one measure."))
            self.reference(f"{path}.goal", goal, "goal")
            self.reference(f"{path}.measure", measure, "measure")
            self.period(
                path,
                indicator,
                "baseline_date",
                "target_date",
                _("The target date (%(end)s) lies before the baseline date (%(start)s)."),
            )

    def check_measures(self) -> None:
        graph: dict[str, list[str]] = {}
        for path, measure in self.items("measures"):
            self.reference(f"{path}.parent", measure.get("parent"), "measure")
            for key, kind in (("goals", "goal"), ("fields", "field")):
                for j, identifier in enumerate(measure.get(key, [])):
                    self.reference(f"{path}.{key}[{j}]", identifier, kind)
            prerequisites = []
            for j, identifier in enumerate(measure.get("depends_on", [])):
                if identifier == measure["id"]:
                    self.add(f"{path}.depends_on[{j}]", _("A measure cannot depend on itself."))
                elif self.reference(f"{path}.depends_on[{j}]", identifier, "measure"):
                    prerequisites.append(identifier)
            graph.setdefault(measure["id"], prerequisites)
            for j, tag in enumerate(measure.get("tags", [])):
                if (tag["axis"], tag["tag"]) not in self.tags:
                    self.add(
                        f"{path}.tags[{j}]",
                        _("There is no tag “%(tag)s” in the axis “%(axis)s” in the file.")
                        % {"tag": tag["tag"], "axis": tag["axis"]},
                    )
            self.amount(path, measure, "cost_one_off")
            self.amount(path, measure, "cost_running")
            self.percentage(path, measure, "funding_share_percent")
            self.period(path, measure, "start", "end")
        self.parent_cycles(
            "measures",
            "measure",
            _("The measure “%(title)s” would become part of itself (cycle: %(cycle)s)."),
        )
        titles = self.titles.get("measure", {})
        index = {measure["id"]: i for i, measure in enumerate(self.document.get("measures", []))}
        for cycle in dependency_cycles(graph):
            names = " → ".join(f"“{titles.get(n, n)}”" for n in cycle)
            self.add(
                f"$.measures[{index[cycle[-2]]}].depends_on",
                _("These measures would depend on each other in a cycle: %(cycle)s.")
                % {"cycle": names},
            )

    def check_milestones_and_steps(self) -> None:
        for path, milestone in self.items("milestones"):
            self.reference(f"{path}.measure", milestone.get("measure"), "measure")
        for path, step in self.items("steps"):
            self.reference(f"{path}.measure", step["measure"], "measure")
            done_at = step.get("done_at")
            if done_at is not None and _parse_datetime(done_at) is None:
                self.add(
                    f"{path}.done_at",
                    _("“%(value)s” is not a date and time like 2025-03-31T14:00:00+02:00.")
                    % {"value": done_at},
                )

    def check_criteria_and_scores(self) -> None:
        scale: dict[str, int] = {}
        for path, criterion in self.items("priority_criteria"):
            self.percentage(path, criterion, "weight")
            scale[criterion["id"]] = criterion.get("scale_max", 5)
        seen: set[tuple[str, str]] = set()
        for path, score in self.items("scores"):
            measure_ok = self.reference(f"{path}.measure", score["measure"], "measure")
            criterion_ok = self.reference(f"{path}.criterion", score["criterion"], "criterion")
            if not (measure_ok and criterion_ok):
                continue
            pair = (score["measure"], score["criterion"])
            if pair in seen:
                self.add(path, _("This measure already has a score for this criterion."))
            seen.add(pair)
            if score["value"] > scale[score["criterion"]]:
                self.add(
                    f"{path}.value",
                    _("The value must lie between 0 and %(max)s.")
                    % {"max": scale[score["criterion"]]},
                )


def _parse_datetime(raw: str) -> datetime | None:
    try:
        value = parse_datetime(raw)
    except ValueError:
        return None
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def dependency_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first search, each as [a, b, …, a]; iterative, so deep
    chains cannot exhaust the stack."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    cycles: list[list[str]] = []
    for root in graph:
        if colour[root] != white:
            continue
        colour[root] = grey
        path, stack = [root], [iter(graph[root])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
            elif colour.get(nxt) == grey:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif colour.get(nxt) == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return cycles


def validate_document(document: Any) -> list[str]:
    """Every problem of the document, each starting with its JSON path; empty when importable."""
    if problem := version_problem(document):
        return [problem]
    measures = document.get("measures")
    if isinstance(measures, list) and len(measures) > spreadsheets.MAX_MEASURES:
        # Checked first: a strategy this large would break pages, so the rest does not matter.
        return ["$.measures: " + spreadsheets.too_many_measures(0, len(measures))]
    if problems := nul_problems(document) or schema_problems(document):
        return problems
    return _Checker(document).run()


# ---------------------------------------------------------------- import


def _new_municipality(data: dict[str, Any], slug: str) -> tuple[Municipality, list[str]]:
    municipality = Municipality(
        name=data["name"],
        slug=slug,
        ags=data["ags"],
        kind=data["kind"],
        state=data["state"],
        population=data.get("population"),
    )
    problems = []
    existing = Municipality.objects.filter(ags=data["ags"]).first()
    if existing is not None:
        problems.append(
            "$.municipality.ags: "
            + _(
                "The municipality “%(name)s” already has the AGS %(ags)s; "
                "import into it with --municipality %(slug)s."
            )
            % {"name": existing.name, "ags": existing.ags, "slug": existing.slug}
        )
    try:
        municipality.full_clean(exclude=["ags"] if existing else None)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            where = "--municipality" if name == "slug" else f"$.municipality.{name}"
            problems.extend(f"{where}: {message}" for message in messages)
    return municipality, problems


def _parents_first(items: list[dict[str, Any]]) -> list[int]:
    """Indices of `items` ordered so that every parent comes before its children."""
    by_id = {item["id"]: i for i, item in enumerate(items)}
    order: list[int] = []
    placed: set[int] = set()
    for i in range(len(items)):
        chain: list[int] = []
        node: int | None = i
        while node is not None and node not in placed and node not in chain:
            chain.append(node)
            parent = items[node].get("parent")
            node = by_id.get(parent) if parent is not None else None
        for index in reversed(chain):
            placed.add(index)
            order.append(index)
    return order


# The sections each step of _Importer.run() writes, to report its progress.
_IMPORT_STEPS = {
    "import_frame": [
        "partners",
        "programme_phases",
        "guiding_principles",
        "plan_links",
        "tag_axes",
    ],
    "import_fields": ["fields_of_action"],
    "import_goals": ["goals"],
    "import_measures": ["measures"],
    "import_rest": ["indicators", "milestones", "steps", "priority_criteria", "scores"],
}


class _Importer:
    def __init__(
        self,
        document: dict[str, Any],
        municipality: Municipality,
        progress: Progress | None = None,
    ) -> None:
        self.document = document
        self.municipality = municipality
        self.progress = progress
        self.warnings: list[str] = []
        self.members = {
            membership.user.email.lower(): membership.user
            for membership in Membership.objects.filter(municipality=municipality).select_related(
                "user"
            )
        }
        self.objects: dict[str, Any] = {}  # file id -> created object
        self.by_ags: dict[str, Municipality | None] = {}

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(f"{path}: {message}")

    def person(self, path: str, email: str | None) -> Any:
        if email is None:
            return None
        user = self.members.get(email.lower())
        if user is None:
            self.warn(
                path,
                _(
                    "No member of “%(municipality)s” has the e-mail address %(email)s; "
                    "the person was left empty."
                )
                % {"municipality": self.municipality.name, "email": email},
            )
        return user

    def municipality_by_ags(self, path: str, ags: str | None) -> Municipality | None:
        if ags is None:
            return None
        if ags not in self.by_ags:
            self.by_ags[ags] = Municipality.objects.filter(ags=ags).first()
        found = self.by_ags[ags]
        if found is None:
            self.warn(
                path,
                _("There is no municipality with the AGS %(ags)s here; it was left out.")
                % {"ags": ags},
            )
        return found

    def items(self, section: str) -> list[tuple[str, dict[str, Any]]]:
        return _items(self.document, section)

    def run(self) -> Strategy:
        data = self.document["strategy"]
        strategy_fields: dict[str, Any] = {
            "municipality": self.municipality,
            "title": data["title"],
            "motto": data.get("motto", ""),
            "period_start": _parse_date(data.get("period_start")),
            "period_end": _parse_date(data.get("period_end")),
            "status": data.get("status", Strategy.Status.DRAFT),
            "budget": _parse_decimal(data.get("budget")),
            "funding_programme": data.get("funding_programme", ""),
            "own_share_amount": _parse_decimal(data.get("own_share_amount")),
            "own_share_percent": _parse_decimal(data.get("own_share_percent")),
            "vision": data.get("vision", ""),
        }
        if "goal_layer_names" in data:
            strategy_fields["goal_layer_names"] = ", ".join(data["goal_layer_names"])
        strategy = self.strategy = Strategy.objects.create(**strategy_fields)
        sizes = {
            step: sum(len(self.document.get(section, [])) for section in sections)
            for step, sections in _IMPORT_STEPS.items()
        }
        total, done = sum(sizes.values()), 0
        for step, size in sizes.items():
            getattr(self, step)()
            done += size
            if self.progress is not None:
                self.progress(done, total)
        return strategy

    def import_frame(self) -> None:
        strategy = self.strategy
        for path, partner in self.items("partners"):
            if partner["ags"] == self.municipality.ags:
                self.warn(
                    f"{path}.ags",
                    _("The lead municipality cannot be its own partner; the entry was left out."),
                )
                continue
            found = self.municipality_by_ags(f"{path}.ags", partner["ags"])
            if found is not None:
                # A file cannot make a partnership: the partner's coordination is invited
                # (by mail) and decides; until then it sees nothing and is seen by nobody.
                invite_partner(strategy, found, label=partner.get("label", ""))
        for _path, phase in self.items("programme_phases"):
            ProgrammePhase.objects.create(
                strategy=strategy,
                name=phase["name"],
                start=_parse_date(phase["start"]),
                end=_parse_date(phase["end"]),
            )
        for position, (_path, principle) in enumerate(self.items("guiding_principles")):
            GuidingPrinciple.objects.create(
                strategy=strategy, text=principle["text"], position=position
            )
        for _path, link in self.items("plan_links"):
            PlanLink.objects.create(
                strategy=strategy,
                title=link["title"],
                url=link.get("url", ""),
                note=link.get("note", ""),
            )
        self.tags: dict[tuple[str, str], Tag] = {}
        for position, (_path, axis_data) in enumerate(self.items("tag_axes")):
            axis = TagAxis.objects.create(
                strategy=strategy, name=axis_data["name"], position=position
            )
            for tag_data in axis_data.get("tags", []):
                tag = Tag.objects.create(axis=axis, name=tag_data["name"])
                self.tags[(axis.name, tag.name)] = tag

    def import_fields(self) -> None:
        for position, (path, data) in enumerate(self.items("fields_of_action")):
            catalogue_entry = None
            if data.get("catalogue_entry") is not None:
                catalogue_entry = CatalogueField.objects.filter(
                    title=data["catalogue_entry"]
                ).first()
                if catalogue_entry is None:
                    self.warn(
                        f"{path}.catalogue_entry",
                        _(
                            "The catalogue has no entry “%(title)s”; the field of action "
                            "was imported without the link to it."
                        )
                        % {"title": data["catalogue_entry"]},
                    )
            self.objects[data["id"]] = FieldOfAction.objects.create(
                strategy=self.strategy,
                catalogue_entry=catalogue_entry,
                title=data["title"],
                guiding_sentence=data.get("guiding_sentence", ""),
                starting_situation=data.get("starting_situation", ""),
                sub_areas="\n".join(data.get("sub_areas", [])),
                responsible=self.person(f"{path}.responsible", data.get("responsible")),
                position=position,
            )

    def import_goals(self) -> None:
        goals = self.document.get("goals", [])
        # Parents are created first; `position` keeps the order of the file.
        for position in _parents_first(goals):
            data = goals[position]
            goal = Goal.objects.create(
                strategy=self.strategy,
                parent=self.objects.get(data["parent"]) if data.get("parent") else None,
                title=data["title"],
                description=data.get("description", ""),
                position=position,
            )
            goal.fields.set(self.objects[f] for f in data.get("fields", []))
            self.objects[data["id"]] = goal

    def import_measures(self) -> None:
        measures = self.document.get("measures", [])
        for position in _parents_first(measures):
            data, path = measures[position], f"$.measures[{position}]"
            measure = Measure.objects.create(
                strategy=self.strategy,
                parent=self.objects.get(data["parent"]) if data.get("parent") else None,
                title=data["title"],
                short_name=data.get("short_name", ""),
                plain_name=data.get("plain_name", ""),
                summary=data.get("summary", ""),
                problem=data.get("problem", ""),
                expected_effect=data.get("expected_effect", ""),
                target_group=data.get("target_group", ""),
                lead_unit=data.get("lead_unit", ""),
                responsible=self.person(f"{path}.responsible", data.get("responsible")),
                partners_internal=data.get("partners_internal", ""),
                partners_external=data.get("partners_external", ""),
                partner_municipality=self.municipality_by_ags(
                    f"{path}.partner_municipality", data.get("partner_municipality")
                ),
                cost_one_off=_parse_decimal(data.get("cost_one_off")),
                cost_running=_parse_decimal(data.get("cost_running")),
                financing=data.get("financing") or "",
                funding_programme=data.get("funding_programme", ""),
                funding_share_percent=_parse_decimal(data.get("funding_share_percent")),
                priority=data.get("priority") or "",
                start=_parse_date(data.get("start")),
                end=_parse_date(data.get("end")),
                risks=data.get("risks", ""),
                location=data.get("location", ""),
                status=data.get("status", Measure.Status.IDEA),
                maturity=data.get("maturity", ""),
                reusability=data.get("reusability", ""),
                data_protection_notes=data.get("data_protection_notes", ""),
                accessibility_notes=data.get("accessibility_notes", ""),
                is_flagship=data.get("is_flagship", False),
                position=position,
            )
            measure.goals.set(self.objects[g] for g in data.get("goals", []))
            measure.fields.set(self.objects[f] for f in data.get("fields", []))
            measure.tags.set(self.tags[(t["axis"], t["tag"])] for t in data.get("tags", []))
            self.objects[data["id"]] = measure
        for data in measures:
            if data.get("depends_on"):
                self.objects[data["id"]].depends_on.set(self.objects[m] for m in data["depends_on"])

    def import_rest(self) -> None:
        strategy = self.strategy
        for _path, data in self.items("indicators"):
            Indicator.objects.create(
                strategy=strategy,
                goal=self.objects[data["goal"]] if data.get("goal") else None,
                measure=self.objects[data["measure"]] if data.get("measure") else None,
                name=data["name"],
                unit=data["unit"],
                kind=data.get("kind", Indicator.Kind.OUTCOME),
                baseline_value=_parse_decimal(data.get("baseline_value")),
                baseline_date=_parse_date(data.get("baseline_date")),
                target_value=_parse_decimal(data.get("target_value")),
                target_date=_parse_date(data.get("target_date")),
            )
        for _path, data in self.items("milestones"):
            Milestone.objects.create(
                strategy=strategy,
                measure=self.objects[data["measure"]] if data.get("measure") else None,
                title=data["title"],
                date=_parse_date(data["date"]),
            )
        steps_per_measure: dict[str, int] = {}
        for path, data in self.items("steps"):
            position = steps_per_measure.get(data["measure"], 0)
            steps_per_measure[data["measure"]] = position + 1
            Step.objects.create(
                measure=self.objects[data["measure"]],
                title=data["title"],
                owner=self.person(f"{path}.owner", data.get("owner")),
                due_date=_parse_date(data.get("due_date")),
                done=data.get("done", False),
                done_at=_parse_datetime(data["done_at"]) if data.get("done_at") else None,
                position=position,
            )
        for position, (_path, data) in enumerate(self.items("priority_criteria")):
            criterion_fields: dict[str, Any] = {"name": data["name"], "position": position}
            for key in ("scale_max", "role"):
                if key in data:
                    criterion_fields[key] = data[key]
            if "weight" in data:
                criterion_fields["weight"] = Decimal(data["weight"])
            self.objects[data["id"]] = PriorityCriterion.objects.create(
                strategy=strategy, **criterion_fields
            )
        bulk_create_with_history(
            [
                MeasureScore(
                    measure=self.objects[data["measure"]],
                    criterion=self.objects[data["criterion"]],
                    value=data["value"],
                )
                for _path, data in self.items("scores")
            ],
            MeasureScore,
        )


def import_strategy(
    document: Any,
    *,
    municipality_slug: str,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Create a new strategy from a parsed document in the municipality `municipality_slug`.

    When no municipality has that slug, it is created from the document's municipality data
    and gets its process checklists. Raises ExchangeError (nothing written) on any problem.
    `progress(done, total)` counts the objects written, step by step.
    """
    problems = validate_document(document)
    if problems:
        raise ExchangeError(problems)
    municipality = Municipality.objects.filter(slug=municipality_slug).first()
    created = municipality is None
    if municipality is None:
        municipality, problems = _new_municipality(document["municipality"], municipality_slug)
        if problems:
            raise ExchangeError(problems)
    with transaction.atomic():
        if created:
            municipality.save()
            set_up_process(municipality)
        importer = _Importer(document, municipality, progress)
        strategy = importer.run()
    return ImportOutcome(
        strategy=strategy, municipality_created=created, warnings=importer.warnings
    )
