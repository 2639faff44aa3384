"""SEATO: the treaty area, the Protocol states, and the United States' understanding (its Art.
IV(1) obligation confined to communist aggression: results name the parties bound)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from treaty_helpers import event_scenario, verdict

from engine.analyses.atop import code_on
from engine.law.catalogue import shipped


def result(scenario: Any, outcome: str) -> Any:
    return next(r for r in verdict("SEATO", scenario).results if r.outcome == outcome)


def test_non_communist_aggression_binds_every_party_but_the_united_states() -> None:
    s = event_scenario("1965-09-06", by="IND", against="PAK", kind="invasion", territory_of="PAK", region="south_asia")
    defence = result(s, "collective_defence")
    assert defence.status == "triggered"
    assert defence.bound == ["AUS", "FRA", "GBR", "NZL", "PHL", "THA"]
    assert "USA's obligation is confined to attacks by CHN" in defence.explanation
    # The United States still consults under Art. IV(2): the limit is on defence only.
    assert result(s, "consultation").bound is None


def test_communist_aggression_binds_every_party() -> None:
    s = event_scenario(
        "1965-09-06", by="CHN", against="THA", kind="invasion", territory_of="THA", region="southeast_asia"
    )
    defence = result(s, "collective_defence")
    assert (defence.status, defence.bound) == ("triggered", None)


def test_a_group_sponsored_by_a_communist_state_counts_as_communist_aggression() -> None:
    s = event_scenario(
        "1962-05-06",
        by="pathet-lao",
        against="THA",
        kind="armed_attack",
        territory_of="THA",
        region="southeast_asia",
        attacker={"kind": "non_state", "sponsor": "VDR", "based_in": "LAO"},
        extra_actors={"VDR": {"kind": "state"}},
    )
    defence = result(s, "collective_defence")
    assert (defence.status, defence.bound) == ("triggered", None)


def test_outside_the_treaty_area_nothing_is_triggered() -> None:
    s = event_scenario("1965-09-06", by="CHN", against="GBR", kind="invasion", territory_of="GBR", region="europe")
    assert result(s, "collective_defence").status == "not_triggered"


def test_pakistan_after_its_exit_is_not_protected() -> None:
    s = event_scenario("1974-01-01", by="IND", against="PAK", kind="invasion", territory_of="PAK", region="south_asia")
    assert result(s, "collective_defence").status == "not_triggered"


def test_atop_names_the_united_states_limit() -> None:
    row = code_on(shipped()["SEATO"], dt.date(1965, 9, 6))
    assert row is not None and row.party_limits == ("USA: adversary (defense)",)


def test_which_states_are_communist_is_dated() -> None:
    # VNM was the (non-communist) State of Vietnam until reunification on 1976-07-02.
    before = event_scenario(
        "1970-01-01", by="VNM", against="THA", kind="invasion", territory_of="THA", region="southeast_asia"
    )
    after = event_scenario(
        "1980-06-23", by="VNM", against="THA", kind="invasion", territory_of="THA", region="southeast_asia"
    )
    assert "USA" not in (result(before, "collective_defence").bound or ["USA"])
    assert result(after, "collective_defence").bound is None
