"""The property-test framework: what a property is, the registry, and running one on a budget.

Each property is a strategy (what to generate, from the rulebook's vocabulary) and a
check that raises PropertyFailure on a counterexample; `@prop` registers it in
PROPERTIES. `run` drives one property with hypothesis on a budget and returns the
shrunk counterexample as YAML; tests/test_properties.py draws from the same strategies
and calls the same checks. The properties themselves are defined in verdict_properties
and file_properties; engine.checks.properties imports both, so that every one is
registered.

Every verdict here judges one rulebook on its own (a catalogue of that book, the
treaty forced), so a user's rulebook is tested without the shipped ones around it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Verbosity, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir, storage_directory

from engine.checks import strategies
from engine.checks.mutations import BrokenRulebook, RulebookText
from engine.evaluators.python import PythonEvaluator
from engine.formats.budget import Budget
from engine.formats.scenario import Scenario
from engine.law.catalogue import Catalogue
from engine.law.compiler import CompiledRulebook
from engine.verdict.judging import judge


class PropertyFailure(AssertionError):
    """A counterexample: the message says what differed. A property that checks variants
    of its input passes the one that failed, to be shown instead of the input."""

    def __init__(self, message: str, counterexample: Any = None) -> None:
        super().__init__(message)
        self.counterexample = counterexample


@dataclass
class Context:
    """One rulebook under test, with what the properties need of it, each built once and
    shared by every property (and every example): the catalogue, the vocabulary, each
    property's strategy, the rulebook as data and as YAML text."""

    book: CompiledRulebook
    python: PythonEvaluator = field(default_factory=PythonEvaluator)
    _durable: Any = None
    _strategies: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)

    @cached_property
    def catalogue(self) -> Catalogue:
        return Catalogue([self.book])

    @cached_property
    def vocab(self) -> strategies.Vocabulary:
        return strategies.vocabulary(self.book)

    @cached_property
    def rulebook_text(self) -> RulebookText:
        return RulebookText(self.book.rulebook.model_dump(mode="json", by_alias=True, exclude_defaults=True))

    def strategy(self, p: Property) -> st.SearchStrategy[Any]:
        """The property's strategy for this rulebook (hypothesis analyses a strategy object
        on its first draw, so the same object is handed out every time)."""
        if p.name not in self._strategies:
            self._strategies[p.name] = p.strategy(self)
        return self._strategies[p.name]

    @property
    def durable(self) -> Any:
        if self._durable is None:
            from engine.evaluators.durable import DurableEvaluator

            self._durable = DurableEvaluator()
        return self._durable

    def verdict(
        self,
        scenario: Scenario,
        evaluator: Any = None,
        *,
        book: CompiledRulebook | None = None,
        readings: Mapping[str, bool] | None = None,
    ) -> dict[str, Any]:
        book = book or self.book
        catalogue = self.catalogue if book is self.book else Catalogue([book])
        out = judge(scenario, catalogue, evaluator or self.python, treaties=[book.id], readings=readings).to_json()
        out.pop("engine")
        return out


Check = Callable[[Context, Any], None]
StrategyOf = Callable[[Context], st.SearchStrategy[Any]]


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    summary: str
    strategy: StrategyOf
    check: Check
    budget: float = 1.0  # share of the example budget (durable evaluations are slow)
    scenario_input: bool = True  # the counterexample is a scenario (shown as YAML)


PROPERTIES: dict[str, Property] = {}


def prop(
    id_: str, name: str, summary: str, strategy: StrategyOf, *, budget: float = 1.0, scenario_input: bool = True
) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        PROPERTIES[name] = Property(id_, name, summary, strategy, fn, budget, scenario_input)
        return fn

    return register


def _scenarios(ctx: Context) -> st.SearchStrategy[Scenario]:
    return strategies.scenarios(ctx.vocab)


# A seeded stdlib Random, not st.randoms(): hypothesis turns each call on one of its
# randoms into draws through freshly built strategies, which made shuffling a rulebook
# (hundreds of calls) cost more than judging it. The seed shrinks like any integer.
RANDOMS = st.integers(0, 2**32 - 1).map(random.Random)


def _differ(what: str, a: Any, b: Any) -> PropertyFailure:
    return PropertyFailure(
        f"{what}\n  first:  {json.dumps(a, default=str, sort_keys=True)[:2000]}\n  second: {json.dumps(b, default=str, sort_keys=True)[:2000]}"
    )


def _statuses(verdict: Mapping[str, Any]) -> dict[str, str]:
    return {f"{r['treaty']}.{r['outcome']}": r["status"] for r in verdict["results"]}


# --- running one property on a budget ---------------------------------------------------


@dataclass
class Outcome:
    property: Property
    status: str  # passed | failed | stopped (at the time budget: passed on `examples` examples so far)
    message: str = ""
    counterexample: str = ""  # YAML of the shrunk scenario, or the repr of the input
    examples: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.property.id,
            "name": self.property.name,
            "status": self.status,
            "examples": self.examples,
        }
        if self.message:
            out["message"] = self.message
        if self.counterexample:
            out["counterexample"] = self.counterexample
        return out


def examples_for(p: Property, budget: int) -> int:
    return max(1, round(budget * p.budget))


class _OutOfTime(BaseException):
    """Raised inside a property's body once the budget is spent. Not an Exception, so that
    hypothesis lets it through as it does an interrupt, instead of taking it for a failure
    and shrinking it."""


def run(p: Property, ctx: Context, examples: int, *, seed: int | None = 0, budget: Budget | None = None) -> Outcome:
    """Run a property with hypothesis; a failure comes back shrunk, shown as YAML.

    With a seed (the default) a run is reproducible: each property draws from its own
    fixed seed, derived from `seed` and its id, so that the properties do not all test
    the same scenarios. No example database is kept, and hypothesis's own caches go to
    the user's cache directory (`hypothesis_storage`), never into the current one.

    With a budget, the property stops at the next example once it is spent: status
    `stopped`, with the examples that passed so far (none if it had not started).
    """
    budget = budget or Budget(0)
    if budget.spent():
        budget.stop(f"starting {p.id}")
        return Outcome(p, "stopped", "not run: the time budget was spent", examples=0)
    last: dict[str, Any] = {}
    count = [0]

    def body(value: Any) -> None:
        if budget.spent() and "value" not in last:  # a failure found is still shrunk and reported
            raise _OutOfTime
        count[0] += 1
        try:
            p.check(ctx, value)
        except Exception as exc:
            last["value"], last["exc"] = value, exc  # hypothesis replays the shrunk example last
            raise

    test = settings(
        max_examples=examples_for(p, examples),
        deadline=None,
        database=None,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(given(ctx.strategy(p))(body))
    if seed is not None:
        test = hypothesis.seed(zlib.crc32(f"{seed}:{p.id}".encode()))(test)
    try:
        with hypothesis_storage():
            test()
    except _OutOfTime:
        budget.stop(f"{count[0]} examples of {p.id}")
        return Outcome(p, "stopped", f"stopped at the time budget after {count[0]} passing examples", examples=count[0])
    except Exception as exc:
        if "value" not in last:
            return Outcome(p, "failed", f"{type(exc).__name__}: {exc}", examples=count[0])
        err = last["exc"]
        if isinstance(err, PropertyFailure):
            shown = last["value"] if err.counterexample is None else err.counterexample
            return Outcome(p, "failed", str(err), show(shown), count[0])
        return Outcome(p, "failed", f"{type(err).__name__}: {err}", show(last["value"]), count[0])
    return Outcome(p, "passed", examples=count[0])


def cache_dir() -> Path:
    """Where hypothesis keeps its caches during `casus check`: $HYPOTHESIS_STORAGE_DIRECTORY
    if set, else casus/hypothesis in the user's cache directory ($XDG_CACHE_HOME or ~/.cache)."""
    if where := os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return Path(where)
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory
        base = Path(tempfile.gettempdir())
    return base / "casus" / "hypothesis"


@contextmanager
def hypothesis_storage() -> Iterator[Path]:
    """Point hypothesis's storage at `cache_dir()` for the duration, then back.

    Even with no example database, hypothesis writes caches into ./.hypothesis of
    whatever directory it runs in: the Unicode category table that text strategies
    need, and the literals of local modules it mixes into generation. They are worth
    keeping (a first run computes them in about a second) but not in the user's folder.
    Restoring the previous home keeps a test session's own database where it was."""
    home: Any = storage_directory()  # resolves the home as hypothesis would (env, or ./.hypothesis); creates nothing
    previous = Path(getattr(home, "path", home))  # a StorageDirectory since hypothesis 6.13x, a Path before
    where = cache_dir()
    set_hypothesis_home_dir(where)
    try:
        yield where
    finally:
        set_hypothesis_home_dir(previous)


def show(value: Any) -> str:
    """A counterexample as a user can reproduce it: scenarios as YAML files."""
    if isinstance(value, Scenario):
        return strategies.scenario_to_yaml(value)
    if isinstance(value, BrokenRulebook):
        return value.what
    if isinstance(value, tuple):
        shown = [show(x) for x in value if not isinstance(x, random.Random)]
        return "\n---\n".join(x for x in shown if x)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, (dt.date, str, bytes)):
        return repr(value)
    return repr(value)
