"""House rules as lint (HOUSE_STYLE 14, issue 12): the shape docs/architecture.md describes.

    python tools/house_rules.py                 every rule, the whole tree
    python tools/house_rules.py --rule HR201    only these rules (`make lint` names the ones
                                                the tree keeps; see the Makefile)
    python tools/house_rules.py --list          the rules with their examples

Each finding is one line, `file:line: RULE-ID message (hint)`; the exit status is 1 when there
is any. The checks read the source (ast and template text) and import nothing of the project,
so they run in a second without a database. Tests and migrations are not checked.

Each rule is a function below whose docstring says what it forbids and why, with a bad and a
good example (`# file: <path below schreibwerkstatt/>` starts a file of an example);
tests/test_house_rules.py feeds those examples, and more, to the checker.
"""

import argparse
import ast
import inspect
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "schreibwerkstatt"

# The layer order of docs/architecture.md, lowest first. An app may import only from apps
# in an earlier row; apps in one row are siblings and do not import each other. An app that
# is not listed here is a finding of HR301 until it gets its row.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("audit", "inbox"),
    ("municipalities",),
    ("history", "glossary"),
    ("strategies",),
    ("process",),
    ("inventory", "monitoring", "roadmap", "personal", "guides"),
    ("comments", "workshops"),
    ("documents", "boards", "advising", "discussions"),
    ("revisions",),
    ("jobs",),
    ("exports",),
    ("exchange",),
    ("transparency",),
    ("statewide", "library"),
    ("privacy",),
    ("search", "public"),
    ("demo",),
)
LAYER = {app: number for number, row in enumerate(LAYERS, start=1) for app in row}

# Templates every app may include: the one shared folder (docs/architecture.md).
SHARED_PARTIALS = "core/partials/"

WRITE_METHODS = {"save", "delete", "create", "get_or_create", "update_or_create"}
# Receivers whose save/delete/create are not database writes of a model.
NOT_A_MODEL = {"cache", "caches", "session", "messages"}


@dataclass(frozen=True, order=True)
class Violation:
    path: str  # relative to the root, with forward slashes
    line: int
    rule: str
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.message} ({self.hint})"


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    source: str  # the importing app
    target: str  # the imported app


@dataclass
class Project:
    """The source tree under `root/schreibwerkstatt`, parsed once."""

    root: Path
    _trees: dict[Path, ast.Module] = field(default_factory=dict)

    @property
    def package(self) -> Path:
        return self.root / PACKAGE

    @cached_property
    def apps(self) -> list[str]:
        return sorted(p.parent.name for p in self.package.glob("*/apps.py"))

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _checked(self, path: Path) -> bool:
        parts = path.relative_to(self.package).parts
        return not (
            {"tests", "migrations"} & set(parts)
            or path.name == "conftest.py"
            or path.name.startswith("test_")
        )

    def python_files(self, app: str) -> list[Path]:
        return sorted(p for p in (self.package / app).rglob("*.py") if self._checked(p))

    def tree(self, path: Path) -> ast.Module:
        if path not in self._trees:
            self._trees[path] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        return self._trees[path]

    def templates(self) -> Iterator[tuple[str, Path]]:
        """(app, template file) of every app's templates/ folder."""
        for app in self.apps:
            for path in sorted((self.package / app / "templates").rglob("*.html")):
                if self._checked(path):
                    yield app, path

    def views_modules(self) -> Iterator[Path]:
        for app in self.apps:
            for path in self.python_files(app):
                parts = path.relative_to(self.package / app).parts
                if path.name == "views.py" or path.name.endswith("_views.py") or "views" in parts:
                    yield path

    @cached_property
    def imports(self) -> list[Import]:
        """Every import of one app by another, also inside functions and under TYPE_CHECKING,
        and import_module()/import_string() of a literal dotted path."""
        found = []
        apps = set(self.apps)
        for app in self.apps:
            for path in self.python_files(app):
                # The file's package, for relative imports (of foo.py and foo/__init__.py).
                package = path.relative_to(self.root).parent.parts
                for node in ast.walk(self.tree(path)):
                    for dotted in _imported(node, package):
                        parts = dotted.split(".")
                        target = parts[1] if len(parts) > 1 and parts[0] == PACKAGE else None
                        if target in apps and target != app:
                            found.append(Import(self.relative(path), node.lineno, app, target))
        return found


def _imported(node: ast.AST, package: tuple[str, ...]) -> Iterator[str]:
    """The dotted names an import node (or an import_module/import_string call with a string
    literal) brings in; a relative import is resolved against the file's package."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = list(package[: len(package) - node.level + 1])
            module = ".".join([*base, node.module] if node.module else base)
        else:
            module = node.module or ""
        yield module
        yield from (f"{module}.{alias.name}" for alias in node.names)
    elif (
        isinstance(node, ast.Call)
        and _name(node.func) in {"import_module", "import_string", "__import__"}
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        yield node.args[0].value


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


# --- the rules ---------------------------------------------------------------------------

RuleCheck = Callable[[Project], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    check: RuleCheck

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str) -> Callable[[RuleCheck], RuleCheck]:
    def register(check: RuleCheck) -> RuleCheck:
        RULES[rule_id] = Rule(rule_id, name, check)
        return check

    return register


def _receiver_names(node: ast.expr) -> set[str]:
    """The names and attributes along a call's receiver: `Goal.objects.filter(x).update`'s
    receiver gives {"Goal", "objects", "filter"}."""
    names = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.add(node.id)
            return names


def _is_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    method = call.func.attr
    receiver = _receiver_names(call.func.value)
    if receiver & NOT_A_MODEL:
        return False
    if method.startswith("bulk_") or method in WRITE_METHODS:
        # form.save(commit=False) only builds the object; the write comes after.
        return not any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in call.keywords
        )
    if method == "update":
        # A queryset's update(), not a dict's: the receiver goes through a manager or query.
        return bool(receiver & {"objects", "filter", "exclude", "all", "select_for_update"})
    return False


@rule("HR101", "no-writes-in-views")
def writes_in_views(project: Project) -> Iterator[Violation]:
    """A views module (`views.py`, `*_views.py`, a `views/` package) writes nothing itself.

    Views validate input and call a verb-named service (HOUSE_STYLE 3), so a command, a job
    and a test change data the same way, atomically. Flagged: `.save(`, `.delete(`,
    `.create(`, `get_or_create(`, `update_or_create(`, `bulk_*(` on anything but the cache or
    the session, `form.save()` too (not `form.save(commit=False)`), and a queryset's
    `.update(` (a receiver through `objects`, `filter`, `exclude` or `all`; a dict's
    `context.update(...)` is fine).

    Bad::

        # file: strategies/views.py
        def rename_goal(request, slug, strategy, pk):
            goal = get_goal_for_user(request, slug, strategy, pk, perm=EDIT)
            Goal.objects.filter(pk=goal.pk).update(title=request.POST["title"])
            goal.delete()

    Good::

        # file: strategies/views.py
        def rename_goal(request, slug, strategy, pk):
            goal = get_goal_for_user(request, slug, strategy, pk, perm=EDIT)
            form = GoalTitleForm(request.POST)
            if form.is_valid():
                rename_goal_service(goal, form.cleaned_data["title"], by=request.user)
            context.update(goal=goal)
    """
    for path in project.views_modules():
        for node in ast.walk(project.tree(path)):
            if isinstance(node, ast.Call) and _is_write(node):
                assert isinstance(node.func, ast.Attribute)
                yield Violation(
                    project.relative(path),
                    node.lineno,
                    "HR101",
                    f"a view writes to the database (.{node.func.attr})",
                    "move the write into a verb-named function in the app's services.py",
                )


@rule("HR102", "no-bare-get-object-or-404-in-views")
def bare_lookups_in_views(project: Project) -> Iterator[Violation]:
    """A views module looks objects up through the model's access helper, never with a bare
    `get_object_or_404`.

    `get_<model>_for_user(request, ...)` in the app's `rules.py` answers 404 or 403 the same
    way on every page and brings the `select_related` the pages need (HOUSE_STYLE 5); a bare
    lookup forgets the municipality or the permission sooner or later.

    Bad::

        # file: strategies/views.py
        from django.shortcuts import get_object_or_404

        def goal_detail(request, slug, strategy, pk):
            obj = get_strategy_for_user(request, slug, strategy)
            goal = get_object_or_404(Goal, pk=pk, strategy=obj)

    Good::

        # file: strategies/views.py
        from .rules import get_goal_for_user

        def goal_detail(request, slug, strategy, pk):
            goal = get_goal_for_user(request, slug, strategy, pk)
    """
    for path in project.views_modules():
        for node in ast.walk(project.tree(path)):
            if isinstance(node, ast.Call) and _name(node.func) in {
                "get_object_or_404",
                "get_list_or_404",
            }:
                yield Violation(
                    project.relative(path),
                    node.lineno,
                    "HR102",
                    f"bare {_name(node.func)} in a views module",
                    "look the object up with the model's get_<model>_for_user access helper "
                    "in the app's rules.py",
                )


_TEMPLATE_REFERENCE = re.compile(
    r"""{%-?\s*(include|extends)\s+(["'])(?P<path>[^"']+)\2""", re.MULTILINE
)


@rule("HR201", "no-foreign-partials")
def foreign_partials(project: Project) -> Iterator[Violation]:
    """A template includes or extends only its own app's `partials/` and the shared ones in
    `core/templates/core/partials/`.

    Another app's partial is that app's inside: it changes with that app's views and context.
    What several apps show goes to the one shared folder (or becomes a template tag of the
    app that owns the data, which passes its own context).

    Bad::

        # file: monitoring/templates/monitoring/dashboard.html
        {% include "strategies/partials/nav.html" %}

    Good::

        # file: monitoring/templates/monitoring/dashboard.html
        {% extends "strategies/layout.html" %}
        {% include "monitoring/partials/status_row.html" %}
        {% include "core/partials/inline_field.html" %}
    """
    for app, path in project.templates():
        text = path.read_text(encoding="utf-8")
        folder = path.relative_to(project.package / app / "templates").parts
        own = {app, folder[0]} if len(folder) > 1 else {app}
        for match in _TEMPLATE_REFERENCE.finditer(text):
            name = match["path"]
            parts = name.split("/")
            if "partials" not in parts[1:] or parts[0] in own or name.startswith(SHARED_PARTIALS):
                continue
            yield Violation(
                project.relative(path),
                text.count("\n", 0, match.start()) + 1,
                "HR201",
                f"{match[1]}s another app's partial {name}",
                f"move it to {SHARED_PARTIALS} if it is shared, or let {parts[0]} offer "
                "a layout or template tag",
            )


@rule("HR301", "layer-order")
def layer_order(project: Project) -> Iterator[Violation]:
    """An app imports only apps of a lower layer (the LAYERS table above and
    docs/architecture.md), counting imports inside functions; siblings of one layer do not
    import each other. (Imports from core are HR401's.)

    A lower app that must set off something in a higher one sends a signal that the higher
    app receives, or fills a registry found by `autodiscover_modules`; a template may
    `{% load %}` another app's tags.

    Bad::

        # file: strategies/check.py
        def gaps(strategy):
            from schreibwerkstatt.process.phases import PHASES

    Good::

        # file: process/check.py
        from schreibwerkstatt.strategies.models import Strategy
    """
    apps = set(project.apps)
    for app in sorted(apps - set(LAYER)):
        yield Violation(
            project.relative(project.package / app / "apps.py"),
            1,
            "HR301",
            f"the app {app} has no place in the layer order",
            "add it to LAYERS in tools/house_rules.py and to docs/architecture.md",
        )
    for edge in project.imports:
        if edge.source == "core" or edge.source not in LAYER or edge.target not in LAYER:
            continue
        if LAYER[edge.target] >= LAYER[edge.source]:
            relation = "a sibling" if LAYER[edge.target] == LAYER[edge.source] else "a higher"
            yield Violation(
                edge.path,
                edge.line,
                "HR301",
                f"{edge.source} imports {edge.target}, {relation} layer",
                f"let {edge.target} receive a signal or fill a registry of {edge.source}, "
                "or move the code to the app that owns it",
            )


@rule("HR302", "no-import-circle")
def import_circles(project: Project) -> Iterator[Violation]:
    """No two apps import each other, directly or around a circle, counting imports inside
    functions. Reported once per app-to-app import that lies on a circle, at its first place.

    A circle means neither app can be understood, tested or moved without the other. It holds
    even for apps the layer order does not know yet.

    Bad::

        # file: documents/snapshot.py
        from schreibwerkstatt.revisions.services import latest_revision

        # file: revisions/services.py
        from schreibwerkstatt.documents.snapshot import take_snapshot

    Good::

        # file: documents/snapshot.py
        def take_snapshot(strategy): ...

        # file: revisions/services.py
        from schreibwerkstatt.documents.snapshot import take_snapshot
    """
    first: dict[tuple[str, str], Import] = {}
    for edge in project.imports:
        first.setdefault((edge.source, edge.target), edge)
    graph: dict[str, set[str]] = {}
    for source, target in first:
        graph.setdefault(source, set()).add(target)
    for (source, target), edge in sorted(first.items()):
        back = _path(graph, target, source)
        if back is None:
            continue
        circle = " → ".join([source, *back])
        yield Violation(
            edge.path,
            edge.line,
            "HR302",
            f"{source} imports {target}, which leads back to {source} ({circle})",
            "break the circle where the layer order (HR301) says the import goes the wrong way",
        )


def _path(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The shortest app path start → … → goal (breadth first), or None."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node == goal:
            path = []
            step: str | None = node
            while step is not None:
                path.append(step)
                step = previous[step]
            return path[::-1]
        for following in sorted(graph.get(node, ())):
            if following not in previous:
                previous[following] = node
                queue.append(following)
    return None


@rule("HR401", "core-imports-no-feature-app")
def core_imports(project: Project) -> Iterator[Violation]:
    """`core` imports no feature app, not even inside a function.

    core is the generic machinery every app uses (versioned saves, ordering, form fields,
    InlineEdit, text, middleware, base templates); once it knows a feature app, every app
    depends on every other. Demo data lives in the `demo` app, a feature's pieces in its app.

    Bad::

        # file: core/management/commands/worker.py
        from schreibwerkstatt.jobs.lease import WorkerLease

    Good::

        # file: jobs/management/commands/worker.py
        from schreibwerkstatt.core.cache import cache_key
        from schreibwerkstatt.jobs.lease import WorkerLease
    """
    for edge in project.imports:
        if edge.source == "core":
            yield Violation(
                edge.path,
                edge.line,
                "HR401",
                f"core imports the feature app {edge.target}",
                f"move the code into {edge.target} (or the demo app), or let {edge.target} "
                "register itself with core",
            )


# --- running -----------------------------------------------------------------------------


def check(root: Path = ROOT, rules: Iterable[str] | None = None) -> list[Violation]:
    project = Project(root)
    chosen = list(RULES) if rules is None else list(rules)
    unknown = set(chosen) - set(RULES)
    if unknown:
        raise ValueError(f"Unknown rule(s): {', '.join(sorted(unknown))}")
    return sorted({v for rule_id in chosen for v in RULES[rule_id].check(project)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rule", action="append", choices=sorted(RULES), help="check only this rule (repeatable)"
    )
    parser.add_argument("--list", action="store_true", help="print the rules and their examples")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (repository) root")
    options = parser.parse_args(argv)
    if options.list:
        for item in RULES.values():
            print(f"{item.id} {item.name}\n{textwrap.indent(item.doc, '    ')}\n")
        return 0
    violations = check(options.root, options.rule)
    for violation in violations:
        print(violation)
    if violations:
        counts: dict[str, int] = {}
        for violation in violations:
            counts[violation.rule] = counts.get(violation.rule, 0) + 1
        summary = ", ".join(f"{rule_id}: {n}" for rule_id, n in sorted(counts.items()))
        print(f"{len(violations)} house rule violation(s) ({summary})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
