"""A corrected event's one-line summary, written from its type's template in the registry
(`[summary]` of pipeline/types/<type>.toml), so that it says what the event now is."""
from __future__ import annotations

from collections import defaultdict

from ..model import Event
from ..types import registry

_NOUNS = {"drones": ("drone", "drones"), "missiles": ("missile", "missiles"),
          "ballistic": ("ballistic missile", "ballistic missiles"), "cruise": ("cruise missile", "cruise missiles"),
          "prisoners": ("prisoner", "prisoners"), "killed": ("killed", "killed"), "injured": ("injured", "injured")}


def _figures(event: Event) -> str:
    spec = registry().get(event.type)
    names = spec.quantities if spec else tuple(_NOUNS)
    parts = []
    for name in names:
        number = getattr(event, name, None)
        if number:
            singular, plural = _NOUNS.get(name, (name, name))
            parts.append(f"{number:,} {singular if number == 1 else plural}")
    return ": " + ", ".join(parts) if parts else ""


def summary_of(event: Event) -> str:
    """The summary its type's template gives, filled from the event's fields."""
    spec = registry().get(event.type)
    actors = list(event.actors)
    places = ", ".join(p.name for p in event.places[:4]) + (" …" if len(event.places) > 4 else "")
    values = defaultdict(str, {
        "attacker": actors[0] if actors else "Unidentified",
        "on_target": f" on {actors[1]}" if len(actors) > 1 else "",
        "visitor": actors[0] if actors else "An official",
        "to_host": f" to {actors[1]}" if len(actors) > 1 else "",
        "parties": ", ".join(actors) if actors else "parties unnamed",
        "at_places": f" ({places})" if places else "",
        "in_places": f" in {places}" if places else "",
        "figures": _figures(event),
    })
    template = spec.summary.get(event.status) if spec else None
    if not template:
        label = spec.label if spec else event.type.replace("_", " ").capitalize()
        template = label + ": {parties}{in_places}{figures}"
    return template.format_map(values)
