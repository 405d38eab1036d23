"""Who speaks, where the answers list no one: a choice among the sentence's own names.

The actors pass of a small model lists the parties of the first paragraphs and forgets the chief executive
or the ministry spokesman quoted at the end, and a party that is not listed is never asked for its stances
(`holders`). A sentence that reports speech ("said", "told", lexicon/speech.toml) and holds capitalised
names the answers do not list is asked who speaks in it, a choice among those names, the listed parties it
names and "no one named in it", in two orders; an unlisted name that is the likeliest option is asked
what it is (a person, a body, a company, an armed group, an international body, or none of these).
A party found so is an actor, with a note of the answers that found it, and `holders` asks it for its stances.
"""

from __future__ import annotations

import re

from ...reading.article import Article
from ...reading.words import FUNCTION_WORDS
from ..countries import country_named
from ..draft import ActorDraft, Draft, FullDraft
from ..grounding import fold, mentions
from ..questions import LETTERS, Asker, choice_in_both_orders, kind_of, likeliest
from ..speakers import SPEECH, person_named
from .base import Rule, RuleSpec, Stage
from .holders import MAX_SENTENCES

NO_ONE = "no one named in it"
MAX_OPTIONS = len(LETTERS) - 1  # the last letter is "no one named in it"
# Two or more capitalised words, with the lowercase joints of names ("Ministry of the Interior", "Procter &
# Gamble").
NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:of the|of|for|&)\s+)?[A-Z][\w'’.-]*)+")


def apply(article: Article, drafts: list[Draft], ask: Asker) -> Draft | None:
    """The speakers found in the first sentences that report speech by names the answers do not list, as an
    answer of actors (each with a note of the answers that found it); None when none is found."""
    listed = [a.name for d in drafts for a in d.items("actors")]
    found: list[ActorDraft] = []
    asked = 0
    for sentence in article.sentences[1:]:
        text = article.sentence_text(sentence)
        unlisted = unlisted_names(text, [*listed, *(a.name for a in found)]) if SPEECH.search(text) else []
        if not unlisted:
            continue
        speaker = found_speaker(ask, sentence.number, unlisted, [n for n in listed if mentions(text, n)])
        found += [speaker] if speaker else []
        asked += 1
        if asked == MAX_SENTENCES:
            break
    return FullDraft.model_construct(actors=found, acquisitions=[], stances=[]) if found else None


def found_speaker(ask: Asker, number: int, unlisted: list[str], listed: list[str]) -> ActorDraft | None:
    """The unlisted name chosen as the sentence's speaker, of the kind the model gives it, with a note."""
    speaker = chosen_speaker(ask, number, unlisted, listed)
    kind = kind_of(ask, number, speaker[0]) if speaker else None
    if not (speaker and kind):
        return None
    actor = ActorDraft(name=speaker[0], kind=kind.kind)
    actor.notes.append(f"speakers: no answer listed it; asked who speaks in sentence [{number}], it gave "
                       f"'{speaker[0]}' ({speaker[1]:.2f}), and what it is, {kind.read}")
    return actor


def unlisted_names(text: str, listed: list[str]) -> list[str]:
    """The sentence's names of two capitalised words or more (a leading 'The' or 'In' left out) that name no
    listed party and no state."""
    names = []
    for match in NAME.finditer(text):
        name = without_leading_function_words(match.group(0)).rstrip(".").removesuffix("’s").removesuffix("'s")
        if len(name.split()) < 2 or name in names or country_named(name) is not None:
            continue
        if any(mentions(name, n) or mentions(n, name) or person_named(name, n) for n in listed):
            continue
        names.append(name)
    return names[:MAX_OPTIONS]


def without_leading_function_words(name: str) -> str:
    parts = name.split()
    while parts and fold(parts[0]).strip() in FUNCTION_WORDS:
        parts = parts[1:]
    return " ".join(parts)


def chosen_speaker(ask: Asker, number: int, unlisted: list[str], listed: list[str]) -> tuple[str, float] | None:
    """The unlisted name the model finds likeliest to speak in the sentence, if one is, with its share."""
    options = [*listed[:max(0, MAX_OPTIONS - len(unlisted))], *unlisted]
    shares = choice_in_both_orders(ask, f"Who is speaking in sentence [{number}]?", options, last=(NO_ONE,))
    best = likeliest(options, shares) if shares else None
    return best if best and best[0] in unlisted else None


RULE = RuleSpec("speakers", Rule.speakers, Stage.prompt, "the names of the sentences that report speech",
                "asks who speaks in a sentence reporting speech by names no answer lists, a choice among them; the "
                "one chosen, if likeliest, is asked what it is, listed as an actor and asked for its stances", apply)
