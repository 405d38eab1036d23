"""Is the store usable, before any call is paid for? A corrupt store is moved aside (the JSON files are the
source of truth, and the next sync rebuilds it); a locked one is waited for a bounded time; one that cannot
be written is an error that says so."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from ..errors import StoreError, setting

log = logging.getLogger(__name__)

LOCK_WAIT_S = 30.0  # another program (Datasette, a query) holding a write lock: wait this long, then fail
CORRUPT = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}


def checked_store(db_path: Path) -> str | None:
    """Raises StoreError when the store cannot be used; returns a warning when a corrupt one was moved aside."""
    if db_path.is_dir():
        raise StoreError(f"{db_path}: the store's path is a folder; give a file with {setting('db_path')}")
    if not db_path.exists():
        return None
    try:
        with closing(sqlite3.connect(db_path, timeout=LOCK_WAIT_S)) as conn:
            if conn.execute("pragma quick_check").fetchall() != [("ok",)]:
                return moved_aside(db_path, "it fails SQLite's integrity check")
            conn.execute("begin immediate")  # the write lock: waited for, then given back
            conn.rollback()
    except sqlite3.DatabaseError as e:
        if getattr(e, "sqlite_errorname", "") in CORRUPT:
            return moved_aside(db_path, str(e))
        raise store_error(db_path, e) from e
    return None


def moved_aside(db_path: Path, why: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.corrupt-{stamp}")
    db_path.rename(aside)
    for suffix in ("-wal", "-shm", "-journal"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    warning = f"{db_path}: not a usable SQLite store ({why}); moved to {aside.name} and rebuilt from the JSON files"
    log.warning(warning)
    return warning


def store_error(db_path: Path, error: sqlite3.Error) -> StoreError:
    name = getattr(error, "sqlite_errorname", "")
    why = {"SQLITE_BUSY": f"another program has held it locked for over {LOCK_WAIT_S:.0f} s",
           "SQLITE_READONLY": "it is read-only", "SQLITE_CANTOPEN": "it cannot be opened",
           "SQLITE_FULL": "the disk is full", "SQLITE_IOERR": "the disk failed to read or write it"}.get(name, str(error))
    return StoreError(f"{db_path}: the store cannot be written ({why}); the summaries are safe in their JSON files, "
                      "and the next run brings the store in step")
