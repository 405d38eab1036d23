"""Extraction quality: summarise a folder, then score it against hand annotations.

    python bench/eval.py GOLD_DIR ARTICLES_DIR [--out DIR] [--scorer PATH] [summarise options...]

Runs `summarise batch ARTICLES_DIR -o DIR` (resumable: unchanged articles are
skipped, so re-scoring is free) and then the shared scorer
(`../shared/tools/score.py` by default), which prints precision, recall and F1
per category, macro F1 and the share of evidence quotes found verbatim.
Any further options go to `summarise batch` (for example --base-url, --model).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "eval")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "tools" / "score.py")
    args, batch_options = parser.parse_known_args()
    if not args.scorer.is_file():
        print(f"{args.scorer}: scorer not found (pass --scorer)", file=sys.stderr)
        return 2
    batch = [sys.executable, "-m", "summarise", "batch", str(args.articles), "-o", str(args.out), *batch_options]
    status = subprocess.run(batch).returncode
    if status not in (0, 3):  # 3: some articles failed; score the rest
        return status
    return subprocess.run([sys.executable, str(args.scorer), str(args.gold), str(args.out),
                           "--articles", str(args.articles)]).returncode


if __name__ == "__main__":
    sys.exit(main())
