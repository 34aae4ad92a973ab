"""The package's shape: imports run one way (no circles, not even inside functions), heavy
libraries load only when used, and the private core stays private."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "decisiontree"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module of the package that ``path`` imports, at the top or inside a function."""
    name = _module(path)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "decisiontree")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "decisiontree":
                continue
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # "from . import x"
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in files.items():
        graph[name] = {t for t in _imports(path) if t in files and t != name and t != "decisiontree"}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected sets of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_circle_finder_finds_circles() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_one_that_imports_it_back() -> None:
    circles = _circles(_graph())
    assert not circles, "import circles: " + "; ".join(" <-> ".join(c) for c in circles)


def test_the_model_and_the_core_import_nothing_above_them() -> None:
    graph = _graph()
    above = ("decisiontree.evaluate", "decisiontree.analysis", "decisiontree.render", "decisiontree.io")
    for low in ("decisiontree.model", "decisiontree.values", "decisiontree.formulas", "decisiontree._core"):
        for module, targets in graph.items():
            if module.startswith(low):
                assert not [t for t in targets if t.startswith(above)], f"{module} imports {targets}"


def test_only_the_library_reaches_into_the_core() -> None:
    for path in (PACKAGE.parent / "examples").glob("*.py"):
        assert "_core" not in path.read_text(encoding="utf-8"), f"{path.name} uses the private core"


def test_numbers_go_into_sympy_expressions_one_way() -> None:
    """Putting numbers into a sympy expression can make a power sympy works out for ever
    (``(q - 5)**(q + 10**400)`` at ``q = 2``): ``formulas.sympy_substitute`` refuses those, so no
    other module calls sympy's ``xreplace`` or ``subs`` (or ``evalf(subs=...)``) itself."""
    calls = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "formulas.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = node.func if isinstance(node, ast.Call) else None
            if not isinstance(node, ast.Call) or not isinstance(called, ast.Attribute):
                continue
            if called.attr in ("xreplace", "subs") or any(k.arg == "subs" for k in node.keywords):
                calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {called.attr}")
    assert not calls, calls


def test_importing_the_package_loads_no_heavy_library() -> None:
    heavy = ["sympy", "yaml", "graphviz", "matplotlib", "pandas", "scipy", "hypothesis", "dask", "typer"]
    code = f"import sys, decisiontree; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
