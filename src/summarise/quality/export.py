"""`summarise export-gold OUT -o GOLD`: the reviewed articles as gold files, so reviews become a test set.

An article is reviewed when the analyst decided on at least one of its items. In its gold file, accepted
and corrected items are required, rejected items are absent, items marked missing are required, and the
items left undecided are optional (matching them is never wrong, missing them costs nothing). Decisions
made on an earlier summary of the article (stale) are not applied; their items count as undecided.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_write
from ..reading.words import FUNCTION_WORDS
from ..outputs.decisions import FIELDS, Decision, ItemState, added_items, item_states, read_decisions
from ..outputs.found import ReadOutput, read_outputs
from .matching import words

MAX_KEYWORDS = 4
STEM_CHARS = 7  # "sanctions", "sanctioned" -> "sanctio": a keyword any wording of the target holds


@dataclass
class Exported:
    written: list[Path]
    skipped: int  # lines of decisions.jsonl that were not decisions


def export_gold(out: Path, gold_dir: Path) -> Exported:
    decisions, skipped = read_decisions(out)
    outputs, _ = read_outputs(out)
    reviewed = {d.article_id for d in decisions}
    gold_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for output in outputs:
        if output.article_id in reviewed:
            path = gold_dir / f"{article_name(output.article_id)}.json"
            atomic_write(path, json.dumps(gold_for(output, decisions), ensure_ascii=False, indent=1) + "\n")
            written.append(path)
    return Exported(written, skipped)


def article_name(article_id: str) -> str:
    """NAME of the gold file NAME.json: the article's file name without its suffix, as `eval` matches it."""
    name = Path(article_id).name
    return name.rsplit(".", 1)[0] if "." in name else name


def gold_for(output: ReadOutput, decisions: list[Decision]) -> dict:
    record = output.record
    states = item_states(output.article_id, record, decisions)
    gold: dict = {"article": Path(output.article_id).name}
    for category in FIELDS:
        kept = []
        for n, item in enumerate(record.get(category) or [], 1):
            state = states.get(f"{category}-{n}", ItemState())
            if state.stale:
                state = ItemState()
            if state.verdict == "reject":
                continue
            fields = {**{name: item.get(name) for name in FIELDS[category]}, **state.corrections}
            kept.append(gold_item(category, fields, item, required=state.decided))
        for added in added_items(output.article_id, decisions):
            if added.category == category:
                kept.append(gold_item(category, {name: added.new.get(name) for name in FIELDS[category]}, {},
                                      required=True))
        gold[category] = kept
    gold["actors"] = with_every_party(gold)
    return gold


def gold_item(category: str, fields: dict, item: dict, required: bool) -> dict:
    if category == "actors":
        return {"name": fields["name"], "aliases": item.get("aliases") or [], "kind": fields["kind"] or "organisation",
                "required": required}
    if category == "acquisitions":
        return {"buyer": fields["buyer"], "seller": fields["seller"] or None, "system": fields["system"],
                "system_aliases": [], "quantity": as_count(fields["quantity"]), "status": fields["status"],
                "required": required}
    return {"holder": fields["holder"], "target": fields["target"], "target_keywords": keywords(fields["target"]),
            "position": fields["position"], "required": required}


def as_count(value: object) -> int | None:
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    return None


def keywords(target: object) -> list[str]:
    """A few stems of the target's longest words: what any wording of it would likely hold."""
    found = [w for w in words(target).split() if w not in FUNCTION_WORDS and not re.fullmatch(r"\d+", w)]
    longest = sorted(dict.fromkeys(found), key=len, reverse=True)[:MAX_KEYWORDS]
    return [w[:STEM_CHARS] for w in longest] or [words(target).strip() or "?"]


def with_every_party(gold: dict) -> list[dict]:
    """The actors, and every buyer, seller and holder the items name that they do not (as required actors)."""
    actors = list(gold["actors"])
    named = {words(a["name"]) for a in actors}
    parties = [(d["buyer"], d["required"]) for d in gold["acquisitions"]]
    parties += [(d["seller"], d["required"]) for d in gold["acquisitions"] if d["seller"]]
    parties += [(s["holder"], s["required"]) for s in gold["stances"]]
    for name, required in parties:
        if name and words(name) not in named:
            actors.append({"name": name, "aliases": [], "kind": "organisation", "required": required})
            named.add(words(name))
    for actor in actors:
        if any(required and words(name) == words(actor["name"]) for name, required in parties):
            actor["required"] = True
    return actors
