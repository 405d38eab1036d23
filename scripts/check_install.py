"""Fail the install when the resolver picked versions summarise does not work with."""

from importlib.metadata import version

MINIMUM = {"instructor": (1, 11), "openai": (1, 60), "pydantic": (2, 8), "vcrpy": (9, 4)}


def major_minor(name: str) -> tuple[int, int]:
    parts = version(name).split(".")
    return int(parts[0]), int(parts[1])


problems = [f"{name} {version(name)} < {'.'.join(map(str, low))}" for name, low in MINIMUM.items()
            if major_minor(name) < low]
if problems:
    raise SystemExit("installed versions too old: " + ", ".join(problems))
print("install ok: " + ", ".join(f"{name} {version(name)}" for name in MINIMUM))
