"""Rewrite the families table of docs/rules.md from the registry (src/summarise/extraction/rules/registry.py).

    python scripts/rules_doc.py          # rewrite it
    python scripts/rules_doc.py --check  # exit 1 when the page is stale
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from summarise.extraction.rules.registry import rules_table  # noqa: E402

PAGE = ROOT / "docs" / "rules.md"
MEASURED = ROOT / "docs" / "rules-ablation.json"  # bench/eval.py --ablate --save-ablation docs/rules-ablation.json
BEGIN, END = "<!-- rules: begin (make rules-doc writes this table) -->", "<!-- rules: end -->"


def with_table(page: str) -> str:
    head, rest = page.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    measured = json.loads(MEASURED.read_text(encoding="utf-8")) if MEASURED.is_file() else None
    return f"{head}{BEGIN}\n{rules_table(measured)}\n{END}{tail}"


def main() -> int:
    page = PAGE.read_text(encoding="utf-8")
    written = with_table(page)
    if "--check" in sys.argv:
        return 0 if written == page else 1
    PAGE.write_text(written, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
