"""The tree is the architecture: each layer imports only the layers below it, and no
module imports itself back through others (lazy imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"

# Lowest first. A module may import its own layer and the layers before it, never after.
LAYERS = [
    "language",
    "errors",
    "config",
    "schema",
    "_version",
    "records",
    "grounding",
    "claims",
    "cleaning",
    "providers",
    "cache",
    "chunking",
    "pipeline",
    "review",
    "evaluation",
    "batch",
    "cli",
    "summarizer",  # the package's public API: summarizer/__init__.py
    "__main__",
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            targets = [target, *(f"{target}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t.split(".")[0] == "summarizer")
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


MODULES = _modules()
GRAPH = {
    name: {m for m in _imports(name, path) if m in MODULES and m != name}
    for name, path in MODULES.items()
}


def test_every_module_belongs_to_a_layer() -> None:
    assert {_layer(m) for m in MODULES} <= set(LAYERS)


def test_imports_flow_one_way_down_the_layers() -> None:
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if LAYERS.index(_layer(target)) > LAYERS.index(_layer(name))
    )
    assert upward == []


def test_no_module_imports_itself_back() -> None:
    cycles = []
    for start in GRAPH:
        seen: set[str] = set()
        todo = [(start, [start])]
        while todo:
            node, path = todo.pop()
            for nxt in GRAPH[node]:
                if nxt == start:
                    cycles.append(" -> ".join([*path, nxt]))
                elif nxt not in seen:
                    seen.add(nxt)
                    todo.append((nxt, [*path, nxt]))
    assert cycles == []
