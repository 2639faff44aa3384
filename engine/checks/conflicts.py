"""Opposite conclusions on the same facts with nothing ordering them (C004).

In this format a provision only ever concludes something positive; the negative is an
exception: E `defeats: [X]` says "on E's facts, X's conclusion does not follow". Two
provisions conclude *opposite things* when E says that of X's conclusion A while a
third provision R concludes the same A, E does not defeat R, and on some facts E
fires, X applies and R fires. There the file says both "not A (despite X)" and "A"
and leaves which wins to nothing but the evaluation: A holds, and E's exception is
silently bypassed. Either E should also defeat R, or R should be an exception to E.
"""

from __future__ import annotations

from engine.checks import space as sp
from engine.checks.reach import space_of
from engine.checks.registry import Finding, Subject, check


@check("C004", "unordered-conflict", "An exception is bypassed: another provision concludes what it defeats, unordered")
def unordered_conflict(subject: Subject) -> list[Finding]:
    """If E defeats X, every other provision R that concludes X's conclusion must be
    ordered against E (E defeats R, or R defeats E), or be unable to fire together with E
    while X applies.

    Passes (the exception covers both routes to collective defence)::

        - {id: ART-5, when: {event_kind: armed_attack}, concludes: {outcome: collective_defence}}
        - {id: ART-5-CYBER, when: {event_kind: cyber_attack}, concludes: {outcome: collective_defence}}
        - {id: INTRA, when: {attacker_status: member}, concludes: {fact: intra}, defeats: [ART-5, ART-5-CYBER]}

    Fails (an attack by a member: INTRA defeats ART-5, yet ART-5-ANY still concludes
    collective defence on the same facts)::

        - {id: ART-5, when: {event_kind: armed_attack}, concludes: {outcome: collective_defence}}
        - {id: ART-5-ANY, when: {victim_status: member}, concludes: {outcome: collective_defence}}
        - {id: INTRA, when: {attacker_status: member}, concludes: {fact: intra}, defeats: [ART-5]}
    """
    book = subject.compiled
    assert book is not None
    space = space_of(subject)
    out: list[Finding] = []
    for e in book.provisions:
        for xid in e.source.defeats:
            x = book.provision(xid)
            for r in book.provisions:
                if (
                    r.id in (x.id, e.id)
                    or r.concludes != x.concludes
                    or r.id in e.source.defeats
                    or e.id in r.source.defeats
                ):
                    continue

                def goal(s: sp.State3, e: str = e.id, x: str = x.id, r: str = r.id) -> sp.Tri:
                    return sp._and3([s.fired[e], s.applies[x], s.fired[r]])

                ids = [e.id, x.id, r.id]
                answer = sp.find(space, goal, sp.relevant_order(book, ids), sp.relevant_provisions(book, ids))
                if answer.witness is not None:
                    what = x.concludes.removeprefix("outcome.")
                    out.append(
                        Finding(
                            "C004",
                            e.id,
                            f"{e.id} defeats {x.id} ({what}), but {r.id} concludes {what} on the same facts "
                            f"and nothing orders {e.id} and {r.id}: make one defeat the other, or narrow one of them",
                            subject.provision_line(e.id),
                            _relevant(answer.witness, book, [e.id, x.id, r.id]),
                        )
                    )
    return out


def _relevant(witness: sp.Assignment, book: object, pids: list[str]) -> dict[str, object]:
    order = sp.relevant_order(book, pids)  # type: ignore[arg-type]
    return {k: witness[k] for k in order if k in witness}
