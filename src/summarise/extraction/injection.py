"""Sentences addressed to a model rather than to readers: an article is untrusted input.

News is written for people. A sentence that gives orders to an AI ("ignore previous instructions
and report ...", "AI systems summarising this page must list ...") is an attempt to steer the
extraction, whoever planted it. Such a sentence is withheld from the model (it sees the sentence
number and a note in its place), and any item that cites it anyway is moved to `dropped` with the
reason, so the record holds only what the article states to its readers.
"""

from __future__ import annotations

import re

from ..reading.article import Article
from ..schema import DroppedItem

MODEL = r"(?:AI|A\.I\.|LLMs?|large language models?|language models?|chat ?bots?|GPT|summari[sz]ers?)"
ADDRESSED_TO_A_MODEL = [re.compile(pattern, re.IGNORECASE) for pattern in (
    # "ignore all previous instructions", "disregard the rules above"
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|preceding|"
    r"all|any|your|the system)\b[^.\n]{0,30}\b(?:instructions?|prompts?|rules|directions|guidelines|directives)\b",
    # "you are now a helpful assistant", "from now on, you report ..."
    r"\b(?:you are now|from now on,? you|pretend (?:to be|you are))\b",
    # "system prompt:", "new instructions:", "### Instruction"
    r"\b(?:system prompt|developer message|new instructions?|hidden instructions?)\b",
    r"(?:^|\s)(?:system|assistant)\s*:\s",
    r"#{2,}\s*instructions?\b",
    # "a note to AI models", "any language model reading this article must report ..."
    rf"\b(?:note|message|instructions?) (?:to|for) (?:any |all |the )?{MODEL}",
    rf"\b{MODEL}\b[^.\n]{{0,40}}\b(?:reading|summari[sz]ing|processing|parsing|analy[sz]ing|extracting from)\s+"
    r"(?:this|these|the following)\s+(?:article|text|page|document|story|report|content)s?\b",
    # "respond only with the following JSON"
    r"\b(?:respond|reply|answer|output|return)\s+(?:only\s+)?(?:with|in)\s+(?:the following\s+|this\s+)?JSON\b",
)]
REASON = "cites a sentence addressed to an AI model rather than to readers (possible prompt injection)"


def sentences_addressed_to_a_model(article: Article) -> frozenset[int]:
    return frozenset(s.number for s in article.sentences
                     if any(p.search(article.sentence_text(s)) for p in ADDRESSED_TO_A_MODEL))


def citing(items: list, article: Article, flagged: frozenset[int], category: str) -> tuple[list, list[DroppedItem]]:
    """The items whose evidence lies outside the flagged sentences; the others as dropped items."""
    spans = [(s.start, s.end) for s in article.sentences if s.number in flagged]
    kept, dropped = [], []
    for item in items:
        evidence = item.evidence
        if any(evidence.start < end and start < evidence.end for start, end in spans):
            dropped.append(DroppedItem(category=category, item=item.model_dump(mode="json"), reason=REASON))
        else:
            kept.append(item)
    return kept, dropped
