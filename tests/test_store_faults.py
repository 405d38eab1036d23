"""A store that cannot be used is found before any call: a corrupt one is moved aside and rebuilt from the
JSON files, a locked one is waited for a bounded time, a folder or a missing folder is a usage error."""
import json
import sqlite3
import threading

import pytest

from summarise.errors import StoreError
from summarise.outputs import store_health

from articles import GOOD_DRAFT
from fakes import ScriptedEndpoint
from test_batch import make_articles, run_batch
from test_hardening import cli


def articles_in_store(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from articles").fetchone()[0]


def garbage(db):
    db.write_bytes(b"this is no database" * 100)


def truncated(db):
    db.write_bytes(db.read_bytes()[:3000])


@pytest.mark.parametrize("damage", [garbage, truncated])
def test_a_corrupt_store_is_moved_aside_and_rebuilt_from_the_json_files(tmp_path, damage):
    make_articles(tmp_path / "in", 3)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    db = tmp_path / "out/summaries.db"
    damage(db)
    make_articles(tmp_path / "in", 4)
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert (report.done, report.skipped) == (1, 3)
    assert articles_in_store(db) == 4
    assert "moved to summaries.db.corrupt-" in report.store
    assert len(list((tmp_path / "out").glob("summaries.db.corrupt-*"))) == 1
    assert json.loads((tmp_path / "out/run-report.json").read_text())["store"] == report.store


def store_held_with_an_article_to_do(tmp_path) -> sqlite3.Connection:
    """One article summarised, a second to do, and another program holding the store's write lock."""
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    make_articles(tmp_path / "in", 2)
    holder = sqlite3.connect(tmp_path / "out/summaries.db", check_same_thread=False)
    holder.execute("begin exclusive")
    return holder


def test_a_store_locked_by_another_program_is_waited_for_then_fails_before_any_call(tmp_path, monkeypatch):
    monkeypatch.setattr(store_health, "LOCK_WAIT_S", 0.5)
    holder = store_held_with_an_article_to_do(tmp_path)
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    try:
        with pytest.raises(StoreError, match="locked for over"):
            run_batch(tmp_path / "in", tmp_path / "out", endpoint)
    finally:
        holder.rollback()
        holder.close()
    assert endpoint.requests == []


def test_a_lock_released_within_the_wait_is_no_fault(tmp_path, monkeypatch):
    monkeypatch.setattr(store_health, "LOCK_WAIT_S", 10)
    holder = store_held_with_an_article_to_do(tmp_path)
    threading.Timer(0.5, holder.rollback).start()
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    holder.close()
    assert report.done == 1 and articles_in_store(tmp_path / "out/summaries.db") == 2


@pytest.mark.parametrize("db", ["FOLDER", "MISSING/summaries.db"])
def test_a_store_path_that_cannot_be_a_file_is_a_usage_error_before_any_call(tmp_path, db):
    make_articles(tmp_path / "in", 1)
    (tmp_path / "FOLDER").mkdir()
    result = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--db", str(tmp_path / db),
                 "--base-url", "http://127.0.0.1:9/v1", "--model", "fake")
    assert result.returncode == 2 and "--db" in result.stderr and "Traceback" not in result.stderr


def test_a_store_that_fails_as_the_run_ends_keeps_every_summary_and_says_so(tmp_path, monkeypatch):
    from summarise.outputs import store

    def disk_full(db_path, out):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"
        raise error

    make_articles(tmp_path / "in", 2)
    monkeypatch.setattr(store, "synced", disk_full)
    with pytest.raises(StoreError, match="the disk is full"):
        run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert len(list((tmp_path / "out").rglob("*.txt.json"))) == 2
    assert "the disk is full" in json.loads((tmp_path / "out/run-report.json").read_text())["store"]
    monkeypatch.undo()
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert report.skipped == 2 and articles_in_store(tmp_path / "out/summaries.db") == 2
