"""Sentences worth a close look: word cues that point a small model at likely stances.

The cues are hints in the prompt, not filters: the model still reads the whole
article and may cite any sentence. Stances get hints; acquisitions do not: the
small model writes an item for nearly every hinted sentence, and transfer verbs
are everywhere ("ordered troops", "a secret deal", "signaling"). The measurements
behind that choice are in docs/performance.md ("Decisions").
"""

from __future__ import annotations

import re

from ...lexicon import alternation
from ...reading.article import Article
from ..speakers import SPEECH
from .verbs import PLOVER_CLASSES
from .base import Rule, RuleSpec, Stage

# Stance cues: the event coders' verb classes (verbs.py), the verbs of reported speech (speakers.py), and
# words of alignment.
CUES = {
    "stances": re.compile(
        r"\b(?:" + "|".join(pattern for _, pattern in PLOVER_CLASSES.values()) + r")\b|" + SPEECH.pattern +
        r"|\b" + alternation("stance", "alignment_cues") + r"\b",
        re.IGNORECASE,
    ),
}
MAX_HINTS = 12


def cue_sentences(article: Article, categories: tuple[str, ...]) -> dict[str, list[int]]:
    """For each category with cues, the numbers of the sentences that carry them."""
    hints = {}
    for category in categories:
        cue = CUES.get(category)
        if cue is not None:
            numbers = [s.number for s in article.sentences if cue.search(article.sentence_text(s))]
            hints[category] = numbers[:MAX_HINTS]
    return hints


RULE = RuleSpec("hints", Rule.hints, Stage.prompt, "stance cue words in each sentence",
                "lists the sentences that may state stances on the stances task line", cue_sentences)
