"""A party the answers call a state that no country data knows is asked what it is.

The actors pass files under states whatever it cannot place: a war ("Yemeni Civil War"), a building, a
phrase of a quote, a group of allies, a ministry. The country data (countries.py) knows the states of
today, so a "state" it does not know is asked, in the sentence of its first mention, what it is: a state or
country (the data may lack one), a person, a government body, a company, an armed group, an international
organisation, or none of these (a place, a weapon, a law, a document or an event). The kind it gives
replaces the answer's, with a note; one that is none of these is dropped with the reason, unless a deal or
a stance names it.
"""

from __future__ import annotations

from collections.abc import Callable

from ...schema import Acquisition, Actor, ActorKind, DroppedItem, Stance
from ..countries import country_named
from ..grounding import fold, parties_of
from ..questions import KINDS, Asker, KindRead, kind_of, sentence_number
from .base import Rule, RuleSpec, Stage

STATE_OR_KINDS = {"a state or country": ActorKind.state, **KINDS}
SURE = 0.5  # a kind read at less than half the probability is no answer: the model knows no such party


def apply(actors: list[Actor], acquisitions: list[Acquisition], stances: list[Stance],
          asker_for: Callable[[Actor], Asker]) -> tuple[list[Actor], list[DroppedItem]]:
    """The actors with the kind the model gives each unknown state, and those that are no party dropped."""
    parties = parties_of(acquisitions, stances)
    kept, dropped = [], []
    for actor in actors:
        if not unknown_state(actor):
            kept.append(actor)
            continue
        ask = asker_for(actor)
        read = kind_of(ask, sentence_number(ask.article, actor.evidence.start), actor.name, STATE_OR_KINDS)
        if read is not None and read.share >= SURE:
            kept.append(actor if read.kind is ActorKind.state else with_kind(actor, read))
        elif fold(actor.name) in parties:
            kept.append(actor)
        else:
            likeliest = f"its likeliest kind, {read.read}, is under {SURE}" if read else "none of the kinds of party"
            dropped.append(DroppedItem(category="actors", item=actor.model_dump(mode="json"),
                                       reason=f"unknown_states: no country data knows '{actor.name}', filed as a "
                                              f"state; asked what it is, {likeliest}"))
    return kept, dropped


def with_kind(actor: Actor, read: KindRead) -> Actor:
    note = f"unknown_states: filed as a state, which no country data knows; asked what it is, it gave {read.read}"
    return actor.model_copy(update={"kind": read.kind, "country_code": None, "notes": [*actor.notes, note]})


def unknown_state(actor: Actor) -> bool:
    return actor.kind is ActorKind.state and country_named(actor.name) is None


RULE = RuleSpec("unknown_states", Rule.unknown_states, Stage.questions, "the names the answers call states",
                "asks what a party filed as a state is when no country data knows it: its kind replaces the "
                "answer's, and one that is no party is dropped", apply)
