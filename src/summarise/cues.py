"""Sentences worth a close look: word cues that point a small model at likely items.

The cues are hints in the prompt, not filters: the model still reads the whole
article and may cite any sentence.
"""

from __future__ import annotations

import re

from .article import Article

CUES = {
    "acquisitions": re.compile(
        r"\b(deliver\w*|purchas\w*|buy\w*|bought|order\w*|acquir\w*|acquisition|procur\w*|ship\w*|"
        r"receiv\w*|sign\w*|contract\w*|deal|sale|sold|sell\w*|suppl\w*|transfer\w*|import\w*|export\w*|"
        r"donat\w*|arriv\w*|handed over|went to|go to|goes to)\b",
        re.IGNORECASE,
    ),
    "stances": re.compile(
        r"\b(said|says|stated|urg\w*|call(?:ed|s)? (?:on|for)|condemn\w*|critici[sz]\w*|welcom\w*|prais\w*|"
        r"support\w*|back(?:s|ed|ing)?|oppos\w*|reject\w*|den(?:y|ies|ied)|warn\w*|accus\w*|refus\w*|"
        r"argu\w*|insist\w*|declin\w*|protest\w*|demand\w*|pledg\w*|friend\w*|ally|allies)\b",
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
