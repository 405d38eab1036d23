"""The batch's outputs as one SQLite database to query (written with sqlite-utils; Datasette browses it).

The per-article JSON files stay the source of truth. Every batch run brings the database in step
with them: an article whose file changed is replaced, one whose file is gone is removed, all in
one transaction, so a killed run leaves the database as it was and the next run mends it.
Deleting the database and running the batch again rebuilds the same rows.

    articles      one row per article: text, title, date, hash, provenance, and its JSON file's hash
    actors, acquisitions, stances, dropped
                  one row per item, keyed (article_id, n), with its evidence quote and offsets
                  (a deal also with the sentences naming its recipient and seller, where its own quote does not)
    calls         one row per LLM request: task, model, prompt version, tokens, attempts, seconds
    decisions     one row per analyst's decision (decisions.py), mirrored from OUT/decisions.jsonl
Full-text search covers the article text and titles, and the quotes of acquisitions and stances.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlite_utils

from . import store_health
from .store_health import store_error
from .decisions import Decision, read_decisions
from .found import (LeftOut, NotAnOutput, Output, ReadOutput, checked_output, find_outputs, output_bytes,
                    output_digest)

ITEM_KEY = ("article_id", "n")
TABLES: dict[str, dict[str, type]] = {
    "articles": {"id": str, "title": str, "source": str, "published": str, "summary": str, "text": str,
                 "article_sha256": str, "record_sha256": str, "model": str, "endpoint": str, "prompt_version": str,
                 "schema_version": str, "created_at": str, "seconds": float, "prompt_tokens": int,
                 "completion_tokens": int, "provenance": str},
    "actors": {"article_id": str, "n": int, "name": str, "kind": str, "aliases": str, "country_code": str,
               "inferred": int, "quote": str, "quote_start": int, "quote_end": int},
    "acquisitions": {"article_id": str, "n": int, "buyer": str, "seller": str, "system": str, "quantity": int,
                     "status": str, "price_amount": float, "price_currency": str, "confidence": float,
                     "probability": float, "quote": str,
                     "quote_start": int, "quote_end": int,
                     "buyer_quote": str, "buyer_quote_start": int, "buyer_quote_end": int,
                     "seller_quote": str, "seller_quote_start": int, "seller_quote_end": int},
    "stances": {"article_id": str, "n": int, "holder": str, "target": str, "position": str, "confidence": float,
                "probability": float, "quote": str,
                "quote_start": int, "quote_end": int},
    "dropped": {"article_id": str, "n": int, "category": str, "reason": str, "item": str},
    "calls": {"article_id": str, "n": int, "task": str, "excerpt": int, "model": str, "prompt_version": str,
              "prompt_tokens": int, "completion_tokens": int, "attempts": int, "seconds": float, "cached": int},
}
DECISION_COLUMNS = {"n": int, "article_id": str, "item": str, "action": str, "field": str, "old": str, "new": str,
                    "who": str, "at": str, "fingerprint": str}
FULL_TEXT = {"articles": ["title", "text"], "acquisitions": ["system", "quote"], "stances": ["target", "quote"]}


@dataclass
class SyncReport:
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    left_out: list[LeftOut] = field(default_factory=list)


def sync_store(db_path: Path, out: Path) -> SyncReport:
    """The store made to hold what OUT holds: only files this tool wrote (found.py); the others are named
    in the report."""
    try:
        return synced(db_path, out)
    except sqlite3.Error as e:
        raise store_error(db_path, e) from e


def synced(db_path: Path, out: Path) -> SyncReport:
    db = sqlite_utils.Database(sqlite3.connect(db_path, timeout=store_health.LOCK_WAIT_S))
    create_tables(db)
    known = {row["id"]: row["record_sha256"] for row in db["articles"].rows_where(select="id, record_sha256")}
    report = SyncReport()
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    with db.conn:
        current = set()
        for output in find_outputs(out):
            try:
                found = changed_output(output, out, known.get(output.article_id))
            except NotAnOutput as e:
                report.left_out.append(LeftOut(output.article_id, str(e)))
                continue
            current.add(output.article_id)
            if found is None:
                report.unchanged += 1
                continue
            if output.article_id in known:
                delete_article(db, output.article_id)
                report.replaced += 1
            else:
                report.added += 1
            for name, table_rows in article_rows(found).items():
                rows[name].extend(table_rows)
        for gone in known.keys() - current:
            delete_article(db, gone)
            report.removed += 1
        for name, table_rows in rows.items():  # one statement batch a table, not five an article
            if table_rows:
                db[name].insert_all(table_rows, batch_size=500, alter=True)  # a store from before a new column
        mirror_decisions(db, read_decisions(out)[0])
    return report


def mirror_decisions(db: sqlite_utils.Database, decisions: list[Decision]) -> None:
    """The decisions table made to hold OUT/decisions.jsonl, which stays the source of truth."""
    db["decisions"].create(DECISION_COLUMNS, pk="n", if_not_exists=True)
    if db["decisions"].count == len(decisions):
        return
    db["decisions"].delete_where()
    db["decisions"].insert_all((decision_row(n, d) for n, d in enumerate(decisions, 1)), batch_size=500)


def record_decision(db_path: Path, decision: Decision, n: int) -> None:
    """One decision into the store, as the n-th of OUT/decisions.jsonl."""
    try:
        db = sqlite_utils.Database(sqlite3.connect(db_path, timeout=store_health.LOCK_WAIT_S))
        with db.conn:
            db["decisions"].create(DECISION_COLUMNS, pk="n", if_not_exists=True)
            db["decisions"].insert(decision_row(n, decision), replace=True)
    except sqlite3.Error as e:
        raise store_error(db_path, e) from e


def decision_row(n: int, decision: Decision) -> dict:
    row = {"n": n, **asdict(decision)}
    return {**row, "old": json.dumps(row["old"], ensure_ascii=False), "new": json.dumps(row["new"], ensure_ascii=False)}


def changed_output(output: Output, out: Path, stored_digest: str | None) -> ReadOutput | None:
    """The output read and checked, or None when the store already holds these very bytes."""
    record_bytes, text_bytes = output_bytes(output, out)
    if output_digest(record_bytes, text_bytes) == stored_digest:
        return None
    return checked_output(output, record_bytes, text_bytes)


def create_tables(db: sqlite_utils.Database) -> None:
    for name, columns in TABLES.items():
        if name == "articles":
            db[name].create(columns, pk="id", if_not_exists=True)
        else:
            db[name].create(columns, pk=ITEM_KEY, foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    for name, columns in FULL_TEXT.items():
        if not db[name].detect_fts():
            db[name].enable_fts(columns, create_triggers=True)


def delete_article(db: sqlite_utils.Database, article_id: str) -> None:
    for name in reversed(list(TABLES)):
        db[name].delete_where("id = ?" if name == "articles" else "article_id = ?", [article_id])


def article_rows(found: ReadOutput) -> dict[str, list[dict]]:
    output, record = found.output, found.record
    provenance = record.get("provenance", {})
    usage = provenance.get("usage", {})
    article = {
        "id": output.article_id, "title": record.get("title"), "source": provenance.get("source"),
        "published": record.get("published"), "summary": record.get("summary"),
        "text": found.text, "article_sha256": provenance.get("article_sha256"), "record_sha256": found.sha256,
        "model": provenance.get("model"), "endpoint": provenance.get("endpoint"),
        "prompt_version": provenance.get("prompt_version"), "schema_version": provenance.get("schema_version"),
        "created_at": provenance.get("created_at"), "seconds": provenance.get("seconds"),
        "prompt_tokens": usage.get("prompt_tokens"), "completion_tokens": usage.get("completion_tokens"),
        "provenance": json.dumps(provenance, ensure_ascii=False),
    }
    return {"articles": [article], **item_rows(output.article_id, record, provenance)}


def item_rows(article_id: str, record: dict, provenance: dict) -> dict[str, list[dict]]:
    def numbered(items: list[dict], row) -> list[dict]:
        return [{"article_id": article_id, "n": n, **row(item)} for n, item in enumerate(items, 1)]

    return {
        "actors": numbered(record.get("actors", []), lambda a: {
            "name": a["name"], "kind": a["kind"], "aliases": json.dumps(a.get("aliases", []), ensure_ascii=False),
            "country_code": a.get("country_code"), "inferred": int(bool(a.get("inferred"))), **evidence(a)}),
        "acquisitions": numbered(record.get("acquisitions", []), lambda a: {
            "buyer": a["buyer"], "seller": a.get("seller"), "system": a["system"], "quantity": a.get("quantity"),
            "status": a["status"], "price_amount": (a.get("price") or {}).get("amount"),
            "price_currency": (a.get("price") or {}).get("currency"), "confidence": a.get("confidence"),
            "probability": a.get("probability"), **evidence(a),
            **evidence(a, field="buyer_evidence", column="buyer_quote"),
            **evidence(a, field="seller_evidence", column="seller_quote")}),
        "stances": numbered(record.get("stances", []), lambda s: {
            "holder": s["holder"], "target": s["target"], "position": s["position"],
            "confidence": s.get("confidence"), "probability": s.get("probability"), **evidence(s)}),
        "dropped": numbered(record.get("dropped", []), lambda d: {
            "category": d["category"], "reason": d["reason"], "item": json.dumps(d["item"], ensure_ascii=False)}),
        "calls": numbered(provenance.get("calls", []), lambda c: {
            "task": c["task"], "excerpt": c.get("excerpt", 1), "model": provenance.get("model"),
            "prompt_version": provenance.get("prompt_version"), "prompt_tokens": c["prompt_tokens"],
            "completion_tokens": c["completion_tokens"], "attempts": c["attempts"], "seconds": c["seconds"],
            "cached": c.get("cached", 0)}),
    }


def evidence(item: dict, field: str = "evidence", column: str = "quote") -> dict:
    found = item.get(field) or {}
    return {column: found.get("quote"), f"{column}_start": found.get("start"), f"{column}_end": found.get("end")}
