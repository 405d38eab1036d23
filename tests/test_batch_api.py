"""Bulk runs: one pass for strong models, the provider Batch API, and batch files for a cluster."""
import json
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from summarise import AnswersMissing, requests_for, summary_from
from summarise.extraction.prompts import load_prompts
from summarise.llm.backends import EndpointConfig, remote_llm
from summarise.llm.batch_api import BatchApi, RequestsFile, ResultsFile
from summarise.batch.runner import Batch, RunKey

from articles import ARTICLE, GOOD_DRAFT
from fake_server import FakeOpenAI, completion
from test_batch import cli, make_articles

ANSWER = json.dumps(GOOD_DRAFT)


@pytest.fixture
def server():
    fake = FakeOpenAI(answers=[ANSWER]).start()
    yield fake
    fake.shutdown()


def run_rounds(src, out, server, exchange, passes="one"):
    prompts = load_prompts(passes=passes)
    batch = Batch(source=src, out=out, key=RunKey(prompts.version, "fake"), jobs=4)

    @contextmanager
    def factory():
        yield remote_llm(EndpointConfig(base_url=server.base_url, model="fake"))

    return batch.run_in_rounds(factory, prompts, exchange)


def direct_requests(server) -> int:
    """Chat requests sent one by one, not through a batch."""
    return sum(server.requests.values()) - server.answered_in_batches


def indexed(out) -> list[str]:
    return [json.loads(line)["id"] for line in (out / "summaries.jsonl").read_text().splitlines()]


def test_fifty_articles_in_one_batch(tmp_path, server):
    make_articles(tmp_path / "in", 50)
    report = run_rounds(tmp_path / "in", tmp_path / "out", server, BatchApi(tmp_path / "out", first_poll_s=0.01))
    assert (report.done, report.failed) == (50, 0)
    assert len(server.batches) == 1 and len(server.batches["batch-1"]["lines"]) == 50
    assert direct_requests(server) == 0
    assert len(indexed(tmp_path / "out")) == 50
    record = json.loads((tmp_path / "out/feed/0/article-000.txt.json").read_text())
    assert record["acquisitions"][0]["buyer"] == "Peru" and record["provenance"]["passes"] == "one"


def test_failed_lines_are_asked_again_as_ordinary_requests(tmp_path, server):
    make_articles(tmp_path / "in", 10)
    server.failing_lines = 3
    report = run_rounds(tmp_path / "in", tmp_path / "out", server, BatchApi(tmp_path / "out", first_poll_s=0.01))
    assert (report.done, report.failed) == (10, 0)
    assert len(server.batches) == 1 and direct_requests(server) == 3


def test_focused_passes_go_as_successive_batches(tmp_path, server):
    make_articles(tmp_path / "in", 4)
    report = run_rounds(tmp_path / "in", tmp_path / "out", server, BatchApi(tmp_path / "out", first_poll_s=0.01),
                        passes="focused")
    assert report.done == 4
    assert [len(b["lines"]) for b in server.batches.values()] == [4, 4, 4]


def test_a_file_over_the_size_limit_is_split_into_several_batches(tmp_path, server):
    make_articles(tmp_path / "in", 6)
    one_line = len(json.dumps(requests_for(ARTICLE, model="fake")[0])) + 1
    api = BatchApi(tmp_path / "out", max_bytes=one_line * 2 + 100, first_poll_s=0.01)
    report = run_rounds(tmp_path / "in", tmp_path / "out", server, api)
    assert report.done == 6
    assert len(server.batches) == 3 and direct_requests(server) == 0


def test_a_run_killed_while_it_waits_resumes_the_same_batch(tmp_path, server):
    make_articles(tmp_path / "in", 8)
    server.hold_batches = True
    command = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--base-url", server.base_url,
               "--model", "fake", "--batch-api", "--batch-poll", "0.05"]
    process = subprocess.Popen([sys.executable, "-m", "summarise", *command], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not server.batches and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # polling the held batch
    process.send_signal(signal.SIGKILL)
    process.wait()
    files_before = len(server.files)
    server.hold_batches = False
    rerun = cli(*command)
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming 1 batch(es) sent by an earlier run" in rerun.stderr
    assert len(server.batches) == 1  # nothing submitted again
    assert len(server.files) == files_before + 1  # only the results were added
    assert sorted(indexed(tmp_path / "out")) == sorted(f"feed/{i % 3}/article-{i:03d}.txt" for i in range(8))


def test_requests_written_for_a_cluster_and_results_read_back(tmp_path, server):
    make_articles(tmp_path / "in", 5)
    requests_file = tmp_path / "requests.jsonl"
    first = run_rounds(tmp_path / "in", tmp_path / "out", server, RequestsFile(requests_file, tmp_path / "out"))
    assert (first.done, first.waiting) == (0, 5)
    lines = [json.loads(line) for line in requests_file.read_text().splitlines()]
    assert len(lines) == 5 and lines[0]["url"] == "/v1/chat/completions"
    assert lines[0]["body"]["response_format"]["type"] == "json_schema"
    results = tmp_path / "results.jsonl"  # what `vllm run-batch` writes
    results.write_text("".join(json.dumps({"id": f"r{n}", "custom_id": line["custom_id"], "error": None,
                                           "response": {"status_code": 200, "body": completion(ANSWER)}}) + "\n"
                               for n, line in enumerate(lines)))
    second = run_rounds(tmp_path / "in", tmp_path / "out", server, ResultsFile(results, tmp_path / "out"))
    assert (second.done, second.failed) == (5, 0) and sum(server.requests.values()) == 0


def test_one_pass_is_one_request_per_article(tmp_path, server):
    make_articles(tmp_path / "in", 6)
    result = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--base-url", server.base_url,
                 "--model", "fake", "-q")
    assert result.returncode == 0, result.stderr
    assert sum(server.requests.values()) == 6


def test_the_batch_api_is_refused_for_the_embedded_model(tmp_path):
    make_articles(tmp_path / "in", 1)
    result = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--batch-api")
    assert result.returncode == 2 and "for a remote endpoint" in result.stderr


def test_an_estimate_calls_no_model(tmp_path, server):
    make_articles(tmp_path / "in", 4)
    result = cli("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--base-url", server.base_url,
                 "--model", "fake", "--estimate")
    assert result.returncode == 0
    assert "4 articles to do, 4 requests" in result.stdout and "input tokens" in result.stdout
    assert sum(server.requests.values()) == 0 and not (tmp_path / "out").exists()


def test_the_library_halves_give_the_summary_a_run_would(tmp_path):
    (line,) = requests_for(ARTICLE, model="fake")
    assert requests_for(ARTICLE, model="fake", answers={line["custom_id"]: completion(ANSWER)}) == []
    summary = summary_from(ARTICLE, {line["custom_id"]: completion(ANSWER)}, model="fake")
    assert summary.acquisitions[0].buyer == "Peru" and summary.provenance.passes == "one"


def test_the_library_halves_with_focused_passes_go_in_rounds():
    answers = {}
    for _ in range(3):
        (line,) = requests_for(ARTICLE, model="fake", answers=answers, passes="focused")
        answers[line["custom_id"]] = {"custom_id": line["custom_id"],
                                      "response": {"status_code": 200, "body": completion(ANSWER)}}
    assert requests_for(ARTICLE, model="fake", answers=answers, passes="focused") == []
    assert len(summary_from(ARTICLE, answers, model="fake", passes="focused").stances) == 2
    with pytest.raises(AnswersMissing) as missing:
        summary_from(ARTICLE, {}, model="fake", passes="focused")
    assert missing.value.requests[0]["custom_id"].startswith("<text>#actors#")


def test_transient_faults_while_polling_are_ridden_out(tmp_path, server):
    make_articles(tmp_path / "in", 3)
    server.poll_faults = 3
    report = run_rounds(tmp_path / "in", tmp_path / "out", server, BatchApi(tmp_path / "out", first_poll_s=0.01))
    assert (report.done, report.failed) == (3, 0) and server.poll_faults == 0


def test_an_answer_to_a_poll_that_is_not_a_batch_stops_the_wait_with_a_message(tmp_path, server):
    from summarise.errors import EndpointError

    make_articles(tmp_path / "in", 2)
    server.polls_not_a_batch = True
    started = time.monotonic()
    with pytest.raises(EndpointError, match="not a batch"):
        run_rounds(tmp_path / "in", tmp_path / "out", server, BatchApi(tmp_path / "out", first_poll_s=0.01))
    assert time.monotonic() - started < 10


def test_a_results_file_is_counted_line_by_line_and_another_models_answer_is_recorded(tmp_path, server, caplog):
    make_articles(tmp_path / "in", 3)
    requests_file = tmp_path / "requests.jsonl"
    run_rounds(tmp_path / "in", tmp_path / "out", server, RequestsFile(requests_file, tmp_path / "out"))
    lines = [json.loads(line) for line in requests_file.read_text().splitlines()]

    def answer(custom_id, model="fake", content=ANSWER):
        body = {**completion(content), "model": model}
        return json.dumps({"custom_id": custom_id, "error": None, "response": {"status_code": 200, "body": body}})

    results = tmp_path / "results.jsonl"
    results.write_text("\n".join([
        answer(lines[0]["custom_id"]),
        answer(lines[0]["custom_id"], content="{ a later, different answer"),  # duplicate: the first is kept
        answer(lines[1]["custom_id"], model="other-model"),
        answer(lines[2]["custom_id"]),
        answer("request-of-another-run"),
        "[1, 2, 3]",
    ]) + "\n")
    with caplog.at_level("WARNING"):
        report = run_rounds(tmp_path / "in", tmp_path / "out", server, ResultsFile(results, tmp_path / "out"))
    assert (report.done, report.failed) == (3, 0) and sum(server.requests.values()) == 0
    said = caplog.text
    assert "3 answers read, 0 failed" in said and "1 lines repeat a custom_id" in said
    assert "1 lines answer requests this run did not send" in said and "1 lines are not JSON objects" in said
    assert "1 answers say they came from 'other-model', not 'fake'" in said
    answered_by = [json.loads(p.read_text())["provenance"]["calls"][0].get("answered_by")
                   for p in sorted((tmp_path / "out").rglob("*.txt.json"))]
    assert sorted(answered_by, key=str) == [None, None, "other-model"]
