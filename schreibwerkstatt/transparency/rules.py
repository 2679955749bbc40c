"""Who may switch a strategy's public transparency page on or off.

The page itself needs no permission: it shows only what a strategy published (see
services.published_strategies); everything else about the strategy stays behind
strategies.view_strategy.
"""

import rules

from schreibwerkstatt.municipalities.rules import can_edit_content

# Editors and coordinators, judged in the municipality of the URL (as for every strategy edit).
rules.add_perm("transparency.publish_strategy", can_edit_content)
