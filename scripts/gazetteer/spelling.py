"""How place names are written in English news: cleaning, choosing, word tests.

Shared by build_places.py. GeoNames' alternate names carry no language tag, so an
alternate is kept as an English written form when it is written in Latin letters the
way English prose writes a name, and is either a transliteration of the canonical name
(similar spelling) or a form English text demonstrably uses (wordfreq knows it).
"""
from __future__ import annotations

import difflib
import math
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
        if keeps(form, canonical, closeness, population) and not (
                words.is_word(form) or words.is_word(strip_marks(form))):  # "Frōm" reads "From"
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
    """Aliases that are also common English words or people's names.

    Words: web2's lower-case entries (Webster's Second, public domain) that English text
    uses more often than the place's size alone would explain ("Nice", "Split", "Reading";
    not "Berlin" or "Manila", which web2 also lists). Names: common US first names (1990
    census) always; first names common in any country (nam_dict of gender-guesser) and
    common US surnames when English text writes them more often than the place earns
    ("Nikita", "Stanislav", "Rivera"; not "Alexandria")."""

    US_FIRST_NAME_PERCENT = 0.03
    US_SURNAME_PERCENT = 0.01
    WORLD_NAME_FREQUENCY = 4  # nam_dict's per-country scale runs 1 (rare) to 13

    def __init__(self) -> None:
        from english_words import get_english_words_set
        import gender_guesser
        import names as census

        self.lower_words = {
            w for w in get_english_words_set(["web2"], lower=False, alpha=True)
            if w.islower() and english_zipf(w) >= COMMON_WORD_ZIPF
        }
        folder = Path(census.__file__).parent
        self.first_names = self._census(folder / "dist.male.first", self.US_FIRST_NAME_PERCENT) \
            | self._census(folder / "dist.female.first", self.US_FIRST_NAME_PERCENT)
        self.other_names = self._census(folder / "dist.all.last", self.US_SURNAME_PERCENT)
        nam_dict = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
        for line in nam_dict.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("#") or len(line) < 31 or "+" in line[3:29]:
                continue
            counts = [int(c, 16) for c in line[30:85] if c in "123456789ABCDabcd"]
            if counts and max(counts) >= self.WORLD_NAME_FREQUENCY:
                self.other_names.add(line[3:29].strip())

    @staticmethod
    def _census(path: Path, percent: float) -> set[str]:
        found = set()
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) >= percent:
                found.add(parts[0].capitalize())
        return found

    def is_word(self, form: str, population: int | None = None, kind: str = "city",
                names: bool = True) -> bool:
        """Without a population (an alternate spelling under review) any common word or
        name counts; with one, only those English uses more than the place earns."""
        if " " in form or "-" in form:
            return False
        word_fame, name_fame = fame(population, kind)
        lower = form.lower()
        if lower in self.lower_words and english_zipf(lower) >= max(COMMON_WORD_ZIPF, word_fame):
            return True
        if not names:
            return False
        return form in self.first_names or (
            form in self.other_names and english_zipf(form) >= name_fame)


def fame(population: int | None, kind: str) -> tuple[float, float]:
    """The English frequency (zipf) a place earns by its size alone, as a bar for a
    dictionary word and for a person's name written like the place."""
    if population is None:
        return COMMON_WORD_ZIPF, 0.0
    if kind != "city":
        return 4.2, 3.0
    size = math.log10(max(population, 10))
    return 1.3 + 0.6 * size, max(1.0, 0.9 * size - 2.0)


def ukrainian_romanisation(name: str) -> str:
    """GeoNames spells Ukrainian towns in the BGN/PCGN system ("Kup'yans'k",
    "Kryvyy Rih", "Mykolayiv"); Ukraine's national system, which news follows since
    2022, writes "Kupiansk", "Kryvyi Rih", "Mykolaiv"."""
    text = name.replace("'", "").replace("’", "")
    text = re.sub(r"yy\b", "yi", text)
    text = re.sub(r"(?<=[aeiouy])yi", "i", text)
    text = re.sub(r"(?<=\w)y([aeu])", r"i\1", text)
    return text


def russian_romanisation(name: str) -> str:
    """GeoNames' BGN spellings of Russian towns ("Nizhniy Novgorod", "Ryazan'",
    "Naberezhnyye Chelny") in the form English news writes ("Nizhny Novgorod", "Ryazan",
    "Naberezhnye Chelny")."""
    text = name.replace("'", "").replace("’", "")
    text = re.sub(r"yye\b", "ye", text)
    return re.sub(r"(?<=[a-z])(?:iy|yy)\b", "y", text)


def usable_name(name: str) -> bool:
    """A town name fit to ship: Latin letters, no commas or digits, no word in capitals
    ("CPF", "Village of ALAMRAH" are notes, not names)."""
    if not name or not is_latin(name) or re.search(r"[\d,;()/]", name):
        return False
    return not any(len(w) >= 3 and w.isupper() for w in re.split(r"[ \-']", name))
