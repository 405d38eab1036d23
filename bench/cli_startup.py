"""How long `summarise --help` takes: the command line imports only click and light modules until a
command runs (openai, instructor and the pydantic models load on first use).

    python bench/cli_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    command = [shutil.which("summarise") or sys.executable, "--help"]
    if command[0] == sys.executable:
        command = [sys.executable, "-m", "summarise", "--help"]
    seconds = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    print(f"summarise --help: median {statistics.median(seconds):.2f} s, best {min(seconds):.2f} s "
          f"over {args.runs} runs (target 0.3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
