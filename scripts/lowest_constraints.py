"""Print pip constraints that pin every direct dependency to the lowest release its lower bound allows,
as `uv pip install --resolution lowest-direct` would: `make test-lowest` installs them in a fresh
virtualenv and runs the offline tests, so the bounds in pyproject.toml stay true.

    python scripts/lowest_constraints.py [--extras dev] > constraints.txt
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]


def available(name: str) -> list[Version]:
    shown = subprocess.run([sys.executable, "-m", "pip", "index", "versions", name], capture_output=True,
                           text=True, check=True).stdout
    listed = re.search(r"Available versions: (.*)", shown)
    versions = []
    for text in (listed.group(1).split(", ") if listed else []):
        try:
            versions.append(Version(text.strip()))
        except InvalidVersion:
            continue
    return versions


def lowest(requirement: Requirement) -> str | None:
    allowed = [v for v in available(requirement.name) if not v.is_prerelease and v in requirement.specifier]
    return f"{requirement.name}=={min(allowed)}" if allowed else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extras", default="dev")
    args = parser.parse_args()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in filter(None, args.extras.split(",")):
        declared += project["optional-dependencies"][extra]
    for text in declared:
        requirement = Requirement(text)
        if any(spec.operator == ">=" for spec in requirement.specifier):
            pin = lowest(requirement)
            print(pin if pin else f"# {requirement.name}: no release satisfies {requirement.specifier}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
