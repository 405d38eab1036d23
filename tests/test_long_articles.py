"""Articles longer than the context: split on paragraphs, extracted piece by piece, merged once."""

import json
import re
from pathlib import Path

import httpx2

from summarise.reading.article import article_from_text
from summarise.reading.chunks import estimate_tokens, paragraphs, split_for_context
from summarise.pipeline import summarise_article
from summarise.extraction.prompts import load_prompts

from fake_server import completion
from fakes import ScriptedEndpoint

ROOT = Path(__file__).resolve().parents[1]
FILLER = ("Analysts said the regional security picture remained complex, with budgets under pressure and "
          "procurement timelines slipping across several ministries. ")

# Each key item: the words that identify its sentence, and the draft a model would give for it.
KEY_ITEMS = [
    ("Wing Loong", {"buyer": "Serbia", "seller": "China", "system": "Wing Loong drones", "quantity": 9,
                    "status": "delivering"}),
    ("FK-3", {"buyer": "Serbia", "seller": "China", "system": "FK-3 air defense missile system", "quantity": 3,
              "status": "delivered"}),
    ("DJI Mavix2", {"buyer": "Wagner Group", "seller": "China", "system": "DJI Mavix2 drones", "quantity": 2500,
                    "status": "delivered"}),
]


def twenty_thousand_words() -> str:
    """The seeds, each after a long stretch of filler paragraphs, and filler to close."""
    seeds = [p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    block = "\n\n".join([FILLER * 5] * 50)
    return "\n\n".join([part for seed in seeds for part in (block, seed)] + [block])


def reading_endpoint() -> ScriptedEndpoint:
    """A fake model that reads the excerpt it is given and answers with the key items in it."""

    def answer(body: dict) -> httpx2.Response:
        user = body["messages"][-1]["content"]
        task = user.rsplit("Task: ", 1)[1].splitlines()[0]
        numbered = dict(re.findall(r"^\[(\d+)\] (.*)$", user, flags=re.MULTILINE))
        acquisitions = [
            {**item, "sentence": int(number)}
            for words, item in KEY_ITEMS for number, text in numbered.items() if words in text
        ]
        parties = {a["buyer"] for a in acquisitions} | {a["seller"] for a in acquisitions}
        draft = {
            "actors": [{"name": p, "kind": "armed_group" if "Wagner" in p else "state"} for p in sorted(parties)],
            "acquisitions": acquisitions,
            "stances": [],
        }
        return httpx2.Response(200, json=completion(json.dumps({task: draft[task]})))

    return ScriptedEndpoint([answer])


def test_long_article_is_split_on_paragraphs_with_overlap():
    article = article_from_text(twenty_thousand_words(), "long.txt")
    excerpts = split_for_context(article, budget=2000)
    assert len(excerpts) > 5
    assert all(estimate_tokens(e.numbered()) <= 2000 for e in excerpts)
    starts = {p[0] for p in paragraphs(article)}
    assert all(e.sentences[0].number - 1 in starts for e in excerpts)  # each excerpt starts a paragraph
    for before, after in zip(excerpts, excerpts[1:]):
        assert after.sentences[0].number <= before.sentences[-1].number  # consecutive excerpts overlap
    covered = {s.number for e in excerpts for s in e.sentences}
    assert covered == {s.number for s in article.sentences}


def test_twenty_thousand_words_give_each_key_item_once_with_whole_article_offsets():
    text = twenty_thousand_words()
    assert len(text.split()) >= 20_000
    article = article_from_text(text, "long.txt")
    endpoint = reading_endpoint()
    summary = summarise_article(article, endpoint.llm(), load_prompts())
    assert summary.provenance.excerpts > 5
    systems = [a.system for a in summary.acquisitions]
    assert sorted(systems) == sorted(item["system"] for _, item in KEY_ITEMS)
    for acquisition, (words, _) in zip(sorted(summary.acquisitions, key=lambda a: a.evidence.start), KEY_ITEMS):
        evidence = acquisition.evidence
        assert text[evidence.start:evidence.end] == evidence.quote and words in evidence.quote
    assert sorted(a.name for a in summary.actors if not a.inferred) == ["China", "Serbia", "Wagner Group"]
    names = [a.name for a in summary.actors]  # plus every other state the filler names, each once
    assert len(names) == len(set(names))


def test_a_short_article_is_one_excerpt(article):
    assert split_for_context(article, budget=2000) == [article]
