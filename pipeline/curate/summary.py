"""A corrected event's one-line summary, from its type's template in the registry
(`[summary]` of pipeline/types/<type>.toml) as the build writes it
(`pipeline.types.summary.summarise`), so that it says what the event now is; and a
strike's sides by role, as the table keeps them (`attacker`, `attacked`)."""
from __future__ import annotations

from ..merge.events import QUANTITIES
from ..merge.rules import sided
from ..model import Event
from ..types.summary import summarise


def roles_of(kind: str, attacker, attacked) -> list[str]:
    """An event's roles from the table's `attacker` and `attacked` cells: a sided type's
    alone ("" where the texts name none; a table written before the columns reads them
    empty)."""
    return [str(attacker or ""), str(attacked or "")] if sided(kind) else []


def roles_from_actors(kind: str, actors: list[str]) -> list[str]:
    """The roles a person's list of actors gives a sided type: in the order of its roles,
    attacker first."""
    return roles_of(kind, actors[0] if actors else "", actors[1] if len(actors) > 1 else "")


def summary_of(event: Event) -> str:
    """The summary the build writes for an event with these fields."""
    values = {name: getattr(event, name, None) for name in QUANTITIES}
    return summarise(event.type, event.status, list(event.actors), [p.name for p in event.places], values,
                     event.roles)
