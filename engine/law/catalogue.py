"""Files -> models: scenarios and rulebooks read from disk, every problem located."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.formats.errors import InputError
from engine.formats.modelcheck import validate
from engine.formats.paths import rules_dir
from engine.formats.rulebook import Rulebook
from engine.formats.scenario import Scenario, scenario_problems
from engine.formats.yamlsafe import Located, load_yaml, read_text
from engine.law.compiler import CompiledRulebook, compile_rulebook


@dataclass(frozen=True)
class LoadedScenario:
    path: Path
    scenario: Scenario
    located: Located


def load_rulebook(path: Path) -> CompiledRulebook:
    return rulebook_from(load_yaml(read_text(path), str(path)))


def rulebook_from(located: Located) -> CompiledRulebook:
    """A rulebook file already read: validated and compiled, or a located InputError."""
    return compile_rulebook(validate(Rulebook, located), located)


class Catalogue(Mapping[str, CompiledRulebook]):
    """The treaties a run knows: the shipped rulebooks, plus any the user adds."""

    def __init__(self, books: Iterable[CompiledRulebook]) -> None:
        self._books = {b.id: b for b in sorted(books, key=lambda b: b.id)}

    def __getitem__(self, key: str) -> CompiledRulebook:
        return self._books[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._books)

    def __len__(self) -> int:
        return len(self._books)

    def vocabulary(self) -> dict[str, frozenset[str]]:
        return {tid: frozenset(b.rulebook.readings) for tid, b in self._books.items()}

    def with_rulebooks(self, paths: Iterable[Path]) -> Catalogue:
        books = dict(self._books)
        for path in paths:
            book = load_rulebook(path)
            books[book.id] = book
        return Catalogue(books.values())


@lru_cache(maxsize=1)
def shipped() -> Catalogue:
    """Every rulebook in rules/; a broken shipped rulebook is a bug, so it raises. Compiled
    once and then read from the user's cache while nothing it depends on changes
    (engine.law.cache)."""
    from engine.law.cache import cached

    folder = rules_dir()
    return cached(
        "shipped-rulebooks", folder, lambda: Catalogue(load_rulebook(p) for p in sorted(folder.glob("*.yaml")))
    )


def load_scenario(path: Path, catalogue: Catalogue, display: str | None = None) -> LoadedScenario:
    name = display or str(path)
    located = load_yaml(read_text(path, name), name)
    return scenario_from(located, catalogue, path)


def scenario_from(located: Located, catalogue: Catalogue, path: Path) -> LoadedScenario:
    # Every problem of the file at once (placeholders, model, references), in line order.
    scenario, problems = scenario_problems(located, catalogue.vocabulary())
    if scenario is None:
        raise InputError(problems)
    return LoadedScenario(path, scenario, located)


def scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into their YAML files (sorted); keep files as given."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.y*ml") if p.is_file() and not p.name.startswith(".")))
        else:
            out.append(path)
    return out
