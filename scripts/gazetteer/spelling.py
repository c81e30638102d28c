"""How place names are written in English news: cleaning, choosing, word tests.

Shared by build_places.py. GeoNames' alternate names carry no language tag, so an
alternate is kept as an English written form when it is written in Latin letters the
way English prose writes a name, and is either a transliteration of the canonical name
(similar spelling) or a form English text demonstrably uses (wordfreq knows it).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path

from wordfreq import zipf_frequency

# Lower-case words that may stand inside a name ("Gaza City" no, "Ras al Khaymah" yes).
PARTICLES = frozenset(
    "al el ad adh an ar as ash at ath az ad-d de del della der des di du da dos das do e "
    "la le les los las of on upon am an im in und y i ibn bin bint bani beni sur sous "
    "upon-tyne-and-wear van von den het ter te ul ur".split()
)
ARTICLE = re.compile(r"^(?:a[lnrstdz]h?|el|ad|ash|adh|ath)[- ]", re.IGNORECASE)
# Marks scholarly transliteration writes and news does not (ayn, hamza, okina).
TRANSLIT_MARKS = "‘`ʿʾʻ´ʼ"
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "\u00a0": " "})
SHAPE = re.compile(r"^[^\W\d_][^\W\d_ '\-.]*(?:[ '\-][^\W\d_][^\W\d_'\-.]*)*\.?$")

COMMON_WORD_ZIPF = 3.0       # "bar" 4.9, "split" 4.7, "most" 6.0; "kief" 2.1 is not common
ENGLISH_USE_ZIPF = 1.3       # an alternate English text demonstrably writes ("Kharkov" 2.4, "Zaporozhye" 1.35)
SIMILAR = 0.7                # difflib ratio between folded spellings


def clean(text: str) -> str:
    return " ".join(text.translate(APOSTROPHES).split())


def fold(text: str) -> str:
    """Lower case, diacritics and transliteration marks dropped: the spelling's skeleton."""
    text = "".join(c for c in text if c not in TRANSLIT_MARKS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def strip_marks(text: str) -> str:
    """Drop ayn/hamza marks and diacritics but keep case: "Dar‘ā" → "Dara"."""
    text = "".join(c for c in text if c not in TRANSLIT_MARKS)
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def is_latin(text: str) -> bool:
    return all(
        not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text
    )


def is_plain(text: str) -> bool:
    """Letters a–z, spaces, hyphens and apostrophes only: what English prose writes."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z '\-.]*", text))


def has_marks(text: str) -> bool:
    return any(c in TRANSLIT_MARKS for c in text)


def well_formed(form: str) -> bool:
    """Written like a name in English prose: Latin letters, every word capitalised
    except particles, not a code (no all-capitals), at least four letters."""
    if not form or not is_latin(form) or has_marks(form) or not SHAPE.match(form):
        return False
    letters = [c for c in form if c.isalpha()]
    if len(letters) < 4 or (form.isupper() and len(letters) > 1):
        return False
    for word in re.split(r"[ \-]", form):
        bare = word.strip("'.")
        if bare and not bare[0].isupper() and bare.lower() not in PARTICLES:
            return False
    return form[0].isupper()


def skeleton(text: str) -> str:
    return ARTICLE.sub("", fold(text)).replace("-", " ").replace("'", "")


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, skeleton(a), skeleton(b)).ratio()


@cache
def english_zipf(form: str) -> float:
    return zipf_frequency(form, "en")


def best_spelling(name: str, alternates: list[str]) -> str:
    """The canonical English spelling of a GeoNames name.

    A plain ASCII GeoNames name is kept (it carries current official romanisations such as
    Kyiv or Dnipro, which older corpora spell otherwise). A name with diacritics or
    transliteration marks gives way to the plain spelling English text uses most, among
    the alternates that transliterate it, or else to itself without the marks."""
    name = clean(name)
    if is_plain(name):
        return name
    stripped = strip_marks(name)
    options = {clean(a) for a in alternates} | {stripped}
    options = [a for a in options if is_plain(a) and well_formed(a) and similar(a, name) >= 0.6]
    words = len(stripped.split())
    scored = [(spelling_score(a, words), a) for a in options if english_zipf(a) > 0]
    if scored:
        return max(scored)[1]
    return stripped


def spelling_score(form: str, words: int) -> float:
    """English use, discounted for words the name does not have ("Er Rafa" for Rafah)
    and for hyphenated articles ("Al-Qamishli")."""
    extra = max(0, len(form.split()) - words)
    return english_zipf(form) - 1.0 * extra - 0.3 * form.count("-")


def written_forms(canonical: str, name: str, alternates: list[str], population: int,
                  words: "WordList", limit: int) -> list[str]:
    """The canonical name, then the alternates news may write, one per folded spelling."""
    chosen: dict[str, str] = {fold(canonical): canonical}
    original = clean(name)
    extra = [original] if original != canonical and fold(original) == fold(canonical) \
        and not is_plain(original) and well_formed(original) else []
    ranked = []
    for raw in [name, *alternates]:
        form = clean(raw)
        if not well_formed(form) or fold(form) in chosen:
            continue
        closeness = similar(form, canonical)
        if keeps(form, canonical, closeness, population) and not words.is_word(form):
            attested = english_zipf(form) if english_zipf(form) >= 1.0 else 0.0
            ranked.append((-attested, -closeness, form))
    for *_, form in sorted(ranked):
        key = fold(form)
        if key in chosen:
            # one spelling per skeleton, the plain one first: the matcher derives the
            # diacritic-free form of a name, never the reverse, and news writes plain
            if is_plain(form) and not is_plain(chosen[key]) and chosen[key] != canonical:
                chosen[key] = form
            continue
        if len(chosen) > limit:
            break
        chosen[key] = form
    return list(chosen.values()) + extra


def keeps(form: str, canonical: str, closeness: float, population: int) -> bool:
    """Whether an alternate is a form English news may write for the place.

    Short forms must be well attested in English and no truncation of the name ("Rafa",
    "Sana"); a single word of a longer name ("Yunus") is never the place."""
    if form in canonical.split() or canonical.lower().startswith(form.lower()):
        return False
    zipf = english_zipf(form)
    if sum(c.isalpha() for c in form) <= 5:
        return (closeness >= 0.85 or (closeness >= 0.7 and zipf >= ENGLISH_USE_ZIPF)
                or (closeness >= 0.5 and zipf >= 2.5 and len(form) >= 0.6 * len(canonical)))
    if closeness >= SIMILAR:
        return True
    return zipf >= ENGLISH_USE_ZIPF and (closeness >= 0.5 or population >= 1_000_000)


class WordList:
    """Aliases that are also common English words (web2 lower-case entries of some
    frequency) or common first names (US census 1990 first-name lists)."""

    FIRST_NAME_PERCENT = 0.03

    def __init__(self) -> None:
        from english_words import get_english_words_set
        import names as census

        self.lower_words = {
            w for w in get_english_words_set(["web2"], lower=False, alpha=True)
            if w.islower() and english_zipf(w) >= COMMON_WORD_ZIPF
        }
        folder = Path(census.__file__).parent
        self.first_names = set()
        for file in ("dist.male.first", "dist.female.first"):
            for line in (folder / file).read_text().splitlines():
                parts = line.split()
                if len(parts) >= 2 and float(parts[1]) >= self.FIRST_NAME_PERCENT:
                    self.first_names.add(parts[0].capitalize())

    def is_word(self, form: str, fame: float = COMMON_WORD_ZIPF, names: bool = True) -> bool:
        """`fame`: the frequency the place's own name would have in English text; a
        dictionary word is counted as a word only when it is more frequent than that
        ("Nice", "Split", "Reading"; not "Berlin" or "Manila", which web2 also lists)."""
        if " " in form or "-" in form:
            return False
        if names and form in self.first_names:
            return True
        lower = form.lower()
        return lower in self.lower_words and english_zipf(lower) >= max(COMMON_WORD_ZIPF, fame)


def fame(population: int, kind: str) -> float:
    """The English frequency (zipf) a place's name earns by its size alone, plus a margin."""
    if kind != "city":
        return 4.2
    return 1.3 + 0.6 * __import__("math").log10(max(population, 10))


def ukrainian_romanisation(name: str) -> str:
    """GeoNames spells Ukrainian towns in the BGN/PCGN system ("Kup'yans'k",
    "Kryvyy Rih", "Mykolayiv"); Ukraine's national system, which news follows since
    2022, writes "Kupiansk", "Kryvyi Rih", "Mykolaiv"."""
    text = name.replace("'", "").replace("’", "")
    text = re.sub(r"yy\b", "yi", text)
    text = re.sub(r"(?<=[aeiouy])yi", "i", text)
    text = re.sub(r"(?<=\w)y([aeu])", r"i\1", text)
    return text
