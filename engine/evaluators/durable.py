"""The durable_rules adapter: compiled provisions in, the same CaseResults out.

This module alone talks to durable_rules' C core and owns its hazards (measured by the
project before the adapter was written; the README's "The durable_rules adapter" sums
them up):

* no stock `Host`: we drive the C API synchronously, so there are no timer threads and
  no Python action layer that swallows exceptions;
* a fresh session id per chunk of cases, deleted in `finally` after the agenda was driven;
  a sentinel rule fires in every session, and eight sessions warm the pool up, because
  deleting a session in which no rule ever ran frees uninitialised memory;
* facts are asserted one at a time, so a C error raises instead of truncating a batch;
* `none()` is only ever evaluated behind a phase barrier, after every fact it could
  depend on is in (activations are not retracted when a blocker arrives later);
* at most CASES_PER_SESSION cases share a session, and a fact the core drops as a false
  duplicate (its ids are told apart by a 32-bit hash) re-runs the chunk under a new sid;
* a rulebook past one of the C core's structural limits is refused before it reaches it
  (engine/evaluators/durable_limits.py models the network the core would build).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.evaluators.durable_limits import (
    MAX_FACT_CHARS,
    MAX_FACT_PROPERTIES,
    MAX_PATTERNS_PER_RULE,
    MAX_RULES_SHARING_A_TEST,
    MAX_SIBLING_TESTS,
    definition_problems,
    engine_json,
    fact_properties_problem,
)
from engine.evaluators.python import CaseResult
from engine.formats.errors import EngineError, EngineUnavailable, RulebookLimitError
from engine.law import conditions as c
from engine.law.areas import area_ids
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.facts import BASE_FACTS, Case

__all__ = [  # the limits are re-exported: this module is where callers look for them
    "MAX_FACT_CHARS",
    "MAX_FACT_PROPERTIES",
    "MAX_PATTERNS_PER_RULE",
    "MAX_RULES_SHARING_A_TEST",
    "MAX_SIBLING_TESTS",
    "CompiledRuleset",
    "DurableEvaluator",
    "action_head",
    "case_fact",
    "check_limits",
    "compile_ruleset",
    "engine_build",
    "load_engine",
    "pin_malloc",
]

MAX_ALTERNATIVES = 32  # rules one provision may expand to
WARM_UP_SESSIONS = 8
# Facts in one session are told apart by a 32-bit hash of their id (§3.3 #7): two distinct
# facts collide with odds of about n^2/2^33, and the C core then drops the second as a
# duplicate, silently. Small sessions keep n low (a 256-case scenario puts ~2,000 facts in
# one), and a detected collision re-runs the chunk under a new sid, which rehashes every fact.
CASES_PER_SESSION = 64
COLLISION_RETRIES = 3
BARRIER_PRIORITY = 100
DUPLICATE = 2  # ERR_EVENT_OBSERVED: a fact with this id's hash is already in the session
# An action's message is {"RULE":{"m_0":FACT,...}}, each FACT the JSON text we asserted, as we
# wrote it. Of a case rule's ~1 KB the adapter reads the rule's name and the case key, which
# open the message; see action_head.
_CASE_ACTION_HEAD = re.compile(r'\{"([^"\\]+)":\{"m_0":\{"kind": "case", "case": "([^"\\]+)"')

_MALLOC_PINNED = False


def pin_malloc() -> None:
    """Keep glibc from trimming and regrowing the heap around every session (~2x speed)."""
    global _MALLOC_PINNED
    if _MALLOC_PINNED:
        return
    _MALLOC_PINNED = True
    try:
        libc = ctypes.CDLL("libc.so.6")
        threshold = 32 * 1024 * 1024
        libc.mallopt(-1, threshold)  # M_TRIM_THRESHOLD
        libc.mallopt(-3, threshold)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass  # not glibc: nothing to pin


def prop(fact: str) -> str:
    """Fact name as an engine property: dots would mean nesting to durable_rules."""
    return "f_" + fact.replace(".", "__")


def engine_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, tuple):
        return [engine_value(x) for x in value]
    return value


@dataclass(frozen=True)
class RuleAction:
    kind: str  # "applies" | "fired" | "barrier"
    provision: str | None
    asserts: tuple[str, ...]  # atoms to assert for the matched case
    phase: int | None = None


@dataclass
class CompiledRuleset:
    definition: dict[str, Any]
    actions: dict[str, RuleAction]
    consumed: frozenset[str]
    properties: int  # the widest case fact the rulebook allows (checked against the core's limit)
    tested: frozenset[str]  # the engine properties some rule tests: all a case fact needs to carry


def compile_ruleset(book: CompiledRulebook) -> CompiledRuleset:
    """Translate compiled provisions into a durable_rules ruleset definition."""
    definition: dict[str, Any] = {}
    actions: dict[str, RuleAction] = {}
    guards: set[int] = set()
    for p in book.provisions:
        _compile_provision(p, definition, actions, guards)
    last_phase = max(guards, default=-1)
    for k in range(last_phase + 1 if last_phase >= 0 else 1):
        name = f"barrier:{k}"
        first = {"kind": "start"} if k == 0 else {"$and": [{"kind": "phase"}, {"n": k - 1}]}
        definition[name] = {"all": [{"m_0": first}], "pri": BARRIER_PRIORITY}
        actions[name] = RuleAction("barrier", None, (), phase=k)
    consumed = frozenset(_consumed_atoms(definition))
    # kind, case and sid, every base fact, every reading (durable_rules adds id: counted in its limit)
    properties = 3 + len(BASE_FACTS) + len(book.rulebook.readings) + len(area_ids(book.id))
    ruleset = CompiledRuleset(definition, actions, consumed, properties, frozenset(_tested_properties(definition)))
    check_limits(book, ruleset)
    return ruleset


def _case_pattern(base: Sequence[c.Cond]) -> dict[str, Any]:
    tests: list[Any] = [{"kind": "case"}]
    for cond in base:
        compiled = _alpha(cond)
        if compiled is not None:
            tests.append(compiled)
    return {"$and": tests} if len(tests) > 1 else tests[0]


def _join(atom: str) -> dict[str, Any]:
    return {"$and": [{"kind": "d"}, {"name": atom}, {"case": {"m_0": "case"}}]}


def _compile_provision(
    p: CompiledProvision, definition: dict[str, Any], actions: dict[str, RuleAction], guards: set[int]
) -> None:
    try:
        conjuncts = c.dnf_over_atoms(p.condition, MAX_ALTERNATIVES)
    except ValueError as exc:
        raise RulebookLimitError(f"{p.id}: {exc}; split it into smaller provisions") from None
    outcome_atoms = (f"fired:{p.id}", p.concludes)
    applies_asserts = outcome_atoms if not p.defeated_by else (f"applies:{p.id}",)
    for i, (base, atoms) in enumerate(conjuncts):
        patterns: list[dict[str, Any]] = [{"m_0": _case_pattern(base)}]
        negatives = [a for a in atoms if not a.positive]
        for j, atom in enumerate(a for a in atoms if a.positive):
            patterns.append({f"m_{j + 1}": _join(_engine_atom(atom.name))})
        if negatives:
            guards.add(p.level - 1)
            patterns.append({"g": {"$and": [{"kind": "phase"}, {"n": p.level - 1}]}})
            for j, atom in enumerate(negatives):
                patterns.append({f"n_{j}$not": _join(_engine_atom(atom.name))})
        name = f"applies:{p.id}:{i}"
        definition[name] = {"all": patterns}
        actions[name] = RuleAction("applies", p.id, applies_asserts)
    if p.defeated_by:
        guards.add(p.level - 1)
        patterns = [
            {"m_0": {"kind": "case"}},
            {"m_1": _join(f"applies:{p.id}")},
            {"g": {"$and": [{"kind": "phase"}, {"n": p.level - 1}]}},
        ]
        for j, x in enumerate(p.defeated_by):
            patterns.append({f"n_{j}$not": _join(f"fired:{x}")})
        name = f"fired:{p.id}"
        definition[name] = {"all": patterns}
        actions[name] = RuleAction("fired", p.id, outcome_atoms)


def _engine_atom(name: str) -> str:
    # Derived facts and outcomes travel under their own names; provisions' firings as fired:ID.
    return name


def _alpha(cond: c.Cond) -> Any:
    if isinstance(cond, c.Test):
        key, value = prop(cond.fact), engine_value(cond.value)
        if cond.op == "eq":
            return {key: value}
        if cond.op == "ne":
            return {"$neq": {key: value}}
        if cond.op == "in":
            return {"$or": [{key: x} for x in value]} if len(value) > 1 else {key: value[0]}
        if cond.op == "not_in":
            return {"$and": [{"$neq": {key: x}} for x in value]} if len(value) > 1 else {"$neq": {key: value[0]}}
        return {f"${cond.op}": {key: value}}
    if isinstance(cond, (c.All, c.Any_)):
        items = [x for x in (_alpha(i) for i in cond.items) if x is not None]
        if not items:
            return None if isinstance(cond, c.All) else {"$and": [{"kind": "never"}]}
        if len(items) == 1:
            return items[0]
        return {"$and" if isinstance(cond, c.All) else "$or": items}
    raise EngineError(f"cannot compile {cond!r} into an alpha test")


def _consumed_atoms(definition: dict[str, Any]) -> set[str]:
    out = set()
    for rule in definition.values():
        for pattern in rule["all"]:
            for body in pattern.values():
                if isinstance(body, dict) and "$and" in body:
                    for test in body["$and"]:
                        if isinstance(test, dict) and "name" in test and isinstance(test["name"], str):
                            out.add(test["name"])
    return out


def _tested_properties(definition: Any) -> set[str]:
    """Every fact property an alpha test of `definition` reads (prop() names them all f_...).

    The core returns a matched fact's JSON text with every action, so a property no rule
    reads is parsed twice for nothing; a missing property matches no test, which is what
    both evaluators already do with a fact that has no value (conditions.py).
    """
    found: set[str] = set()
    if isinstance(definition, dict):
        for key, value in definition.items():
            if key.startswith("f_"):
                found.add(key)
            found |= _tested_properties(value)
    elif isinstance(definition, list):
        for item in definition:
            found |= _tested_properties(item)
    return found


def check_limits(book: CompiledRulebook, ruleset: CompiledRuleset) -> None:
    """Refuse, in words, a rulebook that would hang or crash the C core (engine/evaluators/durable_limits.py)."""
    problems = list(definition_problems(book.id, ruleset.definition))
    too_wide = fact_properties_problem(book.id, ruleset.properties)
    if too_wide:
        problems.append(too_wide)
    if problems:
        raise RulebookLimitError("\n".join(problems))


ENGINE_ENV = "CASUS_ENGINE"
REBUILD = (
    'CC="cc -DPyEval_CallObject=PyObject_CallObject" python -m pip install --force-reinstall '
    "--no-cache-dir --no-binary durable-rules durable-rules==2.0.28"
)


def load_engine() -> Any:
    """durable_rules' C module, or one line that says why not and what to do.

    The package has no wheels, so a Python it was not built for, a failed build, or a build
    without the 3.13 fix (PyEval_CallObject is gone there) all end here. Nothing falls back
    silently: the user chooses the pure-Python evaluator."""
    import sys

    try:
        import durable_rules_engine  # deferred: keeps `casus --help` fast
    except ImportError as exc:
        python = sys.version.split()[0]
        raise EngineUnavailable(
            f"the durable_rules engine cannot be loaded on Python {python} ({exc}). "
            f"Rebuild it with: {REBUILD} -- or judge with the pure-Python evaluator: "
            f"--engine python, or {ENGINE_ENV}=python in the environment."
        ) from None
    return durable_rules_engine


def engine_build() -> str:
    """Which durable_rules build this Python would load, without loading it: the figures of
    `casus bench` depend on it, so its header says it."""
    from importlib import metadata, util
    from pathlib import Path

    try:
        version = metadata.version("durable-rules")
    except metadata.PackageNotFoundError:
        return "durable-rules not installed"
    spec = util.find_spec("durable_rules_engine")
    if spec is None or not spec.origin:
        return f"durable-rules {version}, no C extension found"
    library = Path(spec.origin)
    # The 3.13 build fix maps PyEval_CallObject onto PyObject_CallObject at compile time, so
    # the old name is left in the library only by a stock build.
    stock = b"PyEval_CallObject" in library.read_bytes()
    how = "stock build (calls PyEval_CallObject)" if stock else "built with the PyObject_CallObject fix"
    return f"durable-rules {version}, {library.name}, {how}"


class DurableEvaluator:
    """Evaluates cases in durable_rules, one fresh session per call of `run`."""

    name = "durable"

    def __init__(self) -> None:
        self._dre = load_engine()
        pin_malloc()
        self._rulesets: dict[int, tuple[CompiledRulebook, int, CompiledRuleset]] = {}
        self._sids = itertools.count(1)
        self._names = itertools.count(1)

    def _ruleset(self, book: CompiledRulebook) -> tuple[int, CompiledRuleset]:
        entry = self._rulesets.get(id(book))
        if entry is not None and entry[0] is book:
            return entry[1], entry[2]
        compiled = compile_ruleset(book)
        name = f"{book.id}-{next(self._names)}"
        try:
            handle = self._dre.create_ruleset(name, engine_json(compiled.definition))
        except self._dre.error as exc:
            raise EngineError(f"durable_rules refused the {book.id} ruleset: {exc}") from None
        self._rulesets[id(book)] = (book, handle, compiled)
        for _ in range(WARM_UP_SESSIONS):
            self._session(handle, compiled, [])
        return handle, compiled

    def run(self, book: CompiledRulebook, cases: Sequence[Case]) -> list[CaseResult]:
        handle, compiled = self._ruleset(book)
        trace: list[tuple[RuleAction, str]] = []
        # Cases never join one another (every rule correlates on the case key), so chunking
        # them over sessions changes no result.
        for start in range(0, max(len(cases), 1), CASES_PER_SESSION):
            trace += self._chunk(handle, compiled, cases[start : start + CASES_PER_SESSION])
        applies: dict[str, set[str]] = {case.key: set() for case in cases}
        fired: dict[str, set[str]] = {case.key: set() for case in cases}
        for action, key in trace:
            if action.kind == "applies" and action.provision:
                applies[key].add(action.provision)
                if f"fired:{action.provision}" in action.asserts:
                    fired[key].add(action.provision)
            elif action.kind == "fired" and action.provision:
                fired[key].add(action.provision)
        return [CaseResult(case.key, frozenset(applies[case.key]), frozenset(fired[case.key])) for case in cases]

    def _chunk(self, handle: int, compiled: CompiledRuleset, cases: Sequence[Case]) -> list[tuple[RuleAction, str]]:
        for _ in range(COLLISION_RETRIES):
            trace, collided = self._session(handle, compiled, cases)
            if not collided:
                return trace
        raise EngineError(
            f"durable_rules took distinct facts for duplicates {COLLISION_RETRIES} times in a row "
            "(32-bit hash collisions); the result would be wrong"
        )

    def _session(
        self, handle: int, compiled: CompiledRuleset, cases: Sequence[Case]
    ) -> tuple[list[tuple[RuleAction, str]], bool]:
        """The trace of one session, and whether the C core dropped a fact as a false duplicate."""
        dre = self._dre
        sid = str(next(self._sids))
        trace: list[tuple[RuleAction, str]] = []
        derived: set[tuple[str, str]] = set()
        collided = False
        state = None
        driven = False
        try:
            for case in cases:
                code, state = self._assert(handle, case_fact(case, sid, compiled.tested))
                collided |= code == DUPLICATE  # case keys are unique: never a true duplicate
            code, state = self._assert(handle, {"kind": "start", "sid": sid})
            collided |= code == DUPLICATE
            result = dre.start_action_for_state(handle, state)
            while result:
                rule, key = action_head(result[1] if isinstance(result, tuple) else result)
                action = compiled.actions[rule]
                if action.kind == "barrier":
                    code, _ = self._assert(handle, {"kind": "phase", "n": action.phase, "sid": sid})
                    collided |= code == DUPLICATE
                    trace.append((action, ""))
                else:
                    trace.append((action, key))
                    for atom in action.asserts:
                        if atom in compiled.consumed:
                            code, _ = self._assert(handle, {"kind": "d", "name": atom, "case": key, "sid": sid})
                            # Two rules may derive the same fact: only a first assertion can be false.
                            collided |= code == DUPLICATE and (atom, key) not in derived
                            derived.add((atom, key))
                result = dre.complete_and_start_action(handle, state)
            driven = True
        except self._dre.error as exc:
            raise EngineError(f"durable_rules failed: {exc}") from None
        finally:
            # A collision still lets the agenda run to its end: the session is deleted as usual.
            if driven or state is not None:
                with contextlib.suppress(self._dre.error):
                    dre.delete_state(handle, sid)
        return [(a, k) for a, k in trace if a.kind != "barrier"], collided

    def _assert(self, handle: int, fact: dict[str, Any]) -> tuple[int, Any]:
        text = engine_json(fact)
        # Past these the C core errs mid-session (302) or overflows its stack on long ids.
        if len(text) > MAX_FACT_CHARS or len(fact) > MAX_FACT_PROPERTIES:
            raise EngineError(
                f"refused a fact of {len(fact)} properties and {len(text):,} characters: casus allows "
                f"{MAX_FACT_PROPERTIES} and {MAX_FACT_CHARS:,} (durable_rules crashes on larger ones)"
            )
        code, state = self._dre.assert_fact(handle, text)
        if code not in (0, 1, DUPLICATE):
            raise EngineError(f"durable_rules returned code {code} for {fact}")
        return code, state


def action_head(message: str) -> tuple[str, str]:
    """The rule an action message is for, and the case key of its first matched fact ("" if
    that fact is not a case: a barrier's start or phase fact).

    The message repeats every matched fact in full (a case fact has a property per tested
    fact); decoding ~2,500 of them was a quarter of judging a two-event CSTO file. The head
    the core writes (our own text, unchanged) is read by a pattern anchored at its start;
    any message it does not fit, e.g. one with an escaped character in a name, is decoded.
    """
    head = _CASE_ACTION_HEAD.match(message)
    if head is not None:
        return head[1], head[2]
    ((rule, match),) = json.loads(message).items()
    return rule, str(match["m_0"].get("case", ""))


def case_fact(case: Case, sid: str, tested: frozenset[str] | None = None) -> dict[str, Any]:
    """The case as the engine's fact; with `tested`, only the properties some rule reads."""
    fact: dict[str, Any] = {"kind": "case", "case": case.key, "sid": sid}
    for name, value in case.facts.items():
        if value is not None:
            key = prop(name)
            if tested is None or key in tested:
                fact[key] = engine_value(value)
    return fact
