"""The portable engine flags: the Makefile builds with them, and every install hint gives them."""

import sys
from pathlib import Path

from summarise.engine.model_files import INSTALL_HINT, PORTABLE_ENGINE_FLAGS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from llama_cmake_args import BASELINE, cmake_args  # noqa: E402


def test_the_hint_carries_the_flags_the_makefile_builds_with():
    assert PORTABLE_ENGINE_FLAGS == " ".join(BASELINE)
    assert f'CMAKE_ARGS="{PORTABLE_ENGINE_FLAGS}"' in INSTALL_HINT


def test_a_build_is_never_native_and_never_takes_the_amx_path():
    for flags in (set(), {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw", "amx_tile", "amx_int8"}):
        args = cmake_args(flags)
        assert "-DGGML_NATIVE=OFF" in args and not any("AMX" in arg for arg in args)
