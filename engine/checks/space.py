"""The finite fact space of a rulebook, and a goal-directed search through it.

Every base fact a rulebook tests has a finite set of *classes*: values that pass and
fail exactly the same tests. Enums and bools are enumerated fully, readings yes/no,
dates at every boundary the rulebook draws (validity, tests, membership) and one day
either side, latitudes at every constant tested and a hair either side (plus "not
given"), state-valued facts as the codes the rulebook names plus one fresh code.
Picking one value per class loses nothing: the evaluators only ever see test results.

The product of the classes is too large to walk (CSTO: ~10^10 points), so `find`
searches it depth-first with Kleene three-valued evaluation of the whole rulebook on
partial assignments: a branch is cut as soon as the goal is settled either way, and
one step of look-ahead (forward checking) cuts it as soon as some unassigned fact has
no value left that keeps the goal open; that keeps every question the checks ask of the
shipped rulebooks to a few thousand evaluations.

The space is an over-approximation of what scenarios can produce; `_consistent` removes
the combinations engine.facts.event_facts can never build (a non-state attacker with a
membership status, a victim's own territory held by a state of another status ...), so
that findings are about cases a user could actually write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from engine.law import conditions as c
from engine.law.compiler import CompiledRulebook, iter_tests
from engine.law.facts import BASE_FACTS, READING_PREFIX

FIRST_DATE = dt.date(1816, 1, 1)  # scenario dates are 1816-2200 (engine.formats.scenario)
LAST_DATE = dt.date(2200, 12, 31)
FRESH_STATE = "ZZZ"  # stands for every state the rulebook does not name (user-assigned range)
MAX_EVALUATIONS = 200_000  # per question; past it the answer is "undecided"
IN_ORDER_EVALUATIONS = 1_000  # the first, plain search's budget (see `find`)

Tri = bool | None  # Kleene logic: None is "not known yet"
Assignment = dict[str, Any]


@dataclass(frozen=True)
class Space:
    book: CompiledRulebook
    values: dict[str, tuple[Any, ...]]  # one representative per class, per tested fact
    named_states: frozenset[str]

    @property
    def size(self) -> int:
        out = 1
        for vals in self.values.values():
            out *= len(vals)
        return out


def build(book: CompiledRulebook) -> Space:
    tests: dict[str, list[c.Test]] = {}
    for t in iter_tests(book):
        tests.setdefault(t.fact, []).append(t)
    named = frozenset(
        x
        for fact, ts in tests.items()
        if (spec := BASE_FACTS.get(fact)) is not None and spec.type == "state"
        for t in ts
        for x in (t.value if isinstance(t.value, tuple) else (t.value,))
        if x not in ("none", "unknown")
    )
    values: dict[str, tuple[Any, ...]] = {}
    for fact, ts in sorted(tests.items()):
        candidates = _candidates(book, fact, ts, named)
        values[fact] = _classes(fact, candidates, ts, book, named)
    return Space(book, values, named)


def _candidates(book: CompiledRulebook, fact: str, tests: list[c.Test], named: frozenset[str]) -> list[Any]:
    if fact.startswith((READING_PREFIX, c.AREA_PREFIX)):  # a reading, or whether the place is in an area
        return [False, True]
    spec = BASE_FACTS[fact]
    if spec.type == "enum":
        return list(spec.values)  # statuses are never merged: see _classes
    if spec.type == "bool":
        return [False, True]
    if spec.type == "state":
        tested = [x for t in tests for x in (t.value if isinstance(t.value, tuple) else (t.value,))]
        return sorted(set(tested) | {FRESH_STATE} | _absent(fact))
    if spec.type == "date":
        points: set[dt.date] = {FIRST_DATE, LAST_DATE}
        for t in tests:
            points |= {t.value}
        for p in book.provisions:
            points |= {d for d in (p.source.valid_from, p.source.valid_to) if d}
        if named:  # statuses of the named states change with the date: split dates there too
            for state in named:
                for interval in book.rulebook.membership.get(state, []):
                    points |= {d for d in (interval.from_, interval.to) if d}
        around = {p + dt.timedelta(days=k) for p in points for k in (-1, 0, 1)}
        return sorted(d for d in around if FIRST_DATE <= d <= LAST_DATE)
    # number (latitude): the constants tested, a hair either side, and "not given"
    nums: set[float] = {-90.0, 90.0}
    for t in tests:
        for x in t.value if isinstance(t.value, tuple) else (t.value,):
            nums |= {x - 1e-6, float(x), x + 1e-6}
    return [None, *sorted(n for n in nums if -90 <= n <= 90)]


def _absent(fact: str) -> set[str]:
    # What event_facts writes when there is no such state: at sea, or nobody knows who.
    return {"unknown"} if fact == "attacker" else {"none"} if fact in ("territory_of", "administered_by") else set()


# Values the consistency rules compare exactly, so they are never merged into a class.
_EXACT = {"victim_status", "attacker_status", "sponsor_status", "territory_status", "attacker_kind"}


def _classes(
    fact: str, candidates: list[Any], tests: list[c.Test], book: CompiledRulebook, named: frozenset[str]
) -> tuple[Any, ...]:
    seen: dict[tuple[Any, ...], Any] = {}
    for value in candidates:
        signature: tuple[Any, ...] = tuple(t.holds({fact: value}) for t in tests)
        if fact in _EXACT or value in ("none", "unknown"):
            signature += (value,)
        if fact == "date":
            signature += tuple(book.rulebook.status_on(s, value) for s in sorted(named))
        seen.setdefault(signature, value)
    return tuple(seen.values())


# --- three-valued evaluation ---------------------------------------------------------


@dataclass
class State3:
    applies: dict[str, Tri]
    fired: dict[str, Tri]
    atoms: dict[str, Tri]


def evaluate3(book: CompiledRulebook, facts: Mapping[str, Any], within: frozenset[str] | None = None) -> State3:
    """Every provision three-valued on `facts`; with `within` (a set closed under what its
    provisions read, relevant_provisions), only those: a question about one provision of a
    499-provision rulebook then costs a few provisions per evaluation, not all of them."""
    applies: dict[str, Tri] = {}
    fired: dict[str, Tri] = {}
    atoms: dict[str, Tri] = {}
    for p in book.provisions:  # dependency order: everything tested is settled first
        if within is not None and p.id not in within:
            continue
        a = _cond3(p.condition, facts, atoms)
        applies[p.id] = a
        blocked = _or3(fired[x] for x in p.defeated_by)
        f = _and3([a, _not3(blocked)])
        fired[p.id] = f
        prev = atoms.get(p.concludes, False)
        atoms[p.concludes] = _or3([prev, f])
    return State3(applies, fired, atoms)


def _cond3(cond: c.Cond, facts: Mapping[str, Any], atoms: Mapping[str, Tri]) -> Tri:
    if isinstance(cond, c.Test):
        if cond.fact not in facts:
            return None
        return cond.holds(facts)
    if isinstance(cond, c.Atom):
        value = atoms.get(cond.name, False)
        return value if value is None or cond.positive else not value
    if isinstance(cond, c.All):
        return _and3(_cond3(x, facts, atoms) for x in cond.items)
    if isinstance(cond, c.Any_):
        return _or3(_cond3(x, facts, atoms) for x in cond.items)
    return _not3(_cond3(cond.item, facts, atoms))


def _and3(values: Any) -> Tri:
    out: Tri = True
    for v in values:
        if v is False:
            return False
        if v is None:
            out = None
    return out


def _or3(values: Any) -> Tri:
    out: Tri = False
    for v in values:
        if v is True:
            return True
        if v is None:
            out = None
    return out


def _not3(value: Tri) -> Tri:
    return None if value is None else not value


# --- which combinations a scenario can produce -------------------------------------


def _consistent(space: Space, a: Assignment) -> bool:
    """False only when the assigned facts can never come out of one scenario event."""
    book = space.book

    def has(*names: str) -> bool:
        return all(n in a for n in names)

    if has("attacker_kind", "attacker_status") and (a["attacker_kind"] == "state") == (
        a["attacker_status"] == "not_a_state"
    ):
        return False
    if has("state_sponsored", "attacker_kind") and a["state_sponsored"] and a["attacker_kind"] != "non_state":
        return False
    if has("state_sponsored", "sponsor_status") and a["state_sponsored"] == (a["sponsor_status"] == "not_a_state"):
        return False
    if has("territory_of", "territory_status") and (a["territory_of"] == "none") != (
        a["territory_status"] == "not_a_state"
    ):
        return False
    if a.get("on_victim_territory"):
        if a.get("territory_of") == "none":
            return False
        if has("territory_status", "victim_status") and a["territory_status"] != a["victim_status"]:
            return False
    if (
        has("on_victim_territory", "territory_of", "victim")
        and FRESH_STATE not in (a["territory_of"], a["victim"])
        and a["on_victim_territory"] != (a["territory_of"] == a["victim"])
    ):
        return False
    if (
        has("administered_by_victim", "administered_by", "victim")
        and FRESH_STATE
        not in (
            a["administered_by"],
            a["victim"],
        )
        and a["administered_by_victim"] != (a["administered_by"] == a["victim"])
    ):
        return False
    if has("attacker", "attacker_kind") and (a["attacker"] == "unknown") != (a["attacker_kind"] == "unknown"):
        return False
    if a.get("attacker_kind") == "unknown" and a.get("from_abroad"):
        return False
    if a.get("victim_status") == "member":
        if a.get("victim_requested_deployment") and a.get("member_requested_deployment") is False:
            return False
        if a.get("victim_requested_consultation") and a.get("member_requested_consultation") is False:
            return False
    if "date" in a:
        for fact, status in (("victim", "victim_status"), ("territory_of", "territory_status")):
            code = a.get(fact)
            if code in space.named_states and status in a and a[status] != book.rulebook.status_on(code, a["date"]):
                return False
        code = a.get("attacker")
        if (
            code in space.named_states
            and a.get("attacker_kind") == "state"
            and "attacker_status" in a
            and a["attacker_status"] != book.rulebook.status_on(code, a["date"])
        ):
            return False
    return True


# --- search ----------------------------------------------------------------------------

Goal = Callable[[State3], Tri]


@dataclass
class Answer:
    witness: Assignment | None  # facts (one per class) on which the goal holds
    decided: bool  # False when the evaluation budget ran out first


class _Undecided(Exception):
    """The evaluation budget ran out."""


_DEAD = "dead"  # a partial assignment no scenario can produce, or on which the goal is false


def find(space: Space, goal: Goal, order: list[str] | None = None, within: frozenset[str] | None = None) -> Answer:
    """A point of the space where `goal` is true, or None if there is none.

    Two depth-first searches, both complete. The first assigns the facts in `order` and
    cuts a branch only when the goal is settled false; it answers most questions in tens
    of evaluations, so it gets a small budget. When that runs out the question is one
    where a contradiction between facts far apart in `order` (CSTO: a protected victim on
    its own territory, yet a territory that is no member's) is seen only after every fact
    in between has been enumerated (100,000 evaluations for one question of C004), and the
    second search takes over: forward checking, which tries each value of each unassigned
    fact one step ahead, cuts a branch as soon as some fact has no value left that keeps
    the goal open, and branches on the fact with the fewest values left.
    """
    wanted = order or []
    facts = [*wanted, *(f for f in space.values if f not in wanted)]
    budget = [IN_ORDER_EVALUATIONS]

    def status(a: Assignment) -> Tri | str:
        budget[0] -= 1
        if budget[0] < 0:
            raise _Undecided
        if not _consistent(space, a):
            return _DEAD
        return goal(evaluate3(space.book, a, within))

    def in_order(i: int, a: Assignment) -> Assignment | None:
        g = status(a)
        if g is _DEAD or g is False:
            return None
        if g is True and _completes(space, a, facts[i:]):
            return dict(a)
        if i == len(facts):
            return None
        fact = facts[i]
        for value in space.values[fact]:
            a[fact] = value
            found = in_order(i + 1, a)
            del a[fact]
            if found is not None:
                return found
        return None

    def look_ahead(a: Assignment, g: Tri) -> Assignment | None:
        free = [f for f in facts if f not in a]
        if g is True and _completes(space, a, free):
            return dict(a)
        best: tuple[str, list[tuple[Any, Tri]]] | None = None
        for fact in free:
            options: list[tuple[Any, Tri]] = []
            for value in space.values[fact]:
                a[fact] = value
                s = status(a)
                del a[fact]
                if s is not _DEAD and s is not False:
                    options.append((value, s))  # type: ignore[arg-type]
            if not options:
                return None
            if best is None or len(options) < len(best[1]):
                best = (fact, options)
        if best is None:  # everything is assigned and the goal is not true
            return None
        fact, options = best
        for value, s in options:
            a[fact] = value
            found = look_ahead(a, s)
            del a[fact]
            if found is not None:
                return found
        return None

    try:
        return Answer(in_order(0, {}), True)
    except _Undecided:
        pass
    budget[0] = MAX_EVALUATIONS
    try:
        g = status({})
        if g is _DEAD or g is False:
            return Answer(None, True)
        return Answer(look_ahead({}, g), True)  # type: ignore[arg-type]
    except _Undecided:
        return Answer(None, False)


def _completes(space: Space, a: Assignment, rest: list[str]) -> bool:
    """A Kleene-true goal holds on every completion; one consistent completion must exist."""
    if not rest:
        return True

    def walk(i: int) -> bool:
        if not _consistent(space, a):
            return False
        if i == len(rest):
            return True
        fact = rest[i]
        for value in space.values[fact]:
            a[fact] = value
            ok = walk(i + 1)
            del a[fact]
            if ok:
                return True
        return False

    ok = walk(0)
    return ok


def relevant_provisions(book: CompiledRulebook, start: list[str]) -> frozenset[str]:
    """The provisions in `start` and every one they depend on (what concludes a fact they
    read, what defeats them), transitively: all a goal on `start` can turn on."""
    concluders: dict[str, list[str]] = {}
    for p in book.provisions:
        concluders.setdefault(p.concludes, []).append(p.id)
    seen: set[str] = set()
    queue = list(start)
    while queue:
        pid = queue.pop()
        if pid in seen:
            continue
        seen.add(pid)
        p = book.provision(pid)
        queue.extend(
            q for leaf in c.leaves(p.condition) if isinstance(leaf, c.Atom) for q in concluders.get(leaf.name, [])
        )
        queue.extend(p.defeated_by)
    return frozenset(seen)


def relevant_order(book: CompiledRulebook, start: list[str]) -> list[str]:
    """Facts in the order the provisions in `start`, then what they depend on, test them."""
    seen_p: set[str] = set()
    order: list[str] = []
    queue = list(start)
    concluders: dict[str, list[str]] = {}
    for p in book.provisions:
        concluders.setdefault(p.concludes, []).append(p.id)
    while queue:
        pid = queue.pop(0)
        if pid in seen_p:
            continue
        seen_p.add(pid)
        p = book.provision(pid)
        for leaf in c.leaves(p.condition):
            if isinstance(leaf, c.Test):
                if leaf.fact not in order:
                    order.append(leaf.fact)
            else:
                queue.extend(concluders.get(leaf.name, []))
        queue.extend(p.defeated_by)
    return order


def iter_points(space: Space) -> Iterator[Assignment]:
    """Every consistent point (only for small spaces; used by tests of the search)."""
    facts = list(space.values)

    def walk(i: int, a: Assignment) -> Iterator[Assignment]:
        if not _consistent(space, a):
            return
        if i == len(facts):
            yield dict(a)
            return
        for value in space.values[facts[i]]:
            a[facts[i]] = value
            yield from walk(i + 1, a)
            del a[facts[i]]

    yield from walk(0, {})
