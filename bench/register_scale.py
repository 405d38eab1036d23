"""The register over many summaries: seconds to build it from OUT as the number of summaries grows.

Each generated summary names two parties of its own (a company and a person, so 2 distinct names per
summary) beside a few shared states, and one deal; a tenth of the companies are also named by a
shorter form ("Vantor 17" of "Vantor 17 Systems"), so that every rule that joins names has work.

    python bench/register_scale.py [--sizes 1000,2000,4000,10000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from summarise.register import build_register  # noqa: E402
from summarise.schema import SCHEMA_VERSION  # noqa: E402

STATES = ["Chile", "Peru", "Spain", "Serbia", "China", "Turkey", "Egypt", "France"]
SYLLABLES = ["ka", "ro", "vin", "tel", "mar", "dos", "lu", "ber", "sen", "qua", "zor", "ni"]


def word(number: int) -> str:
    letters = []
    while True:
        number, rest = divmod(number, len(SYLLABLES))
        letters.append(SYLLABLES[rest])
        if not number:
            return "".join(letters).title()


def write_summary(out: Path, i: int) -> set[str]:
    buyer, seller = STATES[i % len(STATES)], f"{word(i)} Systems"
    person = f"{word(i + 7)} {word(i + 100_000)}"
    seller_written = f"{word(i)}" if i % 10 == 0 else seller
    text = (f"{buyer} ordered {i % 50 + 2} Model-{i % 300} drones from {seller_written}, said {person}, "
            f"who heads {seller}.")
    def evidence(quote: str) -> dict:
        start = text.index(quote)
        return {"quote": quote, "start": start, "end": start + len(quote), "match": "sentence"}
    record = {
        "title": None, "published": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "summary": text[:60],
        "actors": [{"name": buyer, "kind": "state", "evidence": evidence(buyer)},
                   {"name": seller, "kind": "company", "evidence": evidence(seller)},
                   {"name": seller_written, "kind": "company", "evidence": evidence(seller_written)},
                   {"name": person, "kind": "person", "evidence": evidence(person)}],
        "acquisitions": [{"buyer": buyer, "seller": seller_written, "system": f"Model-{i % 300} drones",
                          "quantity": i % 50 + 2, "status": "ordered", "evidence": evidence(text)}],
        "stances": [],
        "provenance": {"tool_version": "bench", "model": "bench", "endpoint": "embedded", "prompt_version": "p",
                       "schema_version": SCHEMA_VERSION, "article_sha256": hashlib.sha256(text.encode()).hexdigest(),
                       "source": f"a{i}.txt", "usage": {}, "attempts": 1, "seconds": 1.0,
                       "created_at": "2025-12-01T00:00:00+00:00"},
    }
    (out / f"a{i:06d}.txt.text.txt").write_text(text, encoding="utf-8")
    (out / f"a{i:06d}.txt.json").write_text(json.dumps(record), encoding="utf-8")
    return {actor["name"] for actor in record["actors"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,4000,10000")
    args = parser.parse_args()
    print("| summaries | distinct names | deals | seconds |")
    print("| --- | --- | --- | --- |")
    for size in map(int, args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            names = set().union(*(write_summary(out, i) for i in range(size)))
            started = time.perf_counter()
            register = build_register(out)
            seconds = time.perf_counter() - started
            assert register.articles == size, (register.articles, register.left_out[:3])
            print(f"| {size:,} | {len(names):,} | {len(register.rows):,} | {seconds:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
