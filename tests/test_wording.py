"""Plain words for contested results: each answer said as the status it gives."""

from __future__ import annotations

import itertools

from engine.verdict.wording import Question, answers, combination, reading_question, under_answer, unstated

NON_STATE = Question("aggression includes non-state groups", "aggression means acts of states only")
FROZEN = Question("a frozen member is still protected", "a frozen member is not protected")
CYBER = Question("a cyber operation can be an armed attack", "it cannot")


def _table(rule, n):  # type: ignore[no-untyped-def]
    return {k: "triggered" if rule(*k) else "not_triggered" for k in itertools.product((False, True), repeat=n)}


def test_one_question_says_both_statuses() -> None:
    said = answers(NON_STATE, "triggered", "not_triggered")
    assert said == "if aggression includes non-state groups: triggered; if not: not triggered"


def test_two_questions_name_the_combination_that_triggers() -> None:
    said = combination([NON_STATE, FROZEN], _table(lambda a, b: a and b, 2))
    assert said == (
        "if aggression includes non-state groups and a frozen member is still protected: triggered; "
        "otherwise: not triggered"
    )


def test_the_rarer_status_is_the_one_given_conditions() -> None:
    said = combination([NON_STATE, FROZEN], _table(lambda a, b: a or b, 2))
    assert said.endswith("otherwise: triggered")
    assert "aggression means acts of states only and a frozen member is not protected: not triggered" in said


def test_a_question_that_does_not_matter_is_left_out() -> None:
    said = combination([NON_STATE, FROZEN, CYBER], _table(lambda a, b, c: a, 3))
    assert "frozen" not in said and "cyber" not in said
    assert "if aggression includes non-state groups: triggered" in said


def test_a_constant_table_is_the_status_alone() -> None:
    assert combination([NON_STATE], {(True,): "triggered", (False,): "triggered"}) == "triggered"


def test_every_said_condition_gives_the_status_it_names() -> None:
    # Round trip: read each sentence back; for every answer tuple the first clause whose
    # condition it meets ("if not" negates the clause before, "otherwise" meets all) must name
    # the status the table gives it.
    questions = [NON_STATE, FROZEN, CYBER]
    points = list(itertools.product((False, True), repeat=3))
    for bits in range(1, 2**8 - 1):
        table = {p: "triggered" if bits >> i & 1 else "not_triggered" for i, p in enumerate(points)}
        said = combination(questions, table)
        for point, status in table.items():
            assert _read_back(questions, point, said) == status.replace("_", " "), said


def _read_back(questions: list[Question], point: tuple[bool, ...], said: str) -> str:
    previous = False
    for clause in said.split("; "):
        condition, status = clause.rsplit(": ", 1)
        if condition == "otherwise":
            met = True
        elif condition == "if not":
            met = not previous
        else:
            alternatives = condition.removeprefix("if ").split(", or if ")
            met = any(all(_true(questions, point, lit) for lit in alt.split(" and ")) for alt in alternatives)
        if met:
            return status
        previous = met
    raise AssertionError(f"no clause of {said!r} meets {point}")


def _true(questions: list[Question], point: tuple[bool, ...], literal: str) -> bool:
    return any(q.clause(v) == literal for q, v in zip(questions, point, strict=True))


def test_under_one_answer_says_what_is_left() -> None:
    table = _table(lambda a, b: a or b, 2)
    assert under_answer([NON_STATE, FROZEN], table, 0, True) == "if aggression includes non-state groups: triggered"
    rest = under_answer([NON_STATE, FROZEN], table, 0, False)
    assert rest.startswith("if aggression means acts of states only, it depends further (")


def test_a_reading_without_short_clauses_is_named() -> None:
    q = reading_question("gravity")
    assert (q.if_yes, q.if_no) == ('yes to the reading "gravity"', 'no to the reading "gravity"')
    assert reading_question("gravity", "it is grave enough").if_yes == "it is grave enough"


def test_an_unstated_fact() -> None:
    said = unstated("the attack came from abroad", "triggered", "not_triggered")
    assert said == "the file does not say whether the attack came from abroad: if so, triggered; if not, not triggered"


def test_more_questions_than_a_sentence_holds_are_summed_up_not_refused() -> None:
    """A user rulebook may open up to 14 readings that all matter (the combination bound):
    the result is still said, in a sentence that points to the full table."""
    from engine.verdict import wording

    n = wording.MAX_QUESTIONS + 2
    questions = [wording.Question(f"question {i} is yes", f"question {i} is no") for i in range(n)]
    table = {
        tuple(bool(k >> (n - 1 - i) & 1) for i in range(n)): "triggered" if k == 2**n - 1 else "not_triggered"
        for k in range(2**n)
    }
    said = wording.combination(questions, table)
    assert said.startswith("triggered or not triggered, depending on how 12 questions are answered together")
    assert "--all-readings" in said
