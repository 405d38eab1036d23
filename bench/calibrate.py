"""Measure how often items are right at each probability, and write the calibration the tool reads.

    python bench/calibrate.py [--runs DIR] [--gold DIR] [--write]

Reads the summaries of a `bench/eval.py` run (default: out/eval/runs/all-on, every rule on) and the gold
files beside them, judges each kept deal and stance right or wrong by the shared scorer's rules, and fits,
per category, the share right against the model's probability: items in equal-count groups by
probability, each group a point (its mean probability, its share right with one right and one wrong
added), adjacent groups pooled until the shares rise with the probability. It prints the points and, to
show what the calibration is worth on articles it was not fitted on, the Brier score and the calibration
error of the probability and of the confidence with each article's items read off points fitted on the
other articles. --write puts the points into src/summarise/extraction/calibration.json under the model
that wrote the summaries (`make calibrate`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from eval import judged_items  # noqa: E402  bench/eval.py: the items of a run, judged by the shared scorer
from summarise.extraction.confidence import read_off  # noqa: E402

CALIBRATION = ROOT / "src" / "summarise" / "extraction" / "calibration.json"
ITEMS_PER_GROUP = 20
MAX_GROUPS = 6
BANDS = [0.0, 0.25, 0.5, 0.75, 1.01]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=Path, default=ROOT / "out" / "eval" / "runs" / "all-on")
    parser.add_argument("--gold", type=Path, default=ROOT / "out" / "eval" / "gold")
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "tools" / "score.py")
    parser.add_argument("--write", action="store_true", help="write the points into the tool's calibration.json")
    args = parser.parse_args()
    items = [i for i in judged_items(args.gold, args.runs, args.scorer)
             if i["item"].get("probability") is not None]
    if not items:
        print(f"{args.runs}: no judged item has a probability (run bench/eval.py first)", file=sys.stderr)
        return 1
    points = {}
    for category in ("acquisitions", "stances"):
        judged = [(i["item"]["probability"], i["right"], i["article"]) for i in items if i["category"] == category]
        points[category] = fitted_points([(p, right) for p, right, _ in judged])
        print(f"{category}: {len(judged)} items; points (probability, share right): "
              + ", ".join(f"({p:.3f}, {s:.3f})" for p, s in points[category]))
        print_held_out(judged)
    if args.write:
        write(points, model_of(args.runs), {c: sum(i["category"] == c for i in items) for c in points})
    return 0


def fitted_points(judged: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """(mean probability, smoothed share right) of equal-count groups, pooled until the shares rise."""
    judged = sorted(judged)
    count = max(1, min(MAX_GROUPS, len(judged) // ITEMS_PER_GROUP))
    groups = [judged[len(judged) * k // count: len(judged) * (k + 1) // count] for k in range(count)]
    pooled: list[list[tuple[float, bool]]] = []
    for group in groups:
        pooled.append(group)
        while len(pooled) > 1 and share(pooled[-2]) >= share(pooled[-1]):
            last = pooled.pop()
            pooled[-1] = pooled[-1] + last
    return [(round(sum(p for p, _ in g) / len(g), 3), round(share(g), 3)) for g in pooled]


def share(group: list[tuple[float, bool]]) -> float:
    return (sum(right for _, right in group) + 1) / (len(group) + 2)


def print_held_out(judged: list[tuple[float, bool, str]]) -> None:
    """Brier score and calibration error of the probability, and of the confidence with each article's items
    read off points fitted on the other articles."""
    fitted_without = {article: tuple(fitted_points([(p, r) for p, r, a in judged if a != article]))
                      for article in {a for _, _, a in judged}}
    confidences = [(read_off(fitted_without[article], p), right) for p, right, article in judged]
    raw = [(p, right) for p, right, _ in judged]
    print(f"  held out by article: Brier {brier(raw):.3f} -> {brier(confidences):.3f}, "
          f"calibration error {calibration_error(raw):.3f} -> {calibration_error(confidences):.3f} "
          f"(probability -> confidence)")


def brier(pairs: list[tuple[float, bool]]) -> float:
    return sum((p - right) ** 2 for p, right in pairs) / len(pairs)


def calibration_error(pairs: list[tuple[float, bool]]) -> float:
    """Items by band of value: the gap between mean value and share right, weighted by the band's size."""
    error = 0.0
    for low, high in zip(BANDS, BANDS[1:]):
        band = [(p, right) for p, right in pairs if low <= p < high]
        if band:
            error += abs(sum(p for p, _ in band) / len(band) - sum(r for _, r in band) / len(band)) * len(band)
    return error / len(pairs)


def model_of(runs: Path) -> str:
    summary = next(p for p in sorted(runs.glob("*.json")) if p.name != "run-report.json")
    return json.loads(summary.read_text(encoding="utf-8"))["provenance"]["model"]


def write(points: dict, model: str, counts: dict) -> None:
    fitted = json.loads(CALIBRATION.read_text(encoding="utf-8")) if CALIBRATION.exists() else {}
    models = fitted.setdefault("models", {})
    fingerprint = hashlib.sha256(json.dumps(points, sort_keys=True).encode()).hexdigest()[:8]  # two fits a day differ
    models[model] = {"name": f"{model} {date.today().isoformat()} {fingerprint}",
                     "fitted_on": f"bench/calibrate.py: {counts['acquisitions']} deals and {counts['stances']} "
                                  "stances of the development set (39 articles)",
                     "points": {c: [list(p) for p in pts] for c, pts in points.items()}}
    text = re.sub(r"\[\s+([0-9.]+),\s+([0-9.]+)\s+\]", r"[\1, \2]", json.dumps(fitted, indent=2))  # a point a line
    CALIBRATION.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {CALIBRATION.relative_to(ROOT)} for {model}")


if __name__ == "__main__":
    raise SystemExit(main())
