import json
import sqlite3

from summarise.outputs.found import find_outputs
from summarise.outputs.store import sync_store

from articles import GOOD_DRAFT
from fakes import ScriptedEndpoint
from test_batch import make_articles, run_batch


def rows(db_path, table):
    with sqlite3.connect(db_path) as db:
        return sorted(db.execute(f"select * from {table}").fetchall(), key=repr)


def json_items(out, category):
    return sum(len(json.loads(o.record_path.read_text())[category]) for o in find_outputs(out))


def test_every_batch_leaves_a_store_in_step_with_the_json_files(tmp_path):
    make_articles(tmp_path / "in", 4)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    db = tmp_path / "out/summaries.db"
    for table in ("actors", "acquisitions", "stances"):
        assert len(rows(db, table)) == json_items(tmp_path / "out", table) > 0
    assert len(rows(db, "articles")) == 4
    calls = rows(db, "calls")
    assert len(calls) == 4 * 3  # one row per pass of every article


def test_a_deleted_store_is_rebuilt_with_the_same_rows_when_everything_is_skipped(tmp_path):
    make_articles(tmp_path / "in", 3)
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    run_batch(tmp_path / "in", tmp_path / "out", endpoint)
    db = tmp_path / "out/summaries.db"
    before = {table: rows(db, table) for table in ("articles", "acquisitions", "stances", "calls")}
    db.unlink()
    report = run_batch(tmp_path / "in", tmp_path / "out", endpoint)
    assert report.skipped == 3
    assert {table: rows(db, table) for table in before} == before


def test_a_changed_or_removed_output_is_replaced_or_removed(tmp_path):
    make_articles(tmp_path / "in", 2)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    outputs = find_outputs(tmp_path / "out")
    record = json.loads(outputs[0].record_path.read_text())
    record["acquisitions"] = []
    outputs[0].record_path.write_text(json.dumps(record))
    outputs[1].record_path.unlink()
    report = sync_store(tmp_path / "out/summaries.db", tmp_path / "out")
    assert (report.replaced, report.removed) == (1, 1)
    assert rows(tmp_path / "out/summaries.db", "acquisitions") == []


def test_quotes_and_texts_are_searchable(tmp_path):
    make_articles(tmp_path / "in", 2)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    with sqlite3.connect(tmp_path / "out/summaries.db") as db:
        found = db.execute("select rowid from acquisitions_fts where acquisitions_fts match 'Hermes'").fetchall()
        texts = db.execute("select rowid from articles_fts where articles_fts match 'Astudillo'").fetchall()
    assert len(found) == 2 and len(texts) == 2


def test_a_store_from_before_the_confidence_column_gains_it(tmp_path):
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    db = tmp_path / "out/summaries.db"
    with sqlite3.connect(db) as conn:
        conn.execute("alter table acquisitions drop column confidence")
    output = find_outputs(tmp_path / "out")[0]
    record = json.loads(output.record_path.read_text())
    record["acquisitions"][0]["confidence"] = 0.875
    output.record_path.write_text(json.dumps(record))
    sync_store(db, tmp_path / "out")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select confidence from acquisitions").fetchall()[:1] == [(0.875,)]


def test_a_store_from_before_the_probability_column_gains_it_for_deals_and_stances(tmp_path):
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    db = tmp_path / "out/summaries.db"
    with sqlite3.connect(db) as conn:
        for table in ("acquisitions", "stances"):
            conn.execute(f"alter table {table} drop column probability")
    output = find_outputs(tmp_path / "out")[0]
    record = json.loads(output.record_path.read_text())
    record["acquisitions"][0].update(probability=0.44, confidence=0.84)
    record["stances"][0].update(probability=0.31, confidence=0.28)
    output.record_path.write_text(json.dumps(record))
    sync_store(db, tmp_path / "out")
    with sqlite3.connect(db) as conn:
        assert conn.execute("select probability, confidence from acquisitions").fetchall()[:1] == [(0.44, 0.84)]
        assert conn.execute("select probability, confidence from stances").fetchall()[:1] == [(0.31, 0.28)]


def test_a_deals_party_sentences_are_stored_beside_its_quote_even_in_a_store_from_before_them(tmp_path):
    make_articles(tmp_path / "in", 1)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    db = tmp_path / "out/summaries.db"
    with sqlite3.connect(db) as conn:
        for column in ("buyer_quote", "buyer_quote_start", "buyer_quote_end", "seller_quote", "seller_quote_start",
                       "seller_quote_end"):
            conn.execute(f"alter table acquisitions drop column {column}")
    output = find_outputs(tmp_path / "out")[0]
    record = json.loads(output.record_path.read_text())
    record["acquisitions"][0]["seller_evidence"] = {"quote": "The maker confirmed it.", "start": 7, "end": 30,
                                                        "match": "sentence"}
    record["acquisitions"][0]["buyer_evidence"] = {"quote": "Chile gets them.", "start": 40, "end": 56,
                                                   "match": "sentence"}
    output.record_path.write_text(json.dumps(record))
    assert sync_store(db, tmp_path / "out").left_out == []
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select buyer_quote, buyer_quote_start, buyer_quote_end, seller_quote, "
                              "seller_quote_start, seller_quote_end from acquisitions").fetchall()
    assert stored[0] == ("Chile gets them.", 40, 56, "The maker confirmed it.", 7, 30)
    assert all(row == (None,) * 6 for row in stored[1:])
