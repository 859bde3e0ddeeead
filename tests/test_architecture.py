"""The tree reads as the architecture: layers, import direction, no circles, small folders.

Imports flow one way: pages -> ui -> the analysis packages -> io -> the core. The rules
are checked on the source (every ``import``, including those inside functions), so a
change that breaks them fails here before anyone has to notice it in review.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scoring", "ui", "workshop")
ANALYSES = ("explore", "instability", "gaming", "rigidity", "together", "context", "grading")
# Thin re-exports of the old flat layout, for users' scripts; the project itself never uses them.
OLD_PATHS = ("scoring.datasets", "scoring.pipeline", "scoring.scenario", "scoring.ranking",
             "scoring.normalise", "scoring.aggregate")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[module_name(path)] = path
    return found


@cache
def imports(module: str) -> frozenset[str]:
    """Every project module ``module`` imports, resolved to the most specific module."""
    known = modules()
    path = known[module]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join(here[: len(here) - node.level + 1] + [node.module])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]  # fmt: skip
        else:
            continue
        out.update(t for t in targets if t.split(".")[0] in PACKAGES and t in known)
    out.discard(module)
    return frozenset(out)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "scoring":
        if len(parts) > 1 and parts[1] in ANALYSES:
            return "analysis"
        if len(parts) > 1 and parts[1] in ("core", "errors", "export"):
            return "core"
        if len(parts) > 1 and parts[1] == "io":
            return "io"
        return "entry"  # the CLI, the old-path re-exports
    return parts[0]  # ui, workshop


ALLOWED = {
    "core": {"core"},
    "io": {"core", "io"},
    "analysis": {"core", "io", "analysis"},
    "entry": {"core", "io", "analysis", "entry"},
    "workshop": {"core", "io", "analysis", "workshop"},
    "ui": {"core", "io", "analysis", "workshop", "ui"},
}


def test_imports_flow_one_way():
    wrong = [f"{m} ({layer_of(m)}) imports {t} ({layer_of(t)})"
             for m in modules() for t in imports(m)
             if layer_of(t) not in ALLOWED[layer_of(m)]]  # fmt: skip
    assert not wrong, "\n".join(wrong)


def test_shared_ui_modules_do_not_reach_into_a_page_package():
    for module in modules():
        if module.startswith("ui.") and module.count(".") == 1:
            deep = [t for t in imports(module) if t.startswith("ui.") and t.count(".") > 1
                    and not t.startswith(module + ".")]  # a shared package's own modules  # fmt: skip
            assert not deep, (module, deep)


def test_no_import_circles():
    graph = {m: imports(m) for m in modules()}
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles, circles


def test_the_project_never_uses_the_old_flat_paths():
    users = [(m, t) for m in modules() for t in imports(m) if t in OLD_PATHS]
    tests = [p for p in (ROOT / "tests").rglob("*.py") if p.name != Path(__file__).name
             and any(f"from {o} import" in p.read_text(encoding="utf-8") for o in OLD_PATHS)]
    assert not users and not tests, (users, tests)


def test_old_flat_paths_still_work_for_users_scripts():
    import scoring.core.pipeline
    import scoring.pipeline

    assert scoring.pipeline is scoring.core.pipeline
    from scoring.datasets import load_sample  # noqa: F401  (the documented old import)


def test_folders_stay_small_and_pages_thin():
    assert len(list((ROOT / "scoring").glob("*.py"))) <= 15
    assert len(list((ROOT / "ui").glob("*.py"))) <= 10
    long = [p.name for p in (ROOT / "pages").glob("*.py")
            if len(p.read_text(encoding="utf-8").splitlines()) >= 120]  # fmt: skip
    assert not long, long


def test_each_page_has_its_analysis_and_ui_package():
    for topic in ("instability", "gaming", "rigidity", "context", "grading"):
        assert (ROOT / "pages" / f"{topic}.py").is_file()
        assert (ROOT / "scoring" / topic / "__init__.py").is_file()
        assert (ROOT / "ui" / topic / "__init__.py").is_file()


def test_every_read_only_table_goes_through_one_grid():
    """``st.dataframe`` sizes columns from its first rows, so a long name further down is cut on
    a projector (CI found "Devon and Cornwall" 134 px in a 130 px column). Only
    ``ui.widgets.grid`` calls it, sizing text columns from every row."""
    callers = []
    for path in [*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "dataframe"):  # fmt: skip
                callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(callers) == 1 and callers[0].startswith("ui/widgets.py:"), callers
