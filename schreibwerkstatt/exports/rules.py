"""Who may do what with exports (roles: docs/roles.md)."""

import rules

from schreibwerkstatt.municipalities.rules import is_coordinator

# A municipality's Word templates change every Word export, so only its coordination
# uploads, switches and deletes them.
rules.add_perm("exports.manage_word_templates", is_coordinator)
