"""A trip's days hold the talks its visitor holds there: "arrived in Washington on
Saturday … met Trump at the White House on Monday" is a visit from Saturday to Monday.
Which type a trip holds is its spec's `merge.holds`."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .. import types
from ..model import Event
from .events import event_id
from .keys import side


def _held_there(trip: Event, talks: Event, host: str, gap: int) -> bool:
    return (talks.status == "occurred" and talks.precision == "day" and talks.date_start is not None
            and trip.actors[0] in talks.actors and any(p.country == host for p in talks.places)
            # talks with the host: a meeting with another guest there is no part of the stay
            and any(side(a) == host for a in talks.actors if a != trip.actors[0])
            and trip.date_start <= talks.date_start <= trip.date_start + dt.timedelta(days=gap))


def trips_through_their_talks(events: list[Event]) -> None:
    """Each trip's last day moved to the last day of the talks its visitor holds in the
    host's country, told by the same text (in place)."""
    registry = types.registry()
    trips = [e for e in events if (spec := registry.get(e.type)) is not None and spec.merge.holds
             and e.status == "occurred" and e.precision == "day" and e.date_start is not None and len(e.actors) >= 2]
    if not trips:
        return
    # the events of each text, by type: a trip looks only at those its own texts tell
    told: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        for source in event.sources:
            told[(source, event.type)].append(event)
    for trip in trips:
        merge = registry[trip.type].merge
        host = trip.actors[-1]
        ends = [t.date_end for source in trip.sources for t in told[(source, merge.holds)]
                if _held_there(trip, t, host, merge.day_gap)]
        if ends and max(ends) > trip.date_end:
            trip.date_end = max(ends)
            trip.notes = trip.notes + ["lasts until the talks its visitor held there"]
            trip.event_id = event_id(trip)
