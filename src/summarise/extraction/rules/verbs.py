"""What the article's own verb says about a stance, the way event coders read it (PLOVER, PETRARCH).

A small model names holders well but often mislabels the position ("does not
support" read as support) or takes the target from a neighbouring sentence. When
the cited sentence has a stance verb right after the holder, the verb's
dictionary class gives the position (flipped when negated) and the words that
follow it give the target.

The verbs are grouped by PLOVER's event types (Halterman et al., the successor of CAMEO):
SUPPORT, AGREE and REQUEST state support for their object; ACCUSE, REJECT, THREATEN and
PROTEST state opposition to it. A verb used as an adjective ("the newly approved sale") is
not the holder's verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...reading.words import FUNCTION_WORDS
from ..grounding import fold, references
from ...lexicon import lexicon, words
from ...schema import Position
from .base import Change, Rule, RuleSpec, Stage

PLOVER_CLASSES: dict[str, tuple[Position, str]] = {
    name: (Position(verb_class["position"]), "|".join(verb_class["forms"]))
    for name, verb_class in lexicon("stance")["plover"].items()
}
VERBS: dict[Position, re.Pattern[str]] = {
    position: re.compile("(?:" + "|".join(p for cls, (pos, p) in PLOVER_CLASSES.items() if pos is position) + ")$")
    for position in Position
}
ADJECTIVAL = {"the", "a", "an", "newly", "recently", "already", "its", "their", "his", "her", "this", "that"}
NEGATIONS = words("stance", "negations")
NEGATED = {Position.support: Position.oppose, Position.oppose: Position.neutral, Position.neutral: Position.neutral}
MAX_WORDS_TO_VERB = 12  # "Aleksandar Vucic, the president of Serbia, has denounced ..."
MAX_TARGET_WORDS = 12
WORD = re.compile(r"[\w'’-]+|[,;:()\"“”]")
CLAUSE_END = {",", ";", ":", "(", ")", '"', "“", "”", "despite", "while", "because", "although", "but", "after",
              "before", "since", "which", "who", "when", "whereas"}
LEADING_PREPOSITIONS = {"of", "for", "on", "about", "over"}  # "criticism of Russia" is about Russia


@dataclass(frozen=True)
class Reading:
    position: Position
    target: str


def read_stance(sentence: str, holder: str) -> Reading | None:
    """The position and target the sentence's first stance verb after the holder states, if there is one."""
    words = list(WORD.finditer(sentence))
    folded = [fold(w.group()).strip() for w in words]
    after = _end_of_mention(folded, holder)
    if after is None:
        return None
    for index in range(after, min(after + MAX_WORDS_TO_VERB, len(words))):
        if words[index].group() == ";":
            return None
        found = _verb_at(folded, index)
        if found is not None and index > 0 and folded[index - 1] in ADJECTIVAL:
            continue  # "the newly approved sale": an adjective, not the holder's verb
        if found is not None:
            position, length = found
            if any(w in NEGATIONS or w.endswith(" t") for w in folded[max(0, index - 3):index]):
                position = NEGATED[position]
            target = _clause(sentence, words, index + length)
            return Reading(position, target) if target else None
    return None


def target_fits(target: str, sentence: str, parties: list[str]) -> bool:
    """Some word of the target, other than a party's name, is in the sentence."""
    names = {w for p in parties for w in fold(p).split()} | {r for p in parties for r in references(fold(p).strip())}
    words = [w for w in fold(target).split() if len(w) >= 4 and w not in FUNCTION_WORDS and w not in names]
    text = fold(sentence)
    return any(f" {w[:max(4, len(w) - 2)]}" in text for w in words)


def _end_of_mention(folded: list[str], holder: str) -> int | None:
    """Index of the word just after the holder's first mention (its name, a demonym or a short form)."""
    name_words = [w for w in fold(holder).split() if len(w) >= 3 and w not in FUNCTION_WORDS]
    forms = set(name_words) | {r for r in references(fold(holder).strip()) if " " not in r}
    stems = {f[:max(4, len(f) - 2)] for f in forms if len(f) >= 4}
    for index, word in enumerate(folded):
        if word in forms or any(word.startswith(s) for s in stems):
            end = index + 1
            while end < len(folded) and (folded[end] in forms or any(folded[end].startswith(s) for s in stems)):
                end += 1
            return end
    return None


def _verb_at(folded: list[str], index: int) -> tuple[Position, int] | None:
    """The position class of the verb starting at this word and how many words it takes (1 to 5)."""
    for length in (5, 4, 3, 2, 1):
        phrase = " ".join(folded[index:index + length])
        for position, pattern in VERBS.items():
            if len(folded) >= index + length and pattern.match(phrase):
                return position, length
    return None


def _clause(sentence: str, words: list[re.Match[str]], start: int) -> str:
    """The words from start to the end of their clause, as the sentence writes them."""
    while start < len(words) and words[start].group().lower() in LEADING_PREPOSITIONS:
        start += 1
    end = start
    while end < len(words) and end - start < MAX_TARGET_WORDS and words[end].group().lower() not in CLAUSE_END:
        end += 1
    if end == start:
        return ""
    return sentence[words[start].start():words[end - 1].end()]


def apply(position: Position, target: str, sentence: str, holder: str,
          parties: list[str]) -> Change[tuple[Position, str]]:
    """The position the sentence's verb after the holder states, and its target when the model's is not in the
    sentence; the model's when the sentence has no such verb."""
    reading = read_stance(sentence, holder)
    if reading is None:
        return Change((position, target))
    read_target = target if target_fits(target, sentence, parties) else reading.target
    notes = []
    if reading.position != position:
        notes.append(f"position: the model read {position}; the sentence's verb says {reading.position}")
    if read_target != target:
        notes.append(f"target: the model read '{target}', which the sentence does not mention")
    return Change((reading.position, read_target), tuple(notes))


RULE = RuleSpec("verbs", Rule.verbs, Stage.normalisation, "the verb after the holder, by PLOVER class",
                "sets a stance's position (and a target the sentence does not mention) from the verb", apply)
