"""Plain words for a result that turns on open questions: "if X: triggered; if not: not triggered".

A contested result depends on questions the file or the law leaves open: a reading the
law leaves to interpretation, or a fact the scenario does not state. A reader must see
each answer as the status it gives, never "yes: contested". Every output (the one-line
explanation, the proof tree, Markdown, the memo) takes its sentences from here, so the
same result is said in the same words everywhere.

A `Question` carries the two clauses that complete "if ...": `Question("aggression
includes non-state groups", "it does not")`. `answers` says one question's two statuses;
`combination` says a table over several questions, naming the combinations that give
each status ("if A and B: triggered; otherwise: not triggered").
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STATUS_ORDER = ("triggered", "contested", "not_triggered")
MAX_QUESTIONS = 10  # the judging bound on open readings
MAX_MINIMISED = 6  # up to 3**6 candidate conditions are searched for the shortest sentence


@dataclass(frozen=True)
class Question:
    """One open question as words: the clause completing "if ..." for yes and for no."""

    if_yes: str
    if_no: str

    def clause(self, answer: bool) -> str:
        return self.if_yes if answer else self.if_no


def status_words(status: str) -> str:
    """`not_triggered` -> `not triggered`: the status as a reader says it."""
    return status.replace("_", " ")


def reading_question(name: str, if_yes: str | None = None, if_no: str | None = None) -> Question:
    """A rulebook reading as a Question; without its short clauses, the reading named and answered."""
    # "yes to ...", never "... answered yes": a clause ending in yes/no before ": triggered" reads as "yes: triggered".
    return Question(if_yes or f'yes to the reading "{name}"', if_no or f'no to the reading "{name}"')


def fact_question(what: str) -> Question:
    """A fact the file does not state, as a Question: "if so" / "if not"."""
    return Question(what, f"not {what}")


def answers(question: Question, yes: str, no: str) -> str:
    """'if aggression includes non-state groups: triggered; if not: not triggered'."""
    return f"if {question.if_yes}: {status_words(yes)}; if not: {status_words(no)}"


def unstated(what: str, if_so: str, if_not: str) -> str:
    """'the file does not say whether the attack came from abroad: if so, triggered; if not, not triggered'."""
    return f"the file does not say whether {what}: if so, {status_words(if_so)}; if not, {status_words(if_not)}"


def combination(questions: Sequence[Question], table: Mapping[tuple[bool, ...], str]) -> str:
    """The statuses of a table over several questions, each with the combinations that give it.

    `table` maps every tuple of answers (in the order of `questions`) to a status. The most
    frequent status is said last as "otherwise"; each other status is said with the fewest,
    broadest conditions that give exactly it (a small exact cover of its answer tuples).
    One question: `answers`. No question or a constant table: the status alone.
    """
    statuses = sorted(set(table.values()), key=_status_rank)
    if len(statuses) == 1:
        return status_words(statuses[0])
    questions, table = _that_matter(questions, table)
    if len(questions) > MAX_QUESTIONS:
        # The shortest exact sentence grows exponentially with the questions: past the bound
        # say what it turns on and where the whole table is, rather than a sentence nobody reads.
        said = " or ".join(status_words(s) for s in statuses)
        return (
            f"{said}, depending on how {len(questions)} questions are answered together "
            "(`casus run --all-readings` lists every combination)"
        )
    if len(questions) == 1:
        return answers(questions[0], table[(True,)], table[(False,)])
    counts = {s: sum(1 for v in table.values() if v == s) for s in statuses}
    # On a tie the sentence says when it is triggered, and "otherwise: not triggered".
    default = max(statuses, key=lambda s: (counts[s], _status_rank(s)))
    parts = []
    for status in statuses:
        if status == default:
            continue
        cubes = _cover(len(questions), {k for k, v in table.items() if v == status})
        words = ", or if ".join(_conjunction(questions, cube) for cube in cubes)
        parts.append(f"if {words}: {status_words(status)}")
    parts.append(f"otherwise: {status_words(default)}")
    return "; ".join(parts)


def _that_matter(
    questions: Sequence[Question], table: Mapping[tuple[bool, ...], str]
) -> tuple[list[Question], dict[tuple[bool, ...], str]]:
    """The questions whose answer changes some status, and the table over those alone."""
    keep = [i for i in range(len(questions)) if any(v != table[_flip(k, i)] for k, v in table.items())]
    return [questions[i] for i in keep], {tuple(k[i] for i in keep): v for k, v in table.items()}


def _flip(key: tuple[bool, ...], index: int) -> tuple[bool, ...]:
    return (*key[:index], not key[index], *key[index + 1 :])


def restricted(table: Mapping[tuple[bool, ...], str], index: int, answer: bool) -> dict[tuple[bool, ...], str]:
    """The table with question `index` fixed to `answer` (that question dropped from the keys)."""
    return {k[:index] + k[index + 1 :]: v for k, v in table.items() if k[index] == answer}


def under_answer(questions: Sequence[Question], table: Mapping[tuple[bool, ...], str], index: int, answer: bool) -> str:
    """What the result is once question `index` is answered: a status, or what it still depends on."""
    rest = restricted(table, index, answer)
    others = [q for i, q in enumerate(questions) if i != index]
    said = combination(others, rest)
    head = f"if {questions[index].clause(answer)}"
    if len(set(rest.values())) == 1:
        return f"{head}: {said}"
    return f"{head}, it depends further ({said})"


def _status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


Cube = tuple[bool | None, ...]  # per question: True (yes), False (no), None (either)


def _cover(n: int, wanted: set[tuple[bool, ...]]) -> list[Cube]:
    """A small set of cubes whose union is exactly `wanted`: prime cubes, chosen greedily."""
    if n > MAX_MINIMISED:  # 3**n candidates: past this, each combination is said whole
        return [tuple(k) for k in sorted(wanted, reverse=True)]
    inside = {cube for cube in itertools.product((True, False, None), repeat=n) if _points(cube) <= wanted}
    # Prime: no condition can be dropped without taking in an answer tuple outside `wanted`.
    primes = [c for c in sorted(inside, key=_order) if not any(_widen(c, i) in inside for i in range(n))]
    chosen: list[Cube] = []
    left = set(wanted)
    while left:
        # Most answers covered first, then fewest conditions; the product order breaks ties.
        best = max(primes, key=lambda c: (len(_points(c) & left), -_literals(c)))
        chosen.append(best)
        left -= _points(best)
    return chosen


def _widen(cube: Cube, index: int) -> Cube | None:
    return None if cube[index] is None else (*cube[:index], None, *cube[index + 1 :])


def _order(cube: Cube) -> tuple[int, ...]:
    return tuple({True: 0, False: 1, None: 2}[v] for v in cube)


def _points(cube: Cube) -> set[tuple[bool, ...]]:
    return set(itertools.product(*[(v,) if v is not None else (True, False) for v in cube]))


def _literals(cube: Cube) -> int:
    return sum(1 for v in cube if v is not None)


def _conjunction(questions: Sequence[Question], cube: Cube) -> str:
    return " and ".join(q.clause(v) for q, v in zip(questions, cube, strict=True) if v is not None)
