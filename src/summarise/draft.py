"""What the model fills in: a compact draft that cites sentence numbers.

The model never copies quotes: it names the sentence ([n] in the prompt) that
states each acquisition or stance, and the code copies that sentence verbatim
with its offsets. A quote that is never generated cannot be misquoted, and the
answer is a fraction of the tokens.

Validators check the draft against the article passed in the validation
context. Strict (the default), every problem is raised so instructor re-asks
with the reasons; lenient (after the re-asks run out), offending items are set
aside in ``dropped`` and the rest is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from .article import Article
from .grounding import fold, mentions
from .schema import AcquisitionStatus, ActorKind, DroppedItem, Position

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "dozen": 12,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}


class ActorDraft(BaseModel):
    name: str = Field(description="Name exactly as the article writes it, e.g. 'Serbia', 'Aleksandar Vucic'.")
    kind: ActorKind


class AcquisitionDraft(BaseModel):
    buyer: str = Field(description="Who RECEIVES the equipment: the customer or importer, never the maker.")
    seller: str | None = Field(
        description="Who SUPPLIES the equipment: the exporting state or the manufacturer; null if not stated."
    )
    system: str = Field(description="The equipment or system, as the article names it, e.g. 'Wing Loong drones'.")
    quantity: int | None = Field(description="Number of units as digits if the article states one, else null.")
    status: AcquisitionStatus = Field(
        description=(
            "planned: intended or considered; negotiating: under talks; ordered: bought or contracted, "
            "not yet arrived; delivering: arriving in batches; delivered: arrived or in service; "
            "cancelled: called off; rumoured: reported by unnamed or unconfirmed sources."
        )
    )
    sentence: int = Field(description="Number [n] of the sentence that states this acquisition.")

    @field_validator("quantity", mode="before")
    @classmethod
    def quantity_as_integer(cls, value: object) -> object:
        return parse_quantity(value)


class StanceDraft(BaseModel):
    holder: str = Field(description="Who takes the position: a person, state or organisation named in the article.")
    target: str = Field(description="What the position is about, in a few words (a policy, action, party or deal).")
    position: Position = Field(description="support, oppose, or neutral (stated but non-committal).")
    sentence: int = Field(description="Number [n] of the sentence that states this position.")


class Extraction(BaseModel):
    summary: str = Field(description="One or two sentences: who acquires what from whom, and who backs or opposes what.")
    actors: list[ActorDraft] = Field(
        description="Every state, person, company, armed group or international body that takes part."
    )
    acquisitions: list[AcquisitionDraft] = Field(
        description="Each transfer of weapons, military or surveillance equipment; empty if none."
    )
    stances: list[StanceDraft] = Field(description="Each position one party takes on another or on a policy.")

    _dropped: list[DroppedItem] = PrivateAttr(default_factory=list)

    @property
    def dropped(self) -> list[DroppedItem]:
        return self._dropped

    @model_validator(mode="after")
    def grounded_in_article(self, info: ValidationInfo) -> Extraction:
        context = grounding_context(info)
        if context is None:
            return self
        problems = Problems()
        self.actors = problems.keep("actors", self.actors, lambda a: actor_problems(a, context.article))
        self.acquisitions = problems.keep(
            "acquisitions", self.acquisitions, lambda a: acquisition_problems(a, context.article)
        )
        self.stances = problems.keep("stances", self.stances, lambda s: stance_problems(s, context.article))
        if problems.found and context.strict:
            raise ValueError("Fix these items and answer again:\n" + "\n".join(problems.messages()))
        self._dropped = problems.dropped
        return self


@dataclass(frozen=True)
class GroundingContext:
    article: Article
    strict: bool = True

    def as_validation_context(self) -> dict:
        return {"grounding": self}


def grounding_context(info: ValidationInfo) -> GroundingContext | None:
    return (info.context or {}).get("grounding")


@dataclass
class Problems:
    dropped: list[DroppedItem] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.dropped)

    def keep(self, category: str, items: list, check) -> list:
        kept = []
        for index, item in enumerate(items):
            reasons = check(item)
            if reasons:
                self.dropped.append(
                    DroppedItem(category=category, item={"index": index, **item.model_dump(mode="json")},
                                reason="; ".join(reasons))
                )
            else:
                kept.append(item)
        return kept

    def messages(self) -> list[str]:
        return [f"- {d.category}[{d.item['index']}]: {d.reason}" for d in self.dropped]


def actor_problems(actor: ActorDraft, article: Article) -> list[str]:
    return [] if mentions(article.text, actor.name) else [f"actor '{actor.name}' is not named in the article"]


def acquisition_problems(acquisition: AcquisitionDraft, article: Article) -> list[str]:
    reasons = party_problems(article, buyer=acquisition.buyer, seller=acquisition.seller)
    if acquisition.seller and fold(acquisition.seller) == fold(acquisition.buyer):
        reasons.append("buyer and seller are the same party; the buyer receives, the seller supplies")
    reasons += sentence_problems(article, acquisition.sentence)
    return reasons


def stance_problems(stance: StanceDraft, article: Article) -> list[str]:
    return party_problems(article, holder=stance.holder) + sentence_problems(article, stance.sentence)


def party_problems(article: Article, **parties: str | None) -> list[str]:
    return [
        f"{role} '{name}' is not named in the article"
        for role, name in parties.items()
        if name and not mentions(article.text, name)
    ]


def sentence_problems(article: Article, number: int) -> list[str]:
    if 1 <= number <= len(article.sentences):
        return []
    return [f"sentence [{number}] does not exist; cite a number from 1 to {len(article.sentences)}"]


def parse_quantity(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if text in ("", "null", "none", "unknown", "n/a"):
        return None
    digits = re.search(r"\d[\d,]*", text)
    if digits:
        return int(digits.group().replace(",", ""))
    return next((n for word, n in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", text)), value)
