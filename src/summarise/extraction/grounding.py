"""Tie every extracted item to the article: evidence spans and named parties."""

from __future__ import annotations

import re
from functools import lru_cache

from ..reading.article import Article, Sentence
from ..reading.folding import fold, fold_ascii, unspaced
from ..reading.words import FUNCTION_WORDS
from .countries import countries_named_in, country_named
from ..schema import Acquisition, Evidence, MatchKind, Stance

_GENERIC_WORDS = {
    "the", "of", "and", "for", "in", "s", "group", "company", "corporation", "corp", "inc",
    "ltd", "government", "ministry", "president", "prime", "minister", "forces", "force",
    "army", "state", "states", "national", "republic", "federal", "international", "people",
    "peoples", "official", "officials", "police", "military", "defence", "defense", "agency",
    "services", "service", "union", "party", "foreign", "affairs", "security", "council",
}
_BRACKETED = re.compile(r"(.*\S)\s*\(([^()]*\w[^()]*)\)")


def evidence_for_sentence(article: Article, sentence: Sentence, first: Sentence | None = None) -> Evidence:
    """The sentence verbatim, or the text from `first` (its speaker's sentence, before it) to its end."""
    start = first.start if first is not None else sentence.start
    return Evidence(quote=article.text[start:sentence.end], start=start, end=sentence.end, match=MatchKind.sentence)


def mentions(text: str, name: str) -> bool:
    """Does the text name this party, allowing demonyms, capitals and short forms? A name with a short form in
    brackets ('Foreign Intelligence Service (SVR)') is named by either."""
    bracketed = _BRACKETED.fullmatch(name.strip())
    if bracketed:
        return any(mentions(text, part) for part in bracketed.groups())
    country = country_named(name)
    if country is not None:
        return country.named_in(text)
    folded_text = fold(text)
    folded_name = fold(name)
    if not folded_name.strip():
        return False
    if folded_name in folded_text or (unspaced(folded_name) and folded_name.strip() in folded_text):
        return True
    if not (name.isascii() and text.isascii()) and fold_ascii(name).strip() and fold_ascii(name) in fold_ascii(text):
        return True
    tokens = significant_tokens(folded_name)
    if not tokens:
        return False
    words = set(folded_text.split())
    proper = proper_words(text)
    return all(_stem_in(t, words) for t in tokens) and any(_stem_in(t, proper) for t in tokens)


def references(folded_name: str) -> tuple[str, ...]:
    """Other words for the same state or body, folded: 'beijing' and 'chinese' for China, and back."""
    country = country_named(folded_name)
    if country is None:
        return ()
    abbreviations = {fold(a).strip() for a in country.abbreviations}
    return tuple(sorted((country.forms | abbreviations) - {folded_name}))


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
    """The state a capital, demonym or other name stands for ('Beijing', 'Chinese' give 'China')."""
    country = country_named(name)
    return country.name if country is not None and country.state else None


def states_named_in(text: str) -> list[str]:
    """States the text calls by their names ('Egypt', 'United Arab Emirates'), as written, in order of first mention."""
    return [written for _, written in countries_named_in(text)]


def follows(text: str, name: str, word: str) -> bool:
    """Does the name (or a capital or demonym for it) come right after the word: 'from Beijing'."""
    folded = fold(text)
    forms = [fold(name).strip(), *references(fold(name).strip())]
    return any(f" {word} {form} " in folded or f" {word} the {form} " in folded for form in forms if form)


def system_in(system: str, sentence: str) -> bool:
    """The sentence mentions the system: its model name if it has one ('Bayraktar TB2'), else any of its words
    ('and' is none)."""
    return any_word_in(designation(system) or content_words(system), sentence)


def designation_in(system: str, sentence: str) -> bool:
    """The sentence names the system's model ('Repellent', 'TB2'); a system without one, every word of it
    ('explosive mortars')."""
    named = designation(system)
    if named:
        return any_word_in(named, sentence)
    words = content_words(system)
    return bool(words) and all(any_word_in([w], sentence) for w in words)


def content_words(system: str) -> list[str]:
    """The system's words of three letters or more that are not function words ('missiles', not 'and')."""
    return [w for w in re.findall(r"[\w-]+", system) if len(w) >= 3 and fold(w).strip() not in FUNCTION_WORDS]


def designation(system: str) -> list[str]:
    return [w for w in re.findall(r"[\w-]+", system) if w[0].isupper() or any(c.isdigit() for c in w)]


def any_word_in(words: list[str], sentence: str) -> bool:
    folded = fold(sentence)
    return any(f" {fold(w).strip()[:max(3, len(w) - 2)]}" in folded for w in words if fold(w).strip())


def parties_of(acquisitions: list[Acquisition], stances: list[Stance]) -> set[str]:
    """The folded names of the parties the items name: buyers, sellers and holders."""
    return {fold(p) for a in acquisitions for p in (a.buyer, a.seller) if p} | {fold(s.holder) for s in stances}
