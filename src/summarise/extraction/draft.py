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
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Annotated, Any, Callable, ClassVar, Iterator

from instructor import OpenAISchema

from pydantic import (BaseModel, BeforeValidator, Field, PrivateAttr, ValidationError, ValidationInfo, WithJsonSchema,
                      create_model, field_validator, model_validator)

from ..reading.article import Article
from .grounding import fold, named_in
from .numbers import parse_quantity
from .rules import ALL_ON, Change, Rule, RuleSet, apposition, citation, equipment, example_copy, labels, system_stated
from .rules import quantity as quantity_rules
from ..schema import AcquisitionStatus, ActorKind, DroppedItem, Position
from .speakers import has_title, holder_named, speaker_sentence



SAME_PARTY = "buyer and seller are the same party; the buyer receives, the seller supplies"


def buyer_is_seller(buyer: str, seller: str | None) -> bool:
    return bool(seller) and fold(seller) == fold(buyer)


def labelled(field: str):
    """A field validator mapping the model's paraphrase of a label to the schema's (rules/labels.py)."""
    def validate(cls, value: object, info: ValidationInfo) -> object:
        return labels.apply(value, field) if rules_in(info).on(Rule.labels) else value
    return field_validator(field, mode="before")(classmethod(validate))


def without_apposition(*fields: str):
    """A field validator leaving out a name's apposition: 'Aleksandar Vucic, the president of Serbia' names
    Aleksandar Vucic (rules/apposition.py)."""
    def validate(cls, value: object, info: ValidationInfo) -> object:
        return apposition.apply(value) if rules_in(info).on(Rule.apposition) else value
    return field_validator(*fields, mode="before")(classmethod(validate))


class Noted(BaseModel):
    """An item the rules may rewrite (or find, as `speakers` finds an actor): their notes travel with it to the
    output record."""

    _notes: list[str] = PrivateAttr(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return self._notes

    def noted(self, change: Change):
        """The value a rule gives, its notes kept."""
        self._notes.extend(change.notes)
        return change.value


class ActorDraft(Noted):
    name: str = Field(description="Name exactly as the article writes it, e.g. 'Poland', 'Mark Rutte'.")
    kind: ActorKind

    _name = without_apposition("name")
    _kind = labelled("kind")


class AcquisitionDraft(Noted):
    buyer: str = Field(description="Who RECEIVES the equipment: the customer or importer, never the maker.")
    seller: str | None = Field(
        description="Who SUPPLIES the equipment: the exporting state or the manufacturer; null if not stated."
    )
    system: str = Field(description="The equipment or system, as specifically as the article names it, e.g. 'Bayraktar TB2 drones'.")
    quantity: int | None = Field(description="Number of units as digits if the article states one, else null.")
    status: AcquisitionStatus = Field(
        description=(
            "planned: intended or considered; negotiating: under talks; ordered: bought or contracted, "
            "not yet arrived; delivering: arriving in batches; delivered: arrived or in service; "
            "cancelled: called off; rumoured: reported by unnamed or unconfirmed sources."
        )
    )
    sentence: int = Field(description="Number [n] of the sentence that states this acquisition.")

    _parties = without_apposition("buyer", "seller")

    @model_validator(mode="after")
    def count_out_of_system(self, info: ValidationInfo) -> AcquisitionDraft:
        if rules_in(info).on(Rule.quantity):  # the system's own words state the count, whatever the model put
            self.quantity, self.system = self.noted(quantity_rules.count_in_system(self.quantity, self.system))
        return self

    @field_validator("quantity", mode="before")
    @classmethod
    def quantity_as_integer(cls, value: object) -> object:
        return parse_quantity(value)

    _status = labelled("status")


class StanceDraft(Noted):
    holder: str = Field(description="Who states the position: the person quoted or named, else the state or "
                                    "organisation, as the article names them.")
    target: str = Field(description="The deal, sale, sanction, policy or party the holder backs or rejects, "
                                    "in a few words.")
    position: Position = Field(description="support, oppose, or neutral (stated but non-committal).")
    sentence: int = Field(description="Number [n] of the sentence that states this position.")
    _speaker_sentence: int | None = PrivateAttr(default=None)  # where the holder is named, when not in `sentence`

    _holder = without_apposition("holder")
    _position = labelled("position")


def actor_items(raw: object) -> object:
    """Actors come grouped by kind, {"state": ["Serbia"], "person": [...]}: one item each, in order."""
    if not isinstance(raw, dict):
        return raw
    return [{"name": name, "kind": kind} for kind, names in raw.items()
            for name in (names if isinstance(names, list) else [names])]


def actors_by_kind(items: list[dict]) -> dict[str, list[str]]:
    """The other way: actor items as the model writes them."""
    grouped: dict[str, list[str]] = {}
    for actor in items:
        grouped.setdefault(actor["kind"], []).append(actor["name"])
    return grouped


@dataclass(frozen=True)
class AnswerShape:
    """A list the model writes in a shape of its own: how to read it into items and write items into it."""

    read: Callable[[object], object]
    write: Callable[[list[dict]], object]
    schema: dict


ITEM_MODELS: dict[str, type[BaseModel]] = {
    "actors": ActorDraft, "acquisitions": AcquisitionDraft, "stances": StanceDraft,
}
# Grouped by kind, an actor costs the model about 4 tokens to write instead of about 12 as {"name", "kind"}.
ANSWER_SHAPES: dict[str, AnswerShape] = {
    "actors": AnswerShape(read=actor_items, write=actors_by_kind, schema={
        "type": "object",
        "properties": {kind.value: {"type": "array", "items": {"type": "string"}} for kind in ActorKind},
        "additionalProperties": False,
    }),
}
ITEM_DESCRIPTIONS = {
    "actors": ("Names grouped by kind, e.g. {\"state\": [\"Poland\"], \"person\": [\"Mark Rutte\"]}; kinds: "
               + " | ".join(ActorKind) + ". Every state, person, company, armed group or international body "
               "that takes part, named exactly as the article writes it."),
    "acquisitions": "Each transfer of weapons, military or surveillance equipment; empty if none.",
    "stances": "Each position one party takes on another or on a policy.",
}


class Draft(OpenAISchema):
    """Base of every answer the model gives: some of actors, acquisitions and stances.

    Being an OpenAISchema already, instructor uses it as it is instead of
    wrapping it in a new class on every call.
    """

    _dropped: list[DroppedItem] = PrivateAttr(default_factory=list)
    _schema_cache: ClassVar[dict[str, Any] | None] = None

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Built once a class: instructor asks for it on every call."""
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        if cls.__dict__.get("_schema_cache") is None:
            cls._schema_cache = super().model_json_schema()
        return cls._schema_cache

    @property
    def dropped(self) -> list[DroppedItem]:
        return self._dropped

    @classmethod
    def categories(cls) -> list[str]:
        return [name for name in ITEM_MODELS if name in cls.model_fields]

    def items(self, category: str) -> list:
        return getattr(self, category, [])

    @model_validator(mode="wrap")
    @classmethod
    def item_by_item(cls, data: Any, handler: Callable[[Any], Draft], info: ValidationInfo) -> Draft:
        """One bad item is one problem to re-ask about or drop, never a lost answer."""
        context = grounding_context(info)
        if context is None or not isinstance(data, dict):
            return handler(data)
        problems = Problems()
        raw = {**data, **{name: shape.read(data[name]) for name, shape in ANSWER_SHAPES.items() if name in data}}
        parsed = {name: problems.parse(name, raw.get(name), ITEM_MODELS[name], context.as_validation_context())
                  for name in cls.categories()}
        draft = handler({**raw, **{k: v for k, v in parsed.items() if v is not None}})
        draft.check_grounding(problems, context)
        if problems.found and context.strict:
            raise ValueError("Fix these items and answer again:\n" + "\n".join(problems.messages()))
        draft._dropped = problems.dropped
        return draft

    def check_grounding(self, problems: Problems, context: GroundingContext) -> None:
        article = context.article
        if "actors" in self.categories():
            self.actors = problems.keep("actors", self.actors, lambda a: actor_problems(a, article, context.rules))
        kinds = {**context.actor_kinds, **{fold(a.name): a.kind for a in self.items("actors")}}
        for acquisition in self.items("acquisitions"):
            if context.rules.on(Rule.citation):
                acquisition.sentence = acquisition.noted(citation.for_deal(article, acquisition.sentence,
                                                                           acquisition.system))
        for stance in self.items("stances"):
            said_there = article.sentence(stance.sentence) is not None and speaker_stated(stance, article, kinds)
            if context.rules.on(Rule.citation) and not said_there:  # a quote whose speaker is named just before stays put
                stance.sentence = stance.noted(citation.for_stance(article, stance.sentence, stance.holder,
                                                                   stance.target))
        if "acquisitions" in self.categories():
            self.acquisitions = problems.keep(
                "acquisitions", self.acquisitions,
                lambda a: acquisition_problems(a, article, kinds, context.rules) + copied(a.system, context))
        if "stances" in self.categories():
            self.stances = problems.keep(
                "stances", self.stances,
                lambda s: stance_problems(s, article) + copied(s.target, context))


@lru_cache(maxsize=None)
def part_model(categories: tuple[str, ...]) -> type[Draft]:
    """The answer model for one pass: {"actors": {...}}, or all three lists at once."""
    fields = {
        name: (answer_type(name), Field(default_factory=list, description=ITEM_DESCRIPTIONS[name]))
        for name in categories
    }
    title = "".join(name.title() for name in categories) if len(categories) < len(ITEM_MODELS) else "Extraction"
    return create_model(title, __base__=Draft, **fields)


def answer_type(category: str) -> Any:
    items = list[ITEM_MODELS[category]]
    shape = ANSWER_SHAPES.get(category)
    return Annotated[items, BeforeValidator(shape.read), WithJsonSchema(shape.schema)] if shape else items


# The draft of all three categories at once. Its schema keeps the title "Extraction": requests carry it.
FullDraft = part_model(tuple(ITEM_MODELS))


@dataclass(frozen=True)
class GroundingContext:
    article: Article
    strict: bool = True
    actor_kinds: dict[str, ActorKind] = field(default_factory=dict)  # from an earlier pass, by folded name
    example_wording: frozenset[str] = frozenset()  # the few-shot answers' wording, names left out (wording_of)
    rules: RuleSet = ALL_ON

    def as_validation_context(self) -> dict:
        return {"grounding": self}

    def applied(self) -> AbstractContextManager[None]:
        return grounding_against(self)

    def lenient(self) -> GroundingContext:
        """The same checks, keeping an answer's valid items and dropping the rest with reasons."""
        return replace(self, strict=False)


_ACTIVE: ContextVar[GroundingContext | None] = ContextVar("grounding", default=None)


@contextmanager
def grounding_against(context: GroundingContext) -> Iterator[None]:
    """Validate answers against this article while the block runs (per thread).

    The context travels this way rather than through instructor's `context`
    argument, which instructor also uses to render every message as a Jinja
    template: an article containing "{{" would break or leak into the prompt.
    """
    token = _ACTIVE.set(context)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def grounding_context(info: ValidationInfo) -> GroundingContext | None:
    return (info.context or {}).get("grounding") or _ACTIVE.get()


def rules_in(info: ValidationInfo) -> RuleSet:
    context = grounding_context(info)
    return context.rules if context is not None else ALL_ON


@dataclass
class Problems:
    dropped: list[DroppedItem] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.dropped)

    def parse(self, category: str, raw: Any, model: type[BaseModel], context: dict) -> list | None:
        """Validate a list's items one by one, setting aside those that fail."""
        if not isinstance(raw, list):
            return None
        kept = []
        for index, item in enumerate(raw):
            try:
                kept.append(model.model_validate(item, context=context))
            except ValidationError as e:
                shown = item if isinstance(item, dict) else {"value": item}
                self.dropped.append(DroppedItem(category=category, item={"index": index, **shown},
                                                reason=validation_reasons(e)))
        return kept

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


def actor_problems(actor: ActorDraft, article: Article, rules: RuleSet) -> list[str]:
    as_equipment = equipment.named_as_equipment(actor.name) if rules.on(Rule.equipment) else []
    if as_equipment:
        return as_equipment
    return [] if named_in(article, actor.name) else [f"actor '{actor.name}' is not named in the article"]


def acquisition_problems(acquisition: AcquisitionDraft, article: Article, kinds: dict[str, ActorKind],
                         rules: RuleSet = ALL_ON) -> list[str]:
    buyer, seller = acquisition.buyer, acquisition.seller
    reasons = party_problems(article, buyer=buyer, seller=seller)
    if buyer_is_seller(buyer, seller):
        reasons.append(SAME_PARTY)
    if kinds.get(fold(buyer)) is ActorKind.person or has_title(buyer):
        reasons.append(f"buyer '{buyer}' is a person; the buyer is the state, force or organisation that receives")
    if fold(buyer).strip() and fold(buyer) in fold(acquisition.system):
        reasons.append(f"buyer '{buyer}' is the equipment itself; the buyer is who receives it")
    if fold(acquisition.system) in kinds:
        reasons.append(f"system '{acquisition.system}' is a party, not equipment")
    stated = (system_stated.apply(acquisition.system, acquisition.sentence, article)
              if rules.on(Rule.system_stated) else [])
    return reasons + sentence_problems(article, acquisition.sentence) + stated


def copied(phrase: str, context: GroundingContext) -> list[str]:
    if not context.rules.on(Rule.example_copy):
        return []
    return example_copy.apply(phrase, context.article, context.example_wording)


def stance_problems(stance: StanceDraft, article: Article) -> list[str]:
    return party_problems(article, holder=stance.holder) + sentence_problems(article, stance.sentence)


def speaker_stated(stance: StanceDraft, article: Article, kinds: dict[str, ActorKind]) -> bool:
    """The holder is named in the stance's sentence, or is the speaker named just before it ("he added"); then
    the evidence will include the sentence naming the speaker."""
    text = article.sentence_text(article.sentence(stance.sentence))
    if holder_named(text, stance.holder, kinds.get(fold(stance.holder))):
        return True
    people = [name for name, kind in kinds.items() if kind is ActorKind.person]
    speaker = speaker_sentence(article, stance.sentence, stance.holder, people)
    stance._speaker_sentence = speaker.number if speaker else None
    return speaker is not None


def party_problems(article: Article, **parties: str | None) -> list[str]:
    return [
        f"{role} '{name}' is not named in the article"
        for role, name in parties.items()
        if name and not named_in(article, name)
    ]


def sentence_problems(article: Article, number: int) -> list[str]:
    if article.sentence(number) is not None:
        return []
    first, last = article.sentences[0].number, article.sentences[-1].number
    return [f"sentence [{number}] does not exist; cite a number from {first} to {last}"]


def validation_reasons(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']} (got {e.get('input')!r})" for e in error.errors()
    )
