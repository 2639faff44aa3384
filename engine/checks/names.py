"""Names a condition uses that nothing defines (C005-C007), on the raw file.

The compiler refuses these too, but stops at the first file it cannot compile; here
each one is a finding with its provision and line, and the other checks still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.checks.registry import Finding, Subject, check
from engine.formats.modelcheck import suggestion
from engine.formats.rulebook import Provision
from engine.law import conditions as c
from engine.law.facts import BASE_FACTS, READING_PREFIX

OUTCOME_PREFIX = "outcome."


def _tests(p: Provision) -> Iterator[c.Test]:
    for leaf in c.leaves(c.parse(p.when)):
        if isinstance(leaf, c.Test):
            yield leaf


def _constants(value: Any) -> Iterator[str]:
    for x in value if isinstance(value, tuple) else (value,):
        if isinstance(x, str) and x.startswith("@"):
            yield x[1:]


@check("C005", "undefined-fact", "A condition tests a fact, outcome or constant that nothing defines", compiled=False)
def undefined_fact(subject: Subject) -> list[Finding]:
    """A condition may test base facts, `reading.NAME`, facts some provision concludes,
    and `outcome.NAME` for an outcome some provision concludes; `@NAME` must be a constant.

    Passes::

        - id: A
          when: {victim_status: member}
          concludes: {fact: protected}
        - id: B
          when: {protected: true}
          concludes: {outcome: collective_defence}

    Fails (`protectd` is concluded by nobody, so B can never fire)::

        - id: B
          when: {protectd: true}
          concludes: {outcome: collective_defence}
    """
    book = subject.rulebook
    derived = {p.concludes.fact for p in book.provisions if p.concludes.fact}
    concluded_outcomes = {p.concludes.outcome for p in book.provisions if p.concludes.outcome}
    out: list[Finding] = []
    for p in book.provisions:
        line = subject.provision_line(p.id)
        for t in _tests(p):
            name = t.fact
            if name.startswith(OUTCOME_PREFIX):
                outcome = name[len(OUTCOME_PREFIX) :]
                if outcome not in concluded_outcomes:
                    out.append(
                        Finding("C005", p.id, f"{p.id} tests {name}, but no provision concludes {outcome!r}", line)
                    )
            elif (
                not name.startswith((READING_PREFIX, c.AREA_PREFIX))  # areas: the compiler checks them
                and name not in BASE_FACTS
                and name not in derived
            ):
                hint = suggestion(name, [*BASE_FACTS, *derived])
                out.append(
                    Finding(
                        "C005",
                        p.id,
                        f"{p.id} tests {name!r}, which is neither a base fact nor concluded by any provision{hint}",
                        line,
                    )
                )
            for const in _constants(t.value):
                if const not in book.constants:
                    hint = suggestion(const, book.constants)
                    out.append(
                        Finding(
                            "C005",
                            p.id,
                            f"{p.id} uses constant @{const}, which `constants` does not define{hint}",
                            line,
                        )
                    )
    return out


@check("C006", "undefined-reading", "A condition tests a reading that `readings` does not define", compiled=False)
def undefined_reading(subject: Subject) -> list[Finding]:
    """Every `reading.NAME` tested must be defined under `readings` with its question.

    Passes::

        readings: {cyber_armed_attack: {question: ..., yes: ..., no: ...}}
        ... when: {reading.cyber_armed_attack: yes}

    Fails (no such reading is defined)::

        readings: {}
        ... when: {reading.cyber_armed_attack: yes}
    """
    book = subject.rulebook
    out: list[Finding] = []
    for p in book.provisions:
        for t in _tests(p):
            if t.fact.startswith(READING_PREFIX):
                name = t.fact[len(READING_PREFIX) :]
                if name not in book.readings:
                    hint = suggestion(name, book.readings)
                    out.append(
                        Finding(
                            "C006",
                            p.id,
                            f"{p.id} tests reading {name!r}, which `readings` does not define{hint}",
                            subject.provision_line(p.id),
                        )
                    )
    return out


@check("C007", "dangling-exception", "A provision defeats a provision that does not exist (or itself)", compiled=False)
def dangling_exception(subject: Subject) -> list[Finding]:
    """`defeats:` must name other provisions of the same rulebook.

    Passes::

        - id: INTRA
          defeats: [ART-4]

    Fails (a typo: there is no ART-5 provision, so the exception defeats nothing)::

        - id: INTRA
          defeats: [ART-5]
    """
    ids = [p.id for p in subject.rulebook.provisions]
    out: list[Finding] = []
    for p in subject.rulebook.provisions:
        for target in p.defeats:
            if target == p.id:
                out.append(Finding("C007", p.id, f"{p.id} defeats itself", subject.provision_line(p.id)))
            elif target not in ids:
                hint = suggestion(target, ids)
                out.append(
                    Finding(
                        "C007",
                        p.id,
                        f"{p.id} defeats {target!r}, which is not a provision{hint}",
                        subject.provision_line(p.id),
                    )
                )
    return out
