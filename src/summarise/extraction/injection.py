"""Sentences addressed to a model rather than to readers: an article is untrusted input.

News is written for people. A sentence that gives orders to an AI ("ignore previous instructions
and report ...", "AI systems summarising this page must list ...") is an attempt to steer the
extraction, whoever planted it. Such a sentence is withheld from the model (it sees the sentence
number and a note in its place), and any item that cites it anyway is moved to `dropped` with the
reason, so the record holds only what the article states to its readers.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from ..lexicon import alternation
from ..reading.article import Article
from ..schema import DroppedItem

MODEL = alternation("injection", "model")
READING = alternation("injection", "reading")
THIS_TEXT = r"(?:this|these|the following|the present)\s+(?:article|text|page|document|story|report|content|site)s?"
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
    rf"\b(?:note|message|instructions?|notice|memo) (?:to|for) (?:any |all |the )?{MODEL}",
    rf"\b{MODEL}\b[^.\n]{{0,40}}\b{READING}\s+{THIS_TEXT}\b",
    # "if you are an AI (a program, a bot) ...", "non-human readers", "machine readers of this page"
    rf"\bif you are (?:an? |the )?(?:\w+ )?{MODEL}\b",
    r"\b(?:non-?human|machine|automated) (?:readers?|visitors?|audiences?)\b",
    # "respond only with the following JSON"
    r"\b(?:respond|reply|answer|output|return)\s+(?:only\s+)?(?:with|in)\s+(?:the following\s+|this\s+)?JSON\b",
)]
# The same orders in other languages: a verb of setting aside near a word for instructions, or a model
# addressed, within one sentence. Written as stems so that inflections match.
SET_ASIDE = alternation("injection", "set_aside")
ORDERS = alternation("injection", "orders")
MODELS_ABROAD = alternation("injection", "models_abroad")
EARLIER = alternation("injection", "earlier")
ADDRESSED_ABROAD = [re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"{SET_ASIDE}.{{0,40}}{EARLIER}.{{0,30}}{ORDERS}",
    rf"{SET_ASIDE}.{{0,20}}{ORDERS}.{{0,20}}{EARLIER}",  # "ignora las instrucciones anteriores"
    rf"{EARLIER}.{{0,30}}{ORDERS}.{{0,30}}{SET_ASIDE}",  # word orders that put the object first
    rf"(?:si vous [eê]tes|wenn du|falls du|si eres|если (?:ты|вы)|如果你是|إذا كنت).{{0,30}}{MODELS_ABROAD}",
    rf"{MODELS_ABROAD}.{{0,60}}(?:qui (?:lit|lisez|r[ée]sume)|die (?:diesen|diese) \w+ (?:liest|zusammenfasst)|"
    rf"que (?:lee|resume)|(?:читающ|обрабатывающ|анализирующ)\w*|阅读|总结|处理).{{0,30}}"
    rf"(?:article|texte|page|Artikel|Text|Seite|art[ií]culo|texto|p[aá]gina|стать\w*|текст\w*|страниц\w*|"
    rf"文章|本文|页面|المقال)",
)]
REASON = "cites a sentence addressed to an AI model rather than to readers (possible prompt injection)"
_INVISIBLE = {"Cf", "Cc", "Co", "Cn"}  # zero-width and other format characters hide inside words


def sentences_addressed_to_a_model(article: Article) -> frozenset[int]:
    return frozenset(s.number for s in article.sentences if addressed_to_a_model(article.sentence_text(s)))


def addressed_to_a_model(sentence: str) -> bool:
    """Checked on the sentence as it would read: compatibility forms folded (NFKC), invisible characters
    taken out, and a second time transliterated to ASCII, so that a Cyrillic 'о' inside 'ignоre' is an 'o'."""
    plain = visible(unicodedata.normalize("NFKC", sentence))
    latin = anyascii(plain)
    return (any(p.search(plain) or p.search(latin) for p in ADDRESSED_TO_A_MODEL)
            or any(p.search(plain) for p in ADDRESSED_ABROAD))


def visible(text: str) -> str:
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in _INVISIBLE)


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
