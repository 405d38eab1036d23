"""From the model's draft to the output record: canonical names, codes, evidence, integrity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from .article import Article, Sentence
from .draft import SAME_PARTY, AcquisitionDraft, Draft, StanceDraft, buyer_is_seller
from .numbers import find_phrase, grounded_quantity, money_in
from .grounding import (evidence_for_sentence, first_mention, fold, follows, mentions, references, state_named_by,
                        states_named_in)
from .schema import Acquisition, AcquisitionStatus, Actor, ActorKind, DroppedItem, Stance
from .verbs import read_stance, split_holders, target_fits


@dataclass
class ActorIndex:
    """One canonical actor per party; every other spelling resolves to it."""

    article: Article
    actors: list[Actor] = field(default_factory=list)

    def add(self, name: str, kind: ActorKind, inferred: bool = False, cited: Sentence | None = None) -> Actor | None:
        state = state_named_by(name)
        if state and fold(state) != fold(name):
            actor = self.add(state, ActorKind.state, inferred)
            if actor is not None and name not in actor.aliases and name != actor.name:
                actor.aliases.append(name)
            return actor
        existing = self.find(name)
        if existing is not None:
            if name != existing.name and name not in existing.aliases:
                self._rename_if_fuller(existing, name)
            return existing
        sentence = first_mention(self.article, name) or cited
        if sentence is None:
            return None
        kind = guess_kind(name, kind)  # a small model files "Russia" under companies now and then
        actor = Actor(
            name=name, kind=kind, inferred=inferred,
            country_code=country_code(name) if kind is ActorKind.state else None,
            evidence=evidence_for_sentence(self.article, sentence),
        )
        self.actors.append(actor)
        return actor

    def find(self, name: str) -> Actor | None:
        """The actor of that name or alias, else one it is a short or long form of."""
        wanted = fold(name)
        exact = next((a for a in self.actors if any(fold(n) == wanted for n in (a.name, *a.aliases))), None)
        return exact or next((a for a in self.actors if same_party(a, name)), None)

    def resolve(self, name: str | None, kind_hint: ActorKind, cited: Sentence) -> str | None:
        """The canonical name for a party, adding it as an actor when the model left it out.

        The party's first mention is its evidence, or else the sentence the item cites.
        """
        if not name:
            return None
        actor = self.find(name) or self.add(name, kind_hint, inferred=True, cited=cited)
        return actor.name

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
        if wanted == folded or at_either_end(folded, wanted) or at_either_end(wanted, folded):
            return True
        if actor.kind is ActorKind.state and (wanted.strip() in references(folded.strip())):
            return True
    return False


def at_either_end(name: str, part: str) -> bool:
    """'Vucic' is Aleksandar Vucic and 'Huawei' is Huawei Technologies; 'China' is not the Mercator Institute
    for China Studies."""
    name, part = name.strip(), part.strip()
    return bool(part) and (name.startswith(part + " ") or name.endswith(" " + part))


def guess_kind(name: str, hint: ActorKind) -> ActorKind:
    return ActorKind.state if country_code(name) else hint


# Names news uses that ISO 3166 does not (Kosovo has the user-assigned code XK).
COMMON_CODES = {"turkey": "TR", "britain": "GB", "great britain": "GB", "uae": "AE", "kosovo": "XK",
                "russia": "RU", "the netherlands": "NL", "holland": "NL", "ivory coast": "CI"}


@lru_cache(maxsize=4096)  # pycountry's fuzzy search costs ~30 ms; a feed names the same states over and over
def country_code(name: str) -> str | None:
    if fold(name).strip() in COMMON_CODES:
        return COMMON_CODES[fold(name).strip()]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        pass
    try:
        matches = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    if len(matches) != 1 or fold(name).strip() not in fold(" ".join(country_names(matches[0]))):
        return None  # found through one of its subdivisions' names: "Kosovo" is not Serbia
    return matches[0].alpha_2


def country_names(country) -> list[str]:
    return [getattr(country, key, "") for key in ("name", "official_name", "common_name")]


def normalise(drafts: list[Draft], article: Article) -> tuple[list[Actor], list[Acquisition], list[Stance], list[DroppedItem]]:
    """Drafts of the whole article or of its excerpts, merged into one record set."""
    index = ActorIndex(article)
    for actor in sorted((a for d in drafts for a in d.items("actors")), key=lambda a: -len(a.name)):
        index.add(actor.name, actor.kind)
    for state in states_named_in(article.shown_text):  # a small model lists some states and forgets others
        index.add(state, ActorKind.state, inferred=True)
    index.actors.sort(key=lambda a: a.evidence.start)
    drafted = [acquisition(a, index, article) for d in drafts for a in d.items("acquisitions")]
    circular = [a for a in drafted if buyer_is_seller(a.buyer, a.seller)]
    acquisitions = merge_acquisitions([a for a in drafted if a not in circular])
    stances = dedupe([one for d in drafts for s in d.items("stances") for one in stances_of(s, index, article)],
                     key=lambda s: (fold(s.holder), fold(s.target), s.position))
    equipment = equipment_listed_as_actors(index, acquisitions, stances)
    dropped = [x for d in drafts for x in d.dropped] + [dropped_as_circular(a) for a in circular] + equipment
    return index.actors, acquisitions, stances, dropped


def dropped_as_circular(item: Acquisition) -> DroppedItem:
    return DroppedItem(category="acquisitions",
                       item=item.model_dump(mode="json", include={"buyer", "seller", "system", "quantity", "status"}),
                       reason=SAME_PARTY)


def equipment_listed_as_actors(index: ActorIndex, acquisitions: list[Acquisition],
                               stances: list[Stance]) -> list[DroppedItem]:
    """An actor whose name is part of an acquired system ('Repellent') is the equipment: set it aside."""
    parties = {fold(p) for a in acquisitions for p in (a.buyer, a.seller) if p} | {fold(s.holder) for s in stances}
    systems = [fold(a.system) for a in acquisitions]
    equipment = [actor for actor in index.actors
                 if fold(actor.name) not in parties and any(fold(actor.name) in system for system in systems)]
    index.actors = [actor for actor in index.actors if actor not in equipment]
    return [DroppedItem(category="actors", item={"name": a.name, "kind": a.kind.value},
                        reason=f"'{a.name}' is named as equipment in an acquisition") for a in equipment]


# Later in a deal's life wins when two mentions disagree; a cancellation ends it.
STATUS_ORDER = [AcquisitionStatus.rumoured, AcquisitionStatus.planned, AcquisitionStatus.negotiating,
                AcquisitionStatus.ordered, AcquisitionStatus.delivering, AcquisitionStatus.delivered,
                AcquisitionStatus.cancelled]


def merge_acquisitions(items: list[Acquisition]) -> list[Acquisition]:
    """One acquisition per buyer, seller and system: the fullest system name, a stated quantity, the latest status."""
    merged: list[Acquisition] = []
    for item in items:
        same = next((m for m in merged if same_deal(m, item)), None)
        if same is None:
            merged.append(item)
            continue
        if len(item.system) > len(same.system):
            same.system = item.system
        if same.quantity is None and item.quantity is not None:
            same.quantity, same.evidence = item.quantity, item.evidence
        same.price = same.price or item.price
        same.seller = same.seller or item.seller
        same.status = max(same.status, item.status, key=STATUS_ORDER.index)
    return merged


def same_deal(a: Acquisition, b: Acquisition) -> bool:
    """Same buyer, the same or an unstated seller, no conflicting quantity, and one system name within the other
    or the same count in the same sentence."""
    if fold(a.buyer) != fold(b.buyer) or (a.seller and b.seller and fold(a.seller) != fold(b.seller)):
        return False
    if a.quantity is not None and b.quantity is not None and a.quantity != b.quantity:
        return False
    if a.quantity is not None and a.quantity == b.quantity and a.evidence.start == b.evidence.start:
        return True  # one sentence, one count: '2,500 DJI Mavix2 drones' and 'swarm drones' are one shipment
    system_a, system_b = fold(a.system), fold(b.system)
    return system_a in system_b or system_b in system_a


def acquisition(draft: AcquisitionDraft, index: ActorIndex, article: Article) -> Acquisition:
    sentence = article.sentence(draft.sentence)
    text = article.sentence_text(sentence)
    parties = [a.name for a in index.actors]
    buyer, seller = in_direction(draft.buyer, draft.seller, text, parties)
    if not seller or not mentions(text, seller):  # unstated, or not stated in the sentence: read it there
        seller = supplier_after(text, draft.system, index) or seller
    buyer, seller = index.resolve(buyer, ActorKind.state, sentence), index.resolve(seller, ActorKind.company, sentence)
    if buyer_is_seller(buyer, seller):  # 'shipped from Beijing to Moscow' read as China buying from Beijing
        receiver, supplier = in_direction(buyer, None, text, parties)
        buyer = index.resolve(receiver, ActorKind.state, sentence) if supplier else buyer
    return Acquisition(
        buyer=buyer,
        seller=seller,
        system=draft.system,
        quantity=grounded_quantity(draft.quantity, text, draft.system),
        status=draft.status,
        price=money_in(text),
        evidence=evidence_for_sentence(article, sentence),
    )


def in_direction(buyer: str, seller: str | None, sentence: str, parties: list[str]) -> tuple[str, str | None]:
    """Fix parties the sentence plainly states the other way round.

    'shipped from Beijing to Moscow' with buyer China and seller Russia is
    swapped; 'Chinese drones will be delivered to Serbia' with buyer China and
    no seller becomes buyer Serbia, seller China, and with seller Serbia is swapped.
    """
    goes_to_seller = seller and follows(sentence, seller, "to") and not follows(sentence, buyer, "to")
    if goes_to_seller and (follows(sentence, buyer, "from") or TRANSFER.search(sentence)):
        return seller, buyer
    if not seller and not follows(sentence, buyer, "to") and TRANSFER.search(sentence):
        receiver = next((p for p in parties if fold(p) != fold(buyer) and follows(sentence, p, "to")), None)
        if receiver:
            return receiver, buyer
    return buyer, seller


def supplier_after(sentence: str, system: str, index: ActorIndex) -> str | None:
    """The party the system comes from, when the sentence says so after it: '... FK-3 systems from China',
    '2,500 drones have reportedly been shipped from Beijing'."""
    position = find_phrase(sentence, system)
    found = SUPPLIED_FROM.match(sentence, position) if position is not None else None
    if found is None:
        return None
    actor = index.find(found["name"])
    return actor.name if actor else next(iter(states_named_in(found["name"])), None)


SUPPLIED_FROM = re.compile(r"[^,;]{0,80}?\bfrom\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
TRANSFER = re.compile(r"\b(deliver\w*|ship\w*|sent|send\w*|transferr?\w*|go(?:es|ing)? to|went to|sold|export\w*)\b",
                      re.IGNORECASE)


def stances_of(draft: StanceDraft, index: ActorIndex, article: Article) -> list[Stance]:
    """One stance a holder ('German and French ambassadors' are two), read against the sentence's own verb."""
    sentence = article.sentence(draft.sentence)
    text = article.sentence_text(sentence)
    parties = [name for actor in index.actors for name in (actor.name, *actor.aliases)]
    stances = []
    for holder in holders_named(draft.holder, text):
        position, target = draft.position, draft.target
        reading = read_stance(text, holder)
        if reading is not None:
            position = reading.position
            target = target if target_fits(target, text, parties) else reading.target
        stances.append(Stance(holder=index.resolve(holder, ActorKind.person, sentence), target=target,
                              position=position, evidence=evidence_for_sentence(article, sentence)))
    return stances


def holders_named(holder: str, sentence: str) -> list[str]:
    parts = split_holders(holder)
    if len(parts) > 1 and country_code(holder) is None and all(mentions(sentence, p) for p in parts):
        return parts  # "Bosnia and Herzegovina" is one
    return [holder]


def dedupe(items: list, key) -> list:
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
