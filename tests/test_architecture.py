"""The shape of the code, checked: imports flow one way, and the docs name what exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tools.showkit import REPO

SRC = REPO / "src" / "audionews"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of ours imported when `path` is imported (not inside functions, not for typing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("audionews"))
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                if module.startswith("audionews"):
                    submodules = {f"{module}.{a.name}" for a in node.names} & modules
                    found.update(submodules)
                    if len(submodules) < len(node.names):  # names defined in the module itself
                        found.add(module)
            elif isinstance(node, ast.If | ast.Try | ast.With):
                visit(node.body)
                visit(getattr(node, "orelse", []))

    visit(tree.body)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    return {
        name: {m for m in _top_level_imports(path, set(modules)) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_no_import_circle_in_src():
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                walk(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    assert not cycles, cycles


def test_engine_modules_are_imported_only_through_the_table():
    """The CLI starts without TensorFlow: nothing imports an engine module but the table, lazily."""
    graph = _graph()
    for engine in ("audionews.speech.edge", "audionews.speech.kokoro", "audionews.speech.baker"):
        importers = sorted(name for name, deps in graph.items() if engine in deps)
        assert importers == [], (engine, importers)


def test_comments_cite_files_in_the_repository():
    for path in [*SRC.rglob("*.py"), *(REPO / "tests").rglob("*.py"), *(REPO / "tools").rglob("*.py")]:
        assert "DESIGN" + ".md" not in path.read_text(encoding="utf-8"), path
    architecture = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for module in re.findall(r"`(src/audionews/[\w/]+\.py)`", architecture):
        assert (REPO / module).is_file(), module


def test_one_cjk_character_class():
    """The cleaner, the normaliser and the voices agree on what a Chinese character is."""
    for path in SRC.rglob("*.py"):
        if path.name != "cjk.py":
            assert "\\u4e00" not in path.read_text(encoding="utf-8"), path
