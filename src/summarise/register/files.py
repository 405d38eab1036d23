"""The register built from OUT's summaries, and written as CSV, JSON and tables of the store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from ..errors import InputError
from ..outputs.csv_cells import neutralised_row
from ..files import atomic_write
from ..outputs.store_health import store_error
from ..outputs.found import LeftOut, Track, read_outputs
from .changes import mark_against, mark_since
from .deals import group_deals, read_reports

# Columns a SIPRI Trade Register user recognises, then this tool's own.
CSV_COLUMNS = ["recipient", "supplier", "designation", "description", "number", "status", "first_report",
               "last_report", "corroboration", "sources", "status_history", "numbers_reported",
               "systems_as_reported", "new", "status_changes", "notes", "deal"]


@dataclass
class Register:
    rows: list[dict]
    parties: list[dict]
    articles: int
    since: str | None = None
    against: str | None = None
    gone: list[dict] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)  # files in OUT that are not this tool's (found.py)

    def merged_rows(self) -> list[dict]:
        return [row for row in self.rows if row["corroboration"] > 1]

    def as_dict(self) -> dict:
        return {"generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "articles": self.articles, "deals": len(self.rows), "since": self.since, "against": self.against,
                "rows": self.rows, "parties_merged": self.parties, "gone": self.gone}


def build_register(out: Path, since: str | None = None, against: Path | None = None,
                   track: Track = iter) -> Register:
    found, left_out = read_outputs(out, track)
    reports, parties = read_reports([(f.article_id, f.record) for f in found])
    rows = [deal.row() for deal in group_deals(reports)]
    register = Register(rows=rows, parties=[p.as_dict() for p in parties.merged()], articles=len(found),
                        left_out=left_out)
    if since:
        register.since = since
        mark_since(rows, {(r.article_id, r.n): r.published or r.summarised for r in reports}, since)
    if against:
        register.against = str(against)
        register.gone = mark_against(rows, known_rows(against))
    return register


def known_rows(path: Path) -> list[dict]:
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(str(path), f"not a register file this tool wrote ({e})") from e
    if not isinstance(known, dict) or not isinstance(known.get("rows"), list):
        raise InputError(str(path), "not a register file this tool wrote (no list of rows)")
    for number, row in enumerate(known["rows"], 1):
        if not well_formed(row):
            raise InputError(str(path), f"row {number} is not a register row (an object with a status and a list "
                                        "of sources, each naming its article)")
    return known["rows"]


def well_formed(row: object) -> bool:
    if not isinstance(row, dict) or not isinstance(row.get("status"), str):
        return False
    sources = row.get("sources")
    return isinstance(sources, list) and all(
        isinstance(s, dict) and isinstance(s.get("article"), str) and isinstance(s.get("quote", ""), (str, type(None)))
        for s in sources)


def write_register(register: Register, base: Path, db_path: Path | None = None) -> list[Path]:
    written = [base.with_suffix(".csv"), base.with_suffix(".json")]
    atomic_write(written[0], csv_text(register.rows))
    atomic_write(written[1], json.dumps(register.as_dict(), ensure_ascii=False, indent=2) + "\n")
    if db_path is not None and db_path.exists():
        try:
            write_tables(register, db_path)
        except sqlite3.Error as e:
            raise store_error(db_path, e) from e
        written.append(db_path)
    return written


def csv_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(neutralised_row(csv_row(row)))
    return buffer.getvalue()


def csv_row(row: dict) -> dict:
    return {
        **row,
        "number": row["number"] if row["number"] is not None else "; ".join(
            str(n["number"]) for n in row["numbers_reported"]),
        "first_report": report_label(row["first_report"]), "last_report": report_label(row["last_report"]),
        "sources": "; ".join(dict.fromkeys(s["article"] for s in row["sources"])),
        "status_history": " > ".join(h["status"] for h in row["status_history"]),
        "numbers_reported": "; ".join(f"{n['number']} ({n['article']})" for n in row["numbers_reported"]),
        "systems_as_reported": "; ".join(row["systems_as_reported"]),
        "new": {True: "yes", False: "no"}.get(row.get("new"), ""),
        "status_changes": "; ".join(f"{c['from']} > {c['to']}" for c in row.get("status_changes", [])),
        "notes": "; ".join(row["notes"]),
    }


def report_label(point: dict) -> str:
    return point["date"] or point["article"]


def write_tables(register: Register, db_path: Path) -> None:
    """Replace the register tables of the store: the register is derived, rebuilt whole each time."""
    db = sqlite_utils.Database(db_path)
    with db.conn:
        for name in ("register_sources", "register", "register_names"):
            db[name].drop(ignore=True)
        db["register"].insert_all(({**csv_row(row), "deal": row["deal"], "number": row["number"]}
                                   for row in register.rows), pk="deal")
        db["register_sources"].insert_all(({"deal": row["deal"], **source} for row in register.rows
                                           for source in row["sources"]), foreign_keys=[("deal", "register", "deal")])
        db["register_names"].insert_all({"party": party["name"], "key": party["key"], "kind": party["kind"],
                                         "name": link["names"][1], "joined_to": link["names"][0],
                                         "reason": link["reason"]}
                                        for party in register.parties for link in party["links"])
