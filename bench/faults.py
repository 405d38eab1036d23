"""The batch under each fault, against the fake OpenAI-compatible server: what is done, lost, duplicated,
and how long it takes to stop.

    python bench/faults.py [--articles 8] [--only stall,sigterm] [--embedded]

Endpoint faults (every request misbehaves): stall, trickle, 500 forever, refused, garbage body, huge
answer. Run faults: SIGTERM and Ctrl-C mid-run, two runs at once on one OUT, kill -9 mid-run. Store
faults: a garbage or truncated summaries.db, one locked by another program for 3 s. A results file
(--read-results) with a failed line, a duplicate, an unknown id and lines that are not objects.
After each, the same command runs against a healthy server, and the final outputs are checked:
`lost` counts articles not summarised once all is healthy again, `duplicated` the articles indexed
more than once. `seconds` is the faulty run's length, or for a stop, from the signal to the exit.
With --embedded, a SIGTERM also stops a batch of the seeds on the embedded model while it generates.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from batch_throughput import ANSWER, generate  # noqa: E402
from fake_server import FakeOpenAI, completion  # noqa: E402

ENDPOINT_FAULTS = {"stall": "stall", "trickle": "trickle", "500 forever": "500", "garbage body": "garbage",
                   "huge answer": "huge", "refused": None}
RUN_FAULTS = ("SIGTERM mid-run", "Ctrl-C mid-run", "two runs at once", "kill -9 mid-run")
STORE_FAULTS = ("garbage store", "truncated store", "store locked 3 s by another program")
RESULTS_FAULTS = ("bad results file",)  # a failed line, a duplicate, an unknown id, lines not objects
OPTIONS = ["--timeout", "3", "--quiet"]


@dataclass
class Row:
    fault: str
    exit_codes: str
    done: int
    failed: int
    duplicated: int
    lost: int
    seconds: float

    def line(self) -> str:
        return (f"| {self.fault} | {self.exit_codes} | {self.done} | {self.failed} | {self.duplicated} | {self.lost} "
                f"| {self.seconds:.1f} |")


def command(folder: Path, out: Path, base_url: str, jobs: int) -> list[str]:
    return [sys.executable, "-m", "summarise", "batch", str(folder), "-o", str(out), "-j", str(jobs),
            "--base-url", base_url, "--model", "fake", *OPTIONS]


def report(out: Path) -> dict:
    try:
        return json.loads((out / "run-report.json").read_text())
    except (OSError, ValueError):
        return {}


def healthy_rerun(folder: Path, out: Path, articles: int) -> tuple[int, int]:
    """Duplicated and lost (from the index or the store), after the same command against a healthy server."""
    with FakeOpenAI(answers=[ANSWER]) as server:
        server.start()
        subprocess.run(command(folder, out, server.base_url, 4), capture_output=True, timeout=300)
        server.shutdown()
    ids = Counter(json.loads(line)["id"] for line in (out / "summaries.jsonl").read_text().splitlines())
    with sqlite3.connect(out / "summaries.db") as db:
        stored = Counter(row[0] for row in db.execute("select id from articles"))
    duplicated = sum(1 for n in (ids + stored).values() if n > 2)
    return duplicated, articles - min(len(ids), len(stored))


def endpoint_fault(name: str, mode: str | None, folder: Path, out: Path, articles: int) -> Row:
    server = FakeOpenAI(answers=[ANSWER], mode=mode or "ok")
    if mode is None:
        server.server_close()  # nothing listens on that port any more
    else:
        server.start()
    started = time.monotonic()
    result = subprocess.run(command(folder, out, server.base_url, 4), capture_output=True, timeout=900)
    seconds = time.monotonic() - started
    if mode is not None:
        server.shutdown()
    first = report(out)
    duplicated, lost = healthy_rerun(folder, out, articles)
    return Row(name, str(result.returncode), first.get("done", 0), first.get("failed", 0), duplicated, lost, seconds)


def wait_for_outputs(out: Path, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(list(out.rglob("*.txt.json"))) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def run_fault(name: str, folder: Path, out: Path, articles: int) -> Row:
    with FakeOpenAI(delay=0.3, answers=[ANSWER]) as server:
        server.start()
        if name == "two runs at once":
            started = time.monotonic()
            runs = [subprocess.Popen(command(folder, out, server.base_url, 2), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL) for _ in range(2)]
            codes = sorted(run.wait(timeout=600) for run in runs)
            seconds = time.monotonic() - started
        else:
            process = subprocess.Popen(command(folder, out, server.base_url, 2), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            wait_for_outputs(out, 3)
            sent = time.monotonic()
            signum = {"SIGTERM mid-run": signal.SIGTERM, "Ctrl-C mid-run": signal.SIGINT}.get(name, signal.SIGKILL)
            os.kill(process.pid, signum)
            codes = [process.wait(timeout=60)]
            seconds = time.monotonic() - sent
        server.shutdown()
    first = report(out)
    duplicated, lost = healthy_rerun(folder, out, articles)
    return Row(name, ",".join(map(str, codes)), first.get("done", 0), first.get("failed", 0), duplicated, lost,
               seconds)


def store_fault(name: str, folder: Path, out: Path, articles: int) -> Row:
    """The store is damaged or held before a run with every article to do."""
    out.mkdir(parents=True)
    db = out / "summaries.db"
    holder = None
    if name == "garbage store":
        db.write_bytes(b"not a database " * 1000)
    elif name == "truncated store":
        with sqlite3.connect(db) as conn:
            conn.execute("create table filler (x)")
            conn.executemany("insert into filler values (?)", [("x" * 200,)] * 2000)
        db.write_bytes(db.read_bytes()[:5000])
    else:
        holder = sqlite3.connect(db, check_same_thread=False)
        holder.execute("begin exclusive")
        threading.Timer(3.0, holder.rollback).start()
    with FakeOpenAI(answers=[ANSWER]) as server:
        server.start()
        started = time.monotonic()
        result = subprocess.run(command(folder, out, server.base_url, 4), capture_output=True, timeout=300)
        seconds = time.monotonic() - started
        server.shutdown()
    first = report(out)
    duplicated, lost = healthy_rerun(folder, out, articles)
    return Row(name, str(result.returncode), first.get("done", 0), first.get("failed", 0), duplicated, lost, seconds)


def results_fault(name: str, folder: Path, out: Path, articles: int) -> Row:
    """Requests written for a cluster; their results file comes back with every kind of bad line."""
    requests, results = out.parent / f"{out.name}-requests.jsonl", out.parent / f"{out.name}-results.jsonl"
    with FakeOpenAI(answers=[ANSWER]) as server:
        server.start()
        base = command(folder, out, server.base_url, 4) + ["--passes", "one"]
        subprocess.run(base + ["--write-requests", str(requests)], capture_output=True, timeout=300)
        sent = [json.loads(line) for line in requests.read_text().splitlines()]
        results.write_text("\n".join(bad_results(sent)) + "\n")
        started = time.monotonic()
        result = subprocess.run(base + ["--read-results", str(results)], capture_output=True, timeout=300)
        seconds = time.monotonic() - started
        server.shutdown()
    first = report(out)
    duplicated, lost = healthy_rerun_one_pass(folder, out, articles)
    return Row(name, str(result.returncode), first.get("done", 0), first.get("failed", 0), duplicated, lost, seconds)


def bad_results(sent: list[dict]) -> list[str]:
    def answered(line: dict, status: int = 200) -> str:
        body = completion(ANSWER) if status == 200 else {"error": {"message": "server error"}}
        return json.dumps({"custom_id": line["custom_id"], "error": None,
                           "response": {"status_code": status, "body": body}})

    lines = [answered(line) for line in sent[1:]]
    lines += [answered(sent[0], status=500)]  # failed: asked again as an ordinary request
    lines += [answered(sent[1]), json.dumps({"custom_id": "another-run", "response": {}}), "[1, 2]", "42"]
    return lines


def healthy_rerun_one_pass(folder: Path, out: Path, articles: int) -> tuple[int, int]:
    global OPTIONS
    saved, OPTIONS = OPTIONS, [*OPTIONS, "--passes", "one"]
    try:
        return healthy_rerun(folder, out, articles)
    finally:
        OPTIONS = saved


def embedded_stop(out: Path) -> Row:
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    process = subprocess.Popen([sys.executable, "-m", "summarise", "batch", str(seeds), "-o", str(out), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(25)  # the model is loaded and the first answer is being generated
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=60)
    seconds = time.monotonic() - sent
    servers = subprocess.run(["pgrep", "-f", "summarise.engine.server"], capture_output=True,
                             text=True).stdout.split()
    first = report(out)
    return Row(f"SIGTERM mid-run, embedded ({len(servers)} server left)", str(code), first.get("done", 0),
               first.get("failed", 0), 0, 0, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=8)
    parser.add_argument("--only", help="comma-separated fault names")
    parser.add_argument("--embedded", action="store_true", help="also stop a batch on the embedded model")
    args = parser.parse_args()
    chosen = set(args.only.split(",")) if args.only else None
    print("| fault | exit | done | failed | duplicated | lost | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    worst_stop = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        generate(folder, args.articles)
        for number, name in enumerate([*ENDPOINT_FAULTS, *RUN_FAULTS, *STORE_FAULTS, *RESULTS_FAULTS]):
            if chosen and name not in chosen:
                continue
            out = Path(tmp) / f"out-{number}"
            if name in ENDPOINT_FAULTS:
                row = endpoint_fault(name, ENDPOINT_FAULTS[name], folder, out, args.articles)
            elif name in STORE_FAULTS:
                row = store_fault(name, folder, out, args.articles)
            elif name in RESULTS_FAULTS:
                row = results_fault(name, folder, out, args.articles)
            else:
                row = run_fault(name, folder, out, args.articles)
                if "mid-run" in name:
                    worst_stop = max(worst_stop, row.seconds)
            print(row.line(), flush=True)
        if args.embedded:
            row = embedded_stop(Path(tmp) / "out-embedded")
            worst_stop = max(worst_stop, row.seconds)
            print(row.line(), flush=True)
    print(f"slowest stop {worst_stop:.1f} s (target 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
