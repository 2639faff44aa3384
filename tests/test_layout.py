"""The package's layout is a contract: wings along the data flow, imports only running down.

formats -> law -> evaluators -> verdict -> analyses -> checks -> render -> web -> cli. Every import
is counted, also one inside a function (a lazy import is still a dependency), and within a
wing no two modules import each other round a circle.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "engine"
WINGS = ("formats", "law", "evaluators", "verdict", "analyses", "checks", "render", "web", "cli")
# Module-level names of the package that stand outside the wings on purpose.
OUTSIDE = {"engine", "engine.testing"}  # the package docstring; a public alias of checks.strategies


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def engine_imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of an `engine` module in the file."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "engine"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "engine":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                found.append((node.lineno, candidate if is_module else node.module))
    return found


def wing(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in WINGS else None


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "_data" not in p.parts}


def test_every_module_lives_in_a_wing() -> None:
    strays = [m for m in MODULES if wing(m) is None and m not in OUTSIDE]
    assert not strays, f"modules outside the wings {WINGS}: {strays}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_wings(module: str) -> None:
    here = wing(module)
    if here is None:
        return
    upward = [
        f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {module} ({here}) imports {target} ({wing(target)})"
        for line, target in engine_imports(MODULES[module])
        if wing(target) is not None and WINGS.index(wing(target) or "") > WINGS.index(here)
    ]
    assert not upward, "an import runs up the wings:\n" + "\n".join(upward)


def test_nothing_inside_imports_the_public_alias() -> None:
    users = [
        m
        for m in MODULES
        if m != "engine.testing" and any(t == "engine.testing" for _, t in engine_imports(MODULES[m]))
    ]
    assert not users, f"import engine.checks.strategies instead of the alias in {users}"


# A check module registers itself by importing `check` from the registry, and the registry
# imports the check modules last so that importing it registers them all: that one edge set
# is the registration idiom, not a dependency in both directions, so it is left out.
REGISTRATION = (
    "engine.checks.registry",
    {
        "engine.checks.bound",
        "engine.checks.conflicts",
        "engine.checks.cycles",
        "engine.checks.names",
        "engine.checks.reach",
    },
)


def test_no_import_circles() -> None:
    graph = {m: {t for _, t in engine_imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    registry, registered = REGISTRATION
    graph[registry] -= registered
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"modules importing each other round a circle: {' -> '.join(exc.args[1])}")


def test_each_wing_says_what_it_owns() -> None:
    for name in WINGS:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc and len(doc.splitlines()) <= 4, f"engine/{name}/__init__.py needs a two- or three-line docstring"
