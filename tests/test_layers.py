"""The package's folders are layers: each imports only the layers below it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "summarise"
# what each layer may import from the package; the top level (schema, errors, settings, files, redaction, lexicon)
# is shared by all
BELOW = {
    "reading": set(),
    "engine": set(),
    "llm": {"engine"},
    "extraction": {"reading", "llm"},
    "outputs": {"reading"},
    "register": {"reading", "outputs", "extraction"},  # the register reads names as the extraction does
    "quality": {"reading", "outputs"},
    "batch": {"reading", "llm", "extraction", "outputs", "pipeline"},
    "workbench": {"reading", "outputs", "register"},
}
SHARED = {"schema", "errors", "settings", "files", "redaction", "lexicon", "__init__"}


def imported_layers(path: Path) -> set[str]:
    layer = path.relative_to(PACKAGE).parts[0]
    depth = len(path.relative_to(PACKAGE).parts) - 1
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            parts = path.relative_to(PACKAGE).parts[:depth + 1 - node.level]
            target = (*parts, *(node.module or "").split("."))
            if target and target[0] not in (layer, *SHARED) and target[0]:
                found.add(target[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("summarise."):
            target = node.module.split(".")[1]
            if target not in (layer, *SHARED):
                found.add(target)
    return found


@pytest.mark.parametrize("layer", sorted(BELOW))
def test_a_layer_imports_only_the_layers_below_it(layer):
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        assert imported_layers(path) <= BELOW[layer], f"{path.relative_to(PACKAGE)} imports {imported_layers(path)}"
