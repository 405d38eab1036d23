"""From the model's draft to the output record: canonical names, codes, evidence, integrity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reading.article import Article, Sentence
from .countries import country_named
from .draft import SAME_PARTY, AcquisitionDraft, Draft, StanceDraft, buyer_is_seller
from .numbers import find_phrase, grounded_quantity, money_in
from .grounding import (evidence_for_sentence, first_mention, fold, follows, mentions, references, state_named_by,
                        states_named_in)
from ..schema import Acquisition, AcquisitionStatus, Actor, ActorKind, DroppedItem, Stance
from .rules import ALL_ON, Rule, RuleSet
from .speakers import speaker_sentence, speaking_person
from .verbs import read_stance, target_fits


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
    """The same party by name, alias, short form, or for states by any of their names: 'Denmark' is not
    'Denmark Crown Princess Mary'."""
    country = country_named(name)
    if country is not None:
        return any(country_named(known) is country for known in (actor.name, *actor.aliases))
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


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 of the state the name stands for (its name, capital, demonym or abbreviation)."""
    country = country_named(name)
    return country.code if country is not None and country.state else None


def normalise(drafts: list[Draft], article: Article,
              rules: RuleSet = ALL_ON) -> tuple[list[Actor], list[Acquisition], list[Stance], list[DroppedItem]]:
    """Drafts of the whole article or of its excerpts, merged into one record set."""
    index = ActorIndex(article)
    for actor in sorted((a for d in drafts for a in d.items("actors")), key=lambda a: -len(a.name)):
        index.add(actor.name, actor.kind)
    if rules.on(Rule.states):
        for state in states_named_in(article.shown_text):  # a small model lists some states and forgets others
            index.add(state, ActorKind.state, inferred=True)
    index.actors.sort(key=lambda a: a.evidence.start)
    drafted = [acquisition(a, index, article, rules) for d in drafts for a in d.items("acquisitions")]
    circular = [a for a in drafted if buyer_is_seller(a.buyer, a.seller)]
    acquisitions = merge_acquisitions([a for a in drafted if a not in circular])
    stances = dedupe([one for d in drafts for s in d.items("stances") for one in stances_of(s, index, article, rules)],
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


def acquisition(draft: AcquisitionDraft, index: ActorIndex, article: Article, rules: RuleSet = ALL_ON) -> Acquisition:
    sentence = article.sentence(draft.sentence)
    text = article.sentence_text(sentence)
    parties = [a.name for a in index.actors]
    buyer, seller = draft.buyer, draft.seller
    if rules.on(Rule.direction):
        buyer, seller = in_direction(buyer, seller, text, parties, draft.system)
    supplier = supplier_after(text, draft.system, index) if rules.on(Rule.direction) else None
    if supplier and seller and same_name(supplier, buyer):
        buyer, seller = seller, buyer  # "Australia will buy submarines from the US", read as the US buying
    acquirer = acquirer_of(text, draft.system, parties) if rules.on(Rule.direction) else None
    if acquirer and seller and same_name(acquirer, seller) and not same_name(acquirer, buyer):
        buyer, seller = seller, buyer  # "enables Australia to acquire submarines", read as Australia selling
    buyer, seller = index.resolve(buyer, ActorKind.state, sentence), index.resolve(seller, ActorKind.company, sentence)
    if rules.on(Rule.direction) and buyer_is_seller(buyer, seller):  # 'from Beijing to Moscow' read as China from Beijing
        receiver, supplier = in_direction(buyer, None, text, parties, draft.system)
        buyer = index.resolve(receiver, ActorKind.state, sentence) if supplier else buyer
    quantity = (grounded_quantity(draft.quantity, text, draft.system, article.shown_text) if rules.on(Rule.quantity)
                else draft.quantity)
    notes = []
    if index.find(draft.buyer) is not index.find(buyer):  # not the same party under another name
        notes.append(f"direction: the model read buyer '{draft.buyer}', seller '{draft.seller}'; the sentence "
                     f"says the equipment goes to '{buyer}'")
    if quantity != draft.quantity:
        notes.append(f"quantity: the model read {draft.quantity}; the sentence states {quantity}")
    return Acquisition(buyer=buyer, seller=seller, system=draft.system, quantity=quantity, status=draft.status,
                       price=money_in(text), evidence=evidence_for_sentence(article, sentence), notes=notes)


def in_direction(buyer: str, seller: str | None, sentence: str, parties: list[str],
                 system: str) -> tuple[str, str | None]:
    """Fix parties the sentence plainly states the other way round.

    With a verb or noun of giving in the sentence ("sells", "delivery", "supplied"), the party
    named after "to" once the system is mentioned ("selling 24 F-16 jets to Argentina"), or right
    after the verb ("giving Ukraine Storm Shadow missiles"), receives it. The model's seller, when it
    is that party, becomes the buyer; when the model has no seller, or took the giver (named before
    the verb) for the buyer, the giver becomes the seller. A "to" before the system ("sent a letter
    to Washington to buy F-35s") says nothing about who receives.
    """
    if seller and made_by(sentence, buyer) and not made_by(sentence, seller):
        return seller, buyer  # "the North Korean-supplied missiles" come from North Korea
    giving = GIVING.search(sentence)
    recipient = recipient_of(sentence, system, parties) if giving else None
    if recipient is None or same_name(recipient, buyer):
        return buyer, seller
    if seller and same_name(recipient, seller):
        return seller, buyer
    if not seller or mentions(sentence[:giving.start()], buyer):
        return recipient, buyer
    return buyer, seller


def recipient_of(sentence: str, system: str, parties: list[str]) -> str | None:
    position = find_phrase(sentence, system)
    if position is None:
        return None
    after = sentence[position:position + len(system) + RECIPIENT_REACH]
    to_party = next((p for p in parties if follows(after, p, "to")), None)
    if to_party is None and ARRIVAL.search(after):
        to_party = next((p for p in parties if follows(after, p, "in")), None)  # "ATACMS arrived in Ukraine"
    if to_party is not None:
        return to_party
    for verb in GIVING.finditer(sentence, 0, position):  # "giving Ukraine ... missiles", "provide Kyiv with ..."
        between = fold(sentence[verb.end():position])
        found = next((p for p in parties for form in (fold(p).strip(), *references(fold(p).strip()))
                      if form and (between.startswith(f" {form} ") or between.startswith(f" the {form} "))), None)
        if found is not None:
            return found
    return None


def same_name(a: str, b: str | None) -> bool:
    if not b:
        return False
    if fold(a) == fold(b):
        return True
    country = country_named(a)
    return country is not None and country is country_named(b)


RECIPIENT_REACH = 60  # characters after the system's mention where "to X" still names its recipient
ARRIVAL = re.compile(r"\b(?:arriv\w*|landed)\b", re.IGNORECASE)


def made_by(sentence: str, party: str) -> bool:
    """'Chinese-made drones', 'the US-supplied missiles': the party is where the equipment comes from."""
    country = country_named(party)
    forms = [party, *(country.abbreviations | country.forms if country else ())]
    pattern = "|".join(re.escape(form) for form in forms if form)
    return re.search(rf"\b(?:{pattern})[-‑](?:made|supplied|built|manufactured|produced|designed|provided)\b",
                     sentence, re.IGNORECASE) is not None



def acquirer_of(sentence: str, system: str, parties: list[str]) -> str | None:
    """The party the sentence makes the subject of acquiring the system: 'Australia to acquire nuclear-powered
    submarines', 'Poland will buy 96 Apache helicopters', 'India received the S-400 systems'."""
    position = find_phrase(sentence, system)
    if position is None:
        return None
    for party in parties:
        for found in re.finditer(rf"\b{re.escape(party)}\b", sentence[:position]):
            between = sentence[found.end():position]
            if len(between) <= ACQUIRER_REACH and ACQUIRING.match(between):
                return party
    return None


ACQUIRER_REACH = 60  # characters between the acquiring party and the system's mention
ACQUIRING = re.compile(r"\s+(?:(?:has|have|had|will|would|could|can|may|is|was|to|plans? to|wants? to|agreed to|"
                       r"set to|seeks? to|is set to)\s+)*(?:also\s+)?(?:acquir|access|obtain|buy|bought|purchas|"
                       r"procur|receiv|order|import)\w*\b", re.IGNORECASE)


def supplier_after(sentence: str, system: str, index: ActorIndex) -> str | None:
    """The party the system comes from, when the sentence says so right after it: '... FK-3 systems from China',
    '2,500 drones have reportedly been shipped from Beijing'; not 'S-400 systems despite warnings from Washington'."""
    position = find_phrase(sentence, system)
    if position is None:
        return None
    if sentence.lower().startswith(system.lower().strip(), position):  # "helicopters, weapons, and ammunition"
        position += len(system.strip())
    found = SUPPLIED_FROM.match(sentence, position)
    if found is None:
        return None
    system_words = set(fold(system).split())
    gap = [w for w in fold(found["gap"]).split() if w not in system_words and not w.isdigit()]
    if any(w not in SUPPLY_GAP_WORDS and not w.endswith("ly") for w in gap):  # adverbs pass: "reportedly"
        return None
    actor = index.find(found["name"])
    return actor.name if actor else state_named_by(found["name"])


SUPPLIED_FROM = re.compile(r"(?P<gap>[^,;]{0,80}?)\bfrom\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
# Words that may stand between a system and the "from" naming its supplier.
SUPPLY_GAP_WORDS = {"were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "will", "would", "all",
                    "also", "already", "now", "just", "procured", "bought", "purchased",
                    "imported", "acquired", "ordered", "supplied", "obtained", "received", "made", "built",
                    "manufactured", "produced", "delivered", "shipped", "sourced", "sent", "transferred", "leased"}
# Giving: the verbs and nouns of a transfer whose recipient follows "to" (or "in", for an arrival).
GIVING = re.compile(r"\b(?:arriv\w*|deliver\w*|ship(?:s|ped|ping|ment|ments)?|sent|send\w*|transferr?\w*|sold|sell\w*|"
                    r"sales?|export\w*|suppl(?:y|ies|ied|ying)|provid\w*|donat\w*|gift\w*|giv(?:e|es|en|ing)|gave|"
                    r"hand(?:s|ed|ing)? over|leas(?:e|es|ed|ing)|go(?:es|ing)? to|went to)\b", re.IGNORECASE)


def stances_of(draft: StanceDraft, index: ActorIndex, article: Article, rules: RuleSet = ALL_ON) -> list[Stance]:
    """The model's stance, and the same stance held by the person who speaks in its sentence when the model gave
    it to a state; each read against the sentence's own verb."""
    sentence = article.sentence(draft.sentence)
    text = article.sentence_text(sentence)
    parties = [name for actor in index.actors for name in (actor.name, *actor.aliases)]
    said_before = article.sentence(draft._speaker_sentence) if draft._speaker_sentence else None
    stances = []
    for holder, named_at in [(draft.holder, said_before), *spokesperson_of(draft, index, article, sentence, rules)]:
        position, target, notes = draft.position, draft.target, []
        reading = read_stance(text, holder) if rules.on(Rule.verbs) else None
        if reading is not None:
            position = reading.position
            target = target if target_fits(target, text, parties) else reading.target
        if position != draft.position:
            notes.append(f"position: the model read {draft.position}; the sentence's verb says {position}")
        if target != draft.target:
            notes.append(f"target: the model read '{draft.target}', which the sentence does not mention")
        if fold(holder) != fold(draft.holder):
            notes.append(f"holder: the model gave the stance to '{draft.holder}'; '{holder}' is who speaks")
        stances.append(Stance(holder=index.resolve(holder, ActorKind.person, named_at or sentence), target=target,
                              position=position, evidence=evidence_for_sentence(article, sentence, named_at),
                              notes=notes))
    return stances


def spokesperson_of(draft: StanceDraft, index: ActorIndex, article: Article, sentence: Sentence,
                    rules: RuleSet = ALL_ON) -> list[tuple[str, Sentence | None]]:
    """The person who speaks in the sentence (and where they are named), when the model gave the stance to a
    state or body instead."""
    holder = index.find(draft.holder)
    if not rules.on(Rule.spokesperson) or holder is None or holder.kind is ActorKind.person:
        return []
    people = [a.name for a in index.actors if a.kind is ActorKind.person]
    speaker = speaking_person(article, sentence, people)
    if speaker is None:
        return []
    return [(speaker, speaker_sentence(article, sentence.number, speaker, people))]


def dedupe(items: list, key) -> list:
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
