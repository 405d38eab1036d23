"""The engine's raw speed in process, no server: prompt evaluation and generation, tokens per second.

For comparing builds and engine options (AVX-512, flash attention, quantisation) without HTTP,
grammar or pipeline in the way. Run it with each build's Python:

    python bench/raw_rates.py MODEL.gguf ['{"flash_attn": true}']
"""

import json
import sys
import time
from pathlib import Path

import llama_cpp

PROMPT_TOKENS = 1200
GENERATED = 96
ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "002_7bb3aa4946944720.txt"


def measure(llm: llama_cpp.Llama, tokens: list[int]) -> tuple[float, float]:
    llm.reset()
    started = time.perf_counter()
    llm.eval(tokens)
    prompt_s = time.perf_counter() - started
    started = time.perf_counter()
    for count, _ in enumerate(llm.generate([], temp=0.0, reset=False), start=1):
        if count == GENERATED:
            break
    return len(tokens) / prompt_s, GENERATED / (time.perf_counter() - started)


def main() -> None:
    model = sys.argv[1]
    options = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    llm = llama_cpp.Llama(model, n_ctx=4096, n_threads=2, n_threads_batch=2, n_batch=512, verbose=False, **options)
    text = ARTICLE.read_text()
    tokens = llm.tokenize(("Summarise this article.\n" + text + text).encode())[:PROMPT_TOKENS]
    measure(llm, tokens)  # warm-up
    runs = [measure(llm, tokens) for _ in range(2)]
    print(f"{Path(model).name} {options} prompt {max(r[0] for r in runs):.1f} tokens/s, "
          f"generation {max(r[1] for r in runs):.1f} tokens/s")


if __name__ == "__main__":
    main()
