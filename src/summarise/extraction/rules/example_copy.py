"""Answers that copy the few-shot examples: a small model fills an example's wording with this article's names.

The examples' answers, their names left out, are the wording to look for (the prompt set computes it
with `wording_of`); an answer with that wording whose content words the article does not use is a copy.
"""

from __future__ import annotations

import re

from ...reading.article import Article
from ...reading.words import FUNCTION_WORDS
from ..grounding import fold
from .base import Rule, RuleSpec, Stage


def wording_of(phrase: str) -> str:
    """A phrase with its names left out: 'the drone deliveries to Morocco' is 'the drone deliveries to'."""
    return " ".join(fold(w).strip() for w in re.findall(r"[\w'’-]+", phrase)
                    if not w[0].isupper() and fold(w).strip())


def apply(phrase: str, article: Article, example_wording: frozenset[str]) -> list[str]:
    """Why an answer is re-asked or dropped: it is a few-shot example's answer with other names, in words the
    article does not use."""
    wording = wording_of(phrase)
    if wording not in example_wording:
        return []
    content = [w for w in wording.split() if w not in FUNCTION_WORDS]
    if content and f" {' '.join(content)} " in fold(article.shown_text):
        return []
    return [f"'{phrase}' copies the example's wording; write what this article says"]


RULE = RuleSpec("example_copy", Rule.example_copy, Stage.validation, "the few-shot examples' wording",
                "drops an answer that copies an example's wording with other names", apply)
