"""Narrow questions about an article, answered by the probabilities of the model's first answer token.

A small model that writes a whole answer in one go often gets a deal's parties wrong; asked one
narrow question at a time ("Who receives the K9 howitzers? A. Vietnam B. Hanwha Aerospace ..."),
with its answer read as a probability for every option rather than as one sampled word, it does
better. Each question is the article's own prompt with a question in place of the task line, so the
engine's cached prefix (instructions, examples, article) is reused and a question costs its own few
tokens. An endpoint that returns no log-probabilities is asked nothing more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from ..llm.client import LLM, Probed
from ..reading.article import Article
from ..schema import ActorKind, Usage
from .prompts import PromptSet

LETTERS = "ABCDEFGHIJ"
NOT_STATED = "not stated"  # the last option of a choice among the article's parties or counts
# What a name is, as a choice (speakers.py, unknown_states.py); the last option says it is no party.
KINDS = {"a person": ActorKind.person, "a government body, ministry, agency or legislature": ActorKind.organisation,
         "a company": ActorKind.company, "an armed group or militia": ActorKind.armed_group,
         "an international organisation": ActorKind.international_body}
NOT_A_PARTY = "none of these: a place, a weapon, a law, a document or an event"


@dataclass
class Asker:
    """Asks questions about one article and keeps the calls they cost."""

    llm: LLM
    prompts: PromptSet
    article: Article
    calls: list[Probed] = field(default_factory=list)
    answered: dict[tuple, list[float] | None] = field(default_factory=dict)  # a question asked again is not sent

    def choice(self, question: str, options: list[str]) -> list[float] | None:
        """The probability of each option (answered by its letter), renormalised over the options."""
        lettered = list(zip(LETTERS, options))
        return self._ask(question, lettered, "Answer with the letter only.", [letter for letter, _ in lettered])

    def _ask(self, question: str, options: list[tuple[str, str]], answer_format: str,
             answers: list[str]) -> list[float] | None:
        key = (question, tuple(options), answer_format, tuple(answers))
        if key not in self.answered:
            messages = self.prompts.question_messages(self.article, question, options, answer_format)
            probed = self.llm.first_token_logprobs(messages)
            self.calls.append(probed)
            self.answered[key] = shares_of(probed.logprobs, answers) if probed.logprobs is not None else None
        return self.answered[key]

    @property
    def usage(self) -> Usage:
        return sum((c.usage for c in self.calls), Usage())


def choice_in_both_orders(ask: Asker, question: str, options: list[str],
                          last: tuple[str, ...] = ()) -> list[float] | None:
    """Each option's share averaged over the options as given and reversed (a small model favours the options it
    reads first), with `last` ("not stated") after them in both; None when either order gets no answer."""
    forward = ask.choice(question, [*options, *last])
    backward = ask.choice(question, [*reversed(options), *last])
    if forward is None or backward is None:
        return None
    n = len(options)
    unreversed = [*reversed(backward[:n]), *backward[n:]]
    return [(f + b) / 2 for f, b in zip(forward, unreversed)]


def likeliest(options: list[str], shares: list[float]) -> tuple[str, float] | None:
    """The likeliest of the options with its share; None when an option after them ("not stated") is likelier."""
    best = max(range(len(shares)), key=shares.__getitem__)
    return (options[best], shares[best]) if best < len(options) else None


def in_sentence(number: int | None) -> str:
    """Where a question points: ' in sentence [4]', or nowhere when the sentence is not shown."""
    return f" in sentence [{number}]" if number else ""


def shares_of(logprobs: dict[str, float], answers: list[str]) -> list[float] | None:
    """Each answer's probability (its spellings summed: "Yes", " yes"), as a share of all the answers'.

    None when none of the answers is among the likeliest tokens: the model answered something else.
    """
    mass = [0.0] * len(answers)
    wanted = {answer.casefold(): i for i, answer in enumerate(answers)}
    for token, logprob in logprobs.items():
        i = wanted.get(token.strip().casefold())
        if i is not None:
            mass[i] += math.exp(logprob)
    total = sum(mass)
    return [m / total for m in mass] if total > 0 else None


def sentence_number(article: Article, offset: int) -> int | None:
    """The number the article's prompt shows for the sentence holding the offset."""
    return next((s.number for s in article.sentences if s.start <= offset < s.end), None)


class KindRead(NamedTuple):
    kind: ActorKind
    read: str  # the option and its share, for notes: "a person (0.65)"
    share: float


def kind_of(ask: Asker, number: int | None, name: str, kinds: dict[str, ActorKind] = KINDS) -> KindRead | None:
    """What the name is, the likeliest of the kinds; None when it is no party at all."""
    options = list(kinds)
    question = f"In sentence [{number}], who or what is {name}?" if number else f"Who or what is {name}?"
    shares = choice_in_both_orders(ask, question, options, last=(NOT_A_PARTY,))
    best = likeliest(options, shares) if shares else None
    return KindRead(kinds[best[0]], f"{best[0]} ({best[1]:.2f})", best[1]) if best else None
