"""Print the CMAKE_ARGS for compiling llama-cpp-python on this machine.

Always a portable build (GGML_NATIVE=OFF): native builds enable the AMX path, which
segfaults on these CPUs in ggml_backend_amx_mul_mat. On top of the AVX2 baseline it adds
the AVX-512 units this CPU reports, and never AMX. The wheel is built and run on the same
machine (`make` builds it there), and its cache key includes these flags, so a machine
without AVX-512 builds and gets its own AVX2 wheel (what the AVX-512 flags earn: docs/performance.md).
"""

from pathlib import Path

BASELINE = ["-DGGML_NATIVE=OFF", "-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON"]
AVX512_CORE = {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"}
AVX512_EXTRAS = {"avx512vbmi": "-DGGML_AVX512_VBMI=ON", "avx512_vnni": "-DGGML_AVX512_VNNI=ON",
                 "avx512_bf16": "-DGGML_AVX512_BF16=ON"}


def cpu_flags(cpuinfo: str) -> set[str]:
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def cmake_args(flags: set[str]) -> list[str]:
    if not AVX512_CORE <= flags:
        return BASELINE
    extras = [arg for flag, arg in AVX512_EXTRAS.items() if flag in flags]
    return [*BASELINE, "-DGGML_AVX512=ON", *extras]


def main() -> None:
    cpuinfo = Path("/proc/cpuinfo")
    flags = cpu_flags(cpuinfo.read_text()) if cpuinfo.exists() else set()
    print(" ".join(cmake_args(flags)))


if __name__ == "__main__":
    main()
