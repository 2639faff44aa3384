"""durable_rules' structural limits, checked on a ruleset definition before the C core sees it.

Past these limits the C core does not fail cleanly: it hangs, segfaults or errs only at
assert time (durable_rules' src/rules/rete.c, `linkAlpha`). So we
rebuild, in Python, the shape of the alpha network that `createAlpha` would build from the
definition and measure it:

* every test is an alpha node, shared with an identical sibling (same property, operator
  and value), so the network is a trie of each pattern's tests from one root;
* an `$and` is a chain of tests; an `$or` places each alternative under the current node
  and joins them in a fresh forward node, entered in each alternative's NEX list;
* a pattern's last node gets the pattern's rule in its beta list;
* asserting a fact walks the network depth first on a stack of 64 nodes, pushing every
  child that matches and every NEX entry at once (error 303 past it).

The model errs on the side of refusing: it never shares a node the C core would not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# The C core's limits (rules.h, rete.h, state.h), and what casus allows: a margin below each.
BETA_LIST_LENGTH = 256  # rules ending on one alpha node: the 256th segfaults on assert
NEXT_BUCKET_LENGTH = 512  # distinct tests under one node: 512 hangs asserts, 513 definition
# NEXT_LIST_LENGTH (128 $nex tests and $or joins under one node, 129 is error 107) needs no
# check of its own: a node's NEX entries are all pushed at once, so the stack bound covers it.
MAX_STACK_SIZE = 64  # alpha nodes pending while one fact is matched: 65 is error 303
MAX_MESSAGE_FRAMES = 16  # facts one rule joins: 17 is error 304 at assert time
MAX_OBJECT_PROPERTIES = 252  # properties of one fact, ours included: 253 is error 302

MAX_RULES_SHARING_A_TEST = 250
MAX_SIBLING_TESTS = 500
MAX_ALPHA_STACK = 56
MAX_PATTERNS_PER_RULE = MAX_MESSAGE_FRAMES
MAX_FACT_PROPERTIES = 240
# Names, ids and sids are copied onto the C stack (2 MB sid, 9 MB id: SIGSEGV). Nothing of
# ours comes near; anything that does is a bug upstream of the engine, refused here.
MAX_DEFINITION_STRING = 4096
MAX_FACT_CHARS = 256 * 1024
# The C core's hash table of rules (rete.h MAX_NODES / ruleset sizes) fails with error 106
# past 4,096 rules; every provision is at least one engine rule, plus one barrier per phase.
MAX_ENGINE_RULES = 4096
MAX_RULES = 4000

# Numbers the C core's JSON reader misparses or refuses (measured): an exponent without a
# decimal point (1e-05, 1e+16: error 204), and integers past 64 bits (compared wrongly,
# silently). Its reader takes every double written as D.DDDe±X exactly (tests/test_hostile.py
# compares it with Python on generated floats over the whole range).
_AWKWARD = re.compile(r"[0-9][eE]|[0-9]{16}")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?')
_SAFE_INT = 2**53


def engine_json(value: Any) -> str:
    """`value` as JSON text the C core reads as Python does; plain json.dumps when that is already so."""
    text = json.dumps(value)
    return text if _AWKWARD.search(text) is None else _TOKEN.sub(_engine_number, text)


def _engine_number(match: re.Match[str]) -> str:
    token = match.group()
    if token.startswith('"'):
        return token  # a string, left exactly as json.dumps wrote it
    if "." not in token and "e" not in token.lower() and abs(int(token)) > _SAFE_INT:
        try:  # as a double, which the core compares exactly; no fact of ours is an integer this large
            token = repr(float(int(token)))
        except OverflowError:
            raise ValueError(f"the number {token[:24]}... is too large to compare (the limit is ±1.8e308)") from None
    if "e" in token or "E" in token:
        mantissa, _, exponent = token.lower().partition("e")
        return f"{mantissa if '.' in mantissa else mantissa + '.0'}e{exponent}"
    return token


@dataclass
class AlphaNode:
    path: tuple[str, ...]  # the tests from the root, as canonical JSON
    tests: dict[str, tuple[str, str]] = field(default_factory=dict)  # child tests -> (property, operator)
    nex: int = 0  # NEX-list entries
    rules: list[str] = field(default_factory=list)  # beta list
    successors: set[tuple[str, ...]] = field(default_factory=set)  # hash children and NEX entries

    def pushes(self) -> int:
        """The most nodes one fact can push from here: equality tests on one property
        match one value at most; any other test, and every NEX entry, may all match."""
        groups: dict[tuple[str, str], int] = {}
        for prop, op in self.tests.values():
            groups[(prop, op)] = groups.get((prop, op), 0) + 1
        return self.nex + sum(1 if op == "eq" else n for (_, op), n in groups.items())


class AlphaNetwork:
    """The trie of alpha tests durable_rules would build from a ruleset definition."""

    def __init__(self, definition: dict[str, Any]) -> None:
        self.nodes: dict[tuple[str, ...], AlphaNode] = {}
        self._forward = 0
        for rule, body in definition.items():
            for pattern in body.get("all", body.get("any", [])):
                for test in pattern.values():
                    self._node(self._place(test, ())).rules.append(rule)

    def _node(self, path: tuple[str, ...]) -> AlphaNode:
        node = self.nodes.get(path)
        if node is None:
            node = self.nodes[path] = AlphaNode(path)
        return node

    def _place(self, test: Any, at: tuple[str, ...]) -> tuple[str, ...]:
        """Add `test` under the node at `at`; the node the pattern continues from."""
        if isinstance(test, dict) and len(test) == 1 and "$and" in test:
            for item in test["$and"]:
                at = self._place(item, at)
            return at
        if isinstance(test, dict) and len(test) == 1 and "$or" in test:
            self._forward += 1  # forward nodes are created fresh, never shared
            forward = (*at, f"$or#{self._forward}")
            self._node(forward)
            for item in test["$or"]:
                end = self._node(self._place(item, at))
                end.nex += 1
                end.successors.add(forward)
            return forward
        if isinstance(test, dict) and len(test) > 1:  # {a: 1, b: 2}: a chain, in key order
            for key, value in test.items():
                at = self._place({key: value}, at)
            return at
        key = json.dumps(test, sort_keys=True)
        parent = self._node(at)
        if isinstance(test, dict) and "$nex" in test:
            if (*at, key) not in self.nodes:
                parent.nex += 1
        else:
            parent.tests[key] = _property_and_operator(test)
        parent.successors.add((*at, key))
        self._node((*at, key))
        return (*at, key)

    def deepest_stack(self) -> tuple[int, tuple[str, ...]]:
        """An upper bound of the C matcher's stack (the pushes summed along the worst path)."""
        memo: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}

        def walk(path: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
            if path not in memo:
                node = self.nodes[path]
                below = max((walk(s) for s in node.successors), default=(0, path))
                memo[path] = (node.pushes() + below[0], below[1])
            return memo[path]

        return walk(()) if () in self.nodes else (0, ())


def _property_and_operator(test: Any) -> tuple[str, str]:
    if isinstance(test, dict) and len(test) == 1:
        ((key, value),) = test.items()
        if key.startswith("$") and isinstance(value, dict) and len(value) == 1:
            return next(iter(value)), key[1:]
        # {prop: {m_0: x}} joins on another fact: always pushed, so never grouped as one value
        return key, "join" if isinstance(value, dict) else "eq"
    return json.dumps(test, sort_keys=True), "other"


def definition_problems(name: str, definition: dict[str, Any]) -> Iterator[str]:
    """Why durable_rules would hang, crash or fail on this definition; nothing if it is safe."""
    if len(definition) > MAX_RULES:
        yield (
            f"{name}: {len(definition):,} engine rules; durable_rules fails past {MAX_ENGINE_RULES:,} "
            f"(error 106), casus allows {MAX_RULES:,}. Split the rulebook, or use `in:` lists instead "
            "of one provision per value."
        )
    try:
        engine_json(definition)
    except ValueError as exc:
        yield f"{name}: {exc}"
    for rule, body in definition.items():
        patterns = body.get("all", body.get("any", []))
        if len(patterns) > MAX_PATTERNS_PER_RULE:
            yield (
                f"{name}: engine rule {rule} joins {len(patterns)} facts; durable_rules allows "
                f"{MAX_MESSAGE_FRAMES}. Test fewer derived facts in one provision."
            )
    long = next((s for s in _strings(definition) if len(s) > MAX_DEFINITION_STRING), None)
    if long is not None:
        yield (
            f"{name}: a name or value of {len(long):,} characters ({long[:40]!r}...); "
            f"casus allows {MAX_DEFINITION_STRING:,} (the C core copies them onto its stack)"
        )
    network = AlphaNetwork(definition)
    for node in network.nodes.values():
        where = describe(node.path)
        if len(node.rules) > MAX_RULES_SHARING_A_TEST:
            yield (
                f"{name}: {len(node.rules)} engine rules end on the same test ({where}); durable_rules "
                f"crashes at {BETA_LIST_LENGTH}, casus allows {MAX_RULES_SHARING_A_TEST}. "
                "Give the provisions a distinguishing condition, or split the rulebook."
            )
        if len(node.tests) > MAX_SIBLING_TESTS:
            yield (
                f"{name}: {len(node.tests)} distinct tests under one engine node ({where}); durable_rules "
                f"hangs at {NEXT_BUCKET_LENGTH}, casus allows {MAX_SIBLING_TESTS}. "
                "Use fewer distinct values (long `in:` lists count one test per value)."
            )
    stack, leaf = network.deepest_stack()
    if stack > MAX_ALPHA_STACK:
        yield (
            f"{name}: matching one fact could leave {stack} engine nodes pending (down to {describe(leaf)}); "
            f"durable_rules fails past {MAX_STACK_SIZE}, casus allows {MAX_ALPHA_STACK}. "
            "Use fewer alternatives (`any:`/`in:`) at one place in a condition."
        )


def fact_properties_problem(name: str, properties: int) -> str | None:
    if properties <= MAX_FACT_PROPERTIES:
        return None
    return (
        f"{name}: a case would carry {properties} properties; durable_rules fails at "
        f"{MAX_OBJECT_PROPERTIES + 1}, casus allows {MAX_FACT_PROPERTIES}. Define fewer readings."
    )


def describe(path: tuple[str, ...]) -> str:
    shown = " and ".join(_short(p) for p in path[-3:])
    return ("... and " if len(path) > 3 else "") + shown if path else "the root"


def _short(test: str) -> str:
    if test.startswith("$or#"):
        return "any of the alternatives above"
    return test if len(test) <= 60 else test[:57] + "..."


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
