"""Every URL pattern of the project, classified. The cross-tenant matrix and the axe scan
both build on this list; a route missing here makes the matrix test fail."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


def iter_route_names() -> Iterator[tuple[str, str]]:
    """(qualified name, route) for every named pattern, recursing into includes."""

    def walk(patterns, namespace: str, prefix: str) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(pattern.url_patterns, full, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    yield (
                        f"{namespace}:<unnamed>" if namespace else "<unnamed>",
                        prefix + str(pattern.pattern),
                    )
                    continue
                yield (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name,
                    prefix + str(pattern.pattern),
                )

    yield from walk(get_resolver().url_patterns, "", "/")


MEMBERS = frozenset({"coordinator", "editor", "contributor", "reader", "adviser"})
EDITORS = frozenset({"coordinator", "editor"})
COORDINATION = frozenset({"coordinator"})
# Editors, plus the contributor who leads the measure of tests/tenant_objects.py.
LEADS = frozenset({"coordinator", "editor", "contributor"})


@dataclass(frozen=True)
class TenantRoute:
    """A route of one municipality (it carries the slug).

    `pk`: which object of municipality A (tests/tenant_objects.py) fills the `pk` kwarg.
    `get`: personas of A that GET it with 200 (others of A get 403); None: POST only (405 on GET).
    """

    pk: str | None = None
    get: frozenset[str] | None = MEMBERS
    readers_write: bool = False  # readers and advisers may POST here (comments)


TENANT_ROUTES: dict[str, TenantRoute] = {
    "process:dashboard": TenantRoute(),
    "process:phase": TenantRoute(),
    "process:add_item": TenantRoute(get=None),
    "process:edit_item": TenantRoute("item", EDITORS),
    "process:toggle_item": TenantRoute("item", None),
    "process:move_item": TenantRoute("item", None),
    "process:delete_item": TenantRoute("item", None),
    "municipalities:members": TenantRoute(),
    "municipalities:invite": TenantRoute(get=COORDINATION),
    "municipalities:change_role": TenantRoute("membership", None),
    "municipalities:remove_member": TenantRoute("membership", COORDINATION),
    "municipalities:revoke_invitation": TenantRoute("invitation", None),
    # strategies
    "strategies:list": TenantRoute(),
    "strategies:create": TenantRoute(get=COORDINATION),
    "strategies:overview": TenantRoute(),
    "strategies:edit": TenantRoute(get=EDITORS),
    "strategies:phase_add": TenantRoute(get=None),
    "strategies:phase_delete": TenantRoute("programme_phase", None),
    "strategies:partner_add": TenantRoute(get=None),
    "strategies:partner_remove": TenantRoute("partnership", None),
    "strategies:vision": TenantRoute(),
    "strategies:principle_add": TenantRoute(get=None),
    "strategies:plan_link_add": TenantRoute(get=None),
    "strategies:plan_link_delete": TenantRoute("plan_link", None),
    "strategies:principle_move": TenantRoute("principle", None),
    "strategies:principle_delete": TenantRoute("principle", None),
    "strategies:fields": TenantRoute(),
    "strategies:fields_from_catalogue": TenantRoute(get=None),
    "strategies:field_add": TenantRoute(get=None),
    "strategies:field": TenantRoute("field"),
    "strategies:field_edit": TenantRoute("field", EDITORS),
    "strategies:field_move": TenantRoute("field", None),
    "strategies:field_delete": TenantRoute("field", None),
    "strategies:goals": TenantRoute(),
    "strategies:goal_add": TenantRoute(get=None),
    "strategies:goal_edit": TenantRoute("goal"),
    "strategies:goal_delete": TenantRoute("goal", None),
    "strategies:indicator_add": TenantRoute("goal", None),
    "strategies:indicator_edit": TenantRoute("indicator", EDITORS),
    "strategies:indicator_delete": TenantRoute("indicator", None),
    "strategies:measures": TenantRoute(),
    "strategies:measure_add": TenantRoute(get=EDITORS),
    "strategies:measure": TenantRoute("measure"),
    "strategies:measure_edit": TenantRoute("measure", LEADS),
    "strategies:measure_delete": TenantRoute("measure", None),
    "strategies:measure_history": TenantRoute("measure"),
    "strategies:measure_restore": TenantRoute("measure_record", None),
    "strategies:step_add": TenantRoute("measure", None),
    "strategies:step_template": TenantRoute("measure", None),
    "strategies:scores_save": TenantRoute("measure", None),
    "strategies:step_edit": TenantRoute("step", LEADS),
    "strategies:step_toggle": TenantRoute("step", None),
    "strategies:step_move": TenantRoute("step", None),
    "strategies:step_delete": TenantRoute("step", None),
    "strategies:tags": TenantRoute(),
    "strategies:priorities": TenantRoute(),
    "strategies:criterion_add": TenantRoute(get=None),
    "strategies:criterion_delete": TenantRoute("criterion", None),
    "strategies:check": TenantRoute(),
    # comments
    "comments:add": TenantRoute(get=None, readers_write=True),
    "comments:resolve": TenantRoute("comment", None),
    "strategies:exchange": TenantRoute(),
    "strategies:export": TenantRoute("format"),
    "strategies:measures_template": TenantRoute(),
    "strategies:import_measures": TenantRoute(get=None),
    "strategies:import_strategy": TenantRoute(get=None),
    # inventory
    "inventory:overview": TenantRoute(),
    "inventory:projects": TenantRoute(),
    "inventory:add_project": TenantRoute(get=None),
    "inventory:edit_project": TenantRoute("existing_project", EDITORS),
    "inventory:delete_project": TenantRoute("existing_project", None),
    "inventory:stakeholders": TenantRoute(),
    "inventory:add_stakeholder": TenantRoute(get=None),
    "inventory:edit_stakeholder": TenantRoute("stakeholder", EDITORS),
    "inventory:delete_stakeholder": TenantRoute("stakeholder", None),
    "inventory:maturity": TenantRoute(),
    "inventory:maturity_field": TenantRoute("catalogue_field"),
    "inventory:swot": TenantRoute(),
    "inventory:add_swot_entry": TenantRoute(get=None),
    "inventory:edit_swot_entry": TenantRoute("swot_entry", EDITORS),
    "inventory:move_swot_entry": TenantRoute("swot_entry", None),
    "inventory:delete_swot_entry": TenantRoute("swot_entry", None),
}

# Open to everybody, showing no tenant content.
PUBLIC_ROUTES = {
    "core:home",
    "core:imprint",
    "core:privacy",
    "core:accessibility",
    "core:health",
    "core:open_data_schema",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}
# Logged-in people, about themselves only.
PERSONAL_ROUTES = {"core:choose", "accounts:profile", "accounts:password_change"}
# Reached through a signed token only.
TOKEN_ROUTES = {"municipalities:accept_invitation"}
# Django's admin (operator area), guarded by is_staff.
ADMIN_NAMESPACE = "admin"


def classify(name: str) -> str | None:
    if name in TENANT_ROUTES:
        return "tenant"
    if name in PUBLIC_ROUTES:
        return "public"
    if name in PERSONAL_ROUTES:
        return "personal"
    if name in TOKEN_ROUTES:
        return "token"
    if name.split(":")[0] == ADMIN_NAMESPACE:
        return "admin"
    return None
