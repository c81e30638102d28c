"""Finding date expressions in a text, and whether the words before one mark it as future."""
from __future__ import annotations

import functools
import re
from dataclasses import replace

from .forms import DateExpression, DateForm
from .parsers import _count
from .grammar import _parse, _scanned_forms, _scanner

# --------------------------------------------------------------------------------------
# Future marking from the words just before an expression
# --------------------------------------------------------------------------------------

# Schedule language of English news: "scheduled for", "set to begin on", "are due to
# continue … on", "will … on", "until", "expected", "ahead of".
_FUTURE_CUE = re.compile(
    r"(?i)(?:\b(?:will|shall|won['’]t|until|till|scheduled|slated|planned|planning|upcoming"
    r"|expected|set\s+(?:to|for)|plans?\s+to|intends?\s+to|going\s+to|to\s+be\s+held"
    r"|ahead\s+of|(?:is|are|was|were)\s+(?:due|to)|due\s+(?:on|for|in)"
    r"|(?:days|hours|weeks|a\s+day|a\s+week|shortly|just)\s+before(?:\s+the)?)\b|['’]ll\b)")
# Where the clause that holds the expression begins: a future cue before it belongs to
# another clause ("Zelensky, who will visit Paris, spoke on Monday"). The break is a
# punctuation mark, a sentence's full stop or one of these words.
_CLAUSE_WORDS = ("that", "which", "who", "whom", "whose", "when", "where", "while", "after",
                 "since", "because", "although", "though", "but")
# Only the nearest break counts: the words before the expression are read backwards (the
# window reversed, the breaks spelt backwards), so the search stops at it.
_CLAUSE_BREAK_BACKWARDS = re.compile(
    r"(?i)[;:!?\n()\[\]—–,“”\"]|(?<=\s)\.(?=[a-z0-9])"
    r"|\b(?:" + "|".join(word[::-1] for word in _CLAUSE_WORDS) + r")\b")
# "halt strikes to Feb. 1", "postponed to Friday": a bare "to" just before a date means
# "until", but "dating back to January" looks back.
_UNTIL_TO = re.compile(r"(?i)(?<!back )(?<!up )(?<!close )\bto\s*$")
_CONTEXT_CHARS = 90
_CONTEXT_WORDS = 9


def _marked_future(text: str, start: int, form: DateForm) -> bool:
    if form.tense:
        return form.tense == "future"
    return _future_clause(text[max(0, start - _CONTEXT_CHARS):start])


@functools.lru_cache(maxsize=16384)
def _future_clause(window: str) -> bool:
    """Whether the clause that ends `window` marks the future. Cached: a text's sentences
    recur in other texts (updates, wire copy), and with them the words before a date."""
    nearest_break = _CLAUSE_BREAK_BACKWARDS.search(window[::-1])
    if nearest_break is not None:
        window = window[len(window) - nearest_break.start():]
    clause = " ".join(window.split()[-_CONTEXT_WORDS:])
    # "to" can only be the clause's last two characters.
    return bool(_FUTURE_CUE.search(clause) or _UNTIL_TO.search(clause, max(0, len(clause) - 2)))


# --------------------------------------------------------------------------------------
# Finding
# --------------------------------------------------------------------------------------


def find_date_expressions(text: str, start: int = 0, end: int | None = None) -> list[DateExpression]:
    """Every date expression in `text`, non-overlapping, sorted by start; with `start`
    and `end`, those of text[start:end] (one sentence), read in the whole text (the
    words before an expression may mark it as future)."""
    expressions = []
    end = len(text) if end is None else end
    # A match begins before `end`; it and its look-aheads never reach this far past it.
    reach = min(len(text), end + _MATCH_REACH)
    forms_by_group = _scanned_forms()
    for match in _scanner().finditer(text, start, reach):
        if match.start() >= end:
            break
        index, core = forms_by_group[match.lastindex]  # f<i>_<g>: the outer group closes last
        first, last = match.span(core)
        form = _parse(index, text[first:last])
        if form is None:
            continue
        future = _marked_future(text, first, form)
        lead = _DURATION_UNTIL.search(text, max(0, first - 40), first)
        if lead is not None and form.kind in ("date", "weekday"):
            # "for a week, until Feb. 1" is one interval: the week that ends on Feb. 1.
            days = _count(lead["n"]) * (7 if lead["unit"].lower().startswith("week") else 1)
            form = replace(form, lead_days=days)
            first = lead.start()
        if form.year_told_before:
            form = _year_told_before(text, first, form)
        expressions.append(DateExpression(first, last, text[first:last], future, form))
    return _shared_years(text, expressions)


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_YEAR_REACH = 3000  # characters back to the year "that year" means


def _year_told_before(text: str, first: int, form: DateForm) -> DateForm:
    """'The war began in April 2023. … a declaration in May of that year': the year the
    text named last before it; none named, the month reads as a yearless one."""
    years = _YEAR.findall(text, max(0, first - _YEAR_REACH), first)
    return replace(form, year=int(years[-1]), year_told_before=False) if years else \
        replace(form, year_told_before=False)


_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*$")


def _shared_years(text: str, expressions: list[DateExpression]) -> list[DateExpression]:
    """'in April and October of last year': a yearless month listed before a month of a
    year shares that year."""
    for i in range(len(expressions) - 2, -1, -1):
        this, following = expressions[i], expressions[i + 1]
        if (this.form is not None and following.form is not None and this.form.kind == "month"
                and following.form.kind == "month" and this.form.year is None and this.form.offset == 0
                and this.form.year_offset is None
                and (following.form.year is not None or following.form.year_offset is not None)
                and _LIST_JOIN.match(text, this.end, following.start)):
            form = replace(this.form, year=following.form.year, year_offset=following.form.year_offset,
                           tense=following.form.tense)
            expressions[i] = replace(this, form=form)
    return expressions


_MATCH_REACH = 40

_DURATION_UNTIL = re.compile(
    r"\b(?i:for)\s+(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>(?i:days?|weeks?)),?\s+(?i:until|till|through|to|ending(?:\s+on)?)\s+$")


# Words that may stand before an expression passed to resolve_date as a string.
_LEADING_CONTEXT = re.compile(
    r"(?i)^\s*(?:(?:on|in|at|since|until|till|by|from|before|after|during|through|throughout"
    r"|as\s+of|back\s+to|starting|scheduled\s+for|set\s+for|due\s+on|for|of)\s+)*$")


def _whole_expression(text: str) -> DateExpression:
    expressions = find_date_expressions(text)
    if (len(expressions) == 1 and _LEADING_CONTEXT.match(text[:expressions[0].start])
            and not text[expressions[0].end:].strip(" \t\n.,;:")):
        return expressions[0]
    raise ValueError(f"not one date expression: {text!r}")
