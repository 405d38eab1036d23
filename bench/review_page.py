"""The review page as OUT grows: its size, and seconds for headless Chromium to open it and run its script.

Uses bench/register_scale.py's generated summaries (one deal, a few parties each). Static is
`summarise review OUT`; served is the workbench's page (`--serve`), which carries the decision controls.

    python bench/review_page.py [--sizes 100,500,1000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from register_scale import write_summary  # noqa: E402
from summarise.outputs.found import read_outputs  # noqa: E402
from summarise.workbench.review import review_page  # noqa: E402


def opened_in(page: Path) -> float:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    started = time.perf_counter()
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                    "--dump-dom", page.as_uri()], capture_output=True, timeout=600, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,500,1000")
    sizes = [int(n) for n in parser.parse_args().sizes.split(",")]
    print("| articles | static MB | static s | served MB | served s |")
    print("| --- | --- | --- | --- | --- |")
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "out"
            out.mkdir()
            for i in range(size):
                write_summary(out, i)
            outputs, _ = read_outputs(out)
            row = [str(size)]
            for token in (None, "token"):
                page = Path(scratch) / f"page-{token}.html"
                page.write_text(review_page(outputs, [], token), encoding="utf-8")
                row += [f"{page.stat().st_size / 1e6:.1f}", f"{opened_in(page):.1f}"]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
