"""Deals asked for recipient by recipient: the second and third deal a one-pass answer leaves out.

A small model's acquisitions pass reports the deal of the headline and misses the others of the same
story: the engines and missiles beside the jets, the frigates in a later paragraph. Each buyer of the
answer's deals is asked again, alone ("only the acquisitions that Greece receives, in sentences 9, 14"),
about the sentences that name it and report none of the answer's deals (cited by none, naming none of their
systems: "the first F-35s arrive in May" is the F-35 deal again), on the same cached article prefix. What comes
back goes through the same checks and questions as every deal. Only buyers are asked: a party the answer
gives no deal, asked what it receives, answers with the deals of others (docs/rules.md).
"""

from __future__ import annotations

from ...reading.article import Article
from ...schema import ActorKind
from ..draft import Draft
from ..grounding import fold, system_in
from .holders import same_party, sentences_naming
from .base import Rule, RuleSpec, Stage

RECIPIENT_KINDS = {ActorKind.state, ActorKind.armed_group, ActorKind.organisation}
MAX_RECIPIENTS = 4  # a bound on the calls an article costs


def recipients_to_ask(drafts: list[Draft], article: Article) -> list[tuple[str, list[int]]]:
    """The buyers of the answers' deals, with the sentences (after the headline) that name them and that
    report none of the answers' deals: cited by none, naming none of their systems."""
    systems = [a.system for d in drafts for a in d.items("acquisitions")]
    cited = {a.sentence for d in drafts for a in d.items("acquisitions")} | {
        s.number for s in article.sentences if any(system_in(system, article.sentence_text(s)) for system in systems)}
    buyers = [fold(a.buyer) for d in drafts for a in d.items("acquisitions")]
    parties = {a.name: a.kind for d in drafts for a in d.items("actors") if a.kind in RECIPIENT_KINDS}
    asked = []
    for name in [n for n in parties if fold(n) in buyers]:
        sentences = sentences_naming(article, name, skipped=cited)
        if sentences:
            asked.append((name, sentences))
    return asked[:MAX_RECIPIENTS]


def only_their_acquisitions(draft: Draft, recipient: str) -> Draft:
    """The answer to a recipient's question, keeping only the deals that party receives."""
    draft.acquisitions = [a for a in draft.items("acquisitions") if same_party(a.buyer, recipient)]
    return draft


RULE = RuleSpec("recipients", Rule.recipients, Stage.prompt, "the answers' buyers, the sentences their deals cite",
                "asks each buyer for its other deals, in the sentences naming it that report none of the "
                "answers' deals",
                recipients_to_ask)
