"""Extraction quality on the development set: summarise, score, and measure each rule family.

    python bench/eval.py [--set GOLD_DIR:ARTICLES_DIR ...] [--out DIR] [--ablate [FAMILY ...]]
                         [summarise batch options...]

Without --set it runs the 39 articles: the three seeds (gold in ../shared/gold) and the
development set (../shared/dev/articles, gold in ../shared/dev/gold). The articles and gold
files are gathered under OUT (not into the project), summarised with `summarise batch`
(resumable) and scored with the shared scorer. It prints per-category precision, recall and F1,
macro F1, the share of evidence quotes found verbatim, deals with buyer and seller reversed,
and seconds per article.

Answers are kept in OUT/cache by request (`--response-cache`), so a change made after the
model, or a rule family switched off, is measured again without paying for the model.
--ablate runs once more with each rule family off (all of them, or those named) and prints
macro F1 on against off: the table in docs/rules.md. Further options go to `summarise batch`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_SETS = [f"{SHARED / 'gold'}:{ROOT / 'seeds'}", f"{SHARED / 'dev' / 'gold'}:{SHARED / 'dev' / 'articles'}"]
sys.path.insert(0, str(ROOT / "src"))

from summarise.extraction.rules import Rule  # noqa: E402
from summarise.extraction.statement import unstated  # noqa: E402
from summarise.schema import ArticleSummary  # noqa: E402

CONFIDENCE_BANDS = [(0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.01)]
SAMPLED_ITEMS = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="sets", action="append", metavar="GOLD_DIR:ARTICLES_DIR")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "eval")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score.py")
    parser.add_argument("--ablate", nargs="*", metavar="FAMILY",
                        help="each rule family off in turn (FAMILY,FAMILY: those together)")
    parser.add_argument("--articles-table", action="store_true", help="also print the scorer's row per article")
    parser.add_argument("--save-ablation", type=Path, metavar="FILE",
                        help="with --ablate: write macro F1 on and with each family off as JSON (make rules-doc "
                             "shows docs/rules-ablation.json in the rules table)")
    args, batch_options = parser.parse_known_args()
    if not args.scorer.is_file():
        print(f"{args.scorer}: scorer not found (pass --scorer)", file=sys.stderr)
        return 2
    articles, gold = gather(args.sets or DEFAULT_SETS, args.out)
    evaluate = Evaluation(articles, gold, args.out, args.scorer, batch_options)
    baseline = evaluate.run(rules_off=[], show_articles=args.articles_table)
    if baseline is None:
        return 1
    print(figures_line("all rules on", baseline))
    print_statements(baseline["statements"])
    print_reliability(baseline["reliability"])
    if args.ablate is not None:
        families = args.ablate or [rule.value for rule in Rule]
        runs = {family: evaluate.run(rules_off=family.split(",")) for family in families}
        print_ablation(baseline, runs)
        if args.save_ablation:
            save_ablation(args.save_ablation, baseline, runs, len(list(gold.glob("*.json"))))
    return 0


def gather(sets: list[str], out: Path) -> tuple[Path, Path]:
    """Every set's articles and gold files in one folder each, so one batch and one score cover them."""
    articles, gold = out / "articles", out / "gold"
    for folder in (articles, gold):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for pair in sets:
        gold_dir, _, article_dir = pair.rpartition(":")
        for path in sorted(Path(gold_dir).glob("*.json")):
            source = next(iter(Path(article_dir).glob(path.stem + ".*")), None)
            if source is None:
                print(f"{path}: no article {path.stem}.* in {article_dir}; skipped", file=sys.stderr)
                continue
            shutil.copyfile(path, gold / path.name)
            shutil.copyfile(source, articles / source.name)
    return articles, gold


class Evaluation:
    def __init__(self, articles: Path, gold: Path, out: Path, scorer: Path, batch_options: list[str]):
        self.articles, self.gold, self.out, self.scorer = articles, gold, out, scorer
        self.batch_options = batch_options

    def run(self, rules_off: list[str], show_articles: bool = False) -> dict | None:
        label = "-".join(rules_off) or "all-on"
        summaries = self.out / "runs" / label
        # --force: the batch's skip key knows prompts, schema, model and rules, not the code; with the answers
        # cached a run is a replay of seconds, so every run summarises again rather than trust an older output
        batch = [sys.executable, "-m", "summarise", "batch", str(self.articles), "-o", str(summaries),
                 "--response-cache", str(self.out / "cache"), "--rules-off", ",".join(rules_off), "--force",
                 *[option for option in self.batch_options if option != "--force"]]
        status = subprocess.run(batch).returncode
        if status not in (0, 3):  # 3: some articles failed; score the rest
            return None
        score = [sys.executable, str(self.scorer), str(self.gold), str(summaries), "--articles", str(self.articles)]
        if show_articles:
            subprocess.run(score)
        figures = json.loads(subprocess.run([*score, "--json"], capture_output=True, text=True, check=True).stdout)
        figures["seconds"] = seconds_per_article(summaries)
        items = judged_items(self.gold, summaries, self.scorer)
        figures["statements"] = statement_figures(items)
        figures["reliability"] = reliability(items)
        return figures


def seconds_per_article(summaries: Path) -> float | None:
    seconds = [json.loads(p.read_text(encoding="utf-8"))["provenance"]["seconds"]
               for p in summaries.glob("*.json") if p.name != "run-report.json"]
    return statistics.median(seconds) if seconds else None


def judged_items(gold_dir: Path, summaries: Path, scorer: Path) -> list[dict]:
    """Every kept acquisition and stance: its quote, what the quote leaves unnamed, its confidence, and whether
    it matches a gold item by the scorer's own rules."""
    score = load_scorer(scorer)
    items = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        found = next(summaries.glob(gold_path.stem + "*.json"), None)
        if found is None:
            continue
        summary = ArticleSummary.model_validate_json(found.read_text(encoding="utf-8"))
        for category, match in (("acquisitions", score.acq_matches), ("stances", score.stance_matches)):
            for item in getattr(summary, category):
                raw = item.model_dump(mode="json")
                matched = [g for g in gold[category] if match(gold, raw, g)]
                items.append({"article": gold_path.stem, "category": category, "item": raw,
                              "unstated": unstated(item, summary.actors),
                              "confidence": raw.get("confidence"),
                              "right": bool(matched),
                              "seller": seller_read(score, gold, raw, matched[0]) if matched and
                              category == "acquisitions" else None})
    return items


def seller_read(score, gold: dict, deal: dict, matched: dict) -> str:
    """How a deal that matches a gold deal names its supplier, which the scorer does not count: 'right',
    'wrong', 'missing' (the gold names one, the deal none) or 'none' (neither names one)."""
    if deal["seller"] is None:
        return "none" if matched.get("seller") is None else "missing"
    right = matched.get("seller") is not None and score.party_matches(gold, deal["seller"], matched["seller"])
    return "right" if right else "wrong"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SELLER_READS = ("right", "wrong", "missing", "none")


def statement_figures(items: list[dict]) -> dict:
    by_category = {}
    for category in ("acquisitions", "stances"):
        chosen = [i for i in items if i["category"] == category]
        by_category[category] = {"items": len(chosen), "stated": sum(not i["unstated"] for i in chosen)}
    by_category["sellers"] = {read: sum(i["seller"] == read for i in items) for read in SELLER_READS}
    sample = random.Random(0).sample(items, min(SAMPLED_ITEMS, len(items)))
    return {**by_category, "sample": sample}


def print_statements(figures: dict) -> None:
    shares = "  ".join(f"{c} {figures[c]['stated']} of {figures[c]['items']}" for c in ("acquisitions", "stances"))
    print(f"  evidence stating its item: {shares}")
    sellers = figures["sellers"]
    print(f"  sellers of the deals matching a gold deal: right {sellers['right']}, wrong {sellers['wrong']}, "
          f"none where the gold names one {sellers['missing']}, none where it names none {sellers['none']}")
    print(f"\n{SAMPLED_ITEMS} items sampled (seeded), with their quotes:")
    for i in figures["sample"]:
        item = i["item"]
        head = (f"{item['buyer']} <- {item['seller']}: {item['system']} ({item['quantity']}, {item['status']})"
                if i["category"] == "acquisitions" else f"{item['holder']} {item['position']} '{item['target']}'")
        verdict = ("right" if i["right"] else "wrong") + (f"; unstated: {', '.join(i['unstated'])}" if i["unstated"] else "")
        print(f"- [{i['article'][:5]}] {head} [{verdict}]\n    \"{item['evidence']['quote'][:220]}\"")


def reliability(items: list[dict]) -> list[dict]:
    """Items by confidence (the calibrated probability of a deal's recipient or a stance's position): how many
    in each band, and the share that is right."""
    rows = []
    for category in ("acquisitions", "stances"):
        rated = [i for i in items if i["category"] == category]
        for low, high in CONFIDENCE_BANDS:
            band = [i for i in rated if i["confidence"] is not None and low <= i["confidence"] < high]
            rows.append({"category": category, "band": f"{low:.2f}-{min(high, 1.0):.2f}", "items": len(band),
                         "right": sum(i["right"] for i in band)})
        unrated = [i for i in rated if i["confidence"] is None]
        rows.append({"category": category, "band": "not asked", "items": len(unrated),
                     "right": sum(i["right"] for i in unrated)})
    return rows


def print_reliability(rows: list[dict]) -> None:
    print("\n| category | confidence | items | right | share right |\n| --- | --- | --- | --- | --- |")
    for row in rows:
        share = f"{row['right'] / row['items']:.2f}" if row["items"] else "-"
        print(f"| {row['category']} | {row['band']} | {row['items']} | {row['right']} | {share} |")


def figures_line(label: str, f: dict) -> str:
    categories = "  ".join(
        f"{c} P {f[c]['precision']:.2f} R {f[c]['recall']:.2f} F1 {f[c]['f1']:.2f}"
        for c in ("actors", "acquisitions", "stances"))
    seconds = f"{f['seconds']:.1f}" if f.get("seconds") is not None else "?"
    return (f"{label}: {categories}\n  macro F1 {f['macro_f1']:.3f}  evidence located {f.get('evidence_grounded')} "
            f"of {f.get('evidence_quotes')}  reversed deals {f['reversed_deals']}  missing {f['missing_outputs']}  "
            f"median {seconds} s/article (as recorded when summarised)")


def print_ablation(baseline: dict, runs: dict[str, dict | None]) -> None:
    print("\n| family | macro F1 off | change when off | actors F1 | acquisitions F1 | stances F1 | reversed |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for family, f in runs.items():
        if f is None:
            print(f"| {family} | failed | | | | | |")
            continue
        change = f["macro_f1"] - baseline["macro_f1"]
        print(f"| {family} | {f['macro_f1']:.3f} | {change:+.3f} | {f['actors']['f1']:.2f} | "
              f"{f['acquisitions']['f1']:.2f} | {f['stances']['f1']:.2f} | {f['reversed_deals']} |")


def save_ablation(path: Path, baseline: dict, runs: dict[str, dict | None], articles: int) -> None:
    """Macro F1 with every family on and with each off, merged into what the file already holds."""
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    off = saved.get("off", {}) if saved.get("all_on") == round(baseline["macro_f1"], 3) else {}
    off.update({family: round(f["macro_f1"], 3) for family, f in runs.items() if f is not None})
    path.write_text(json.dumps({"articles": articles, "all_on": round(baseline["macro_f1"], 3),
                                "off": off}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
