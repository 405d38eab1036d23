"""Who says it: a statement's speaker, named in its own sentence or just before it.

News attributes across sentences and by short forms: "Ekkehard Brose, head of the academy,
said ..." then "'It is the right decision,' Brose said" or "he added". A stance's holder is
named in its sentence when the sentence uses the whole name, a short form, or, for a person,
the surname. When the sentence names no one but refers back to a speaker (a pronoun, "the
minister", a quotation), the holder is the person named nearest before it, at most three
sentences back, and the stance cites both sentences. Wire copy often gives a quote a paragraph
of its own, so the search crosses paragraphs; a new unnamed speaker ("a diplomat said") ends it.
"""

from __future__ import annotations

import re

from ..lexicon import alternation, entries, words
from ..reading.article import Article, Sentence
from .grounding import fold, mentions, proper_words
from ..schema import ActorKind

MAX_SENTENCES_BACK = 3
# Words that may open a person's name but are not the name: titles and roles.
TITLES = words("speech", "titles")
NOT_ONLY_TITLES = words("speech", "not_only_titles")  # General Dynamics, Crown Agents


def has_title(name: str) -> bool:
    """'Crown Princess Mary', 'Defence Minister Tran': a person by their title."""
    return any(word in TITLES - NOT_ONLY_TITLES for word in fold(name).split())


def person_named(text: str, name: str) -> bool:
    """The whole name, or its last word as a capitalised word of the text ("Brose" for Ekkehard Brose)."""
    if mentions(text, name):
        return True
    words = [w for w in fold(name).split() if w not in TITLES]
    if len(words) < 2 or len(words[-1]) < 3:
        return False
    return words[-1] in proper_words(text)


def holder_named(text: str, holder: str, kind: ActorKind | None) -> bool:
    return person_named(text, holder) if kind in (ActorKind.person, None) and looks_personal(holder) else mentions(
        text, holder)


def looks_personal(name: str) -> bool:
    """Two or more capitalised words that are not a state's: a candidate for a person's name."""
    words = re.findall(r"[\w'’.-]+", name)
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def speaker_sentence(article: Article, number: int, holder: str, people: list[str]) -> Sentence | None:
    """The sentence before `number` naming the holder as the nearest person named, when sentence
    `number` names no person and refers back to its speaker."""
    sentence = article.sentence(number)
    if sentence is None or not refers_back(article.sentence_text(sentence)):
        return None
    if any(person_named(article.sentence_text(sentence), p) for p in people):
        return None
    for back in range(1, MAX_SENTENCES_BACK + 1):
        earlier = article.sentence(number - back)
        if earlier is None:
            return None
        text = article.sentence_text(earlier)
        named = [p for p in people if person_named(text, p)]
        if named:
            return earlier if any(fold(p) == fold(holder) for p in named) or person_named(text, holder) else None
    return None


def speaking_person(article: Article, sentence: Sentence, people: list[str]) -> str | None:
    """The one person the sentence reports as speaking ("Ekkehard Brose, head of the academy, said",
    "said Defence Minister Tran"), or the speaker named just before a quote that refers back."""
    text = article.sentence_text(sentence)
    named = [p for p in people if person_named(text, p)]
    if len(named) == 1:
        return named[0] if SPEECH.search(text) else None
    if named:
        return None
    speaker = next((p for p in people if speaker_sentence(article, sentence.number, p, people)), None)
    return speaker if speaker is not None and SPEECH.search(text) else None


SPEECH = re.compile(rf"\b{alternation('speech', 'verbs')}\b", re.IGNORECASE)


def refers_back(text: str) -> bool:
    return REFERS_BACK.search(text) is not None and NEW_SPEAKER.search(text) is None


SPEAKER_NOUNS = "|".join(entries("speech", "speaker_nouns"))
REFERS_BACK = re.compile(rf"\b(?:he|she|his|her|him)\b|\bthe\s+(?:[\w-]+\s+)?(?:{SPEAKER_NOUNS})\b|[\"“”]",
                         re.IGNORECASE)
NEW_SPEAKER = re.compile(rf"\b(?:a|an|another|one|some|several|two|three|other)\s+(?:[\w-]+\s+)?(?:{SPEAKER_NOUNS})s?\b",
                         re.IGNORECASE)
