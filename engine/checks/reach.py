"""What can happen at all (C001-C003), decided over the rulebook's whole fact space.

"Can fire" means: some point of the fact space (engine.checks.space: every class of
every fact the rulebook tests, combined as one scenario event could combine them)
makes the provision apply and no exception defeat it.
"""

from __future__ import annotations

from engine.checks import space as sp
from engine.checks.registry import Finding, Subject, check
from engine.law.satisfiable import satisfiable


def space_of(subject: Subject) -> sp.Space:
    if subject.space is None:
        assert subject.compiled is not None
        subject.space = sp.build(subject.compiled)
    return subject.space


@check("C001", "never-fires", "A provision can never fire on any facts")
def never_fires(subject: Subject) -> list[Finding]:
    """Each provision must fire on at least one point of the fact space: its condition
    must be satisfiable, the facts it needs must be concludable together with it, and
    its exceptions must leave it some case.

    Passes::

        - id: ART-5
          when: {victim_status: member, event_kind: armed_attack}
          concludes: {outcome: collective_defence}

    Fails (one event cannot be of two kinds; or: an exception that applies whenever
    the provision does, so it is always defeated)::

        - id: ART-5
          when: {all: [{event_kind: armed_attack}, {event_kind: invasion}]}
          concludes: {outcome: collective_defence}
    """
    book = subject.compiled
    assert book is not None
    space = space_of(subject)
    out: list[Finding] = []
    for p in book.provisions:
        line = subject.provision_line(p.id)
        if satisfiable(p.condition) is False:
            out.append(Finding("C001", p.id, f"{p.id} can never fire: its conditions contradict each other", line))
            continue
        pid = p.id
        within = sp.relevant_provisions(book, [pid])
        answer = sp.find(space, _fired(pid), sp.relevant_order(book, [pid]), within)
        if not answer.decided:
            continue  # too large to decide; not a finding
        if answer.witness is None:
            applies = sp.find(space, _applies(pid), sp.relevant_order(book, [pid]), within)
            if applies.witness is not None:
                why = f"whenever it applies an exception defeats it ({', '.join(p.defeated_by)})"
            else:
                why = "no combination of facts a scenario can produce satisfies its condition with the facts it needs"
            out.append(Finding("C001", p.id, f"{p.id} can never fire: {why}", line))
    return out


@check("C002", "outcome-never-reached", "An outcome the rulebook lists is never triggered on any facts")
def never_reached(subject: Subject) -> list[Finding]:
    """Every outcome under `outcomes` must be triggered on some point of the fact space.

    Passes::

        outcomes: [consultation]
        provisions: [{id: ART-4, when: {victim_status: member}, concludes: {outcome: consultation}}]

    Fails (collective_defence is listed, but no provision can conclude it)::

        outcomes: [consultation, collective_defence]
        provisions: [{id: ART-4, when: {victim_status: member}, concludes: {outcome: consultation}}]
    """
    book = subject.compiled
    assert book is not None
    space = space_of(subject)
    out: list[Finding] = []
    for outcome in book.rulebook.outcomes:
        atom = f"outcome.{outcome}"
        providers = [p.id for p in book.for_outcome(outcome)]
        if not providers:
            out.append(
                Finding(
                    "C002",
                    None,
                    f"outcome {outcome} is listed but no provision concludes it",
                    subject.line_of("outcomes"),
                )
            )
            continue
        answer = sp.find(
            space, _holds(atom, True), sp.relevant_order(book, providers), sp.relevant_provisions(book, providers)
        )
        if answer.decided and answer.witness is None:
            out.append(
                Finding(
                    "C002",
                    None,
                    f"outcome {outcome} can never be triggered: none of {', '.join(providers)} can fire",
                    subject.line_of("outcomes"),
                )
            )
    return out


@check("C003", "outcome-never-avoided", "An outcome is triggered on every possible facts")
def never_avoided(subject: Subject) -> list[Finding]:
    """Some point of the fact space must leave each outcome untriggered; otherwise the
    treaty would answer "triggered" for any event, even one against a non-member.

    Passes::

        - {id: ART-4, when: {victim_status: member}, concludes: {outcome: consultation}}

    Fails (every state is a member or not, so consultation is always triggered)::

        - id: ART-4
          when: {victim_status: {in: [member, suspended, frozen, former, non_member]}}
          concludes: {outcome: consultation}
    """
    book = subject.compiled
    assert book is not None
    space = space_of(subject)
    out: list[Finding] = []
    for outcome in book.rulebook.outcomes:
        atom = f"outcome.{outcome}"
        providers = [p.id for p in book.for_outcome(outcome)]
        if not providers:
            continue
        answer = sp.find(
            space, _holds(atom, False), sp.relevant_order(book, providers), sp.relevant_provisions(book, providers)
        )
        if answer.decided and answer.witness is None:
            out.append(
                Finding(
                    "C003",
                    None,
                    f"outcome {outcome} is triggered on every possible facts (by {', '.join(providers)})",
                    subject.line_of("outcomes"),
                )
            )
    return out


def _fired(pid: str) -> sp.Goal:
    return lambda s: s.fired[pid]


def _applies(pid: str) -> sp.Goal:
    return lambda s: s.applies[pid]


def _holds(atom: str, wanted: bool) -> sp.Goal:
    def goal(s: sp.State3) -> sp.Tri:
        value = s.atoms.get(atom, False)
        return None if value is None else value == wanted

    return goal
