"""Tie every extracted item to the article: evidence spans and named parties."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry
from rapidfuzz import fuzz

from .article import Article, Sentence
from .schema import Evidence, MatchKind

FUZZY_THRESHOLD = 90.0

# Words that name a state without its name: irregular demonyms and capitals used
# as metonyms. Regular demonyms ("Serbian" for Serbia) are matched by stem.
STATE_REFERENCES: dict[str, tuple[str, ...]] = {
    "china": ("beijing", "chinese", "prc", "mainland"),
    "russia": ("moscow", "kremlin", "russian"),
    "serbia": ("belgrade", "serbian", "serbs"),
    "united states": ("washington", "american", "us", "u s", "usa", "pentagon"),
    "united kingdom": ("london", "british", "britain", "uk", "u k"),
    "france": ("paris", "french"),
    "germany": ("berlin", "german"),
    "ukraine": ("kyiv", "kiev", "ukrainian"),
    "netherlands": ("dutch", "the hague", "amsterdam"),
    "european union": ("eu", "brussels"),
    "turkey": ("ankara", "turkish", "turkiye"),
    "israel": ("israeli", "jerusalem", "tel aviv"),
    "iran": ("tehran", "iranian"),
    "india": ("new delhi", "indian"),
    "pakistan": ("islamabad", "pakistani"),
    "belarus": ("minsk", "belarusian"),
    "north korea": ("pyongyang", "north korean", "dprk"),
    "south korea": ("seoul", "south korean"),
    "japan": ("tokyo", "japanese"),
    "poland": ("warsaw", "polish"),
    "greece": ("athens", "greek"),
    "switzerland": ("swiss", "bern"),
    "sweden": ("swedish", "stockholm"),
    "saudi arabia": ("riyadh", "saudi"),
    "united arab emirates": ("uae", "abu dhabi", "emirati"),
    "nato": ("north atlantic treaty organization", "alliance"),
}
_GENERIC_WORDS = {
    "the", "of", "and", "for", "in", "s", "group", "company", "corporation", "corp", "inc",
    "ltd", "government", "ministry", "president", "prime", "minister", "forces", "force",
    "army", "state", "states", "national", "republic", "federal", "international", "people",
    "peoples", "official", "officials", "police", "military", "defence", "defense", "agency",
    "services", "service", "union", "party", "foreign", "affairs", "security", "council",
}


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lowercase, strip accents, unify quotes and dashes, keep words only."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’‘`]s\b", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return f" {text.strip()} "


def fold_keep_positions(text: str) -> str:
    """Fold quotes, dashes and whitespace one character for one, so offsets survive."""
    table = {ord(c): "'" for c in "‘’‛′`"} | {ord(c): '"' for c in "“”„‟″«»"}
    table |= {ord(c): "-" for c in "‐‑‒–—―−"}
    folded = text.translate(table)
    return re.sub(r"\s", " ", folded)


def evidence_for_sentence(article: Article, sentence: Sentence) -> Evidence:
    return Evidence(
        quote=article.sentence_text(sentence), start=sentence.start, end=sentence.end, match=MatchKind.sentence
    )


def locate_quote(article: Article, quote: str) -> Evidence | None:
    """Find a quote in the article: exactly, then folded, then fuzzily."""
    quote = quote.strip()
    if not quote:
        return None
    start = article.text.find(quote)
    if start >= 0:
        return Evidence(quote=quote, start=start, end=start + len(quote), match=MatchKind.exact)
    folded = _locate_folded(article.text, quote)
    if folded:
        return _evidence(article, *folded, MatchKind.folded)
    fuzzy = fuzz.partial_ratio_alignment(quote, article.text, score_cutoff=FUZZY_THRESHOLD)
    if fuzzy is not None:
        return _evidence(article, fuzzy.dest_start, fuzzy.dest_end, MatchKind.fuzzy)
    return None


def _locate_folded(text: str, quote: str) -> tuple[int, int] | None:
    folded_text = fold_keep_positions(text)
    words = fold_keep_positions(quote).split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, folded_text)
    return (found.start(), found.end()) if found else None


def _evidence(article: Article, start: int, end: int, match: MatchKind) -> Evidence:
    return Evidence(quote=article.text[start:end], start=start, end=end, match=match)


def mentions(text: str, name: str) -> bool:
    """Does the text name this party, allowing demonyms, capitals and short forms?"""
    folded_text = fold(text)
    folded_name = fold(name)
    if not folded_name.strip():
        return False
    if folded_name in folded_text:
        return True
    if any(f" {ref} " in folded_text for ref in references(folded_name.strip())):
        return True
    tokens = significant_tokens(folded_name)
    if not tokens:
        return False
    words = set(folded_text.split())
    proper = proper_words(text)
    return all(_stem_in(t, words) for t in tokens) and any(_stem_in(t, proper) for t in tokens)


def references(folded_name: str) -> tuple[str, ...]:
    """Other words for the same state: 'Beijing' and 'Chinese' for China, and back."""
    if folded_name in STATE_REFERENCES:
        return STATE_REFERENCES[folded_name]
    return tuple(state for state, refs in STATE_REFERENCES.items() if folded_name in refs)


def significant_tokens(folded_name: str) -> list[str]:
    return [t for t in folded_name.split() if len(t) >= 4 and t not in _GENERIC_WORDS]


def proper_words(text: str) -> set[str]:
    """Folded words that start with a capital letter in the text: the candidates for names."""
    return {fold(w).strip() for w in re.findall(r"\b[^\W\d_][\w'’-]*", text) if w[0].isupper()}


def _stem_in(token: str, proper: set[str]) -> bool:
    stem = _stem(token)
    return any(word.startswith(stem) for word in proper)


@lru_cache(maxsize=4096)
def _stem(token: str) -> str:
    return token[: max(4, len(token) - 2)]


def named_in(article: Article, name: str) -> bool:
    """Named in one sentence of the text shown: 'Serbian president Vladimir Putin' is not, though each word is."""
    return first_mention(article, name) is not None


def first_mention(article: Article, name: str) -> Sentence | None:
    return next((s for s in article.sentences if mentions(article.sentence_text(s), name)), None)


def state_named_by(name: str) -> str | None:
    """The state a capital or demonym stands for ('Beijing', 'Chinese' give 'China'), if the name is just that."""
    folded = fold(name).strip()
    for state, refs in STATE_REFERENCES.items():
        if folded in refs and state not in NOT_STATES:
            return state.title() if state not in UPPER_NAMES else state.upper()
    return None


NOT_STATES = {"european union", "nato"}
UPPER_NAMES = {"nato"}
SHORT_STATE_NAMES = ("Russia", "Kosovo", "Palestine", "Turkey", "Moldova", "Czech Republic")


def states_named_in(text: str) -> list[str]:
    """States the text calls by their names ('Egypt', 'United Arab Emirates'), in order of first mention."""
    seen: dict[str, None] = {}
    for match in _state_names().finditer(text):
        seen.setdefault(match.group(), None)
    return list(seen)


@cache
def _state_names() -> re.Pattern[str]:
    names = {getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names = {n for n in names if not re.search(r"[,(]", n)} | set(SHORT_STATE_NAMES)
    names |= {state.title() for state in STATE_REFERENCES if state not in NOT_STATES}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def follows(text: str, name: str, word: str) -> bool:
    """Does the name (or a capital or demonym for it) come right after the word: 'from Beijing'."""
    folded = fold(text)
    forms = [fold(name).strip(), *references(fold(name).strip())]
    return any(f" {word} {form} " in folded or f" {word} the {form} " in folded for form in forms if form)
