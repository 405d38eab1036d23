"""Deals asked for recipient by recipient: the second and third deal a one-pass answer leaves out.

A small model's acquisitions pass reports the deal of the headline and misses the others of the same
story: the engines and missiles beside the jets, the frigates in a later paragraph. Each buyer of the
answer's deals is asked again, alone ("only the acquisitions that Greece receives, in sentences 9, 14"),
on the same cached article prefix, about the sentences no deal cites that may report another: those stating a
count none of the deals has ("the package also includes 28 engines"), first, then those naming the buyer and
none of the deals' systems ("the first F-35s arrive in May" is the F-35 deal again). What comes back goes
through the same checks and questions as every deal. Only buyers are asked: a party the answer gives no deal,
asked what it receives, answers with the deals of others (docs/rules.md).
"""

from __future__ import annotations

from ...reading.article import Article, Sentence
from ...schema import ActorKind
from ..draft import Draft
from ..grounding import fold, mentions, system_in
from ..numbers import counts_in
from .holders import MAX_SENTENCES, same_party
from .base import Rule, RuleSpec, Stage

RECIPIENT_KINDS = {ActorKind.state, ActorKind.armed_group, ActorKind.organisation}
MAX_RECIPIENTS = 4  # a bound on the calls an article costs


def recipients_to_ask(drafts: list[Draft], article: Article) -> list[tuple[str, list[int]]]:
    """The buyers of the answers' deals, each with the sentences (after the headline) to ask about: those no
    deal cites that name the buyer and none of the deals' systems, or that state a count none of the deals has."""
    deals = [a for d in drafts for a in d.items("acquisitions")]
    buyers = [fold(a.buyer) for a in deals]
    parties = {a.name: a.kind for d in drafts for a in d.items("actors") if a.kind in RECIPIENT_KINDS}
    cited = {a.sentence for a in deals}
    uncited = [s for s in article.sentences[1:] if s.number not in cited]
    quantities = {a.quantity for a in deals}
    new_counts = {s.number for s in uncited if set(counts_in(article.sentence_text(s))) - quantities}
    asked = []
    for name in [n for n in parties if fold(n) in buyers]:
        sentences = sentences_to_ask(article, name, uncited, new_counts, [a.system for a in deals])
        if sentences:
            asked.append((name, sentences))
    return asked[:MAX_RECIPIENTS]


def sentences_to_ask(article: Article, name: str, uncited: list[Sentence], new_counts: set[int],
                     systems: list[str]) -> list[int]:
    """The first few sentences that may report a deal the answers left out: those stating a new count first,
    then those naming the buyer and none of the deals' systems."""
    naming = {s.number for s in uncited if mentions(article.sentence_text(s), name)
              and not any(system_in(system, article.sentence_text(s)) for system in systems)}
    ranked = sorted(new_counts | naming, key=lambda n: (n not in new_counts, n not in naming, n))
    return sorted(ranked[:MAX_SENTENCES])


def only_their_acquisitions(draft: Draft, recipient: str) -> Draft:
    """The answer to a recipient's question, keeping only the deals that party receives."""
    draft.acquisitions = [a for a in draft.items("acquisitions") if same_party(a.buyer, recipient)]
    return draft


RULE = RuleSpec("recipients", Rule.recipients, Stage.prompt, "the answers' buyers, the sentences their deals cite",
                "asks each buyer for its other deals, in the sentences no deal cites that state a new count or name "
                "the buyer and none of the deals' systems",
                recipients_to_ask)
