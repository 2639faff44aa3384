"""casus atop: ATOP-style coding derived from the rulebooks' own provisions."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from engine.analyses.atop import code_on, coding, phases
from engine.cli.main import app
from engine.formats import vocabulary as v
from engine.law.catalogue import load_rulebook, shipped
from engine.law.compiler import CompiledRulebook
from engine.render.atop import to_csv

GOLDEN = Path(__file__).parent / "fixtures/atop/cento.csv"
BOOKS = sorted(shipped())


def toy(tmp_path: Path, when: Any, readings: dict[str, Any] | None = None, **extra: Any) -> CompiledRulebook:
    """A one-party-pair rulebook whose collective defence follows `when`."""
    data: dict[str, Any] = {
        "id": "TOY",
        "name": "A toy alliance",
        "summary": "For tests.",
        "sources": ["https://example.org/toy"],
        "instruments": [{"id": "T-1", "title": "Toy treaty", "in_force": "2000-01-01"}],
        "membership": {"AAA": [{"from": "2000-01-01"}], "AAB": [{"from": "2000-01-01"}]},
        "outcomes": ["consultation", "collective_defence"],
        "readings": readings or {},
        "provisions": [
            {
                "id": "T-CONSULT",
                "title": "Consultation",
                "cites": {"instrument": "T-1", "article": "1"},
                "summary": "Parties consult.",
                "when": {"victim_status": "member"},
                "concludes": {"outcome": "consultation"},
            },
            {
                "id": "T-DEFENCE",
                "title": "Defence",
                "cites": {"instrument": "T-1", "article": "2"},
                "summary": "Parties defend.",
                "when": when,
                "concludes": {"outcome": "collective_defence"},
                **extra,
            },
        ],
    }
    path = tmp_path / "toy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return load_rulebook(path)


def defence(book: CompiledRulebook, feature: str) -> str:
    row = code_on(book, dt.date(2020, 1, 1))
    assert row is not None
    obligation = row.obligation("defense")
    assert obligation is not None
    return obligation.conditions[feature].code


# -- golden --------------------------------------------------------------------------------


def test_golden_csv_for_cento() -> None:
    """CENTO: consultation only until the 1959 US agreements, then defence conditional on a
    request and, on one reading, on a communist adversary; one row per change of parties."""
    assert to_csv(list(phases(shipped()["CENTO"]))) == GOLDEN.read_text()


def test_cli_csv_is_the_golden_file() -> None:
    result = CliRunner().invoke(app, ["atop", "CENTO", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output == GOLDEN.read_text()


# -- properties over every shipped rulebook ------------------------------------------------


@pytest.mark.parametrize("tid", BOOKS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_date_in_force_gives_one_row(tid: str, data: st.DataObject) -> None:
    book = shipped()[tid]
    # Half the draws land on a date the treaty can change, where an off-by-one would show.
    boundaries = sorted(
        {i.from_ for ivs in book.rulebook.membership.values() for i in ivs}
        | {i.to for ivs in book.rulebook.membership.values() for i in ivs if i.to is not None}
    )
    date = data.draw(st.one_of(st.sampled_from(boundaries), st.dates(dt.date(1880, 1, 1), dt.date(2030, 12, 31))))
    rows = coding([book], date)
    if book.rulebook.members_on(date):
        assert len(rows) == 1 and rows[0].treaty == tid
        assert rows[0].start == rows[0].end == date
        assert set(rows[0].members) == set(book.rulebook.members_on(date))
    else:
        assert rows == []


@pytest.mark.parametrize("tid", BOOKS)
def test_phases_cover_the_treaty_life_without_overlap(tid: str) -> None:
    book = shipped()[tid]
    rows = list(phases(book))
    assert rows, f"{tid} is never in force"
    for earlier, later in itertools.pairwise(rows):
        assert earlier.end is not None and earlier.end < later.start
    for row in rows:  # each phase's first and last day code as the phase does
        for day in (row.start, row.end or dt.date(2030, 1, 1)):
            same = code_on(book, day)
            assert same is not None and same.same_coding(row), f"{tid} {day}"


# -- the mapping ---------------------------------------------------------------------------

REGIONS = sorted(v.REGIONS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(regions=st.sets(st.sampled_from(REGIONS), min_size=1))
def test_a_location_condition_is_coded_conditional_on_location(tmp_path: Path, regions: set[str]) -> None:
    book = toy(tmp_path, {"all": [{"victim_status": "member"}, {"region": {"in": sorted(regions)}}]})
    expected = "yes" if len(regions) < len(REGIONS) else "no"  # every region: no limit at all
    assert defence(book, "location") == expected


def test_no_location_test_is_unconditional(tmp_path: Path) -> None:
    book = toy(tmp_path, {"all": [{"victim_status": "member"}, {"event_kind": "invasion"}]})
    assert {f: defence(book, f) for f in ("location", "adversary", "nonprovocation", "request", "conflict")} == {
        "location": "no",
        "adversary": "no",
        "nonprovocation": "no",
        "request": "no",
        "conflict": "no",
    }


def test_a_location_that_only_widens_is_not_a_condition(tmp_path: Path) -> None:
    # Covered anywhere on its own territory, and also at sea in the Pacific: no place is ruled out.
    when = {"any": [{"on_victim_territory": True}, {"region": "pacific"}]}
    assert defence(toy(tmp_path, when), "location") == "no"


def test_a_condition_under_one_reading_is_contested(tmp_path: Path) -> None:
    readings = {"narrow": {"question": "Narrow?", "yes": "Europe only.", "no": "Anywhere."}}
    when = {"any": [{"reading.narrow": "no"}, {"region": "europe"}]}
    book = toy(tmp_path, when, readings)
    row = code_on(book, dt.date(2020, 1, 1))
    assert row is not None and row.obligation("defense") is not None
    coded = row.obligation("defense").conditions["location"]  # type: ignore[union-attr]
    assert (coded.code, coded.readings) == ("contested", ("narrow",))
    assert row.readings == ("narrow",)


def test_named_attackers_are_an_adversary_condition(tmp_path: Path) -> None:
    book = toy(tmp_path, {"attacker": {"in": ["DEU"]}})
    assert defence(book, "adversary") == "yes"
    assert defence(book, "location") == "no"


def test_a_provoked_attack_excluded_is_non_provocation(tmp_path: Path) -> None:
    book = toy(tmp_path, {"provoked_by_victim": False})
    assert defence(book, "nonprovocation") == "yes"


def test_needs_request_is_a_request_condition(tmp_path: Path) -> None:
    book = toy(tmp_path, {"victim_status": "member"}, needs_request="assistance")
    assert defence(book, "request") == "yes"


def test_a_request_as_an_alternative_is_not_a_condition(tmp_path: Path) -> None:
    when = {"any": [{"victim_status": "member"}, {"victim_requested_assistance": True}]}
    assert defence(toy(tmp_path, when), "request") == "no"


def test_a_war_already_joined_is_a_specific_conflict_condition(tmp_path: Path) -> None:
    assert defence(toy(tmp_path, {"victim_joined_war": False}), "conflict") == "yes"


def test_an_exception_narrows_the_obligation(tmp_path: Path) -> None:
    # A provision that defeats the defence clause outside Europe makes it conditional on location.
    book_text = toy(tmp_path, {"victim_status": "member"}).rulebook.model_dump(mode="json", by_alias=True)
    book_text["provisions"].append(
        {
            "id": "T-EXCEPT",
            "title": "Not outside Europe",
            "cites": {"instrument": "T-1", "article": "3"},
            "summary": "No defence outside Europe.",
            "when": {"region": {"ne": "europe"}},
            "concludes": {"fact": "outside"},
            "defeats": ["T-DEFENCE"],
        }
    )
    path = tmp_path / "toy2.yaml"
    path.write_text(yaml.safe_dump(book_text, sort_keys=False))
    assert defence(load_rulebook(path), "location") == "yes"


@pytest.mark.parametrize(
    ("tid", "location"),
    [
        *[(tid, "yes") for tid in ("NATO", "US-JAPAN", "US-ROK", "SEATO", "US-PHILIPPINES")],
        *[(tid, "no") for tid in ("CSTO", "ARAB-LEAGUE", "CHINA-DPRK", "RUSSIA-DPRK")],
    ],
)
def test_shipped_location_coding(tid: str, location: str) -> None:
    codes = [
        o.conditions["location"].code
        for row in phases(shipped()[tid])
        for o in row.obligations
        if o.name == "defense" and o.present.code == "yes"
    ]
    assert codes and set(codes) == {location}


def test_no_defence_clause_codes_no_defence() -> None:
    row = code_on(shipped()["CENTO"], dt.date(1957, 1, 1))
    assert row is not None and row.obligation("defense").present.code == "no"  # type: ignore[union-attr]
    assert row.obligation("consul").present.code == "yes"  # type: ignore[union-attr]


# -- command line --------------------------------------------------------------------------


def test_cli_table_names_the_conditions() -> None:
    result = CliRunner().invoke(app, ["--width", "200", "atop", "US-ROK", "--date", "2010-11-23"])
    assert result.exit_code == 0, result.output
    assert "US-ROK" in result.output and "conditional on location" in result.output


def test_cli_date_before_a_treaty_says_so() -> None:
    result = CliRunner().invoke(app, ["atop", "RUSSIA-DPRK", "--date", "2024-10-23"])
    assert result.exit_code == 0
    assert "RUSSIA-DPRK: no party on 2024-10-23 (not in force)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["atop", "NATOO"], "did you mean 'NATO'"), (["atop", "--date", "1965-13-01"], "is not a date")],
)
def test_cli_bad_input_exits_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_reading_settled_by_the_parties_is_coded_by_its_answer(tmp_path: Path) -> None:
    # Open until the parties agree on 2010-01-01 that the treaty covers Europe only.
    agreed = {"date": "2010-01-01", "answer": "yes", "summary": "Agreed.", "kind": "subsequent_agreement"}
    readings = {"narrow": {"question": "Narrow?", "yes": "Europe only.", "no": "Anywhere.", "practice": [agreed]}}
    book = toy(tmp_path, {"any": [{"reading.narrow": "no"}, {"region": "europe"}]}, readings)
    codes = [(row.start, row.obligation("defense").conditions["location"].code) for row in phases(book)]  # type: ignore[union-attr]
    assert codes == [(dt.date(2000, 1, 1), "contested"), (dt.date(2010, 1, 1), "yes")]


def test_a_date_a_condition_tests_starts_a_phase(tmp_path: Path) -> None:
    book = toy(tmp_path, {"all": [{"date": {"gte": "2015-06-01"}}, {"region": "europe"}]})
    codes = [(row.start, row.obligation("defense").present.code) for row in phases(book)]  # type: ignore[union-attr]
    assert codes == [(dt.date(2000, 1, 1), "no"), (dt.date(2015, 6, 1), "yes")]
