"""Who reads the audit log: the Koordination the events of its municipality (this page);
operators all events, in the operator area (admin.py). See docs/roles.md."""

import rules

from schreibwerkstatt.municipalities.rules import is_coordinator

VIEW_LOG = "audit.view_log"

rules.add_perm(VIEW_LOG, is_coordinator)
