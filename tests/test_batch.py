import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from summarise.extraction.rules import ALL_ON
from summarise.batch.runner import Batch, RunKey
from summarise.extraction.prompts import load_prompts

from articles import ARTICLE, GOOD_DRAFT
from fake_server import FakeOpenAI
from fakes import ScriptedEndpoint


def make_articles(folder: Path, count: int) -> None:
    for i in range(count):
        path = folder / f"feed/{i % 3}/article-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.replace("12 Hermes", f"{i + 2} Hermes"))


def run_batch(src, out, endpoint, model="fake-model", rules=ALL_ON, **kwargs):
    prompts = load_prompts()
    batch = Batch(source=src, out=out, key=RunKey(prompts.version, model, rules=rules), **kwargs)

    @contextmanager
    def factory():
        yield endpoint.llm(model=model)

    return batch.run(factory, prompts)


def test_every_article_once_then_skipped(tmp_path):
    make_articles(tmp_path / "in", 5)
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    report = run_batch(tmp_path / "in", tmp_path / "out", endpoint, jobs=3)
    assert (report.done, report.failed, report.skipped) == (5, 0, 0)
    assert (tmp_path / "out/feed/0/article-000.txt.json").exists()
    lines = (tmp_path / "out/summaries.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(
        f"feed/{i % 3}/article-{i:03d}.txt" for i in range(5))
    again = run_batch(tmp_path / "in", tmp_path / "out", endpoint)
    assert (again.done, again.skipped) == (0, 5) and len(endpoint.requests) == 5 * len(load_prompts().passes)


def test_changed_article_or_model_is_redone(tmp_path):
    make_articles(tmp_path / "in", 3)
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    run_batch(tmp_path / "in", tmp_path / "out", endpoint)
    (tmp_path / "in/feed/1/article-001.txt").write_text(ARTICLE + "\nMore news.")
    assert run_batch(tmp_path / "in", tmp_path / "out", endpoint).done == 1
    assert run_batch(tmp_path / "in", tmp_path / "out", endpoint, model="other").done == 3
    assert run_batch(tmp_path / "in", tmp_path / "out", endpoint, model="other", force=True).done == 3
    assert len((tmp_path / "out/summaries.jsonl").read_text().splitlines()) == 3


def test_bad_articles_are_isolated(tmp_path):
    make_articles(tmp_path / "in", 2)
    (tmp_path / "in/empty.txt").write_text("")
    (tmp_path / "in/binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "in/notes.csv").write_text("ignored")
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert (report.done, report.failed) == (2, 2)
    errors = {e["id"]: e for e in map(json.loads, (tmp_path / "out/errors.jsonl").read_text().splitlines())}
    assert errors["empty.txt"]["kind"] == "input" and "empty" in errors["empty.txt"]["message"]
    assert "binary" in errors["binary.txt"]["message"]


def test_article_failing_validation_is_one_error_line(tmp_path):
    make_articles(tmp_path / "in", 2)
    endpoint = ScriptedEndpoint(["not json"])
    report = run_batch(tmp_path / "in", tmp_path / "out", endpoint)
    assert report.failed == 2
    kinds = [json.loads(line)["kind"] for line in (tmp_path / "out/errors.jsonl").read_text().splitlines()]
    assert kinds == ["extraction", "extraction"]


def cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "summarise", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_faults_end_with_every_article_summarised_exactly_once(tmp_path):
    make_articles(tmp_path / "in", 24)
    server = FakeOpenAI(delay=0.01, faults=True, hang=3, answers=[json.dumps(GOOD_DRAFT)]).start()
    try:
        result = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "6", "--quiet",
                     "--base-url", server.base_url, "--model", "fake", "--timeout", "1", "--max-retries", "2")
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert len(server.completed) == 24 * len(load_prompts(passes="one").passes) and set(server.completed.values()) == {1}
    lines = (tmp_path / "out/summaries.jsonl").read_text().splitlines()
    assert len(lines) == 24 and len({json.loads(line)["id"] for line in lines}) == 24
    assert (tmp_path / "out/errors.jsonl").read_text() == ""


def comparable(out: Path) -> dict:
    result = {}
    for path in sorted(out.rglob("*.txt.json")):
        record = json.loads(path.read_text())
        record.pop("provenance")
        result[path.relative_to(out).as_posix()] = record
    return result


def test_kill_9_mid_run_then_rerun_matches_an_uninterrupted_run(tmp_path):
    make_articles(tmp_path / "in", 40)
    server = FakeOpenAI(delay=0.15, answers=[json.dumps(GOOD_DRAFT)]).start()
    common = ["--quiet", "--base-url", server.base_url, "--model", "fake", "-j", "4"]
    try:
        assert cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "clean"), *common).returncode == 0
        process = subprocess.Popen([sys.executable, "-m", "summarise", "batch", str(tmp_path / "in"),
                                    "-o", str(tmp_path / "crashed"), *common])
        deadline = time.monotonic() + 60
        while len(list((tmp_path / "crashed").rglob("*.txt.json"))) < 10 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        written_before = {p.name for p in (tmp_path / "crashed").rglob("*.txt.json")}
        assert 0 < len(written_before) < 40
        server.requests.clear()
        rerun = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "crashed"), *common)
    finally:
        server.shutdown()
    assert rerun.returncode == 0, rerun.stderr
    passes = len(load_prompts().passes)
    assert sum(server.requests.values()) <= (40 - len(written_before)) * passes  # nothing written is asked again
    assert comparable(tmp_path / "crashed") == comparable(tmp_path / "clean")
    lines = (tmp_path / "crashed/summaries.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(
        json.loads(line)["id"] for line in (tmp_path / "clean/summaries.jsonl").read_text().splitlines())
    assert not list((tmp_path / "crashed").rglob("*.tmp"))


def test_exit_status_3_when_some_articles_failed(tmp_path):
    make_articles(tmp_path / "in", 1)
    (tmp_path / "in/empty.txt").write_text("   ")
    server = FakeOpenAI().start()
    try:
        result = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--base-url", server.base_url,
                     "--model", "fake")
    finally:
        server.shutdown()
    assert result.returncode == 3
    assert "1 done, 0 skipped, 1 failed of 2" in result.stderr


def test_html_article_gets_its_extracted_text_stored_beside_the_summary(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[1:])
    page = (f"<html><head><title>Peru Buys Patrol Drones</title></head><body><nav>Home World Subscribe</nav>"
            f"<article><h1>Peru Buys Patrol Drones</h1>{body}</article><footer>Copyright</footer></body></html>")
    (tmp_path / "in").mkdir()
    (tmp_path / "in/page.html").write_text(page)
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert report.done == 1
    record = json.loads((tmp_path / "out/page.html.json").read_text())
    text = (tmp_path / "out/page.html.text.txt").read_text(encoding="utf-8")
    assert record["title"] == "Peru Buys Patrol Drones" and "Subscribe" not in text
    for item in [*record["actors"], *record["acquisitions"], *record["stances"]]:
        evidence = item["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["quote"]


def test_the_index_and_store_hold_only_this_tools_outputs_and_odd_json_stops_nothing(tmp_path):
    make_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    (out / "feed/0").mkdir(parents=True)
    (out / "package.json").write_text('{"name": "pkg"}')  # someone else's file in OUT
    (out / "feed/0/article-000.txt.json").write_text("null")  # valid JSON that is not a summary
    report = run_batch(tmp_path / "in", out, ScriptedEndpoint([GOOD_DRAFT]))
    assert (report.done, report.failed) == (2, 0)
    ids = [json.loads(line)["id"] for line in (out / "summaries.jsonl").read_text().splitlines()]
    assert sorted(ids) == ["feed/0/article-000.txt", "feed/1/article-001.txt"]
    assert (out / "package.json").read_text() == '{"name": "pkg"}'


def test_an_output_folder_inside_the_input_folder_is_never_read_as_input(tmp_path):
    make_articles(tmp_path / "in", 2)
    endpoint = ScriptedEndpoint([GOOD_DRAFT])
    run_batch(tmp_path / "in", tmp_path / "in/out", endpoint)
    again = run_batch(tmp_path / "in", tmp_path / "in/out", endpoint)
    assert (again.total, again.skipped) == (2, 2)
    assert not (tmp_path / "in/out/out").exists()


def test_the_input_folder_as_output_folder_is_refused(tmp_path):
    from summarise.errors import ConfigError

    make_articles(tmp_path / "in", 1)
    with pytest.raises(ConfigError, match="the output folder is the input folder"):
        run_batch(tmp_path / "in", tmp_path / "in", ScriptedEndpoint([GOOD_DRAFT]))


def test_a_batch_removes_only_its_own_temp_files(tmp_path):
    make_articles(tmp_path / "in", 1)
    keep = tmp_path / "out/keep/.important.tmp"
    keep.parent.mkdir(parents=True)
    keep.write_text("x")
    torn = tmp_path / "out/.a.txt.json.k3j_9x2q.tmp"
    torn.write_text("{")
    run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert keep.read_text() == "x" and not torn.exists()


def test_a_symlink_out_of_the_input_folder_is_not_followed(tmp_path):
    make_articles(tmp_path / "in", 1)
    secret = tmp_path / "elsewhere/secret.txt"
    secret.parent.mkdir()
    secret.write_text(ARTICLE)
    (tmp_path / "in/link.txt").symlink_to(secret)
    report = run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    assert report.total == 1 and not (tmp_path / "out/link.txt.json").exists()


def test_outputs_follow_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        make_articles(tmp_path / "in", 1)
        run_batch(tmp_path / "in", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    finally:
        os.umask(previous)
    assert (tmp_path / "out/feed/0/article-000.txt.json").stat().st_mode & 0o777 == 0o644
