"""End to end through recorded exchanges: prompt, request, response, validation, grounding, output.

The seed cassettes were recorded against the embedded model; `make cassettes`
re-records them. Replay is offline and matches on method, path and body, so a
changed prompt, schema or model misses the cassette instead of replaying stale
answers.
"""

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from summarise.llm.backends import EndpointConfig, embedded_llm, open_backend, openai_client
from summarise.llm.client import LLM, CallSettings, Dialect
from summarise.engine.embedded import MODEL_ALIAS, ServerSettings
from summarise.files import atomic_write
from summarise.pipeline import summarise_article
from summarise.extraction.prompts import load_prompts
from summarise.reading.article import load_article, article_from_text

from articles import ARTICLE, GOOD_DRAFT, draft
from fake_server import FakeOpenAI

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
REPLAY_URL = "http://127.0.0.1:8999/v1"  # never contacted: replays come from the cassette


def recording(request) -> bool:
    return request.config.getoption("--record-mode") != "none"


@contextmanager
def recorded_llm(request):
    """While recording: the embedded server (or OPENAI_BASE_URL). While replaying: nothing at all."""
    if recording(request):
        with open_backend(EndpointConfig.from_env()) as llm:
            yield llm
        return
    yield embedded_llm(REPLAY_URL, timeout=5, model_label="replay", settings=CallSettings(),
                       context_tokens=ServerSettings().context_size)


def summarise_replayed(article, llm):
    summary = summarise_article(article, llm, load_prompts())
    # A question that misses the cassette switches questions off for the rest of the run, as a server
    # without log-probabilities would: here that is a stale cassette, not a feature.
    assert llm.gives_logprobs is not False, "a narrow question was never recorded: make cassettes"
    return summary


def assert_grounded(summary, article):
    for item in [*summary.actors, *summary.acquisitions, *summary.stances]:
        assert article.text[item.evidence.start:item.evidence.end] == item.evidence.quote
    names = {a.name for a in summary.actors}
    for acquisition in summary.acquisitions:
        assert acquisition.buyer in names and (acquisition.seller is None or acquisition.seller in names)
    for stance in summary.stances:
        assert stance.holder in names


@pytest.mark.vcr
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: f"seed_{p.name[:3]}")
def test_seed(seed, request, tmp_path):
    article = load_article(seed)
    with recorded_llm(request) as llm:
        summary = summarise_replayed(article, llm)
    assert_grounded(summary, article)
    assert summary.actors and summary.summary
    out = Path(os.environ.get("SUMMARISE_E2E_OUT") or tmp_path) / f"{seed.stem}.json"  # keep them to score
    atomic_write(out, summary.model_dump_json(indent=2))
    assert json.loads(out.read_text())["provenance"]["article_sha256"] == article.sha256


@pytest.mark.vcr
def test_reask_after_a_grounding_failure(request):
    """Recorded against a scripted endpoint: a real model's first answer cannot be made to fail on demand.

    The passes run in order (actors, acquisitions, stances); the acquisitions
    pass first names a seller the article does not, and is asked again.
    """
    article = article_from_text(ARTICLE, source="peru.txt")
    wrong_seller = draft(acquisitions=[{**GOOD_DRAFT["acquisitions"][0], "seller": "Lockheed Martin"}])
    url = REPLAY_URL
    if recording(request):
        url = FakeOpenAI(answers=[json.dumps(wrong_seller), json.dumps(GOOD_DRAFT)]).start().base_url
    llm = LLM(client=openai_client(url, "unused", 5), model=MODEL_ALIAS, endpoint="scripted",
              model_label="scripted", dialect=Dialect.llama_cpp)
    summary = summarise_replayed(article, llm)
    assert summary.provenance.attempts == 4
    assert summary.acquisitions[0].seller == "Elbit Systems" and not summary.dropped
