"""A one-line description of an event, from its type's summary templates (never the
source's own words): "Russia strike on Ukraine (Kyiv, Kharkiv): 450 drones, 1 missile"."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import registry

_FIGURE_LABELS = (("drones", "drone", "drones"), ("missiles", "missile", "missiles"),
                  ("killed", "killed", "killed"), ("injured", "injured", "injured"),
                  ("prisoners", "prisoner", "prisoners"))
_MAX_PLACES = 4


def figures_phrase(values: Mapping[str, int | None]) -> str:
    parts = [f"{n} {one if n == 1 else many}" for name, one, many in _FIGURE_LABELS
             if (n := values.get(name))]
    return ", ".join(parts)


def summarise(kind: str, status: str, actors: Sequence[str], places: Sequence[str],
              values: Mapping[str, int | None], roles: Sequence[str] = ()) -> str:
    """`roles`, for a sided type: (attacker, target) as merged; the actors between them
    are the attacker's allies ("United States and United Kingdom strike on Houthis")."""
    spec = registry().get(kind)
    named = ", ".join(places[:_MAX_PLACES]) + (" …" if len(places) > _MAX_PLACES else "")
    first = actors[0] if actors else ""
    second = actors[1] if len(actors) > 1 else ""
    if len(roles) == 2 and not roles[0] and roles[1]:
        first, second = "", roles[1]  # struck by no one named: "Unattributed strike on Somalia"
    elif len(roles) == 2 and roles[0] and actors and actors[0] == roles[0]:
        attackers = list(actors[:-1] if roles[1] and actors[-1] == roles[1] else actors)
        first = " and ".join(attackers) if len(attackers) <= 2 else ", ".join(attackers[:-1]) + " and " + attackers[-1]
        second = roles[1]
    figures = figures_phrase(values)
    fields = {
        "attacker": first or "Unattributed", "target": second,
        "on_target": f" on {second}" if second else "",
        "visitor": first or "Official", "to_host": f" to {actors[-1]}" if len(actors) > 1 else "",
        "parties": ", ".join(actors) if actors else "parties not named",
        "at_places": f" ({named})" if named else "", "in_places": f" in {named}" if named else "",
        "figures": f": {figures}" if figures else "",
    }
    if spec is None or status not in spec.summary:
        return f"{kind}: {fields['parties']}{fields['in_places']}"
    return spec.summary[status].format(**fields).strip()
