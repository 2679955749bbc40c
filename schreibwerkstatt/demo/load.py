"""A fictional municipality with a member for every role, a half-finished strategy cycle
and a complete strategy in implementation: the demo of every app, loaded in order by the
`demo` command (`make run`).

Idempotent: people and municipalities are found again by e-mail and slug; the cycle
content is only written when the demo municipality is created, and each app's demo data
checks for itself what is missing.
"""

from django.db import transaction

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.search.services import rebuild as rebuild_search_index

from .documents import load_demo_document
from .inventory import load_demo_inventory
from .monitoring import load_demo_monitoring
from .municipalities import PEOPLE, DemoPerson, grant_demo_support_access, load_demo_municipalities
from .process import load_demo_process
from .roadmap import add_demo_roadmap
from .strategies import TITLE, invite_demo_partner, load_demo_strategy
from .transparency import publish_demo_strategy


@transaction.atomic
def load_demo() -> tuple[Municipality, list[DemoPerson]]:
    demo, neighbour, users, created = load_demo_municipalities()
    load_demo_process(demo, neighbour, users, created=created)
    load_demo_strategy(demo, users)  # idempotent on its own
    load_demo_inventory(demo)  # phase 1, as taken before the strategy was written
    # Chapter texts and revision 1, adopted before the later roadmap and status changes,
    # so the diff against the current draft has something to show.
    load_demo_document(demo, TITLE, by=users["koordination@demo.example"])
    add_demo_roadmap(demo)  # phases, dependencies and milestones of the roadmap; idempotent
    load_demo_monitoring(demo, users)  # status history and indicator values; idempotent
    publish_demo_strategy(demo)  # last: the public page needs the strategy's final status
    invite_demo_partner(demo, neighbour, users)
    grant_demo_support_access(demo, users)
    # The demo writes much of its content in bulk, which sends no signals to the search index.
    rebuild_search_index()
    return demo, list(PEOPLE)
