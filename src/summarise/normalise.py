"""From the model's draft to the output record: canonical names, codes, evidence, integrity."""

from __future__ import annotations

from dataclasses import dataclass, field

import pycountry

from .article import Article
from .draft import AcquisitionDraft, ActorDraft, Extraction, StanceDraft
from .grounding import evidence_for_sentence, first_mention, fold, references
from .schema import Acquisition, Actor, ActorKind, DroppedItem, Stance


@dataclass
class ActorIndex:
    """One canonical actor per party; every other spelling resolves to it."""

    article: Article
    actors: list[Actor] = field(default_factory=list)

    def add(self, name: str, kind: ActorKind, inferred: bool = False) -> Actor | None:
        existing = self.find(name)
        if existing is not None:
            if name != existing.name and name not in existing.aliases:
                self._rename_if_fuller(existing, name)
            return existing
        sentence = first_mention(self.article, name)
        if sentence is None:
            return None
        actor = Actor(
            name=name, kind=kind, inferred=inferred,
            country_code=country_code(name) if kind is ActorKind.state else None,
            evidence=evidence_for_sentence(self.article, sentence),
        )
        self.actors.append(actor)
        return actor

    def find(self, name: str) -> Actor | None:
        return next((a for a in self.actors if same_party(a, name)), None)

    def resolve(self, name: str | None, kind_hint: ActorKind = ActorKind.organisation) -> str | None:
        """The canonical name for a party, adding it as an actor when the model left it out."""
        if not name:
            return None
        actor = self.find(name) or self.add(name, guess_kind(name, kind_hint), inferred=True)
        return actor.name if actor else name

    @staticmethod
    def _rename_if_fuller(actor: Actor, name: str) -> None:
        if len(fold(name)) > len(fold(actor.name)) and fold(actor.name).strip() in fold(name):
            actor.aliases.append(actor.name)
            actor.name = name
        else:
            actor.aliases.append(name)


def same_party(actor: Actor, name: str) -> bool:
    wanted = fold(name)
    for known in (actor.name, *actor.aliases):
        folded = fold(known)
        if wanted == folded or wanted in folded or folded in wanted:
            return True
        if actor.kind is ActorKind.state and (wanted.strip() in references(folded.strip())):
            return True
    return False


def guess_kind(name: str, hint: ActorKind) -> ActorKind:
    return ActorKind.state if country_code(name) else hint


def country_code(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        pass
    try:
        matches = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    return matches[0].alpha_2 if len(matches) == 1 else None


def normalise(extraction: Extraction, article: Article) -> tuple[list[Actor], list[Acquisition], list[Stance], list[DroppedItem]]:
    index = ActorIndex(article)
    for actor in sorted(extraction.actors, key=lambda a: -len(a.name)):
        index.add(actor.name, actor.kind)
    index.actors.sort(key=lambda a: a.evidence.start)
    acquisitions = dedupe([acquisition(a, index, article) for a in extraction.acquisitions],
                          key=lambda a: (fold(a.buyer), fold(a.seller or ""), fold(a.system), a.quantity))
    stances = dedupe([stance(s, index, article) for s in extraction.stances],
                     key=lambda s: (fold(s.holder), fold(s.target), s.position))
    return index.actors, acquisitions, stances, list(extraction.dropped)


def acquisition(draft: AcquisitionDraft, index: ActorIndex, article: Article) -> Acquisition:
    return Acquisition(
        buyer=index.resolve(draft.buyer, ActorKind.state),
        seller=index.resolve(draft.seller, ActorKind.company),
        system=draft.system,
        quantity=draft.quantity,
        status=draft.status,
        evidence=evidence_for_sentence(article, article.sentences[draft.sentence - 1]),
    )


def stance(draft: StanceDraft, index: ActorIndex, article: Article) -> Stance:
    return Stance(
        holder=index.resolve(draft.holder, ActorKind.person),
        target=draft.target,
        position=draft.position,
        evidence=evidence_for_sentence(article, article.sentences[draft.sentence - 1]),
    )


def dedupe(items: list, key) -> list:
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
