"""What is new in a register: since a date, or against an earlier register file.

An article's day is its publication date, or the day the tool summarised it when the article
states none, so a nightly run over a feed shows what the night brought.
"""

from __future__ import annotations


def mark_since(rows: list[dict], reports_seen: dict[tuple[str, int], str | None], since: str) -> None:
    """Mark rows first reported on or after SINCE, and status changes reported on or after it."""
    for row in rows:
        days = [reports_seen.get((s["article"], s["n"])) or "" for s in row["sources"]]
        row["new"] = all(day >= since for day in days)
        row["status_changes"] = [] if row["new"] else [
            change for change, day in zip(status_changes(row), days[1:]) if change and day >= since]


def status_changes(row: dict) -> list[dict | None]:
    """For each entry after the first, the change it reports, or None."""
    history = row["status_history"]
    return [{"from": before["status"], "to": after["status"], "article": after["article"]}
            if after["status"] != before["status"] else None for before, after in zip(history, history[1:])]


def mark_against(rows: list[dict], known_rows: list[dict]) -> list[dict]:
    """Mark rows whose reports an earlier register did not hold, and status changes since it.
    Returns the earlier rows that no longer appear."""
    known_by_source = {source_key(s): row for row in known_rows for s in row.get("sources", [])}
    matched_ids = set()
    for row in rows:
        known = [known_by_source[source_key(s)] for s in row["sources"] if source_key(s) in known_by_source]
        matched_ids.update(id(k) for k in known)
        row["new"] = not known
        row["status_changes"] = [{"from": k["status"], "to": row["status"], "article": row["last_report"]["article"]}
                                 for k in known[:1] if k["status"] != row["status"]]
        row["new_sources"] = [s["article"] for s in row["sources"] if source_key(s) not in known_by_source]
    return [row for row in known_rows if id(row) not in matched_ids]


def source_key(source: dict) -> tuple[str, str]:
    return source["article"], source.get("quote") or ""


def describe_changes(rows: list[dict], gone: list[dict]) -> list[str]:
    """A line per new deal and per status change, for a daily run's reader."""
    lines = []
    for row in rows:
        what = f"{row['recipient']} <- {row['supplier'] or '?'}: {row['designation'] or row['description']}"
        if row.get("new"):
            lines.append(f"new      {what}, {row['status']} ({row['corroboration']} source(s))")
        for change in row.get("status_changes", []):
            lines.append(f"changed  {what}: {change['from']} -> {change['to']} ({change['article']})")
    lines += [f"gone     {row.get('recipient')} <- {row.get('supplier') or '?'}: "
              f"{row.get('designation') or row.get('description')}" for row in gone]
    return lines
