"""Proof trees: why an outcome is triggered, why not, and which readings it turns on.

The tree is built with the pure-Python evaluator over the same compiled conditions the
engines run, so the explanation and the verdict cannot drift apart: every node says
which provision or test it is, whether it held on the case, and where its facts come
from (membership intervals with sources, rulebook constants, pinned readings).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.evaluators.python import CaseResult, PythonEvaluator, evaluate_all
from engine.formats.scenario import Scenario
from engine.law import conditions as c
from engine.law.cases import build_cases
from engine.law.catalogue import Catalogue
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.facts import Case
from engine.law.provenance import annotate, span_words
from engine.verdict import why
from engine.verdict.judging import ReadingEffect, Result, free_readings, judge, pinned_readings, treaties_for

MAX_DEPTH = 12  # derived facts nest a few levels; this only guards against a runaway rulebook


@dataclass
class Node:
    """One step of a proof: a provision, a derived fact, a test, a reading, or a note."""

    kind: str  # outcome | event | provision | exception | fact | test | any | branch | reading | note
    label: str
    holds: bool | None = None  # None: not a truth claim (a note, a grouping)
    cite: str = ""
    detail: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "label": self.label}
        if self.holds is not None:
            out["holds"] = self.holds
        if self.cite:
            out["cite"] = self.cite
        if self.detail:
            out["detail"] = self.detail
        if self.children:
            out["children"] = [ch.to_json() for ch in self.children]
        return out

    def walk(self) -> Iterator[Node]:
        yield self
        for ch in self.children:
            yield from ch.walk()


@dataclass
class Explanation:
    scenario: str
    title: str
    date: str
    treaty: str
    outcome: str
    status: str
    root: Node
    readings: list[ReadingEffect] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "date": self.date,
            "treaty": self.treaty,
            "outcome": self.outcome,
            "status": self.status,
            "needs": self.needs,
            "readings": {r.name: r.to_json() for r in self.readings},
            "tree": self.root.to_json(),
        }

    def plain(self) -> str:
        """All the words of the tree, one node a line (for search and tests)."""
        lines = []
        for node in self.root.walk():
            lines.append(" ".join([node.label, node.cite, *node.detail]))
        return "\n".join(lines)


def explain(
    scenario: Scenario,
    catalogue: Catalogue,
    *,
    treaties: Sequence[str] = (),
    outcomes: Sequence[str] = (),
    readings: Mapping[str, bool] | None = None,
) -> list[Explanation]:
    overrides = dict(readings or {})
    verdict = judge(scenario, catalogue, PythonEvaluator(), treaties=treaties, readings=overrides)
    out: list[Explanation] = []
    for book in treaties_for(scenario, catalogue, treaties):
        pinned = pinned_readings(scenario, book, overrides)
        # Every open reading, not only those the verdict branched on: the proof tree shows
        # what each answer would do, including that it changes nothing here.
        free = free_readings(book, scenario.date, pinned)
        cases = build_cases(book, scenario, pinned, free)
        results = evaluate_all(book, cases)
        how = {name: _pin_source(scenario, book, name, overrides) for name in pinned}
        for result in verdict.results:
            if result.treaty != book.id or (outcomes and result.outcome not in outcomes):
                continue
            builder = _Builder(book, scenario, how)
            root = builder.outcome_tree(result, cases, results, free)
            out.append(
                Explanation(
                    scenario.id,
                    scenario.title,
                    scenario.date.isoformat(),
                    book.id,
                    result.outcome,
                    result.status,
                    root,
                    result.readings,
                    result.needs,
                )
            )
    return out


def _pin_source(scenario: Scenario, book: CompiledRulebook, name: str, overrides: Mapping[str, bool]) -> str:
    key = f"{book.id}.{name}"
    if key in overrides:
        return f"pinned {'yes' if overrides[key] else 'no'} on the command line"
    if key not in scenario.readings:
        note = book.rulebook.readings[name].settled_on(scenario.date)
        if note is not None:
            act = note.cites or note.summary.rstrip(".")
            return f"answered {'yes' if note.answer else 'no'} since {note.date} by subsequent agreement, {act}:"
    return f"pinned {'yes' if scenario.readings.get(key) else 'no'} by the scenario's readings:"


def _combo(case: Case) -> int:
    return int(case.key.rsplit("#", 1)[1])


def _readings_words(case: Case) -> str:
    """The readings and the answers to unstated facts this case assumes."""
    readings = [f"{name}={'yes' if value else 'no'}" for name, value in case.readings]
    assumed = [f"{key}: {answer}" for key, answer in case.assumed]
    return ", ".join(readings + assumed) or "the file as it stands"


def _event_id(node: Node) -> str:
    """The event id of an event node's label ("event 'x': ...")."""
    return node.label.split("'")[1] if node.label.startswith("event '") else ""


class _Builder:
    def __init__(self, book: CompiledRulebook, scenario: Scenario, pinned: Mapping[str, str]) -> None:
        self.book = book
        self.scenario = scenario
        self.pinned = pinned

    # --- the top of the tree, by status --------------------------------------------------
    def outcome_tree(
        self, result: Result, cases: Sequence[Case], results: Sequence[CaseResult], free: list[str]
    ) -> Node:
        atom = f"outcome.{result.outcome}"
        words = f"{self.book.id} {result.outcome.replace('_', ' ')}"
        fires = [atom in r.concluded(self.book) for r in results]
        root = Node("outcome", f"{words}: {result.status.replace('_', ' ')}", result.status != "not_triggered")
        pairs = list(zip(cases, results, strict=True))
        if result.status == "triggered":
            first = min(_combo(cs) for cs, ok in zip(cases, fires, strict=True) if ok)
            root.children = self._events(pairs, first, fires, atom)
            if free:
                root.children.append(Node("note", "holds under every answer to the open readings: " + ", ".join(free)))
        elif result.status == "not_triggered":
            # Readings default to yes (the broader answer) so the tree shows the tightest
            # obstacle; the status says it fails under every answer anyway.
            last = max(_combo(cs) for cs in cases)
            root.children = self._events(pairs, last, fires, atom)
            if free:
                root.children.append(Node("note", "fails under every answer to the open readings: " + ", ".join(free)))
        else:
            root.children = self._contested(result, pairs, fires, atom, free)
        for need in result.needs:
            root.children.append(
                Node("note", f"needs {need}: the treaty makes the victim's request a condition; none is recorded")
            )
        return root

    def _events(
        self, pairs: Sequence[tuple[Case, CaseResult]], combo: int, fires: Sequence[bool], atom: str
    ) -> list[Node]:
        nodes = []
        for (case, res), ok in zip(pairs, fires, strict=True):
            if _combo(case) != combo:
                continue
            ev = self._event_node(case)
            ev.holds = ok
            ev.children = self._fact_children(atom, case, res, ok)
            nodes.append(ev)
        return nodes

    def _contested(
        self,
        result: Result,
        pairs: Sequence[tuple[Case, CaseResult]],
        fires: Sequence[bool],
        atom: str,
        free: list[str],
    ) -> list[Node]:
        nodes: list[Node] = []
        combos = max(_combo(cs) for cs, _ in pairs) + 1
        by_combo = [False] * combos
        for (case, _), ok in zip(pairs, fires, strict=True):
            by_combo[_combo(case)] |= ok
        if result.in_words:  # the same sentence as the one-line explanation and the memo
            nodes.append(Node("note", result.in_words))
        for effect in result.readings:
            node = Node("reading", f"turns on {effect.name}: {effect.question}")
            node.children.append(Node("note", effect.given_yes))
            node.children.append(Node("note", effect.given_no))
            reading = self.book.rulebook.readings[effect.name.split(".", 1)[1]]
            note = reading.practice_on(self.scenario.date)
            if note:
                view = effect.if_yes if note.answer else effect.if_no
                node.children.append(
                    Node(
                        "note",
                        f"the organisation's practice on {self.scenario.date}: since {note.date} it takes "
                        f"the view that {view} — {note.summary.strip()}",
                        detail=[f"source {s}" for s in note.sources],
                    )
                )
            nodes.append(node)
        firing = next(k for k in range(combos) if by_combo[k])
        nodes.append(self._branch(pairs, firing, fires, atom, "triggered"))
        # For each reading that matters, the failing branch that differs from a firing one
        # in that reading alone: the smallest contrast, and the one that names the exception.
        shown: set[int] = set()
        for i, name in enumerate(free):
            bit = 1 << (len(free) - 1 - i)
            flips = [k for k in range(combos) if by_combo[k] and not by_combo[k ^ bit]]
            if not flips:
                continue
            k = firing if firing in flips else flips[0]
            failing = k ^ bit
            if failing in shown:
                continue
            shown.add(failing)
            nodes.append(
                self._branch(pairs, failing, fires, atom, f"not triggered (if {name} is answered differently)")
            )
        nodes.extend(self._unstated(result, pairs, fires, atom))
        return nodes

    def _unstated(
        self, result: Result, pairs: Sequence[tuple[Case, CaseResult]], fires: Sequence[bool], atom: str
    ) -> list[Node]:
        """Per unstated fact the result turns on: the status under each answer, and a branch
        assuming that answer (the first reading combination under it)."""
        nodes = []
        for effect in result.facts:
            node = Node("reading", f"turns on what the file does not state: {effect.question}", detail=[effect.key])
            node.children.append(Node("note", effect.words()))
            for answer in effect.answers:
                combo = next(
                    (
                        _combo(cs)
                        for cs, _ in pairs
                        if (effect.key, answer.answer) in cs.assumed and cs.event in effect.events
                    ),
                    None,
                )
                if combo is None:
                    continue
                words = f"{answer.status.replace('_', ' ')} (if the answer is {answer.answer})"
                node.children.append(self._branch(pairs, combo, fires, atom, words, only=effect.events))
            nodes.append(node)
        return nodes

    def _branch(
        self,
        pairs: Sequence[tuple[Case, CaseResult]],
        combo: int,
        fires: Sequence[bool],
        atom: str,
        words: str,
        only: Sequence[str] = (),
    ) -> Node:
        """The events' proofs under one case number (`only`: just these events)."""
        chosen = [(cs, ok) for (cs, _), ok in zip(pairs, fires, strict=True) if not only or cs.event in only]
        case = next(cs for cs, _ in chosen if _combo(cs) == combo)
        node = Node(
            "branch",
            f"{words}, under {_readings_words(case)}",  # the status first: never "...=no: triggered"
            any(ok for cs, ok in chosen if _combo(cs) == combo),
        )
        node.children = [ev for ev in self._events(pairs, combo, fires, atom) if not only or _event_id(ev) in only]
        return node

    def _event_node(self, case: Case) -> Node:
        f = case.facts
        return Node("event", f"event '{case.event}': {f['event_kind']} by {f['attacker']} against {f['victim']}")

    # --- proofs ---------------------------------------------------------------------------
    def _fact_children(self, atom: str, case: Case, res: CaseResult, ok: bool) -> list[Node]:
        return (
            [self._proved(p, case, res, 0) for p in self._concluders(atom, res.fired)]
            if ok
            else [self._refuted(p, case, res, 0) for p in self.book.provisions if p.concludes == atom]
        )

    def _concluders(self, atom: str, fired: frozenset[str]) -> list[CompiledProvision]:
        return [p for p in self.book.provisions if p.concludes == atom and p.id in fired]

    def _provision_node(self, p: CompiledProvision, holds: bool, kind: str = "provision") -> Node:
        return Node(kind, f"{p.id} — {p.source.title}", holds, cite=str(p.source.cites))

    def _proved(self, p: CompiledProvision, case: Case, res: CaseResult, depth: int, kind: str = "provision") -> Node:
        node = self._provision_node(p, True, kind)
        node.children = self._held(p.when, case, res, depth + 1)
        if p.source.valid_from or p.source.valid_to:
            node.detail.append(f"in force {span_words(p.source.valid_from, p.source.valid_to)}")
        return node

    def _refuted(self, p: CompiledProvision, case: Case, res: CaseResult, depth: int) -> Node:
        node = self._provision_node(p, False)
        date = self.scenario.date
        if not p.source.valid_on(date):
            span = span_words(p.source.valid_from, p.source.valid_to)
            node.children = [Node("test", f"not in force on {date} (in force {span})", False)]
        elif p.id in res.applies:
            node.label += " (applies, but is defeated)"
            node.children = [
                self._proved(self.book.provision(x), case, res, depth + 1, "exception")
                for x in p.defeated_by
                if x in res.fired
            ]
        else:
            node.children = self._failed(p.when, case, res, depth + 1)
        return node

    def _derived(self, atom: c.Atom, case: Case, res: CaseResult, depth: int, holds: bool) -> Node:
        node = Node("fact", atom.name if holds else f"{atom.name} (not established)", holds)
        if depth > MAX_DEPTH:
            return node
        if holds:
            node.children = [self._proved(p, case, res, depth) for p in self._concluders(atom.name, res.fired)]
        else:
            node.children = [
                self._refuted(p, case, res, depth) for p in self.book.provisions if p.concludes == atom.name
            ]
        return node

    def _test(self, t: c.Test, case: Case, holds: bool) -> Node:
        actual = case.facts.get(t.fact)
        shown = "not given" if actual is None else c._show(actual)
        detail = annotate(t, case.facts, self.book.rulebook, self.scenario, self.pinned)
        return Node("test", f"{t.describe()} (here: {shown})", holds, detail=detail)

    def _held(self, cond: c.Cond, case: Case, res: CaseResult, depth: int) -> list[Node]:
        concluded = res.concluded(self.book)
        if not c.evaluate(cond, case.facts, concluded.__contains__):
            return []
        if isinstance(cond, c.Test):
            return [self._test(cond, case, True)]
        if isinstance(cond, c.Atom):
            if cond.positive:
                return [self._derived(cond, case, res, depth, True)]
            negative = self._derived(cond.negated(), case, res, depth, False)
            negative.holds = True
            negative.label = f"not {cond.name}"
            return [negative]
        if isinstance(cond, c.All):
            return [n for item in cond.items for n in self._held(item, case, res, depth)]
        if isinstance(cond, c.Any_):
            for item in cond.items:
                nodes = self._held(item, case, res, depth)
                if nodes:
                    return nodes
        return []

    def _failed(self, cond: c.Cond, case: Case, res: CaseResult, depth: int) -> list[Node]:
        concluded = res.concluded(self.book)
        if c.evaluate(cond, case.facts, concluded.__contains__):
            return []
        if isinstance(cond, c.Test):
            return [self._test(cond, case, False)]
        if isinstance(cond, c.Atom):
            if cond.positive:
                return [self._derived(cond, case, res, depth, False)]
            blocker = self._derived(cond.negated(), case, res, depth, True)
            blocker.holds = False
            blocker.label = f"needs not {cond.name}, but {cond.name} holds"
            return [blocker]
        if isinstance(cond, c.All):
            first: list[Node] = []
            for item in cond.items:  # the first condition that failed: the "why not"
                nodes = self._failed(item, case, res, depth)
                if nodes and not first:
                    first = nodes
                elif nodes and isinstance(item, c.Test):
                    # Other failed tests too (e.g. the latitude beside the region), marked as such,
                    # so that a reader sees every base fact that would have to change.
                    also = nodes[0]
                    also.label = f"also: {also.label}"
                    first.append(also)
            return first
        if isinstance(cond, c.Any_):
            group = Node("any", f"none of {len(cond.items)} alternatives holds", False)
            for item in cond.items:
                children = self._failed(item, case, res, depth)
                if len(children) == 1 and isinstance(item, (c.Test, c.Atom)):
                    group.children.extend(children)  # a one-test branch would repeat its test
                    continue
                branch = Node("branch", why.describe(item), False)
                branch.children = children
                group.children.append(branch)
            return [group]
        return []
