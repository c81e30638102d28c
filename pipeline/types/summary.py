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
              values: Mapping[str, int | None]) -> str:
    spec = registry().get(kind)
    named = ", ".join(places[:_MAX_PLACES]) + (" …" if len(places) > _MAX_PLACES else "")
    first = actors[0] if actors else ""
    second = actors[1] if len(actors) > 1 else ""
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
