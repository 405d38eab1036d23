"""The output contract: one ArticleSummary per article, every item grounded.

Field names follow DEVELOPERS.md (actors/acquisitions/stances, evidence on every
item, provenance beside it); bump SCHEMA_VERSION whenever a field changes so
batch runs re-summarise articles written under the old shape.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.11"


class ActorKind(StrEnum):
    person = "person"
    state = "state"
    organisation = "organisation"
    company = "company"
    armed_group = "armed_group"
    international_body = "international_body"


class AcquisitionStatus(StrEnum):
    planned = "planned"
    negotiating = "negotiating"
    ordered = "ordered"
    delivering = "delivering"
    delivered = "delivered"
    cancelled = "cancelled"
    rumoured = "rumoured"


class Position(StrEnum):
    support = "support"
    oppose = "oppose"
    neutral = "neutral"


class MatchKind(StrEnum):
    """How an evidence quote was located in the article."""

    sentence = "sentence"  # the model cited a sentence number; the code copied it (the only way, so far)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Record):
    quote: str = Field(description="Verbatim text of the article")
    start: int = Field(ge=0, description="Character offset of the quote's first character")
    end: int = Field(ge=0, description="Character offset just past the quote's last character")
    match: MatchKind


class Actor(_Record):
    name: str
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2, for states")
    inferred: bool = Field(default=False, description="Not in the model's list: added because an acquisition or "
                                                      "stance names it, or because the article names the state")
    notes: list[str] = Field(default_factory=list, description="Where the code changed the kind it was given")
    evidence: Evidence


class Money(_Record):
    amount: float
    amount_max: float | None = Field(default=None, description="Upper end when the article states a range")
    currency: str


UNSTATED = ("What of the item its evidence quote does not name, such as seller 'United States': a deal's recipient, "
            "supplier or system, a stance's holder or a word of its target. Such an item rests on more of the "
            "article than its quote: read it there")
CONFIDENCE = ("The chance that the item is right, read off its probability by the calibration measured for this "
              "model on the development set (provenance.calibration); the probability itself when the model has none")


class Acquisition(_Record):
    buyer: str = Field(description="Recipient of the equipment")
    seller: str | None = Field(description="Supplier of the equipment, if stated")
    system: str
    quantity: int | None = None
    status: AcquisitionStatus
    price: Money | None = None
    probability: float | None = Field(default=None, description="The model's probability for the recipient, when "
                                                                "it was asked who receives the system")
    confidence: float | None = Field(default=None, description=CONFIDENCE)
    evidence: Evidence
    buyer_evidence: Evidence | None = Field(default=None, description=(
        "Where the evidence does not name the recipient: the first sentence of the article that names it with the "
        "system or the supplier, verbatim"))
    seller_evidence: Evidence | None = Field(default=None, description=(
        "Where the evidence does not name the supplier: the first sentence of the article that names it with the "
        "system or the recipient, verbatim"))
    unstated: list[str] = Field(default_factory=list, description=UNSTATED)
    notes: list[str] = Field(default_factory=list, description="Where the code's reading of the sentence changed "
                                                               "the model's answer, and how")


class Stance(_Record):
    holder: str
    target: str
    position: Position
    probability: float | None = Field(default=None, description="The model's probability for the position, when "
                                                                "it was asked the holder's position")
    confidence: float | None = Field(default=None, description=CONFIDENCE)
    evidence: Evidence
    unstated: list[str] = Field(default_factory=list, description=UNSTATED)
    notes: list[str] = Field(default_factory=list, description="Where the code's reading of the sentence changed "
                                                               "the model's answer, and how")


class DroppedItem(_Record):
    category: str
    item: dict
    reason: str


class Usage(_Record):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class Call(_Record):
    """One extraction request (with its re-asks) as it was paid for."""

    task: str = Field(description="What the call asked for: 'actors', 'acquisitions', 'stances', or several")
    excerpt: int = Field(default=1, description="Which part of a split article (1-based)")
    prompt_tokens: int
    completion_tokens: int
    attempts: int
    seconds: float
    cached: int = Field(default=0, description="Answers that came from the response cache: no tokens paid")
    answered_by: str | None = Field(default=None, description="The model the answer says wrote it, when it is "
                                                              "not the one asked (a results file, a dated snapshot)")


class Provenance(_Record):
    tool_version: str
    model: str
    endpoint: str = Field(description="'embedded' or the remote base URL")
    prompt_version: str = Field(description="Content hash of the prompt templates and examples")
    schema_version: str
    article_sha256: str
    source: str
    usage: Usage
    attempts: int
    excerpts: int = Field(default=1, description="Parts the article was split into to fit the model's context")
    passes: str = Field(default="focused", description="'focused': a request for each pass of passes.txt; "
                                                       "'one': one request for the whole schema")
    rules_off: list[str] = Field(default_factory=list, description="Rule families switched off (rules.py)")
    calls: list[Call] = Field(default_factory=list, description="Every request, in order")
    calibration: str | None = Field(default=None, description="The calibration that turned the items' probabilities "
                                                              "into confidences, when there is one for the model")
    seconds: float
    created_at: str


class ArticleSummary(_Record):
    title: str | None = Field(default=None, description="The page's title, for HTML input")
    published: str | None = Field(default=None, description="Publication date (YYYY-MM-DD) when the input states it")
    url: str | None = Field(default=None, description="Where it was published: an HTML page's canonical address "
                                                      "or og:url, or an http(s) address the text's first line is")
    summary: str
    actors: list[Actor]
    acquisitions: list[Acquisition]
    stances: list[Stance]
    dropped: list[DroppedItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="What a reader of this record must know: "
                                                                  "that every item the model gave was dropped")
    provenance: Provenance
