"""The shipped handbook: guides from handbook/NN-<slug>.md, entry questions from
handbook/einstiegsfragen.toml (formats: /work/notes/CONTENT_FORMAT.md, summed up here).

A guide file is TOML front matter between two lines `+++` (title, slug, phase, summary,
public, pages) and then the Markdown body. The questions file holds `[[frage]]` tables
(question, answer, guide = slug, tool = key of models.Tool).

`load_handbook(apps)` works on any model registry: the data migration passes its historical
models, the `load-handbook` command the real ones. It is idempotent (guides by slug,
questions by their text). With `update=True` it also replaces rows whose content is still
what was shipped (their `shipped_hash` matches); rows an operator has edited stay. Each
created or replaced row gets one history record, written here because historical models
in a migration record nothing by themselves.
"""

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

HANDBOOK = Path(__file__).resolve().parent / "handbook"
QUESTIONS_FILE = "einstiegsfragen.toml"
GUIDE_FILE = re.compile(r"^\d\d-[a-z0-9-]+\.md$")
FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?\n?", re.S | re.M)
PHASES = range(0, 11)
TOOLS = (
    "cycle", "strategy_new", "inventory", "vision", "fields", "goals", "measures", "priorities",
    "roadmap", "check", "document", "adoption", "monitoring", "members", "transparency",
)  # fmt: skip

# The fields that make up a row's content, for `shipped_hash` (see models.py).
GUIDE_CONTENT = ("title", "summary", "body", "phase", "pages", "public")
QUESTION_CONTENT = ("question", "answer", "guide_id", "tool")
SHIPPED_REASON = "Mitgelieferter Leitfaden"  # history records are data, stored in German
UPDATED_REASON = "Mitgelieferter Leitfaden (aktualisiert)"


class HandbookError(ValueError):
    """A shipped file does not follow the format; the message names the file."""


def content_hash(obj: Any, names: tuple[str, ...]) -> str:
    """A fingerprint of a row's content (the given fields as sorted JSON)."""
    values = {name: getattr(obj, name) for name in names}
    raw = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class GuideFile:
    slug: str
    title: str
    summary: str
    body: str
    phase: int | None
    public: bool
    pages: list[str]
    position: int


@dataclass(frozen=True)
class QuestionEntry:
    question: str
    answer: str
    guide: str
    tool: str
    position: int


def _text(data: dict, key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise HandbookError(f"{where}: `{key}` must be a non-empty string")
    return value.strip()


def parse_guide(path: Path) -> GuideFile:
    raw = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(raw)
    if match is None:
        raise HandbookError(f"{path.name}: no front matter between lines `+++`")
    try:
        meta = tomllib.loads(match[1])
    except tomllib.TOMLDecodeError as error:
        raise HandbookError(f"{path.name}: front matter is no valid TOML: {error}") from error
    where = path.name
    slug = _text(meta, "slug", where)
    if not re.fullmatch(r"[a-z0-9-]+", slug) or len(slug) > 100:
        raise HandbookError(f"{where}: `slug` must be lowercase letters, digits and hyphens")
    phase = meta.get("phase")
    if phase is not None and (type(phase) is not int or phase not in PHASES):
        raise HandbookError(f"{where}: `phase` must be a number from 0 to 10")
    public = meta.get("public", True)
    if not isinstance(public, bool):
        raise HandbookError(f"{where}: `public` must be true or false")
    pages = meta.get("pages", [])
    if not isinstance(pages, list) or not all(isinstance(p, str) and p for p in pages):
        raise HandbookError(f"{where}: `pages` must be a list of URL names")
    body = raw[match.end() :].strip()
    if not body:
        raise HandbookError(f"{where}: the guide has no text")
    title = _text(meta, "title", where)
    if len(title) > 200:
        raise HandbookError(f"{where}: `title` is longer than 200 characters")
    return GuideFile(
        slug=slug,
        title=title,
        summary=_text(meta, "summary", where),
        body=body + "\n",
        phase=phase,
        public=public,
        pages=list(pages),
        position=int(path.name[:2]),
    )


def parse_questions(path: Path) -> list[QuestionEntry]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise HandbookError(f"{path.name}: no valid TOML: {error}") from error
    entries = data.get("frage", [])
    if not isinstance(entries, list):
        raise HandbookError(f"{path.name}: expected [[frage]] tables")
    questions, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, question {number}"
        question = _text(entry, "question", where)
        if len(question) > 300:
            raise HandbookError(f"{where}: `question` is longer than 300 characters")
        if question in seen:
            raise HandbookError(f"{where}: the question appears twice")
        seen.add(question)
        tool = _text(entry, "tool", where, required=False)
        if tool and tool not in TOOLS:
            raise HandbookError(f"{where}: unknown tool {tool!r}")
        questions.append(
            QuestionEntry(
                question=question,
                answer=_text(entry, "answer", where) + "\n",
                guide=_text(entry, "guide", where, required=False),
                tool=tool,
                position=number,
            )
        )
    return questions


def read_handbook(folder: Path = HANDBOOK) -> tuple[list[GuideFile], list[QuestionEntry]]:
    """The shipped guides and questions; a missing folder or file means none of them."""
    guides = (
        [parse_guide(p) for p in sorted(folder.iterdir()) if GUIDE_FILE.match(p.name)]
        if folder.is_dir()
        else []
    )
    slugs = [g.slug for g in guides]
    if len(slugs) != len(set(slugs)):
        raise HandbookError("two guide files have the same slug")
    questions_path = folder / QUESTIONS_FILE
    questions = parse_questions(questions_path) if questions_path.is_file() else []
    return guides, questions


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)  # differs, but an operator edited it
    unknown_guides: list[str] = field(default_factory=list)  # a question names no guide


def _record(registry: Any, model_name: str, obj: Any, kind: str, reason: str) -> None:
    history = registry.get_model("guides", f"Historical{model_name}")
    names = {f.attname for f in history._meta.concrete_fields} - {
        "history_id", "history_date", "history_change_reason", "history_type", "history_user_id",
    }  # fmt: skip
    history.objects.create(
        **{name: getattr(obj, name) for name in names},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=reason,
    )


def _apply(registry, model_name: str, obj, values: dict, names, report: Report, label: str,
           *, update: bool) -> None:  # fmt: skip
    """Create `obj` (pk None) or bring an unedited one up to `values`."""
    creating = obj.pk is None
    if not creating:
        if content_hash(obj, names) != obj.shipped_hash:
            if any(getattr(obj, k) != v for k, v in values.items() if k in names):
                report.kept_edited.append(label)
            return
        if not update or all(getattr(obj, k) == v for k, v in values.items()):
            return
    for key, value in values.items():
        setattr(obj, key, value)
    obj.shipped_hash = content_hash(obj, names)
    if not creating:
        obj.version += 1
    obj.skip_history_when_saving = True  # the record is written below, for both registries
    obj.save()
    del obj.skip_history_when_saving
    if creating:
        report.created.append(label)
        _record(registry, model_name, obj, "+", SHIPPED_REASON)
    else:
        report.updated.append(label)
        _record(registry, model_name, obj, "~", UPDATED_REASON)


def load_handbook(registry: Any, *, update: bool = False, folder: Path = HANDBOOK) -> Report:
    """Create the shipped guides and questions that are missing; with `update`, also bring
    unedited ones up to the files. `registry`: django.apps.apps or a migration's apps."""
    guide_model = registry.get_model("guides", "Guide")
    question_model = registry.get_model("guides", "Question")
    guides, questions = read_handbook(folder)
    report = Report()
    existing = {g.slug: g for g in guide_model.objects.filter(slug__in=[g.slug for g in guides])}
    for shipped in guides:
        guide = existing.get(shipped.slug) or guide_model(slug=shipped.slug)
        values = {
            "title": shipped.title, "summary": shipped.summary, "body": shipped.body,
            "phase": shipped.phase, "public": shipped.public, "pages": shipped.pages,
            "position": shipped.position,
        }  # fmt: skip
        _apply(registry, "Guide", guide, values, GUIDE_CONTENT, report, shipped.slug,
               update=update)  # fmt: skip
    slugs = dict(guide_model.objects.values_list("slug", "pk"))
    known = {
        q.question: q
        for q in question_model.objects.filter(question__in=[q.question for q in questions])
    }
    for shipped in questions:
        guide_id = slugs.get(shipped.guide)
        if shipped.guide and guide_id is None:
            report.unknown_guides.append(f"{shipped.question} → {shipped.guide}")
        question = known.get(shipped.question) or question_model(question=shipped.question)
        values = {
            "answer": shipped.answer, "guide_id": guide_id, "tool": shipped.tool,
            "position": shipped.position,
        }  # fmt: skip
        _apply(registry, "Question", question, values, QUESTION_CONTENT, report,
               shipped.question, update=update)  # fmt: skip
    return report
