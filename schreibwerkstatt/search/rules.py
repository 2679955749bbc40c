"""Who finds what. Search has no object to judge: a person's scope is what they may view
anyway, worked out with the municipalities' own rules (municipalities/rules.py):

- everybody: the public help content (guides marked public, the entry questions, the glossary);
- the people who work with the product (members of a municipality, advisers, operators):
  also the members-only guides, as the guides' own rule says (`reads_members_only`);
- the content of the strategies of every municipality the person may view (`can_view`): as a
  member or an assigned adviser, or as an operator through an active support access (reading
  only, recorded in the audit log like every page opened with it: see results.py). An
  operator or superuser holds nothing by that status, so without a support access they find
  no municipality content.
"""

from dataclasses import dataclass

from schreibwerkstatt.guides.rules import reads_members_only
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import (
    advised_ids,
    my_municipalities,
    roles_for,
    support_ids,
)

from .engines import Scope


@dataclass(frozen=True)
class Reach:
    scope: Scope
    # The municipalities of the scope by id, to link results into them.
    municipalities: dict[int, Municipality]
    # Those reached through a support access only.
    supported: frozenset[int]


def reach_of(user) -> Reach:
    if not user.is_authenticated:
        return Reach(Scope(members_only=False, municipality_ids=frozenset()), {}, frozenset())
    own = {m.pk: m for m in my_municipalities(user)}
    taking_part = frozenset(roles_for(user)) | advised_ids(user)
    supported = support_ids(user) - taking_part
    if supported:
        own |= {m.pk: m for m in Municipality.objects.filter(pk__in=supported)}
    ids = frozenset(own) & (taking_part | supported)
    members_only = bool(reads_members_only(user))
    return Reach(Scope(members_only=members_only, municipality_ids=ids), own, supported)
