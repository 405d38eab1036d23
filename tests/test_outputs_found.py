"""Files in OUT are read back as untrusted: only summaries this tool wrote reach the store, the page and
the register; a broken or foreign one is named and left out, and nothing else stops."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.outputs.found import find_outputs, read_outputs

from articles import GOOD_DRAFT
from fakes import ScriptedEndpoint
from test_batch import make_articles, run_batch


def key_deleted(path):
    record = json.loads(path.read_text())
    del record["acquisitions"][0]["buyer"]
    path.write_text(json.dumps(record))


def wrong_type(path):
    record = json.loads(path.read_text())
    record["actors"] = "Peru"
    path.write_text(json.dumps(record))


def not_json(path):
    path.write_text("{ hand-edited")


def text_not_utf8(path):
    path.with_name(path.name.removesuffix(".json") + ".text.txt").write_bytes(b"Peru \xff\xfe bought")


BREAKAGES = [key_deleted, wrong_type, not_json, text_not_utf8]


def batch_of_three(tmp_path):
    make_articles(tmp_path / "in", 3)
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    return find_outputs(tmp_path / "out")


def articles_in_store(out):
    with sqlite3.connect(out / "summaries.db") as db:
        return {row[0] for row in db.execute("select id from articles")}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_review_and_register_name_a_broken_summary_and_show_the_rest(tmp_path, breakage):
    outputs = batch_of_three(tmp_path)
    breakage(outputs[0].record_path)
    out = tmp_path / "out"
    found, left_out = read_outputs(out)
    assert [f.article_id for f in found] == [o.article_id for o in outputs[1:]]
    assert [left.article_id for left in left_out] == [outputs[0].article_id]
    runner = CliRunner()
    review = runner.invoke(cli, ["review", str(out)])
    assert review.exit_code == 0, review.output
    assert f"{outputs[0].article_id}: left out" in review.output and "2 articles" in review.output
    register = runner.invoke(cli, ["register", str(out)])
    assert register.exit_code == 0, register.output
    assert f"{outputs[0].article_id}: left out" in register.output


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_next_batch_redoes_a_broken_summary_whose_article_is_still_there(tmp_path, breakage):
    outputs = batch_of_three(tmp_path)
    breakage(outputs[0].record_path)
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert (report.done, report.skipped, report.failed) == (1, 2, 0)
    assert len(read_outputs(tmp_path / "out")[0]) == 3
    assert len(articles_in_store(tmp_path / "out")) == 3
    assert json.loads((tmp_path / "out/run-report.json").read_text())["left_out"] == []


def test_a_broken_summary_whose_article_is_gone_is_left_out_of_the_store_and_reported(tmp_path):
    outputs = batch_of_three(tmp_path)
    not_json(outputs[0].record_path)
    (tmp_path / "in" / outputs[0].article_id).unlink()
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert report.skipped == 2 and report.left_out == [f"{outputs[0].article_id}: left out (the summary is not JSON)"]
    assert articles_in_store(tmp_path / "out") == {o.article_id for o in outputs[1:]}
    assert json.loads((tmp_path / "out/run-report.json").read_text())["left_out"] == report.left_out


def test_a_text_linked_to_a_file_elsewhere_is_never_read(tmp_path):
    outputs = batch_of_three(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash")
    outputs[0].text_path.unlink()
    outputs[0].text_path.symlink_to(secret)
    out = tmp_path / "out"
    _, left_out = read_outputs(out)
    assert [left.article_id for left in left_out] == [outputs[0].article_id]
    assert CliRunner().invoke(cli, ["review", str(out)]).exit_code == 0
    assert "root:x:0" not in (out / "review.html").read_text()
    (tmp_path / "in" / outputs[0].article_id).unlink()
    run_batch(tmp_path / "in", out, ScriptedEndpoint([GOOD_DRAFT]))
    with sqlite3.connect(out / "summaries.db") as db:
        assert not db.execute("select id from articles where text like '%root:x:0%'").fetchall()


def test_review_replaces_a_symlinked_page_and_leaves_its_target_alone(tmp_path):
    batch_of_three(tmp_path)
    target = tmp_path / "precious.html"
    target.write_text("keep me")
    page = tmp_path / "out/review.html"
    page.symlink_to(target)
    assert CliRunner().invoke(cli, ["review", str(tmp_path / "out")]).exit_code == 0
    assert target.read_text() == "keep me"
    assert not page.is_symlink() and "<html" in page.read_text()
