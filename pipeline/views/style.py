"""How the views look: event types from the registry (label, colour, order), status marks,
and the two styles (screen and briefing/slide)."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import STATUSES
from ..types import registry

OTHER_COLOUR = "#777777"  # a type the registry does not know (a table from elsewhere)

# Occurred events are filled, planned ones open, hypothetical ones crossed out; a plan
# whose date is only the report's ("announced", no date of its own) is an open diamond.
STATUS_SYMBOLS = {"occurred": "circle", "planned": "circle-open", "hypothetical": "x-thin-open"}
ANNOUNCED_SYMBOL = "diamond-open"
STATUS_PATTERNS = {"occurred": "", "planned": "/", "hypothetical": "x"}
VISIBLE_BY_DEFAULT = ("occurred", "planned")  # hypothetical events only when asked for
UNCERTAIN_PRECISIONS = ("week", "month", "year")
CERTAIN_OPACITY = 0.9
UNCERTAIN_OPACITY = 0.35
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"


def type_names(present=()) -> list[str]:
    """The registry's types in display order, then any other type present (sorted)."""
    known = list(registry())
    return known + sorted(set(present) - set(known))


def type_colour(name: str) -> str:
    spec = registry().get(name)
    return spec.colour if spec else OTHER_COLOUR


def type_label(name: str, plural: bool = False) -> str:
    spec = registry().get(name)
    if spec is None:
        return str(name).replace("_", " ").capitalize() + ("s" if plural else "")
    return spec.plural if plural else spec.label


def type_quantities(name: str) -> tuple[str, ...]:
    spec = registry().get(name)
    return spec.quantities if spec else ()


def statuses() -> tuple[str, ...]:
    return STATUSES


def rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


@dataclass(frozen=True)
class Style:
    font_size: int
    title_size: int
    marker_size: int
    text_colour: str
    grid_colour: str
    width: int  # the width labels are laid out for (the chart may be drawn wider)
    top_margin: int  # title, subtitle and legend live here
    bottom_margin: int  # tick labels, then the sources footnote
    left_margin: int  # lane names
    right_margin: int  # "+12 more" per lane
    tick_space: int
    footnote_width: int  # characters per footnote line
    row_height: int  # one track of a lane: a mark and its label
    max_height: int  # the timeline never grows taller than this
    fixed_height: int = 0  # a slide's height, whatever the number of lanes (0: grows)

    @property
    def plot_width(self) -> int:
        return self.width - self.left_margin - self.right_margin


SCREEN_STYLE = Style(font_size=13, title_size=18, marker_size=11, text_colour="#222222",
                     grid_colour="#e5e5e5", width=900, top_margin=125, bottom_margin=112,
                     left_margin=140, right_margin=76, tick_space=66, footnote_width=130,
                     row_height=24, max_height=1100)
# Briefing and slides: read from the back of a room, so big type, black on white, bold marks.
BRIEFING_STYLE = Style(font_size=20, title_size=32, marker_size=17, text_colour="#000000",
                       grid_colour="#bdbdbd", width=1760, top_margin=190, bottom_margin=160,
                       left_margin=230, right_margin=120, tick_space=96, footnote_width=150,
                       row_height=31, max_height=880, fixed_height=880)
SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_SCALE = 1920, 1080, 2
SLIDE_STYLE = Style(font_size=20, title_size=32, marker_size=17, text_colour="#000000",
                    grid_colour="#bdbdbd", width=SLIDE_WIDTH, top_margin=190, bottom_margin=160,
                    left_margin=230, right_margin=120, tick_space=96, footnote_width=150,
                    row_height=32, max_height=SLIDE_HEIGHT, fixed_height=SLIDE_HEIGHT)


def base_layout(style: Style) -> dict:
    """What every figure shares. No template: the few settings one would bring are set
    here, which keeps each figure's JSON small."""
    return dict(
        font=dict(size=style.font_size, color=style.text_colour, family=FONT_FAMILY),
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font_size=max(13, style.font_size - 4), align="left", bgcolor="white"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0,
                    font=dict(size=max(11, style.font_size - 1))),
        colorway=[type_colour(name) for name in type_names()],
    )


def axis_defaults(style: Style) -> dict:
    return dict(showgrid=True, gridcolor=style.grid_colour, zeroline=False, linecolor=style.text_colour,
                ticks="outside", tickcolor=style.grid_colour, automargin=True)


def timeline_width_css(style: Style) -> str:
    """Page CSS (no data in it): the timeline is never drawn narrower than the width its
    labels were laid out for; a narrower window scrolls it sideways."""
    box = ".st-key-timeline_box"
    return (f"<style>{box} {{overflow-x: auto}} {box} [data-testid='stElementContainer'], "
            f"{box} [data-testid='stFullScreenFrame'], {box} .stPlotlyChart {{min-width: {int(style.width)}px}}"
            "</style>")
