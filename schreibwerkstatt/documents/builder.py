"""The strategy document as blocks (documents/blocks.py), built from a snapshot.

`build_document` reads only the snapshot dict (documents/snapshot.py), never the database,
so a frozen revision renders the same document later. Per chapter it converts the team's
Markdown text into blocks and adds the parts generated from the structure: SWOT, maturity
radar and existing projects in the Ausgangslage; vision, guiding principles and related
plans; fields of action with goals, indicators and measures; roadmap, priorities, flagship
projects and costs; partners; indicator traffic lights; one measure profile per measure.

Paragraphs and headings get stable anchors (a fingerprint of the chapter key and the
normalised text, plus the occurrence index for repeated texts), used by review comments.
The document is written in German (the language of the council), whatever the reader's
interface language.
"""

import hashlib
import io
import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schreibwerkstatt.inventory.models import ExistingProject, MaturityLevel, SwotEntry
from schreibwerkstatt.monitoring.traffic_light import LABELS as LIGHT_LABELS
from schreibwerkstatt.monitoring.traffic_light import Level
from schreibwerkstatt.strategies.models import Measure, Strategy

from . import blocks as b
from .chapters import CHAPTERS
from .figures import radar_alt, radar_svg
from .snapshot import take_snapshot
from .text_blocks import clean_text, markdown_blocks, safe_href

DOCUMENT_LANGUAGE = "de"
Snapshot = dict[str, Any]

# ------------------------------------------------------------------------------ formatting


def _decimal(raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def number(raw: Any, places: int | None = None) -> str:
    """German number format: 1.234,5 (thousands with a dot, decimal comma)."""
    value = _decimal(raw)
    if value is None:
        return ""
    if places is None:
        text = format(value.normalize(), "f")
        whole, _sep, fraction = text.partition(".")
    else:
        text = f"{value:.{places}f}"
        whole, _sep, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    result = sign + ".".join(groups)
    return f"{result},{fraction}" if fraction else result


def money(raw: Any) -> str:
    """ "1.200.000 €", with cents only where there are any."""
    value = _decimal(raw)
    if value is None:
        return ""
    places = 0 if value == value.to_integral_value() else 2
    return f"{number(value, places)} €"


def day(raw: str | None) -> str:
    if not raw:
        return ""
    try:
        return date.fromisoformat(raw[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return ""


def _label(choices: Any, value: str | None) -> str:
    """The German label of a choice; an unknown value (from an older snapshot) as it is."""
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _text(value: Any) -> str:
    return clean_text("" if value is None else str(value)).strip()


def _paragraphs(text: str, **style: bool) -> list[b.Paragraph]:
    """Plain multi-line text (not Markdown) as paragraphs, split at blank lines."""
    result = []
    for chunk in re.split(r"\n\s*\n", _text(text)):
        chunk = " ".join(chunk.split())
        if chunk:
            result.append(b.Paragraph((b.Run(chunk, **style),)))
    return result


def _para(*runs: b.Run) -> b.Paragraph:
    return b.Paragraph(tuple(run for run in runs if run.text))


# ------------------------------------------------------------------------------ anchors

_NORMALISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Text reduced to lower-case words: punctuation, spacing and case do not count."""
    return " ".join(_NORMALISE.sub(" ", text.casefold()).split())


def anchor_for(chapter_key: str, text: str, occurrence: int = 0, prefix: str = "p") -> str:
    digest = hashlib.sha1(  # noqa: S324 - a fingerprint, not a security measure
        f"{chapter_key}\x1f{normalise(text)}\x1f{occurrence}".encode()
    ).hexdigest()
    return f"{prefix}-{digest[:10]}"


def with_anchors(key: str, blocks: list[b.Block]) -> tuple[b.Block, ...]:
    seen: Counter[tuple[str, str]] = Counter()
    result: list[b.Block] = []
    for block in blocks:
        if isinstance(block, b.Paragraph):
            text = "".join(run.text for run in block.runs)
            occurrence = seen[("p", normalise(text))]
            seen[("p", normalise(text))] += 1
            block = replace(block, anchor=anchor_for(key, text, occurrence, "p"))
        elif isinstance(block, b.Heading):
            occurrence = seen[("h", normalise(block.text))]
            seen[("h", normalise(block.text))] += 1
            block = replace(block, anchor=anchor_for(key, block.text, occurrence, "h"))
        result.append(block)
    return tuple(result)


# ------------------------------------------------------------------------------ the structure


class _Data:
    """Look-ups over the snapshot's strategy export."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        data = snapshot.get("strategy") or {}
        self.data = data
        self.strategy = data.get("strategy") or {}
        self.municipality = data.get("municipality") or {}
        self.fields = list(data.get("fields_of_action") or [])
        self.goals = list(data.get("goals") or [])
        # Measures completed under the previous revision (revisions app, Fortschreibung): listed
        # in the monitoring chapter as completed there, left out of this draft's programme.
        self.completed_earlier = list(snapshot.get("completed_earlier") or [])
        done_before = {row.get("id") for row in self.completed_earlier}
        all_measures = list(data.get("measures") or [])
        self.measures = [m for m in all_measures if m["id"] not in done_before]
        self.indicators = list(data.get("indicators") or [])
        self.milestones = list(data.get("milestones") or [])
        self.field_by_id = {item["id"]: item for item in self.fields}
        self.goal_by_id = {goal["id"]: goal for goal in self.goals}
        self.measure_by_id = {measure["id"]: measure for measure in all_measures}
        self.goal_children: dict[str | None, list[dict]] = defaultdict(list)
        for goal in self.goals:
            parent = goal.get("parent") if goal.get("parent") in self.goal_by_id else None
            self.goal_children[parent].append(goal)
        self.indicators_of_goal: dict[str, list[dict]] = defaultdict(list)
        self.indicators_of_measure: dict[str, list[dict]] = defaultdict(list)
        for indicator in self.indicators:
            if indicator.get("goal"):
                self.indicators_of_goal[indicator["goal"]].append(indicator)
            if indicator.get("measure"):
                self.indicators_of_measure[indicator["measure"]].append(indicator)
        self.milestones_of: dict[str, list[dict]] = defaultdict(list)
        for milestone in self.milestones:
            if milestone.get("measure"):
                self.milestones_of[milestone["measure"]].append(milestone)
        layers = self.strategy.get("goal_layer_names") or []
        self.layers = [str(name) for name in layers if str(name).strip()] or ["Ziel"]
        monitoring = snapshot.get("monitoring") or {}
        self.latest_status = monitoring.get("measures") or {}
        self.latest_values = monitoring.get("indicators") or {}

    def layer(self, depth: int) -> str:
        return self.layers[min(depth, len(self.layers) - 1)]

    def goal_depth(self, goal: dict) -> int:
        depth, seen, node = 0, {goal["id"]}, goal
        while node.get("parent") in self.goal_by_id and node["parent"] not in seen:
            node = self.goal_by_id[node["parent"]]
            seen.add(node["id"])
            depth += 1
        return depth

    def goal_tree(self, members: list[dict]) -> list[tuple[dict, int]]:
        """`members` in tree order with their depth in the whole goal tree; a goal whose
        parent is not among the members starts a branch of its own."""
        ids = {goal["id"] for goal in members}
        order = {goal["id"]: index for index, goal in enumerate(self.goals)}
        result: list[tuple[dict, int]] = []
        placed: set[str] = set()

        def walk(goal: dict) -> None:
            if goal["id"] in placed:
                return
            placed.add(goal["id"])
            result.append((goal, self.goal_depth(goal)))
            for child in self.goal_children.get(goal["id"], []):
                if child["id"] in ids:
                    walk(child)

        for goal in sorted(members, key=lambda goal: order.get(goal["id"], 0)):
            if goal.get("parent") not in ids:
                walk(goal)
        for goal in members:  # cycles in a broken import: still listed once
            walk(goal)
        return result

    def measure_title(self, ref: str) -> str:
        measure = self.measure_by_id.get(ref)
        return _text(measure["title"]) if measure else ""


# ------------------------------------------------------------------------------ generated parts


def _indicator_table(data: _Data, indicators: list[dict], caption: str) -> b.Table:
    rows = []
    for indicator in indicators:
        rows.append(
            (
                _text(indicator.get("name")),
                _text(indicator.get("unit")),
                _value_at(indicator.get("baseline_value"), indicator.get("baseline_date")),
                _value_at(indicator.get("target_value"), indicator.get("target_date")),
            )
        )
    return b.Table(
        caption,
        (_("Indicator"), _("Unit"), _("Baseline"), _("Target")),
        tuple(rows),
        (3, 1, 1.5, 1.5),
    )


def _value_at(value: Any, when: str | None) -> str:
    text = number(value)
    if text and when:
        return _("%(value)s (%(date)s)") % {"value": text, "date": day(when)}
    return text


def _measure_items(data: _Data, measures: list[dict]) -> b.ListBlock:
    items = []
    for measure in measures:
        details = [
            _label(Measure.Status, measure.get("status")),
            _("priority %(priority)s") % {"priority": _priority_short(measure.get("priority"))}
            if measure.get("priority")
            else "",
        ]
        detail = ", ".join(part for part in details if part)
        runs = [b.Run(_text(measure["title"]), bold=True)]
        if measure.get("is_flagship"):
            runs.append(b.Run(" " + _("(flagship project)")))
        if detail:
            runs.append(b.Run(f" – {detail}"))
        items.append(tuple(runs))
    return b.ListBlock(tuple(items))


def _priority_short(value: str | None) -> str:
    return {
        Measure.Priority.HIGH: _("high"),
        Measure.Priority.MEDIUM: _("medium"),
        Measure.Priority.LOW: _("low"),
    }.get(value or "", _text(value))


def _goal_blocks(data: _Data, goals: list[dict]) -> list[b.Block]:
    """Goals with their layer names: top goals of the branch as headings, lower layers as
    a list under them, each entry named by its layer."""
    result: list[b.Block] = []
    pending: list[tuple[b.Run, ...]] = []

    def flush() -> None:
        if pending:
            result.append(b.ListBlock(tuple(pending)))
            pending.clear()

    tree = data.goal_tree(goals)
    branch_depth = None
    for goal, depth in tree:
        title = _text(goal.get("title"))
        if branch_depth is None or depth <= branch_depth:
            flush()
            branch_depth = depth
            result.append(b.Heading(3, f"{data.layer(depth)}: {title}"))
            result.extend(_paragraphs(goal.get("description") or ""))
        else:
            indent = "– " * max(depth - branch_depth - 1, 0)
            runs = [b.Run(f"{indent}{data.layer(depth)}: ", bold=True), b.Run(title)]
            description = " ".join(_text(goal.get("description")).split())
            if description:
                runs.append(b.Run(f" – {description}"))
            pending.append(tuple(runs))
    flush()
    return result


def _by_field(
    items: list[dict], field_by_id: dict[str, Any]
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Goals or measures by the (known) fields of action they name; and those naming none."""
    of_field: dict[str, list[dict]] = defaultdict(list)
    without = []
    for item in items:
        refs = [ref for ref in item.get("fields") or [] if ref in field_by_id]
        for ref in refs:
            of_field[ref].append(item)
        if not refs:
            without.append(item)
    return of_field, without


def _handlungsfelder(data: _Data) -> list[b.Block]:
    result: list[b.Block] = []
    goals_of_field, cross_cutting = _by_field(data.goals, data.field_by_id)
    measures_of_field, without_field = _by_field(data.measures, data.field_by_id)

    def section(goals: list[dict], measures: list[dict], label: str) -> list[b.Block]:
        part: list[b.Block] = []
        if goals:
            part.extend(_goal_blocks(data, goals))
            indicators = [i for goal in goals for i in data.indicators_of_goal.get(goal["id"], [])]
            if indicators:
                part.append(
                    _indicator_table(
                        data, indicators, _("Indicators: %(label)s") % {"label": label}
                    )
                )
        if measures:
            part.append(b.Heading(3, _("Measures")))
            part.append(_measure_items(data, measures))
        return part

    for item in data.fields:
        title = _text(item.get("title"))
        result.append(b.Heading(2, title))
        if item.get("guiding_sentence"):
            result.append(_para(b.Run(_text(item["guiding_sentence"]), italic=True)))
        if item.get("starting_situation"):
            result.append(b.Heading(3, _("Starting situation")))
            result.extend(_paragraphs(item["starting_situation"]))
        sub_areas = [_text(area) for area in item.get("sub_areas") or [] if _text(area)]
        if sub_areas:
            result.append(
                _para(b.Run(_("Sub-areas:") + " ", bold=True), b.Run(", ".join(sub_areas)))
            )
        result.extend(section(goals_of_field[item["id"]], measures_of_field[item["id"]], title))
    if data.fields:
        cross_title = _("Cross-cutting goals")
        other_title = _("Measures without a field of action")
    else:
        cross_title = _("Goals")
        other_title = _("Measures")
    if cross_cutting:
        result.append(b.Heading(2, cross_title))
        result.extend(section(cross_cutting, [], cross_title))
    if without_field:
        result.append(b.Heading(2, other_title))
        result.append(_measure_items(data, without_field))
    return result


def _ausgangslage(data: _Data) -> list[b.Block]:
    inventory = data.snapshot.get("inventory") or {}
    result: list[b.Block] = []
    swot = inventory.get("swot") or {}
    quadrants = [q for q in SwotEntry.Quadrant.values]
    columns = [[_text(entry) for entry in swot.get(q) or []] for q in quadrants]
    if any(columns):
        result.append(b.Heading(2, _("SWOT analysis")))
        result.append(
            b.Table(
                _("Strengths, weaknesses, opportunities and threats"),
                tuple(_label(SwotEntry.Quadrant, q) for q in quadrants),
                tuple(tuple(cell or "" for cell in row) for row in zip_longest(*columns)),
            )
        )
    maturity = [item for item in inventory.get("maturity") or [] if item.get("title")]
    if any(item.get("answers") for item in maturity):
        result.append(b.Heading(2, _("Digital maturity")))
        result.append(
            _para(
                b.Run(
                    _(
                        "The self-assessment rates each field of action on a scale from 0 "
                        "(not started) to 4 (fully implemented)."
                    )
                )
            )
        )
        result.append(
            b.Figure(
                radar_svg(maturity),
                radar_alt(maturity),
                _("Maturity per field of action"),
                width_cm=15.0,
            )
        )
        rows = []
        for item in maturity:
            average = item.get("average")
            if average is None:
                rows.append((_text(item["title"]), "–", _("no answers"), "0"))
                continue
            level = MaturityLevel(min(int(float(average) + 0.5), max(MaturityLevel.values)))
            rows.append(
                (
                    _text(item["title"]),
                    number(Decimal(str(average)), 1),
                    str(level.label),
                    str(item.get("answers") or 0),
                )
            )
        result.append(
            b.Table(
                _("Maturity per field of action (table)"),
                (_("Field of action"), _("Average (0–4)"), _("Level"), _("Answers")),
                tuple(rows),
                (3, 1, 2, 1),
            )
        )
    projects = inventory.get("projects") or []
    if projects:
        result.append(b.Heading(2, _("Existing digital projects")))
        result.append(
            b.Table(
                _("Existing digital projects"),
                (_("Project"), _("Status"), _("Organisational unit"), _("Note")),
                tuple(
                    (
                        _text(project.get("title")),
                        _label(ExistingProject.Status, project.get("status")),
                        _text(project.get("unit")),
                        " ".join(_text(project.get("note")).split()),
                    )
                    for project in projects
                ),
                (2.5, 1, 1.5, 3),
            )
        )
    return result


def _anlass(data: _Data) -> list[b.Block]:
    stakeholders = (data.snapshot.get("inventory") or {}).get("stakeholders") or []
    if not stakeholders:
        return []
    by_group: dict[str, list[str]] = defaultdict(list)
    for stakeholder in stakeholders:
        name = _text(stakeholder.get("name"))
        if name:
            by_group[_text(stakeholder.get("group")) or _("Other")].append(name)
    items = tuple(
        (b.Run(f"{group}: ", bold=True), b.Run(", ".join(names)))
        for group, names in by_group.items()
    )
    return [b.Heading(2, _("Stakeholders involved")), b.ListBlock(items)] if items else []


def _vision(data: _Data) -> list[b.Block]:
    result: list[b.Block] = []
    vision = data.strategy.get("vision") or ""
    if _text(vision):
        result.append(b.Heading(2, _("Vision")))
        result.extend(_paragraphs(vision))
    principles = [_text(p.get("text")) for p in data.data.get("guiding_principles") or []]
    principles = [text for text in principles if text]
    if principles:
        result.append(b.Heading(2, _("Guiding principles")))
        result.append(b.ListBlock(tuple((b.Run(text),) for text in principles), ordered=True))
    links = data.data.get("plan_links") or []
    if links:
        result.append(b.Heading(2, _("Related plans")))
        items = []
        for link in links:
            runs = [b.Run(_text(link.get("title")), bold=True, href=safe_href(link.get("url")))]
            if _text(link.get("note")):
                runs.append(b.Run(" – " + " ".join(_text(link["note"]).split())))
            items.append(tuple(runs))
        result.append(b.ListBlock(tuple(items)))
    return result


def _umsetzung(data: _Data) -> list[b.Block]:
    result: list[b.Block] = []
    strategy = data.strategy
    facts = []
    if strategy.get("period_start") or strategy.get("period_end"):
        facts.append(
            (
                _("Period"),
                _("%(start)s to %(end)s")
                % {
                    "start": day(strategy.get("period_start")),
                    "end": day(strategy.get("period_end")),
                },
            )
        )
    if strategy.get("budget"):
        facts.append((_("Budget"), money(strategy["budget"])))
    if _text(strategy.get("funding_programme")):
        facts.append((_("Funding programme"), _text(strategy["funding_programme"])))
    own = [money(strategy.get("own_share_amount"))]
    if strategy.get("own_share_percent"):
        own.append(f"{number(strategy['own_share_percent'])} %")
    own = [part for part in own if part]
    if own:
        facts.append((_("Own share"), " / ".join(own)))
    phases = data.data.get("programme_phases") or []
    for phase in phases:
        facts.append(
            (
                _text(phase.get("name")),
                _("%(start)s to %(end)s")
                % {"start": day(phase.get("start")), "end": day(phase.get("end"))},
            )
        )
    if facts:
        result.append(b.Heading(2, _("Framework")))
        result.append(b.Facts(tuple(facts)))

    roadmap = data.snapshot.get("roadmap")
    dated = [m for m in data.measures if m.get("start")]
    if roadmap and roadmap.get("svg"):
        result.append(b.Heading(2, _("Roadmap")))
        result.append(
            b.Figure(
                str(roadmap["svg"]),
                _text(roadmap.get("description")) or _("Roadmap of the measures"),
                _text(roadmap.get("title")),
                width_cm=16.0,
            )
        )
    if dated:
        result.append(
            b.Table(
                _("Time plan of the measures"),
                (_("Measure"), _("Start"), _("End"), _("Status")),
                tuple(
                    (
                        _text(m["title"]),
                        day(m.get("start")),
                        day(m.get("end")),
                        _label(Measure.Status, m.get("status")),
                    )
                    for m in sorted(dated, key=lambda m: (m.get("start") or "", m["title"]))
                ),
                (4, 1, 1, 1.3),
            )
        )

    if any(m.get("priority") for m in data.measures):
        result.append(b.Heading(2, _("Priorities")))
        rows = []
        for priority in Measure.Priority.values:
            titles = [_text(m["title"]) for m in data.measures if m.get("priority") == priority]
            if titles:
                rows.append(
                    (_label(Measure.Priority, priority), str(len(titles)), "; ".join(titles))
                )
        without = sum(1 for m in data.measures if not m.get("priority"))
        if without:
            rows.append((_("No priority yet"), str(without), ""))
        result.append(
            b.Table(
                _("Measures by priority"),
                (_("Priority"), _("Number"), _("Measures")),
                tuple(rows),
                (2, 0.8, 5),
            )
        )

    flagships = [m for m in data.measures if m.get("is_flagship")]
    if flagships:
        result.append(b.Heading(2, _("Flagship projects")))
        for measure in flagships:
            result.append(b.Heading(3, _text(measure["title"])))
            result.extend(_paragraphs(measure.get("summary") or ""))

    costs = (data.snapshot.get("monitoring") or {}).get("costs") or {}
    years = costs.get("years") or []
    if years:
        result.append(b.Heading(2, _("Planned costs per year")))
        result.append(
            _para(
                b.Run(
                    _(
                        "One-off costs count in the year a measure starts; running costs count "
                        "for each month a measure runs in that year."
                    )
                )
            )
        )
        rows = []
        total = Decimal(0)
        for year in years:
            one_off = _decimal(year.get("one_off")) or Decimal(0)
            running = _decimal(year.get("running")) or Decimal(0)
            total += one_off + running
            rows.append(
                (str(year.get("year")), money(one_off), money(running), money(one_off + running))
            )
        rows.append((_("Total"), "", "", money(total)))
        result.append(
            b.Table(
                _("Planned costs per year"),
                (_("Year"), _("One-off"), _("Running"), _("Total")),
                tuple(rows),
            )
        )
        if costs.get("undated_count"):
            result.append(
                _para(
                    b.Run(
                        ngettext(
                            "%(count)s measure with costs of %(amount)s has no start date yet and is not included above.",
                            "%(count)s measures with costs of %(amount)s have no start date yet and are not included above.",
                            costs["undated_count"],
                        )
                        % {
                            "count": costs["undated_count"],
                            "amount": money(costs.get("undated_amount")),
                        }
                    )
                )
            )
    return result


def _organisation(data: _Data) -> list[b.Block]:
    partners = data.data.get("partners") or []
    if not partners:
        return []
    items = []
    for partner in partners:
        runs = [b.Run(_text(partner.get("name")), bold=True)]
        if _text(partner.get("label")):
            runs.append(b.Run(f" ({_text(partner['label'])})"))
        items.append(tuple(runs))
    return [
        b.Heading(2, _("Partner municipalities")),
        _para(
            b.Run(
                _("%(lead)s prepares this strategy jointly with:")
                % {"lead": _text(data.municipality.get("name"))}
            )
        ),
        b.ListBlock(tuple(items)),
    ]


def _monitoring(data: _Data) -> list[b.Block]:
    result: list[b.Block] = []
    if data.indicators:
        result.append(b.Heading(2, _("Indicators and their course")))
        result.append(
            _para(
                b.Run(
                    _(
                        "The traffic light compares the latest measured value with a straight "
                        "line from the baseline to the target: on track from 90 % of the "
                        "expected progress, at risk from 60 %, otherwise off track."
                    )
                )
            )
        )
        rows = []
        for indicator in data.indicators:
            latest = data.latest_values.get(indicator["id"]) or {}
            level = latest.get("level") or Level.NONE
            try:
                light = str(LIGHT_LABELS[Level(level)])
            except ValueError:
                light = _text(level)
            rows.append(
                (
                    _text(indicator.get("name")),
                    _text(indicator.get("unit")),
                    _value_at(indicator.get("baseline_value"), indicator.get("baseline_date")),
                    _value_at(indicator.get("target_value"), indicator.get("target_date")),
                    _value_at(latest.get("latest_value"), latest.get("latest_date")) or "–",
                    light,
                )
            )
        result.append(
            b.Table(
                _("Indicators: baseline, target, latest value and traffic light"),
                (
                    _("Indicator"),
                    _("Unit"),
                    _("Baseline"),
                    _("Target"),
                    _("Latest value"),
                    _("Traffic light"),
                ),
                tuple(rows),
                (3, 0.8, 1.4, 1.4, 1.4, 1.2),
            )
        )
    if data.measures:
        counts = Counter(m.get("status") for m in data.measures)
        result.append(b.Heading(2, _("Status of the measures")))
        result.append(
            b.Table(
                _("Measures by status"),
                (_("Status"), _("Number")),
                tuple(
                    (_label(Measure.Status, status), str(counts[status]))
                    for status in Measure.Status.values
                    if counts.get(status)
                ),
            )
        )
        rows = []
        for measure in data.measures:
            latest = data.latest_status.get(measure["id"]) or {}
            progress = latest.get("progress_percent")
            rows.append(
                (
                    _text(measure["title"]),
                    _label(Measure.Status, latest.get("status") or measure.get("status")),
                    "" if progress is None else f"{progress} %",
                    day(latest.get("updated")),
                )
            )
        result.append(
            b.Table(
                _("Latest status of each measure"),
                (_("Measure"), _("Status"), _("Progress"), _("Last update")),
                tuple(rows),
                (4, 1.4, 1, 1.2),
            )
        )
    if data.completed_earlier:  # a part revisions adds to the snapshot (revisions/apps.py)
        number = data.completed_earlier[0].get("revision")
        result.append(b.Heading(2, _("Completed in revision %(number)s") % {"number": number}))
        result.append(
            _para(
                b.Run(
                    _(
                        "These measures were completed while revision %(number)s was in force. "
                        "This revision no longer plans them."
                    )
                    % {"number": number}
                )
            )
        )
        result.append(
            b.Table(
                _("Measures completed in revision %(number)s") % {"number": number},
                (_("Measure"), _("Completed on")),
                tuple(
                    (_text(row.get("title")), day(row.get("completed_on")) or "–")
                    for row in data.completed_earlier
                ),
                (4, 1.2),
            )
        )
    return result


def measure_facts(data: _Data, measure: dict) -> b.Facts:
    """Every filled field of a measure's profile (Steckbrief), as label/value pairs."""
    items: list[tuple[str, str]] = []

    def add(label: str, value: Any) -> None:
        text = " ".join(_text(value).split()) if value is not None else ""
        if text:
            items.append((label, text))

    parent = measure.get("parent")
    if parent:
        add(_("Part of the measure"), data.measure_title(parent))
    add(_("Short name"), measure.get("short_name"))
    add(_("Name in plain language"), measure.get("plain_name"))
    add(_("Short description"), measure.get("summary"))
    add(_("Problem and starting point"), measure.get("problem"))
    add(_("Expected effect"), measure.get("expected_effect"))
    add(_("Target group"), measure.get("target_group"))
    add(
        _("Fields of action"),
        "; ".join(
            _text(data.field_by_id[ref]["title"])
            for ref in measure.get("fields") or []
            if ref in data.field_by_id
        ),
    )
    add(
        _("Serves goals"),
        "; ".join(
            _text(data.goal_by_id[ref]["title"])
            for ref in measure.get("goals") or []
            if ref in data.goal_by_id
        ),
    )
    add(_("Lead unit"), measure.get("lead_unit"))
    add(_("Internal partners"), measure.get("partners_internal"))
    add(_("External partners"), measure.get("partners_external"))
    if measure.get("partner_municipality"):
        names = {p.get("ags"): p.get("name") for p in data.data.get("partners") or []}
        add(
            _("Partner municipality in charge"),
            names.get(measure["partner_municipality"], measure["partner_municipality"]),
        )
    add(_("Status"), _label(Measure.Status, measure.get("status")))
    add(_("Priority"), _label(Measure.Priority, measure.get("priority")))
    if measure.get("is_flagship"):
        add(_("Flagship project"), _("yes"))
    add(_("Start"), day(measure.get("start")))
    add(_("End"), day(measure.get("end")))
    latest = data.latest_status.get(measure["id"]) or {}
    if latest.get("duration_months"):
        add(_("Duration"), _("%(months)s months") % {"months": latest["duration_months"]})
    add(_("One-off costs"), money(measure.get("cost_one_off")))
    add(_("Running costs per year"), money(measure.get("cost_running")))
    add(_("Financing"), _label(Measure.Financing, measure.get("financing")))
    add(_("Funding programme"), measure.get("funding_programme"))
    if measure.get("funding_share_percent"):
        add(_("Funding share"), f"{number(measure['funding_share_percent'])} %")
    add(
        _("Milestones"),
        "; ".join(
            _("%(title)s (%(date)s)") % {"title": _text(m.get("title")), "date": day(m.get("date"))}
            for m in data.milestones_of.get(measure["id"], [])
        ),
    )
    add(
        _("Indicators"),
        "; ".join(_text(i.get("name")) for i in data.indicators_of_measure.get(measure["id"], [])),
    )
    add(
        _("Depends on"),
        "; ".join(
            data.measure_title(ref)
            for ref in measure.get("depends_on") or []
            if data.measure_title(ref)
        ),
    )
    add(_("Risks"), measure.get("risks"))
    add(_("Location"), measure.get("location"))
    add(
        _("Tags"),
        "; ".join(
            f"{_text(tag.get('axis'))}: {_text(tag.get('tag'))}"
            for tag in measure.get("tags") or []
        ),
    )
    add(_("Maturity"), measure.get("maturity"))
    add(_("Reusability and references"), measure.get("reusability"))
    add(_("Data protection notes"), measure.get("data_protection_notes"))
    add(_("Accessibility notes"), measure.get("accessibility_notes"))
    if latest.get("progress_percent") is not None:
        progress = f"{latest['progress_percent']} %"
        if latest.get("updated"):
            progress = _("%(progress)s (as of %(date)s)") % {
                "progress": progress,
                "date": day(latest["updated"]),
            }
        add(_("Progress"), progress)
    return b.Facts(tuple(items))


def _anhang(data: _Data) -> list[b.Block]:
    result: list[b.Block] = []
    for measure in data.measures:
        result.append(b.Heading(2, _text(measure["title"])))
        result.append(measure_facts(data, measure))
    return result


GENERATED = {
    "anlass": _anlass,
    "ausgangslage": _ausgangslage,
    "vision": _vision,
    "handlungsfelder": _handlungsfelder,
    "umsetzung": _umsetzung,
    "organisation": _organisation,
    "monitoring": _monitoring,
    "anhang": _anhang,
}


def chapter_blocks(snapshot: Snapshot, key: str, text: str) -> tuple[b.Block, ...]:
    """The blocks of one chapter (its Markdown text, then its generated parts), anchored."""
    data = _Data(snapshot)
    with translation.override(DOCUMENT_LANGUAGE):
        return _chapter_blocks(data, key, text)


def _chapter_blocks(data: _Data, key: str, text: str) -> tuple[b.Block, ...]:
    generated = GENERATED.get(key)
    blocks: list[b.Block] = list(markdown_blocks(text))
    if generated is not None:
        blocks.extend(generated(data))
    return with_anchors(key, blocks)


# ------------------------------------------------------------------------------ the document


def _issued(snapshot: Snapshot) -> date:
    raw = snapshot.get("taken_at")
    if raw:
        try:
            moment = datetime.fromisoformat(raw)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.date()
        except ValueError:
            pass
    return timezone.localdate()


def _sorted_chapters(snapshot: Snapshot) -> list[dict]:
    order = {key: index for index, (key, _title) in enumerate(CHAPTERS)}
    chapters = [c for c in snapshot.get("chapters") or [] if c.get("enabled", True)]
    return sorted(chapters, key=lambda c: (c.get("position", 0), order.get(c.get("key"), 99)))


def build_document(
    snapshot: Snapshot,
    *,
    logo: bytes | None = None,
    logo_name: str = "",
    status_line: str = "",
    issued: date | None = None,
) -> b.Document:
    """The document of a snapshot: enabled chapters in their order, each with its text and
    generated parts. Reads nothing but `snapshot`."""
    data = _Data(snapshot)
    with translation.override(DOCUMENT_LANGUAGE):
        chapters = tuple(
            b.Chapter(
                key=str(chapter.get("key") or ""),
                title=_text(chapter.get("title")) or str(chapter.get("key") or ""),
                blocks=_chapter_blocks(
                    data, str(chapter.get("key") or ""), chapter.get("text") or ""
                ),
            )
            for chapter in _sorted_chapters(snapshot)
        )
        names = [_text(data.municipality.get("name"))] + [
            _text(partner.get("name")) for partner in data.data.get("partners") or []
        ]
        names = [name for name in names if name]
        if len(names) > 1:
            municipality = _("%(names)s and %(last)s") % {
                "names": ", ".join(names[:-1]),
                "last": names[-1],
            }
        else:
            municipality = names[0] if names else ""
        title = _text(data.strategy.get("title")) or _("Digital strategy")
        keywords = tuple(
            dict.fromkeys(
                k
                for k in (
                    _("Digital strategy"),
                    *names,
                    *(_text(f.get("title")) for f in data.fields),
                )
                if k
            )
        )
        return b.Document(
            title=title,
            subtitle=_text(data.strategy.get("motto")),
            municipality=municipality,
            status_line=_text(status_line),
            issued=issued or _issued(snapshot),
            chapters=chapters,
            logo=logo,
            logo_name=logo_name,
            language=DOCUMENT_LANGUAGE,
            keywords=keywords,
        )


def municipality_logo(strategy: Strategy) -> tuple[bytes | None, str]:
    """The lead municipality's logo as PNG or JPEG bytes (WebP is converted to PNG)."""
    logo = strategy.municipality.logo
    if not logo:
        return None, ""
    try:
        with logo.open("rb") as handle:
            raw = handle.read()
    except (OSError, ValueError):
        return None, ""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as image:
            kind = image.format
            if kind in {"PNG", "JPEG"}:
                return raw, logo.name.rsplit("/", 1)[-1]
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue(), logo.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] + ".png"
    except (UnidentifiedImageError, OSError, ValueError):
        return None, ""


def live_status_line(strategy: Strategy, on: date | None = None) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return _("%(status)s, as of %(date)s") % {
            "status": strategy.get_status_display(),
            "date": (on or timezone.localdate()).strftime("%d.%m.%Y"),
        }


def build_live(strategy: Strategy) -> b.Document:
    """The current document of a strategy: a fresh snapshot, its logo and a status line."""
    snapshot = take_snapshot(strategy)
    logo, logo_name = municipality_logo(strategy)
    return build_document(
        snapshot, logo=logo, logo_name=logo_name, status_line=live_status_line(strategy)
    )
