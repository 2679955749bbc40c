"""Fictional municipalities with a member for every role: Musterstadt an der Havel with a
complete strategy in implementation and a strategy cycle that reflects it, its neighbour, and
a municipality that has just started. The demo of every app, loaded in order by the `demo`
command (`make run`).

Idempotent: people and municipalities are found again by e-mail and slug; the checklists
are only written when the demo municipality is created, and each app's demo data checks for
itself what is missing.
"""

from django.db import transaction

from schreibwerkstatt.library.index import rebuilt_afterwards
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.search.services import rebuild as rebuild_search_index

from .advising import load_demo_advising
from .boards import load_demo_boards, load_demo_session_board
from .discussions import load_demo_discussions
from .documents import load_demo_document
from .inbox import load_demo_inbox
from .inventory import load_demo_inventory
from .library import load_demo_library
from .monitoring import load_demo_monitoring
from .municipalities import (
    DEMO,
    NEIGHBOUR,
    NEWCOMER,
    PEOPLE,
    DemoPerson,
    grant_demo_support_access,
    load_demo_municipalities,
)
from .newcomer import start_demo_newcomer
from .process import load_demo_process
from .roadmap import add_demo_roadmap
from .statewide import load_demo_directory
from .strategies import TITLE, invite_demo_partner, load_demo_strategy
from .transparency import publish_demo_strategy
from .workshops import load_demo_workshops


@transaction.atomic
@rebuilt_afterwards()  # the library's rows once at the end, not on each of the demo's saves
def load_demo() -> tuple[Municipality, list[DemoPerson]]:
    """The demo municipality (slug "demo") and the demo people; the other municipalities
    are found by their slugs (demo/municipalities.py)."""
    municipalities, users, created = load_demo_municipalities()
    demo, neighbour = municipalities[DEMO], municipalities[NEIGHBOUR]
    load_demo_process(demo, neighbour, users, created=DEMO in created)
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
    start_demo_newcomer(municipalities[NEWCOMER], users)
    load_demo_workshops(municipalities, users)  # series, registrations, materials; no mail
    load_demo_boards(demo, users)  # an open workshop board in the collect phase
    load_demo_session_board(municipalities, users)  # a past session's board with its results
    load_demo_directory(users["betrieb@demo.example"])  # the statewide picture's directory
    load_demo_advising(municipalities, users)  # five municipalities for the adviser's cockpit
    load_demo_discussions(municipalities, users)  # the autumn series' exchange, the statewide one
    load_demo_inbox(demo, users)  # mentions and a request for advice: the bell has a count
    load_demo_library(municipalities, users)  # Beispielsee and Lindenau share measures
    # The demo writes much of its content in bulk, which sends no signals to the search index.
    rebuild_search_index()
    return demo, list(PEOPLE)
