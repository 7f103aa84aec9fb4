"""Who may do what: the roles of tokens, in one table, and the caller of a request.

Reads are public unless the settings close them; reporters open incidents and
post figures, attributions and statements; editors also revise, retract, choose
headline sources and withdraw; admins manage tokens. Each role may do everything
the ones before it may. The entry kinds (`api.entry_kinds`) name the role each
write needs; nothing else ranks roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a token may do; each role may do everything the ones before it may."""

    READER = "reader"
    REPORTER = "reporter"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """The role's place in reader < reporter < editor < admin."""
        return _RANKS[self]


_RANKS = {role: rank for rank, role in enumerate(Role)}  # checked on every write


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: the token's name and role."""

    name: str
    role: Role

    def may(self, role: Role) -> bool:
        """Whether this principal's role is at least `role`."""
        return self.role.rank >= role.rank
