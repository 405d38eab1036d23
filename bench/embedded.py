"""Embedded model speed: the tool's seconds per article against what the engine can do.

Starts the embedded server once, measures the engine's raw prompt-evaluation
and generation rates with no constraint, then summarises each article through
the real pipeline and prints, per article, prompt and output tokens, seconds,
and the overhead ratio

    actual seconds / (prompt tokens / prompt rate + output tokens / generation rate)

Two ratios are shown: `ratio` counts every prompt token the request carried;
`ratio eval` counts only the prompt tokens the engine evaluated (the server
reuses the KV cache of the shared prefix: instructions and examples), read
from the server's own log. Before the articles, one request puts the
instructions in the KV cache, so every article is measured as a batch sees it
after its first (the model loaded, the instructions evaluated). `engine s` is
the engine's own clock for the article's requests (llama.cpp's timings): the
share of the seconds not spent in the engine at all. llama.cpp prints no
timings for a request whose stream the client closed early (a repeat, or the
answer's object closed before the model's end token), so `engine s` can fall
short of the engine's real time; `eval` counts every request. The calibrated rates are
measured before the articles, on a ~1,850-token prompt; the articles sit after
~1,300 tokens of instructions, where each token costs the engine a little more.
The host's speed drifts by 10-20 % from minute to minute, so the same
measurement is taken again after the articles and printed beside the result
(the last line keeps the rates measured first). The last line is the summary the issue asks for:

    median N.N s/article, overhead ratio R.RR   (ratio over evaluated tokens)

    python bench/embedded.py [--articles seeds] [--constraint none] [--threads 2]
        [--prompt-lookup 0] [--server-arg --flash_attn --server-arg true] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from summarise.reading.article import load_article
from summarise.llm.backends import EndpointConfig, open_backend, with_instructions
from summarise.llm.client import CallSettings, Constraint
from summarise.engine.embedded import ServerSettings
from summarise.engine.model_files import cache_dir
from summarise.pipeline import summarise_article
from summarise.extraction.prompts import load_prompts

GENERATED = 128
LOG = cache_dir() / "embedded-server.log"
REMAINING = re.compile(r"prefix-match hit, remaining (\d+) prompt tokens to eval")
PERF = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens.*\n.*eval time =\s*([\d.]+) ms /\s*(\d+) runs")
CALIBRATION_TEXT = (
    "Defence ministries across Europe are buying drones, air defence systems and armoured vehicles at a pace "
    "not seen since the end of the Cold War, and the contracts are reshaping alliances as well as arsenals. "
)


@dataclass
class Rates:
    prompt: float  # tokens per second, prompt evaluation
    generation: float  # tokens per second, free generation


# Machines here differ up to 3x in raw engine speed; figures are compared at these rates (issue #20).
REFERENCE = Rates(prompt=85.0, generation=22.5)


@dataclass
class Row:
    name: str
    prompt_tokens: int
    evaluated_tokens: int
    output_tokens: int
    attempts: int
    seconds: float
    items: int
    engine_seconds: float  # the engine's own timings for this article's requests (prompt eval + generation)

    def at_reference_rates(self, rates: Rates) -> float:
        """Its time on a machine whose engine runs at the reference rates, with the overhead measured here."""
        return self.expected(REFERENCE, True) * self.seconds / self.expected(rates, True)

    def expected(self, rates: Rates, evaluated: bool) -> float:
        prompt = self.evaluated_tokens if evaluated else self.prompt_tokens
        return prompt / rates.prompt + self.output_tokens / rates.generation


class ServerLog:
    """The server prints llama.cpp's own timings after every request; read the new ones."""

    def __init__(self) -> None:
        self.offset = LOG.stat().st_size if LOG.exists() else 0

    def new_text(self) -> str:
        with LOG.open(errors="replace") as log:
            log.seek(self.offset)
            text = log.read()
            self.offset = log.tell()
        return text


def evaluated_tokens(log_text: str) -> int | None:
    """Prompt tokens the engine evaluated, past the cached prefix, in every request.

    Read from the prefix-match lines: a request whose stream the client closed
    early (a repeat, or the answer's object closed) prints no timings.
    """
    counts = REMAINING.findall(log_text)
    return sum(int(c) for c in counts) if counts else None


def engine_timings(log_text: str) -> list[tuple[float, int, float, int]]:
    """llama.cpp's own timings of the requests that ran to their end."""
    return [(float(a), int(b), float(c), int(d)) for a, b, c, d in PERF.findall(log_text)]


def raw_completion(llm, prompt: str, max_tokens: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = llm.client.completions.create(model=llm.model, prompt=prompt, max_tokens=max_tokens, temperature=0)
    return time.perf_counter() - started, response.usage.prompt_tokens, response.usage.completion_tokens


def calibrate(llm) -> Rates:
    """No grammar, no constraint, at the context length the articles use.

    A nonce at the start defeats the prefix cache for the prompt measurement;
    the second request repeats that prompt, so its time is generation alone.
    """
    raw_completion(llm, "warm up", 1)
    prompt = f"{uuid.uuid4()}\n" + CALIBRATION_TEXT * 45 + "\nCount from 1 to 400, separated by commas: 1, 2, 3,"
    prompt_s, prompt_tokens, _ = raw_completion(llm, prompt, 1)
    generation_s, _, generated = raw_completion(llm, prompt, GENERATED)
    return Rates(prompt=prompt_tokens / prompt_s, generation=generated / generation_s)


def prime_instructions(llm, prompts) -> None:
    """Measure each article as a batch sees it after its first: model loaded, instructions in the KV cache."""
    messages = [{"role": "system", "content": prompts.system_message}, {"role": "user", "content": "Article:\n[1] -"}]
    llm.client.chat.completions.create(model=llm.model, messages=messages, max_tokens=1, temperature=0)


def run_article(path: Path, llm, prompts, log: ServerLog, out: Path | None) -> Row:
    article = load_article(path)
    log.new_text()
    started = time.perf_counter()
    summary = summarise_article(article, llm, prompts)
    seconds = time.perf_counter() - started
    usage = summary.provenance.usage
    text = log.new_text()
    evaluated = evaluated_tokens(text)
    evaluated = usage.prompt_tokens if evaluated is None else evaluated
    engine_seconds = sum(t[0] + t[2] for t in engine_timings(text)) / 1000
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{path.stem}.json").write_text(summary.model_dump_json(indent=2))
    return Row(
        name=path.name, prompt_tokens=usage.prompt_tokens, evaluated_tokens=evaluated,
        output_tokens=usage.completion_tokens, attempts=summary.provenance.attempts, seconds=seconds,
        items=len(summary.actors) + len(summary.acquisitions) + len(summary.stances),
        engine_seconds=engine_seconds,
    )


def cold_single_article(path: Path) -> float:
    """`summarise ARTICLE` as a user runs it once: a new process, the server started and stopped by it."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "summarise", "-q", str(path)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=Path("seeds"))
    parser.add_argument("--constraint", choices=[c.value for c in Constraint], default=None,
                        help="default: the embedded backend's")
    parser.add_argument("--max-retries", type=int, default=None, help="default: the embedded backend's")
    parser.add_argument("--threads", type=int, default=ServerSettings().threads)
    parser.add_argument("--batch-size", type=int, default=ServerSettings().batch_size)
    parser.add_argument("--prompt-lookup", type=int, default=ServerSettings().prompt_lookup)
    parser.add_argument("--logits-all", action="store_true")
    parser.add_argument("--server-arg", action="append", default=[], help="extra llama_cpp.server argument")
    parser.add_argument("--out", type=Path, help="also write each summary here (for scoring)")
    parser.add_argument("--cold", type=Path, help="also time `summarise ARTICLE` in a new process, after the run")
    args = parser.parse_args()

    server = ServerSettings(threads=args.threads, batch_size=args.batch_size, prompt_lookup=args.prompt_lookup,
                            logits_all=args.logits_all, extra_args=tuple(args.server_arg))
    call = CallSettings(constraint=Constraint(args.constraint) if args.constraint else None, max_retries=args.max_retries)
    prompts = load_prompts()
    config = with_instructions(EndpointConfig(call=call, server=server), prompts.system_message)
    paths = sorted(p for p in args.articles.iterdir() if p.suffix in {".txt", ".md", ".html", ".htm"})
    print(f"settings: constraint={args.constraint} max_retries={args.max_retries} threads={args.threads} batch={args.batch_size} "
          f"prompt_lookup={args.prompt_lookup} logits_all={args.logits_all} extra={args.server_arg}")
    with open_backend(config) as llm:
        log = ServerLog()
        rates = calibrate(llm)
        print(f"engine: prompt {rates.prompt:.1f} tokens/s, generation {rates.generation:.1f} tokens/s (no constraint)")
        prime_instructions(llm, prompts)
        header = f"{'article':28s} {'prompt':>6s} {'eval':>6s} {'output':>6s} {'tries':>5s} {'items':>5s} " \
                 f"{'seconds':>8s} {'ratio':>6s} {'ratio eval':>10s} {'engine s':>8s}"
        print(header)
        rows = []
        for path in paths:
            row = run_article(path, llm, prompts, log, args.out)
            rows.append(row)
            print(f"{row.name[:28]:28s} {row.prompt_tokens:6d} {row.evaluated_tokens:6d} {row.output_tokens:6d} "
                  f"{row.attempts:5d} {row.items:5d} {row.seconds:8.1f} "
                  f"{row.seconds / row.expected(rates, False):6.2f} {row.seconds / row.expected(rates, True):10.2f} "
                  f"{row.engine_seconds:8.1f}",
                  flush=True)
        after = calibrate(llm)  # the host's speed drifts: the same measurement after the articles shows how much
    median_s = statistics.median(r.seconds for r in rows)
    ratio = sum(r.seconds for r in rows) / sum(r.expected(rates, True) for r in rows)
    print(f"(engine measured again after the articles: prompt {after.prompt:.1f} tokens/s, generation "
          f"{after.generation:.1f} tokens/s; ratio against those rates: "
          f"{sum(r.seconds for r in rows) / sum(r.expected(after, True) for r in rows):.2f})")
    literal = sum(r.seconds for r in rows) / sum(r.expected(rates, False) for r in rows)
    print(f"(ratio over all prompt tokens: {literal:.2f})")
    engine = sum(r.engine_seconds for r in rows)
    if engine:  # the engine's own clock: at the articles' context positions it runs slower than calibrated
        print(f"(seconds over the engine's own timings: {sum(r.seconds for r in rows) / engine:.2f})")
    print(f"median {median_s:.1f} s/article, overhead ratio {ratio:.2f}")
    reference = statistics.median(r.at_reference_rates(rates) for r in rows)
    print(f"median {reference:.1f} s/article at reference rates (prompt {REFERENCE.prompt:g}, generation "
          f"{REFERENCE.generation:g} tokens/s)")
    if args.cold:
        cold = cold_single_article(args.cold)
        print(f"cold single article {cold:.1f} s ({args.cold.name}, a new process, caches filled), "
              f"{cold / median_s:.2f} x the warm median")


if __name__ == "__main__":
    main()
