"""Every URL pattern of the project, classified. The cross-tenant matrix and the axe scan
both build on this list; a route missing here makes the matrix test fail."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


def iter_route_names() -> Iterator[tuple[str, str]]:
    """(qualified name, route) for every named pattern, recursing into includes."""

    def walk(patterns, namespace: str, prefix: str) -> Iterator[tuple[str, str]]:
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
    "process:start": TenantRoute(get=COORDINATION),
    "process:add_item": TenantRoute(get=None),
    "process:edit_item": TenantRoute("item", EDITORS),
    "process:toggle_item": TenantRoute("item", None),
    "process:move_item": TenantRoute("item", None),
    "process:delete_item": TenantRoute("item", None),
    "history:history_item": TenantRoute("item"),
    "history:restore_item": TenantRoute("item_record", None),
    "process:check": TenantRoute(),
    "municipalities:members": TenantRoute(),
    "municipalities:invite": TenantRoute(get=COORDINATION),
    "municipalities:change_role": TenantRoute("membership", None),
    "municipalities:remove_member": TenantRoute("membership", COORDINATION),
    "municipalities:revoke_invitation": TenantRoute("invitation", None),
    # support access of an operator (read only, time-limited) and the audit log: coordination only
    "municipalities:support_access": TenantRoute(get=COORDINATION),
    "municipalities:revoke_support_access": TenantRoute("support_access", None),
    "municipalities:audit_log": TenantRoute(get=COORDINATION),
    # strategies
    "strategies:list": TenantRoute(),
    "strategies:create": TenantRoute(get=COORDINATION),
    "strategies:overview": TenantRoute(),
    "strategies:edit": TenantRoute(get=EDITORS),
    "strategies:phase_add": TenantRoute(get=None),
    "strategies:phase_delete": TenantRoute("programme_phase", None),
    "strategies:phase_edit": TenantRoute("programme_phase", EDITORS),
    "strategies:partner_add": TenantRoute(get=None),
    "strategies:partner_remove": TenantRoute("partnership", None),
    # invitations of other municipalities addressed to A (tenant_objects "partner_invitation"):
    # only A's coordination sees and answers them, under A's own address
    "strategies:partner_invitations": TenantRoute(get=COORDINATION),
    "strategies:partnership_accept": TenantRoute("partner_invitation", None),
    "strategies:partnership_decline": TenantRoute("partner_invitation", None),
    "strategies:vision": TenantRoute(),
    "strategies:principle_add": TenantRoute(get=None),
    "strategies:plan_link_add": TenantRoute(get=None),
    "strategies:plan_link_delete": TenantRoute("plan_link", None),
    "strategies:plan_link_edit": TenantRoute("plan_link", EDITORS),
    "strategies:principle_edit": TenantRoute("principle", EDITORS),
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
    "strategies:measure_section": TenantRoute("measure", LEADS),
    "strategies:step_add": TenantRoute("measure", None),
    "strategies:step_template": TenantRoute("measure", None),
    "strategies:step_edit": TenantRoute("step", LEADS),
    "strategies:step_toggle": TenantRoute("step", None),
    "strategies:step_move": TenantRoute("step", None),
    "strategies:step_delete": TenantRoute("step", None),
    "strategies:checklist_templates": TenantRoute(),
    "strategies:checklist_template_add": TenantRoute(get=None),
    "strategies:checklist_template_edit": TenantRoute("checklist_template", EDITORS),
    "strategies:checklist_template_delete": TenantRoute("checklist_template", None),
    "strategies:tags": TenantRoute(),
    "strategies:tag_axis_edit": TenantRoute("tag_axis", EDITORS),
    "strategies:tag_axis_delete": TenantRoute("tag_axis", None),
    "strategies:tag_edit": TenantRoute("tag", EDITORS),
    "strategies:tag_delete": TenantRoute("tag", None),
    "strategies:priorities": TenantRoute(),
    "strategies:priorities_save": TenantRoute(get=None),
    "strategies:criterion_add": TenantRoute(get=None),
    "strategies:criterion_delete": TenantRoute("criterion", None),
    # history of changes (history/kinds.py): <kind>_record fills pk and history_id
    "history:history_strategy": TenantRoute(),
    "history:restore_strategy": TenantRoute("strategy_record", None),
    "history:history_field": TenantRoute("field"),
    "history:restore_field": TenantRoute("field_record", None),
    "history:history_goal": TenantRoute("goal"),
    "history:restore_goal": TenantRoute("goal_record", None),
    "history:history_indicator": TenantRoute("indicator"),
    "history:restore_indicator": TenantRoute("indicator_record", None),
    "history:history_measure": TenantRoute("measure"),
    "history:restore_measure": TenantRoute("measure_record", None),
    "history:history_step": TenantRoute("step"),
    "history:restore_step": TenantRoute("step_record", None),
    "history:history_milestone": TenantRoute("milestone"),
    "history:restore_milestone": TenantRoute("milestone_record", None),
    "history:history_principle": TenantRoute("principle"),
    "history:restore_principle": TenantRoute("principle_record", None),
    "history:history_plan_link": TenantRoute("plan_link"),
    "history:restore_plan_link": TenantRoute("plan_link_record", None),
    "history:history_programme_phase": TenantRoute("programme_phase"),
    "history:restore_programme_phase": TenantRoute("programme_phase_record", None),
    "history:history_partnership": TenantRoute("partnership"),
    "history:restore_partnership": TenantRoute("partnership_record", None),
    "history:history_tag_axis": TenantRoute("tag_axis"),
    "history:restore_tag_axis": TenantRoute("tag_axis_record", None),
    "history:history_tag": TenantRoute("tag"),
    "history:restore_tag": TenantRoute("tag_record", None),
    "history:history_criterion": TenantRoute("criterion"),
    "history:restore_criterion": TenantRoute("criterion_record", None),
    "history:history_checklist_template": TenantRoute("checklist_template"),
    "history:restore_checklist_template": TenantRoute("checklist_template_record", None),
    "history:history_score": TenantRoute("measure_score"),
    "history:restore_score": TenantRoute("measure_score_record", None),
    # comments
    "comments:add": TenantRoute(get=None, readers_write=True),
    "comments:resolve": TenantRoute("comment", None),
    "comments:thread_indicator": TenantRoute("indicator", readers_write=True),
    "comments:thread_step": TenantRoute("step", readers_write=True),
    "comments:thread_milestone": TenantRoute("milestone", readers_write=True),
    "comments:thread_programmephase": TenantRoute("programme_phase", readers_write=True),
    "comments:thread_guidingprinciple": TenantRoute("principle", readers_write=True),
    "comments:thread_planlink": TenantRoute("plan_link", readers_write=True),
    "comments:thread_tagaxis": TenantRoute("tag_axis", readers_write=True),
    "comments:thread_prioritycriterion": TenantRoute("criterion", readers_write=True),
    "comments:thread_existingproject": TenantRoute("existing_project", readers_write=True),
    "comments:thread_stakeholder": TenantRoute("stakeholder", readers_write=True),
    "comments:thread_swotentry": TenantRoute("swot_entry", readers_write=True),
    "exchange:exchange": TenantRoute(),
    # starts a background job; readers may export too
    "exchange:export": TenantRoute("format", None, readers_write=True),
    "exchange:measures_template": TenantRoute(),
    "exchange:import_measures": TenantRoute(get=None),
    "exchange:import_strategy": TenantRoute(get=None),
    # background jobs (jobs/): the page of a finished export of A and its file
    "jobs:detail": TenantRoute("job"),
    "jobs:download": TenantRoute("job"),
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
    "history:history_project": TenantRoute("existing_project"),
    "history:restore_project": TenantRoute("existing_project_record", None),
    "history:history_stakeholder": TenantRoute("stakeholder"),
    "history:restore_stakeholder": TenantRoute("stakeholder_record", None),
    "history:history_swot_entry": TenantRoute("swot_entry"),
    "history:restore_swot_entry": TenantRoute("swot_entry_record", None),
    "history:history_maturity_answer": TenantRoute("maturity_answer"),
    "history:restore_maturity_answer": TenantRoute("maturity_answer_record", None),
    # monitoring (implementation dashboard, status updates, indicator values)
    "monitoring:dashboard": TenantRoute(),
    "monitoring:stale_settings": TenantRoute(get=None),
    "monitoring:measures": TenantRoute(),
    "monitoring:steps": TenantRoute(),
    "monitoring:indicators": TenantRoute(),
    "monitoring:indicator": TenantRoute("indicator"),
    "monitoring:indicator_value_add": TenantRoute("indicator", None),
    "monitoring:indicator_value_delete": TenantRoute("indicator_value", None),
    "monitoring:status_update_add": TenantRoute("measure", None),
    "monitoring:status_update_delete": TenantRoute("status_update", None),
    # transparency: switching the public page on or off
    "transparency:toggle": TenantRoute(get=None),
    # personal: ticking a step from Meine Aufgaben, the roadmap milestones as .ics
    "personal:step_toggle": TenantRoute("step", None),
    "personal:roadmap_ics": TenantRoute(),
    # roadmap
    "roadmap:chart": TenantRoute(),
    "roadmap:table": TenantRoute(),
    "roadmap:chart_figure": TenantRoute(),
    "roadmap:svg": TenantRoute(),
    "roadmap:png": TenantRoute(),
    "roadmap:reschedule": TenantRoute("measure", LEADS),
    "roadmap:milestones": TenantRoute(),
    "roadmap:milestone_add": TenantRoute(get=EDITORS),
    "roadmap:measure_milestone_add": TenantRoute("measure", LEADS),
    "roadmap:milestone_edit": TenantRoute("milestone", LEADS),
    "roadmap:milestone_delete": TenantRoute("milestone", None),
    "roadmap:proposal": TenantRoute(),
    "roadmap:apply_proposal": TenantRoute(get=None),
    # revisions (Fassungen): adopting and a Fortschreibung are the Koordination's; diff needs two
    # revisions (tenant_url fills `other`); the review comment form is per paragraph anchor
    "revisions:list": TenantRoute(),
    "revisions:adopt": TenantRoute(get=COORDINATION),
    "revisions:begin": TenantRoute(get=COORDINATION),
    "revisions:compare": TenantRoute(),
    "revisions:detail": TenantRoute("revision"),
    "revisions:diff": TenantRoute("revision"),
    "revisions:diff_draft": TenantRoute("revision"),
    "revisions:review": TenantRoute(),
    "revisions:comment": TenantRoute("paragraph", readers_write=True),
    "revisions:resolve": TenantRoute("review_comment", None),
    # documents (the chapters of the strategy document): members read, editors write
    "documents:chapters": TenantRoute(),
    "documents:preview": TenantRoute(),
    "documents:markdown": TenantRoute(),
    "documents:chapter": TenantRoute("chapter"),
    "documents:autosave": TenantRoute("chapter", None),
    # workshop boards (boards/rules.py, boards/tests/test_views.py): everybody of A sees the
    # boards and adds cards; the card of tests/tenant_objects.py is the contributor's, so the
    # facilitation (coordinator, editor) and its author open its edit page
    "boards:list": TenantRoute(),
    "boards:create": TenantRoute(get=None),
    "boards:board": TenantRoute("board"),
    "boards:add_card": TenantRoute("board", None, readers_write=True),
    "boards:set_phase": TenantRoute("board", None),
    "boards:add_column": TenantRoute("board", None),
    "boards:edit_card": TenantRoute("board_card", LEADS),
    "boards:delete_card": TenantRoute("board_card", None),
    "boards:hide_card": TenantRoute("board_card", None),
    "boards:move_card": TenantRoute("board_card", None),
    "boards:rename_column": TenantRoute("board_column", None),
    "boards:move_column": TenantRoute("board_column", None),
    # the facilitator's groups, the cards' order and the timer (boards/views_clustering.py,
    # boards/tests/test_clustering.py); the board as a list for everybody who sees the board
    "boards:list_view": TenantRoute("board"),
    "boards:start_timer": TenantRoute("board", None),
    "boards:stop_timer": TenantRoute("board", None),
    "boards:add_cluster": TenantRoute("board_column", None),
    "boards:rename_cluster": TenantRoute("board_cluster", None),
    "boards:delete_cluster": TenantRoute("board_cluster", None),
    "boards:cluster_card": TenantRoute("board_card", None),
    "boards:order_card": TenantRoute("board_card", None),
    # the dot vote (boards/voting.py): everybody taking part gives dots, readers too; the
    # facilitation sets it up and reveals the counts
    "boards:cast_dot": TenantRoute("board_card", None, readers_write=True),
    "boards:take_back_dot": TenantRoute("board_card", None, readers_write=True),
    "boards:vote_settings": TenantRoute("board", None),
    "boards:reveal_votes": TenantRoute("board", None),
    # guest links: the facilitation only (the coordinator opened the board; the editor
    # facilitates every board of A); boards/tests/test_guests.py
    "boards:guest_links": TenantRoute("board", EDITORS),
    "boards:revoke_guest_link": TenantRoute("board_guest_link", None),
    # the take-over into the strategy: who edits the strategy content (boards/transfer.py)
    "boards:take_over": TenantRoute("board", EDITORS),
    "documents:chapter_preview": TenantRoute("chapter", None),
    "documents:insert_block": TenantRoute("chapter", None),
    "documents:chapter_title": TenantRoute("chapter", EDITORS),
    "documents:chapter_toggle": TenantRoute("chapter", None),
    "documents:chapter_move": TenantRoute("chapter", None),
    # exports of the document (PDF, DOCX, ODT, Markdown, Beschlussvorlage) as background jobs;
    # readers and advisers may export too (POST starts a job)
    "exports:document_export": TenantRoute(readers_write=True),
    # the result of a workshop board as a file: whoever sees the board (tenant_url: Markdown)
    "exports:board_export": TenantRoute("board"),
    # the municipality's Word templates (exports/template_views.py): coordination only
    "word_templates:list": TenantRoute(get=COORDINATION),
    "word_templates:upload": TenantRoute(get=None),
    "word_templates:default": TenantRoute(get=COORDINATION),
    "word_templates:set_active": TenantRoute("word_template", None),
    "word_templates:delete": TenantRoute("word_template", None),
    "word_templates:download": TenantRoute("word_template", COORDINATION),
    # advice (advising/rules.py, advising/tests/): everybody of A reads A's requests for
    # advice; the Koordination and the Redaktion send one; the assigned adviser answers
    # (readers_write: the adviser may POST there, the reader gets 403 in test_requests.py).
    # The advisers' notes: the assigned adviser only, A's members get 403.
    "advising:requests": TenantRoute(),
    "advising:request_add": TenantRoute(get=EDITORS),
    "advising:request": TenantRoute("advice_request"),
    "advising:request_answer": TenantRoute("advice_request", None, readers_write=True),
    "advising:note": TenantRoute(get=frozenset({"adviser"})),
    # sharing a measure with the measure library, and ending it: who edits the strategy's
    # content (library/rules.py, library/tests/test_share.py)
    "library:share": TenantRoute("measure", EDITORS),
    "library:unshare": TenantRoute("measure", None),
}

# Open to everybody, showing no tenant content.
PUBLIC_ROUTES = {
    "core:home",
    "core:imprint",
    "core:privacy",
    "core:accessibility",
    "jobs:health",
    "core:open_data_schema",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # the code step of the login for people with a second factor (accounts/views.login_code)
    "accounts:login_code",
    # the glossary (glossary/views.py)
    "glossary:index",
    # the handbook: public guides, their attachments, the entry questions; members-only
    # guides answer 404 to visitors (guides/tests/test_reading.py)
    "guides:index",
    "guides:guide",
    "guides:attachment",
    "guides:questions",
    # the offer in Leichte Sprache (public/views.py)
    "public:easy_language",
    # workshop dates: the calendar and a series' page show counts of places, never names;
    # series by invitation answer 404 to visitors, unpublished ones to all but organisers
    # (workshops/rules.py, workshops/tests/test_public.py)
    "workshops:calendar",
    "workshops:series",
    # a session's material: public ones of past series for everybody, otherwise only for
    # participants of confirmed registrations and organisers (workshops/tests/test_registration.py)
    "workshops:material",
    # workshops: the public feed of public sessions (no links, no names) and the form of
    # "Tell me about new dates" with its answer (workshops/views/feeds.py, test_subscriptions.py)
    "workshops:feed",
    "workshops:subscribe",
    "workshops:subscribe_sent",
    # the aggregated statewide picture (counts only), 404 until an operator switches it on
    # (statewide/views.py, statewide/tests/test_views.py)
    "statewide:public",
}
# Open to everybody, showing a municipality's content on purpose: only strategies it published
# (transparency pages). The matrix checks that an unpublished strategy gives 404 to everybody
# and that a published one shows no personal data; build URLs with tenant_objects.published_url.
PUBLISHED_ROUTES = {"transparency:index", "transparency:page", "transparency:embed"}
# Open to everybody, showing each person only what they may see elsewhere (search/rules.py):
# public help content to visitors, the content of their own municipalities to members. The
# matrix searches every persona of A for a word only B's content holds.
SEARCH_ROUTES = {"search:results"}
# Logged-in people, about themselves only.
PERSONAL_ROUTES = {
    "municipalities:choose",
    "accounts:profile",
    "accounts:password_change",
    # the second factor: set up, show, switch off (accounts/views.py, test_two_factor.py)
    "accounts:two_factor",
    "accounts:two_factor_disable",
    # GDPR: download of one's own data, deletion of one's own account (privacy/views.py)
    "privacy:personal_data",
    "privacy:delete_account",
    "personal:my_tasks",
    "personal:notifications",
    # the inbox: the list, opening and marking one's own notifications (404 for anybody
    # else's, operators and superusers too) and the choice per kind (inbox/tests/test_views.py)
    "inbox:list",
    "inbox:settings",
    "inbox:open",
    "inbox:mark_read",
    "inbox:mark_all_read",
    # a tool of an entry question in the person's own municipality (guides/views.tool)
    "guides:tool",
    # the registration of the person's own municipalities for a workshop series: register
    # (coordination), the registration with its participants, changes and cancellation;
    # another municipality's registration is 404 (workshops/tests/test_registration.py)
    "workshops:register",
    "workshops:registration",
    "workshops:add_participants",
    "workshops:remove_participant",
    "workshops:cancel_registration",
}
# Reached through a signed token only.
TOKEN_ROUTES = {
    "municipalities:accept_invitation",
    "personal:calendar_feed",
    # the unlock link of the lock-out mail (accounts/services.py, test_lockout.py)
    "accounts:unlock",
    # workshops: the signed confirmation link of new dates and the unsubscribe link
    # (workshops/subscriptions.py, test_subscriptions.py)
    "workshops:subscribe_confirm",
    "workshops:unsubscribe",
    # a board's guest link: the join page, then the guest's board and cards (the guest in
    # the session; boards/guests.py, boards/tests/test_guests.py)
    "boards:guest_join",
    "boards:guest_board",
    "boards:guest_list_view",
    "boards:guest_add_card",
    "boards:guest_edit_card",
    "boards:guest_delete_card",
    "boards:guest_cast_dot",
    "boards:guest_take_back_dot",
}
# Django's admin (operator area), guarded by is_staff.
ADMIN_NAMESPACE = "admin"
# The operator's pages in the product (municipalities/onboarding.py): active staff superusers
# only; everybody else gets 403, anonymous visitors the login. Tested in test_onboarding.py.
OPERATOR_ROUTES = {
    "onboarding:create",
    "onboarding:invite_coordinator",
    # maintaining the glossary (glossary/views.py, test_maintenance.py)
    "glossary:manage",
    "glossary:add",
    "glossary:edit",
    "glossary:delete",
    # the handbook's guides and entry questions (guides/operator_views.py, test_operator.py)
    "guides:manage",
    "guides:add",
    "guides:edit",
    "guides:delete",
    "guides:attachment_add",
    "guides:attachment_delete",
    "guides:history",
    "guides:restore",
    "guides:manage_questions",
    "guides:question_add",
    "guides:question_edit",
    "guides:question_move",
    "guides:question_delete",
    "guides:question_history",
    "guides:question_restore",
    # editing the site pages (public/views.py, public/tests/test_site_pages.py)
    "public:pages",
    "public:edit_page",
    # the official municipality directory's import and the public picture's switch
    # (statewide/views.py, statewide/tests/test_import.py, test_views.py)
    "statewide:directory",
    "statewide:preview",
    "statewide:publish",
}
# POST only among them (the axe scan does not open them).
OPERATOR_POST_ONLY = {
    "guides:attachment_add",
    "guides:attachment_delete",
    "guides:restore",
    "guides:question_move",
    "guides:question_restore",
    "statewide:publish",
}

# The organisers' pages of workshop series (workshops/views/organiser.py): active advisers and
# operators only; everybody else gets 403, anonymous visitors the login. Tested in
# workshops/tests/test_organiser.py and test_organiser_session.py.
ORGANISER_ROUTES = {
    "workshops:manage",
    "workshops:series_add",
    "workshops:manage_series",
    "workshops:series_edit",
    "workshops:series_publish",
    "workshops:series_cancel",
    "workshops:registration_withdraw",
    "workshops:session_add",
    "workshops:manage_session",
    "workshops:session_edit",
    "workshops:session_cancel",
    "workshops:session_attendance",
    "workshops:material_add",
    "workshops:material_delete",
    "workshops:session_notes",
    "workshops:session_task_add",
    "workshops:session_follow_up",
    # the statewide picture (statewide/views.py, statewide/tests/test_views.py)
    "statewide:overview",
}
# POST only among them (the axe scan does not open them).
ORGANISER_POST_ONLY = {
    "workshops:series_publish",
    "workshops:session_attendance",
    "workshops:material_add",
    "workshops:material_delete",
    "workshops:session_notes",
    "workshops:session_task_add",
    "workshops:session_follow_up",
}

# A workshop session's boards in the space of its series (boards/spaces.py, urls.py): the
# advisers running the series only; everybody else, operators and superusers included, gets
# 404, anonymous visitors the login. The same views and templates as the municipality's
# boards:* routes (scanned and in the matrix); tested in boards/tests/test_session_boards.py,
# which also checks that every board route exists in both spaces.
SESSION_BOARD_ROUTES = {
    "boards:open_session_board",
    *(f"boards:series_{name}" for name in [
        "board", "add_card", "set_phase", "add_column", "edit_card", "delete_card", "hide_card",
        "move_card", "rename_column", "move_column", "list_view", "start_timer",
        "stop_timer", "add_cluster", "rename_cluster", "delete_cluster", "cluster_card",
        "order_card", "cast_dot", "take_back_dot", "vote_settings", "reveal_votes",
        "guest_links", "revoke_guest_link",
    ]),
}  # fmt: skip
# A session board's result as a file in the series' space, for the same people
# (exports/board_views.py; tested in exports/tests/test_board_export.py).
SESSION_BOARD_EXPORTS = {"exports:series_board_export"}


# The adviser's own pages over their assigned municipalities (advising/views.py): active
# advisers only; everybody else gets 403, anonymous visitors the login. A municipality the
# adviser does not accompany is 404 in the comparison. Tested in advising/tests/.
ADVISER_ROUTES = {"advising:cockpit", "advising:compare", "advising:adviser_requests"}

# The @mention autocomplete (core/mentions.py, core.views.mention_suggestions): logged-in
# people; it answers with people of an audience the caller belongs to, and for any other
# audience (another municipality's strategy, one that does not exist, an operator or
# superuser without a membership) exactly what "nobody matches" answers. Tested in
# core/tests/test_mentions.py and, for the strategy's audience, comments/tests/test_mentions.py.
AUDIENCE_ROUTES = {"core:mention_suggestions"}


# The shared measure library (library/rules.py): members of any municipality, advisers and
# operators read it; it shows only measures of published strategies and measures shared on
# purpose, never a municipality's other content (the matrix searches, suggests and opens an
# unpublished, unshared measure of A as every persona). Others get 403, visitors the login.
# Tested in library/tests/ and test_tenant_matrix.py.
LIBRARY_ROUTES = {"library:index", "library:suggestions", "library:measure", "library:adopt"}

# The discussion spaces (discussions/rules.py): a workshop series' space for the people taking
# part in it and the advisers running it, moderated also by the operators; the statewide
# space for every member, adviser and operator. Everybody else gets 404 (a superuser
# without the operator area too), anonymous visitors the login. Every route as every
# persona: discussions/tests/test_access.py; the crawl opens them as A's coordinator, who
# takes part in a series (tests/browser/test_accessibility.py).
DISCUSSION_ROUTES = {
    "discussions:index",
    "discussions:space",
    "discussions:topic_add",
    "discussions:space_follow",
    "discussions:directory",
    "discussions:directory_entry",
    "discussions:topic",
    "discussions:reply",
    "discussions:topic_follow",
    "discussions:topic_lock",
    "discussions:topic_move",
    "discussions:post",
    "discussions:post_edit",
    "discussions:post_delete",
    "discussions:post_hide",
}
# POST only among them (the crawl does not open them).
DISCUSSION_POST_ONLY = {
    "discussions:space_follow",
    "discussions:reply",
    "discussions:topic_follow",
    "discussions:topic_lock",
    "discussions:post_hide",
}


def classify(name: str) -> str | None:
    if name in TENANT_ROUTES:
        return "tenant"
    if name in PUBLIC_ROUTES:
        return "public"
    if name in PUBLISHED_ROUTES:
        return "published"
    if name in SEARCH_ROUTES:
        return "search"
    if name in PERSONAL_ROUTES:
        return "personal"
    if name in TOKEN_ROUTES:
        return "token"
    if name.split(":")[0] == ADMIN_NAMESPACE:
        return "admin"
    if name in OPERATOR_ROUTES:
        return "operator"
    if name in ORGANISER_ROUTES:
        return "organiser"
    if name in SESSION_BOARD_ROUTES or name in SESSION_BOARD_EXPORTS:
        return "session_board"
    if name in ADVISER_ROUTES:
        return "adviser"
    if name in LIBRARY_ROUTES:
        return "library"

    if name in DISCUSSION_ROUTES:
        return "discussion"
    if name in AUDIENCE_ROUTES:
        return "audience"
    return None
