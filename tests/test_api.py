"""The Python API: a client that starts its backend once, an async variant with bounded concurrency, the
batch as a function, and rule switches as parameters."""
import asyncio
import json
import os

import pytest

import summarise
from summarise import EndpointConfig, Summariser, summarise_folder

from articles import ARTICLE, GOOD_DRAFT
from fake_server import FakeOpenAI
from test_batch import make_articles

TEXTS = [ARTICLE.replace("12 Hermes", f"{n + 2} Hermes") for n in range(20)]


@pytest.fixture
def server():
    fake = FakeOpenAI(answers=[json.dumps(GOOD_DRAFT)], delay=0.05).start()
    yield fake
    fake.shutdown()


def config_for(server) -> EndpointConfig:
    return EndpointConfig(base_url=server.base_url, model="fake")


def test_twenty_articles_with_one_backend_start(server, monkeypatch):
    starts = []
    opened = summarise.api.open_backend

    def counting(config):
        starts.append(config)
        return opened(config)

    monkeypatch.setattr(summarise.api, "open_backend", counting)
    with Summariser(config_for(server)) as client:
        summaries = [client.summarise(text) for text in TEXTS]
    assert len(starts) == 1
    assert [s.acquisitions[0].quantity for s in summaries] == [n + 2 for n in range(20)]


def test_the_async_variant_keeps_four_articles_in_flight(server):
    async def run():
        async with Summariser(config_for(server), concurrency=4) as client:
            return await asyncio.gather(*(client.asummarise(text) for text in TEXTS))

    summaries = asyncio.run(run())
    assert len(summaries) == 20 and all(s.acquisitions for s in summaries)
    assert server.most_in_flight == 4


def test_rule_switches_are_parameters_and_leave_the_environment_alone(server, monkeypatch):
    monkeypatch.delenv("SUMMARISE_RULES_OFF", raising=False)
    with Summariser(config_for(server), rules_off=["verbs", "quantity"]) as client:
        summary = client.summarise(TEXTS[0])
    assert summary.provenance.rules_off == ["quantity", "verbs"]
    assert "SUMMARISE_RULES_OFF" not in os.environ


def test_a_closed_client_says_how_to_open_it(server):
    with pytest.raises(summarise.SummariseError, match="use it as `with Summariser"):
        Summariser(config_for(server)).summarise(TEXTS[0])


def test_a_folder_is_the_batch_without_the_cli(server, tmp_path):
    make_articles(tmp_path / "in", 5)
    report = summarise_folder(tmp_path / "in", tmp_path / "out", config_for(server), jobs=2)
    assert (report.done, report.failed) == (5, 0)
    again = summarise_folder(tmp_path / "in", tmp_path / "out", config_for(server))
    assert again.skipped == 5 and (tmp_path / "out/summaries.db").exists()


def test_library_use_logs_no_errors_from_instructor(caplog):
    with caplog.at_level("DEBUG"):
        lines = summarise.requests_for(ARTICLE, model="fake")
    assert lines and not [r for r in caplog.records if r.levelname == "ERROR"]


def test_errors_name_the_parameter_not_the_flag(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(summarise.SummariseError) as error:
        with Summariser(EndpointConfig(base_url="https://api.example.com/v1", model="m")):
            pass
    assert "give `api_key`" in str(error.value) and "--api-key" not in str(error.value)
