"""From the model's draft to the output record: canonical names, codes, evidence, integrity."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..reading.article import Article, Sentence
from .armed_groups import ArmedGroup, group_named
from .countries import country_named
from .draft import SAME_PARTY, AcquisitionDraft, Draft, StanceDraft, buyer_is_seller
from .numbers import money_in
from .grounding import evidence_for_sentence, first_mention, fold, mentions, references, state_named_by
from ..schema import Acquisition, AcquisitionStatus, Actor, ActorKind, DroppedItem, Stance
from .rules import ALL_ON, Change, Rule, RuleSet, direction, spokesperson, states, verbs
from .rules import armed_groups as armed_group_rules
from .rules import equipment as equipment_rules
from .rules import quantity as quantity_rules
from .rules.cited import DealSentence


@dataclass
class ActorIndex:
    """One canonical actor per party; every other spelling resolves to it."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    rules: RuleSet = ALL_ON

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
        known = guess_kind(name, kind, self.rules)  # a small model files "Russia" under companies now and then
        actor = Actor(
            name=name, kind=known, inferred=inferred,
            country_code=country_code(name) if known is ActorKind.state else None,
            notes=[kind_note(name, kind, known, inferred)] if known is not kind else [],
            evidence=evidence_for_sentence(self.article, sentence),
        )
        self.actors.append(actor)
        return actor

    def find(self, name: str) -> Actor | None:
        """The actor of that name or alias, else one it is a short or long form of: of two, the one that ends the
        name ('Dassault Aviation CEO Eric Trappier' is Eric Trappier)."""
        wanted = fold(name)
        exact = next((a for a in self.actors if any(fold(n) == wanted for n in (a.name, *a.aliases))), None)
        group = group_named(name) if self.rules.on(Rule.armed_groups) else None
        forms = [a for a in self.actors if same_party(a, name) or (group is not None and names_group(a, group))]
        return exact or max(forms, key=lambda a: ends(name, a), default=None)

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


def names_group(actor: Actor, group: ArmedGroup) -> bool:
    """The actor is that armed group by one of its names ('Huthi rebels' and 'the Houthis' are one)."""
    return any(group_named(known) is group for known in (actor.name, *actor.aliases))


def ends(name: str, actor: Actor) -> bool:
    return any(fold(name).strip().endswith(" " + fold(known).strip()) for known in (actor.name, *actor.aliases))


def at_either_end(name: str, part: str) -> bool:
    """'Vucic' is Aleksandar Vucic and 'Huawei' is Huawei Technologies; 'China' is not the Mercator Institute
    for China Studies."""
    name, part = name.strip(), part.strip()
    return bool(part) and (name.startswith(part + " ") or name.endswith(" " + part))


def guess_kind(name: str, hint: ActorKind, rules: RuleSet = ALL_ON) -> ActorKind:
    """The kind the country data gives a name it knows (a state, or an international body such as NATO), or the
    armed-group data (armed_groups), else the hint: the model's kind, or the code's guess for a party the model
    did not list."""
    known = country_named(name)
    if known is not None:
        return ActorKind.state if known.state else ActorKind.international_body
    if rules.on(Rule.armed_groups) and group_named(name) is not None:
        return ActorKind.armed_group
    return hint


def kind_note(name: str, given: ActorKind, known: ActorKind, inferred: bool) -> str:
    source = "the code guessed" if inferred else "the model read"
    data = "country" if country_named(name) is not None else "armed-group"
    return f"kind: {source} {given.value}; the {data} data knows '{name}' as {known.value.replace('_', ' ')}"


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 of the state the name stands for (its name, capital, demonym or abbreviation)."""
    country = country_named(name)
    return country.code if country is not None and country.state else None


def normalise(drafts: list[Draft], article: Article,
              rules: RuleSet = ALL_ON) -> tuple[list[Actor], list[Acquisition], list[Stance], list[DroppedItem]]:
    """Drafts of the whole article or of its excerpts, merged into one record set."""
    index = ActorIndex(article, rules=rules)
    for actor in sorted((a for d in drafts for a in d.items("actors")), key=lambda a: -len(a.name)):
        added = index.add(actor.name, actor.kind)
        if added is not None:
            added.notes.extend(n for n in actor.notes if n not in added.notes)
    if rules.on(Rule.states):
        for state in states.apply(article):
            index.add(state, ActorKind.state, inferred=True)
    if rules.on(Rule.armed_groups):
        for group in armed_group_rules.apply(article):
            index.add(group, ActorKind.armed_group, inferred=True)
    index.actors.sort(key=lambda a: a.evidence.start)
    drafted = [acquisition(a, index, article, rules) for d in drafts for a in d.items("acquisitions")]
    circular = [a for a in drafted if buyer_is_seller(a.buyer, a.seller)]
    acquisitions = merge_acquisitions([a for a in drafted if a not in circular])
    stances = dedupe([one for d in drafts for s in d.items("stances") for one in stances_of(s, index, article, rules)],
                     key=lambda s: (fold(s.holder), fold(s.target), s.position))
    equipment = equipment_rules.listed_as_actors(index, acquisitions, stances) if rules.on(Rule.equipment) else []
    dropped = [x for d in drafts for x in d.dropped] + [dropped_as_circular(a) for a in circular] + equipment
    return index.actors, acquisitions, stances, dropped


def dropped_as_circular(item: Acquisition) -> DroppedItem:
    return DroppedItem(category="acquisitions",
                       item=item.model_dump(mode="json", include={"buyer", "seller", "system", "quantity", "status"}),
                       reason=SAME_PARTY)


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
    at = DealSentence(article, sentence, draft.system, index)
    if rules.on(Rule.direction):
        parties = direction.apply(draft.buyer, draft.seller, at)
    else:
        parties = Change((index.resolve(draft.buyer, ActorKind.state, sentence),
                          index.resolve(draft.seller, ActorKind.company, sentence)))
    quantity = quantity_rules.stated_count(draft.quantity, at) if rules.on(Rule.quantity) else Change(draft.quantity)
    buyer, seller = parties.value
    return Acquisition(buyer=buyer, seller=seller, system=draft.system, quantity=quantity.value, status=draft.status,
                       price=money_in(at.text), evidence=evidence_for_sentence(article, sentence),
                       notes=[*draft.notes, *parties.notes, *quantity.notes])


def stances_of(draft: StanceDraft, index: ActorIndex, article: Article, rules: RuleSet = ALL_ON) -> list[Stance]:
    """The model's stance, and the same stance held by the person who speaks in its sentence when the model gave
    it to a state; each read against the sentence's own verb."""
    sentence = article.sentence(draft.sentence)
    text = article.sentence_text(sentence)
    parties = [name for actor in index.actors for name in (actor.name, *actor.aliases)]
    said_before = article.sentence(draft._speaker_sentence) if draft._speaker_sentence else None
    speakers = spokesperson.apply(draft, index, article, sentence) if rules.on(Rule.spokesperson) else []
    stances = []
    for holder, named_at in [(draft.holder, said_before), *speakers]:
        read = (verbs.apply(draft.position, draft.target, text, holder, parties) if rules.on(Rule.verbs)
                else Change((draft.position, draft.target)))
        position, target = read.value
        notes = [*draft.notes, *read.notes]
        if fold(holder) != fold(draft.holder):
            notes.append(f"holder: the model gave the stance to '{draft.holder}'; '{holder}' is who speaks")
        stances.append(Stance(holder=index.resolve(holder, ActorKind.person, named_at or sentence), target=target,
                              position=position, evidence=evidence_for_sentence(article, sentence, named_at),
                              notes=notes))
    return stances


def dedupe(items: list, key) -> list:
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
