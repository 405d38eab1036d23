"""Fail the install when the resolver picked a version below a lower bound of pyproject.toml (it can
silently pick an old instructor): every direct dependency is checked against its declared bound."""

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
declared = [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["dev"]]
problems, checked = [], []
for requirement in declared:
    try:
        installed = Version(version(requirement.name))
    except PackageNotFoundError:
        problems.append(f"{requirement.name} is not installed")
        continue
    if installed not in requirement.specifier:
        problems.append(f"{requirement.name} {installed} does not satisfy {requirement.specifier}")
    checked.append(f"{requirement.name} {installed}")
if problems:
    raise SystemExit("installed versions do not match pyproject.toml: " + "; ".join(problems))
print(f"install ok: {len(checked)} direct dependencies within their bounds (" +
      ", ".join(c for c in checked if c.split()[0] in {"instructor", "openai", "pydantic", "vcrpy"}) + ")")
