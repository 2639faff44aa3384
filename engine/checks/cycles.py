"""Provisions that depend on each other in a cycle (C008), found on the raw file."""

from __future__ import annotations

from engine.checks.registry import Finding, Subject, check
from engine.law import conditions as c
from engine.law.facts import BASE_FACTS, READING_PREFIX


@check("C008", "cycle", "Provisions depend on each other (through facts or exceptions) in a cycle", compiled=False)
def cycle(subject: Subject) -> list[Finding]:
    """A provision depends on those concluding the facts it tests and on those that defeat
    it; that relation must have no cycle, or the answer would depend on firing order.

    Passes::

        - {id: A, when: {victim_status: member}, concludes: {fact: protected}}
        - {id: B, when: {protected: true}, concludes: {outcome: collective_defence}}

    Fails (A needs B's conclusion and B needs A's)::

        - {id: A, when: {covered: true}, concludes: {fact: protected}}
        - {id: B, when: {protected: true}, concludes: {fact: covered}}
    """
    book = subject.rulebook
    ids = {p.id for p in book.provisions}
    concluders: dict[str, list[str]] = {}
    for p in book.provisions:
        concluders.setdefault(p.concludes.atom, []).append(p.id)
    deps: dict[str, set[str]] = {p.id: set() for p in book.provisions}
    for p in book.provisions:
        for leaf in c.leaves(c.parse(p.when)):
            name = leaf.fact if isinstance(leaf, c.Test) else leaf.name
            if name in BASE_FACTS or name.startswith((READING_PREFIX, c.AREA_PREFIX)):
                continue
            deps[p.id] |= set(concluders.get(name, []))
        for target in p.defeats:
            if target in ids:
                deps[target].add(p.id)
    out: list[Finding] = []
    for component in _strongly_connected(deps):
        members = sorted(component)
        if len(members) > 1 or members[0] in deps[members[0]]:
            first = members[0]
            path = _cycle_path(deps, first, set(members))
            out.append(
                Finding(
                    "C008",
                    first,
                    "provisions depend on each other in a cycle: " + " -> ".join(path),
                    subject.provision_line(first),
                )
            )
    return out


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative over sorted nodes so findings come in a fixed order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            out.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _cycle_path(graph: dict[str, set[str]], start: str, within: set[str]) -> list[str]:
    """The shortest cycle through `start` inside its component, for the message."""
    parents: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & within):
            if nxt == start:
                chain = [node]
                while chain[-1] != start:
                    chain.append(parents[chain[-1]])
                return [*reversed(chain), start]
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return [start, start]
