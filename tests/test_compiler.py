"""A rulebook is validated on load: each mistake names the file, line and provision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from engine.formats.errors import InputError
from engine.law.catalogue import load_rulebook

BASE = """\
id: TOY
name: Toy treaty
summary: A two-provision treaty for tests.
sources: [https://example.org/toy]
instruments:
  - {id: TOY-1, title: Toy treaty, signed: 2000-01-01, in_force: 2000-01-01}
membership:
  FRA:
    - {from: 2000-01-01, source: https://example.org/toy}
outcomes: [collective_defence]
readings:
  cyber:
    question: Is a cyber operation an armed attack?
    yes: It is, if the effects are physical.
    no: It never is.
provisions:
  - id: TOY-ATTACK
    title: An armed attack
    cites: {instrument: TOY-1, article: "1"}
    summary: Armed force.
    when:
      event_kind: {in: [invasion, armed_attack]}
    concludes: {fact: armed_attack}
  - id: TOY-5
    title: Collective defence
    cites: {instrument: TOY-1, article: "5"}
    summary: An armed attack on a member is an attack on all.
    when:
      all:
        - victim_status: member
        - armed_attack: true
    concludes: {outcome: collective_defence}
"""


def errors(write: Callable[..., Path], text: str) -> list[str]:
    path = write(text, "toy.yaml")
    with pytest.raises(InputError) as info:
        load_rulebook(path)
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_base_rulebook_compiles(write: Callable[..., Path]) -> None:
    book = load_rulebook(write(BASE, "toy.yaml"))
    assert [p.id for p in book.provisions] == ["TOY-ATTACK", "TOY-5"]
    assert book.provision("TOY-5").level == 1


def test_unknown_fact_suggests_and_locates(write: Callable[..., Path]) -> None:
    text = BASE.replace("- victim_status: member", "- victim_statu: member")
    (message,) = errors(write, text)
    assert f"toy.yaml:{line_of(text, 'victim_statu:')}:" in message
    assert "TOY-5: unknown fact 'victim_statu'; did you mean 'victim_status'?" in message


def test_value_outside_vocabulary(write: Callable[..., Path]) -> None:
    (message,) = errors(write, BASE.replace("[invasion, armed_attack]", "[invasion, armed_atack]"))
    assert "'armed_atack' is not a value of event_kind; did you mean 'armed_attack'?" in message


def test_undefined_reading(write: Callable[..., Path]) -> None:
    text = BASE.replace("- armed_attack: true", "- armed_attack: true\n        - reading.cyberr: yes")
    (message,) = errors(write, text)
    assert "reading 'cyberr' is not defined under `readings`; did you mean 'cyber'?" in message


def test_dangling_exception(write: Callable[..., Path]) -> None:
    text = BASE.replace("concludes: {fact: armed_attack}", "concludes: {fact: armed_attack}\n    defeats: [TOY-6]")
    (message,) = errors(write, text)
    assert f":{line_of(text, 'defeats: [TOY-6]')}:" in message
    assert "defeats 'TOY-6', which is not a provision; did you mean 'TOY-5'?" in message


def test_cycle(write: Callable[..., Path]) -> None:
    text = BASE.replace("event_kind: {in: [invasion, armed_attack]}", "all: [{event_kind: invasion}, {other: true}]")
    text = text.replace("concludes: {outcome: collective_defence}", "concludes: {fact: other}")
    text = text.replace("outcomes: [collective_defence]", "outcomes: [collective_defence]")
    (message,) = errors(write, text)
    assert "cycle" in message and "TOY-ATTACK" in message and "TOY-5" in message


def test_never_fires(write: Callable[..., Path]) -> None:
    text = BASE.replace(
        "event_kind: {in: [invasion, armed_attack]}", "all: [{event_kind: invasion}, {event_kind: cyber_attack}]"
    )
    (message,) = errors(write, text)
    assert "TOY-ATTACK can never fire" in message


def test_empty_validity_window(write: Callable[..., Path]) -> None:
    text = BASE.replace(
        "summary: Armed force.", "summary: Armed force.\n    valid_from: 2010-01-01\n    valid_to: 2009-01-01"
    )
    assert any("valid_to is before valid_from" in m for m in errors(write, text))


def test_duplicate_provision_id(write: Callable[..., Path]) -> None:
    assert any("duplicate provision id" in m for m in errors(write, BASE.replace("id: TOY-5", "id: TOY-ATTACK")))


def test_outcome_not_declared(write: Callable[..., Path]) -> None:
    text = BASE.replace("outcomes: [collective_defence]", "outcomes: [consultation]")
    assert any("is not listed under `outcomes`" in m for m in errors(write, text))


def test_overlapping_membership(write: Callable[..., Path]) -> None:
    text = BASE.replace(
        "    - {from: 2000-01-01, source: https://example.org/toy}",
        "    - {from: 2000-01-01, source: https://example.org/toy}\n    - {from: 2005-01-01, source: https://example.org/toy}",
    )
    assert any("intervals overlap" in m for m in errors(write, text))


def test_ordered_operator_on_enum(write: Callable[..., Path]) -> None:
    text = BASE.replace("- victim_status: member", "- victim_status: {gte: member}")
    assert any("cannot be compared with `gte`" in m for m in errors(write, text))


def test_list_constant_in_membership_test(write: Callable[..., Path]) -> None:
    text = BASE.replace(
        "outcomes: [collective_defence]", "outcomes: [collective_defence]\nconstants: {armed: [invasion, armed_attack]}"
    )
    text = text.replace("event_kind: {in: [invasion, armed_attack]}", 'event_kind: {in: "@armed"}')
    book = load_rulebook(write(text, "toy.yaml"))
    assert "event_kind is one of invasion, armed_attack" in str(book.provision("TOY-ATTACK").when.describe())


def test_list_constant_needs_in(write: Callable[..., Path]) -> None:
    text = BASE.replace(
        "outcomes: [collective_defence]", "outcomes: [collective_defence]\nconstants: {armed: [invasion]}"
    )
    text = text.replace("event_kind: {in: [invasion, armed_attack]}", 'event_kind: "@armed"')
    assert any("is a list; compare with `in`" in m for m in errors(write, text))


def test_unknown_key_in_provision(write: Callable[..., Path]) -> None:
    text = BASE.replace("concludes: {fact: armed_attack}", "concludes: {fact: armed_attack}\n    defeat: [TOY-5]")
    (message,) = errors(write, text)
    assert "unknown key 'defeat'; did you mean 'defeats'?" in message
    assert f":{line_of(text, 'defeat: [TOY-5]')}:" in message
