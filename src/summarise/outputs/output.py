"""JSON Lines that grow a line at a time; whole files are written by summarise.files."""

from __future__ import annotations

import json
from pathlib import Path


def append_jsonl(path: Path, record: dict) -> None:
    """One whole line per call. Not fsynced: JSONL files here are rebuilt from the
    atomically written per-article files at the start of every run."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    with path.open("a", encoding="utf-8") as out:
        out.write(line)
