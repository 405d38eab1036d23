"""An analyst's decisions on the items of OUT's summaries: accept, reject, correct a field, add a missing item.

Each decision is a line of OUT/decisions.jsonl, appended and flushed to disk the moment it is made, so
closing the browser or killing the server loses nothing; the store mirrors them in its `decisions` table.
A decision names its item by category and place ("acquisitions-2") and by a fingerprint of the item as
it was judged: when a later batch changes the summary, the item no longer carries that fingerprint and the
decision is flagged for a second look instead of applied blindly. The file is read as untrusted: a line
that is not a decision is counted and skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import dataclasses
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

DECISIONS_FILE = "decisions.jsonl"
ACTIONS = ("accept", "reject", "correct", "add")
FIELDS = {"actors": ("name", "kind"),
          "acquisitions": ("buyer", "seller", "system", "quantity", "status"),
          "stances": ("holder", "target", "position")}
MAX_VALUE_CHARS = 500


@dataclass(frozen=True)
class Decision:
    article_id: str
    item: str  # "acquisitions-2": category and place in the summary; "acquisitions-new-1" for an added item
    action: str
    fingerprint: str = ""  # of the item as it was judged; empty for an added item
    field: str | None = None  # the field corrected
    old: object = None
    new: object = None  # a corrected value, or an added item's fields (with its quote's offsets)
    who: str = ""
    at: str = dataclasses.field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def category(self) -> str:
        return self.item.split("-", 1)[0]


class NotADecision(ValueError):
    pass


def item_fingerprint(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def checked_decision(raw: object) -> Decision:
    """A decision from an untrusted source (the page's POST, a line of the file), or NotADecision."""
    if not isinstance(raw, dict):
        raise NotADecision("not an object")
    try:
        decision = Decision(**{k: raw[k] for k in raw if k in Decision.__dataclass_fields__})
    except TypeError as e:
        raise NotADecision(f"missing {e}") from e
    if not all(isinstance(v, str) for v in (decision.article_id, decision.item, decision.action, decision.who,
                                              decision.fingerprint, decision.at)):
        raise NotADecision("article_id, item, action, fingerprint, who and at are strings")
    if decision.action not in ACTIONS:
        raise NotADecision(f"action is one of {', '.join(ACTIONS)}")
    if decision.category not in FIELDS:
        raise NotADecision(f"item names a category: {', '.join(FIELDS)}")
    if decision.action == "correct" and decision.field not in FIELDS[decision.category]:
        raise NotADecision(f"a correction names a field of {decision.category}: {', '.join(FIELDS[decision.category])}")
    if decision.action == "add" and not (isinstance(decision.new, dict) and added_fields_valid(decision)):
        raise NotADecision("an added item gives its fields and its quote's start and end")
    if len(json.dumps([decision.old, decision.new], ensure_ascii=False)) > 4 * MAX_VALUE_CHARS:
        raise NotADecision("values too long")
    return decision


def added_fields_valid(decision: Decision) -> bool:
    new = decision.new
    offsets = isinstance(new.get("start"), int) and isinstance(new.get("end"), int) and new["start"] < new["end"]
    return offsets and all(isinstance(new.get(name), (str, int, type(None))) for name in FIELDS[decision.category])


def append_decision(out: Path, decision: Decision) -> None:
    """One line, written and flushed to disk before the call returns."""
    line = json.dumps(asdict(decision), ensure_ascii=False) + "\n"
    fd = os.open(out / DECISIONS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_decisions(out: Path) -> tuple[list[Decision], int]:
    """Every decision of OUT in the order made, and how many lines were not decisions."""
    path = out / DECISIONS_FILE
    if not path.is_file() or path.is_symlink():
        return [], 0
    decisions, skipped = [], 0
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        try:
            decisions.append(checked_decision(json.loads(line)))
        except (ValueError, RecursionError):
            skipped += 1
    return decisions, skipped


@dataclass
class ItemState:
    """Where the analyst's decisions leave one item."""

    verdict: str | None = None  # accept or reject, the latest
    corrections: dict[str, object] = dataclasses.field(default_factory=dict)  # field -> corrected value, the latest
    stale: bool = False  # decided on another version of the item: look again

    @property
    def decided(self) -> bool:
        return self.verdict is not None or bool(self.corrections)


def item_states(article_id: str, record: dict, decisions: list[Decision]) -> dict[str, ItemState]:
    """The state of each item of one summary ("acquisitions-2" -> ItemState) under the decisions made. A
    decision follows its item by fingerprint, wherever a later summary puts it; when no item of the summary
    is the one judged, the item now in its place is flagged for a second look."""
    places = {}
    for category in FIELDS:
        for n, item in enumerate(record.get(category) or [], 1):
            places.setdefault((category, item_fingerprint(item)), f"{category}-{n}")
    states: dict[str, ItemState] = {}
    outdated = set()
    for decision in decisions:
        if decision.article_id != article_id or decision.action == "add":
            continue
        place = places.get((decision.category, decision.fingerprint))
        if place is None:
            outdated.add(decision.item)
            continue
        state = states.setdefault(place, ItemState())
        if decision.action == "correct":
            state.corrections[decision.field] = decision.new
        else:
            state.verdict = decision.action
    for place in outdated - {place for place, state in states.items() if state.decided}:
        states.setdefault(place, ItemState()).stale = True
    return states


def added_items(article_id: str, decisions: list[Decision]) -> list[Decision]:
    return [d for d in decisions if d.article_id == article_id and d.action == "add"]
