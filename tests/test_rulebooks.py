"""Every shipped rulebook: its provisions' worked examples, sources and membership table."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.checks.examples import fires
from engine.law.catalogue import shipped
from engine.law.compiler import CompiledProvision, CompiledRulebook

BOOKS = list(shipped().values())
PROVISIONS = [(book, p) for book in BOOKS for p in book.provisions]


def _id(item: tuple[CompiledRulebook, CompiledProvision]) -> str:
    return f"{item[0].id}:{item[1].id}"


@pytest.mark.parametrize("item", PROVISIONS, ids=[_id(x) for x in PROVISIONS])
def test_provision_examples(item: tuple[CompiledRulebook, CompiledProvision]) -> None:
    book, provision = item
    for example in provision.source.examples:
        assert fires(book, provision, example) == example.fires, (
            f"{provision.id}: example {example.facts} should {'fire' if example.fires else 'not fire'}"
            + (f" ({example.note})" if example.note else "")
        )


@pytest.mark.parametrize("item", PROVISIONS, ids=[_id(x) for x in PROVISIONS])
def test_provision_has_a_passing_and_a_failing_example(item: tuple[CompiledRulebook, CompiledProvision]) -> None:
    _, provision = item
    outcomes = {e.fires for e in provision.source.examples}
    assert outcomes == {True, False}, f"{provision.id} needs one example that fires and one that does not"


@pytest.mark.parametrize("book", BOOKS, ids=[b.id for b in BOOKS])
def test_rulebook_is_sourced(book: CompiledRulebook) -> None:
    rb = book.rulebook
    assert rb.sources and all(s.startswith("http") for s in rb.sources)
    instruments = {i.id for i in rb.instruments}
    for p in rb.provisions:
        assert p.cites.instrument in instruments, f"{p.id} cites an instrument the rulebook does not list"
        assert p.summary.strip() and p.title.strip()
    for state, intervals in rb.membership.items():
        assert all(i.source for i in intervals), f"{rb.id}: {state} membership lacks a source"
    for name, reading in rb.readings.items():
        assert reading.question.endswith("?"), name


CSTO_STATUS = [
    ("UZB", "1994-04-19", "non_member"),
    ("UZB", "1994-04-20", "member"),
    ("UZB", "1999-04-20", "member"),
    ("UZB", "1999-04-21", "former"),
    ("UZB", "2006-08-16", "member"),
    ("UZB", "2012-12-18", "member"),
    ("UZB", "2012-12-19", "suspended"),
    ("ARM", "2024-02-21", "member"),
    ("ARM", "2024-02-22", "frozen"),
    ("AZE", "1999-04-21", "former"),
    ("GEO", "1998-01-01", "member"),
    ("UKR", "2020-01-01", "non_member"),
    ("BLR", "2020-08-10", "member"),
]


@pytest.mark.parametrize(("state", "date", "status"), CSTO_STATUS)
def test_csto_membership_on_boundary_dates(state: str, date: str, status: str) -> None:
    assert shipped()["CSTO"].rulebook.status_on(state, dt.date.fromisoformat(date)) == status


def test_csto_members_on_a_date() -> None:
    members = shipped()["CSTO"].rulebook.members_on(dt.date(2025, 1, 1))
    assert members == {
        "ARM": "frozen",
        "BLR": "member",
        "KAZ": "member",
        "KGZ": "member",
        "RUS": "member",
        "TJK": "member",
        "UZB": "suspended",
    }
