"""Stances asked for holder by holder: a narrow question for what a one-pass answer leaves out.

A small model's stances pass names a few holders and misses the others: the named minister quoted in
the fourth paragraph, the state that protested at the end. Each party the article names that holds no
stance in the answer is asked for again, alone ("only the stances that Ben Wallace holds, in
sentences 7, 9"), on the same cached article prefix, so a call costs its short answer. What comes back
goes through the same checks as every stance.
"""

from __future__ import annotations

from ...reading.article import Article
from ...schema import ActorKind
from ..draft import Draft
from ..grounding import fold, mentions
from .base import Rule, RuleSpec, Stage

# Not states: a state's positions are stated by the people who speak for it, whom the gold holds them to
# (docs/rules.md), and a state asked alone answers with the positions of everyone around it.
HOLDER_KINDS = {ActorKind.person, ActorKind.organisation, ActorKind.international_body, ActorKind.armed_group}
MAX_HOLDERS = 6  # a bound on the calls an article costs (their time: docs/performance.md)
MAX_SENTENCES = 4


def holders_to_ask(drafts: list[Draft], article: Article) -> list[tuple[str, list[int]]]:
    """Parties other than states that the answers name as actors but give no stance, people first, each with
    the sentences (after the headline) that name them."""
    holding = {fold(s.holder) for d in drafts for s in d.items("stances")}
    actors = {a.name: a.kind for d in drafts for a in d.items("actors") if a.kind in HOLDER_KINDS}
    asked = []
    for name, kind in sorted(actors.items(), key=lambda pair: pair[1] is not ActorKind.person):
        if any(same_party(name, h) for h in holding):
            continue
        sentences = sentences_naming(article, name)
        if sentences:
            asked.append((name, sentences))
    return asked[:MAX_HOLDERS]


def only_their_stances(draft: Draft, holder: str) -> Draft:
    """The answer to a holder's question, keeping only that holder's stances."""
    draft.stances = [s for s in draft.items("stances") if same_party(s.holder, holder)]
    return draft


def sentences_naming(article: Article, name: str) -> list[int]:
    """The first few sentences after the headline that name the party."""
    named = [s.number for s in article.sentences[1:] if mentions(article.sentence_text(s), name)]
    return named[:MAX_SENTENCES]


def same_party(a: str, b: str) -> bool:
    """One name holds the other, folded: 'Ana Ruiz' and 'Ruiz', 'Chile' and 'Chile's government'."""
    a, b = fold(a), fold(b)
    return a == b or a in b or b in a


RULE = RuleSpec("holders", Rule.holders, Stage.prompt, "the parties the answers name",
                "asks each party other than a state without a stance for its own stances, in the sentences "
                "naming it", holders_to_ask)
