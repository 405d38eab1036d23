"""Batch throughput against a fake OpenAI-compatible server with a fixed delay.

Runs `summarise batch` over generated articles with -j 1 and -j 16 (one pass, the remote default) and
with -j 16 in focused passes, and prints articles per minute, the speed-up, and the tool's own CPU time
per article for each extraction strategy.

    python bench/batch_throughput.py [--articles 200] [--delay 0.5]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fake_server import FakeOpenAI  # noqa: E402

TEMPLATE = ("Country {i} Orders Drones\nCountry {i} has ordered {i} reconnaissance drones from Example Aero, "
            "its defence ministry said on day {i}. Officials in the capital praised the deal.\n")
# A full answer for every pass (actors, acquisitions, stances), grounded in each generated article.
ANSWER = json.dumps({
    "actors": [{"name": "Country", "kind": "state"}, {"name": "Example Aero", "kind": "company"}],
    "acquisitions": [{"buyer": "Country", "seller": "Example Aero", "system": "reconnaissance drones",
                      "quantity": None, "status": "ordered", "sentence": 2}],
    "stances": [{"holder": "Country", "target": "the drone deal", "position": "support", "sentence": 3}],
})


def generate(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"article-{i:04d}.txt").write_text(TEMPLATE.format(i=i))


def run(folder: Path, out: Path, jobs: int, base_url: str, passes: str = "one") -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "summarise", "batch", str(folder), "-o", str(out), "-j", str(jobs),
                    "--quiet", "--base-url", base_url, "--model", "fake", "--passes", passes], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args()
    server = FakeOpenAI(delay=args.delay, answers=[ANSWER]).start()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        generate(folder, args.articles)
        empty = Path(tmp) / "empty"
        empty.mkdir()
        _, startup_cpu = run(empty, Path(tmp) / "out-empty", 1, server.base_url)
        print(f"start-up (imports, prompt loading): {startup_cpu * 1000:.0f} ms CPU, subtracted below")
        results = {}
        for passes, jobs in (("one", 1), ("one", 16), ("focused", 16)):
            wall, cpu = run(folder, Path(tmp) / f"out-{passes}-{jobs}", jobs, server.base_url, passes)
            results[passes, jobs] = wall
            per_article = (cpu - startup_cpu) * 1000 / args.articles
            print(f"--passes {passes:7s} -j {jobs:2d}: {args.articles} articles in {wall:6.1f} s = "
                  f"{args.articles * 60 / wall:7.1f} articles/min, tool CPU {per_article:.2f} ms/article")
    server.shutdown()
    print(f"speed-up at -j 16 (one pass): {results['one', 1] / results['one', 16]:.1f}x")


if __name__ == "__main__":
    main()
