"""The shape of the code, checked: imports flow one way, and the docs name what exists."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from tools.showkit import REPO

SRC = REPO / "src" / "audionews"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str], *, in_functions: bool = False) -> set[str]:
    """Modules of ours that `path` imports: when it is imported (not for typing), and with
    `in_functions` also those imported inside functions and methods (lazily)."""
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
            elif isinstance(node, ast.If | ast.Try | ast.With | ast.For | ast.While):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
                visit(getattr(node, "finalbody", []))
            elif in_functions and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                visit(node.body)

    visit(tree.body)
    return found


def _graph(*, in_functions: bool = False) -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    return {
        name: {m for m in _imports(path, set(modules), in_functions=in_functions) if m in modules and m != name}
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
    """The CLI starts without TensorFlow, and engines are found through the table: nothing
    imports an engine module but its own package, not even inside a function."""
    graph = _graph(in_functions=True)
    for engine in ("audionews.speech.edge", "audionews.speech.kokoro", "audionews.speech.baker"):
        importers = sorted(name for name, deps in graph.items() if engine in deps and not name.startswith(engine + "."))
        assert importers == [], (engine, importers)


def test_the_import_check_sees_imports_inside_functions(tmp_path, monkeypatch):
    """The check above would pass vacuously if it saw only top-level imports."""
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "audionews")
    module = (tmp_path / "audionews" / "lazy_import").with_suffix(".py")
    module.parent.mkdir()
    module.write_text("def f():\n    from .speech.edge import EdgeEngine\n", encoding="utf-8")
    names = {"audionews.speech.edge", "audionews.speech"}
    assert _imports(module, names) == set()
    assert _imports(module, names, in_functions=True) == {"audionews.speech.edge"}


# a file named in a comment, docstring or doc: a path, or a module or data file by name (article
# names in test data are lower-case .md files and are not citations)
_CITED = re.compile(r"(?<![\w/.$-])(?!(?:args|self)\.)((?:[\w.-]+/)*(?:[\w-]+\.(?:py|toml|tsv)|[A-Z]+\.md))(?![\w/])")


def test_comments_cite_files_in_the_repository():
    names = {p.name for p in REPO.rglob("*") if not {".git", ".venv"} & set(p.parts)}
    cited_in = [
        *SRC.rglob("*.py"),
        *(REPO / "tests").glob("*.py"),
        *(REPO / "tools").glob("*.py"),
        *(REPO / "docs").glob("*.md"),
        REPO / "README.md",
        REPO / "pyproject.toml",
        REPO / "Makefile",
    ]
    missing = []
    for path in cited_in:
        for cited in _CITED.findall(path.read_text(encoding="utf-8")):
            if cited.startswith("ROOT/"):  # the show folder a user names, not ours
                continue
            bases = (REPO, SRC, SRC.parent, path.parent)
            if not (any((base / cited).exists() for base in bases) if "/" in cited else cited in names):
                missing.append(f"{path.relative_to(REPO)}: {cited}")
    assert missing == []


def test_one_cjk_character_class():
    """The cleaner, the normaliser and the voices agree on what a Chinese character is."""
    for path in SRC.rglob("*.py"):
        if path.name != "cjk.py":
            assert "\\u4e00" not in path.read_text(encoding="utf-8"), path
