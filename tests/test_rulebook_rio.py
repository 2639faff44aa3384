"""Rio Treaty: withdrawals and returns on their dates, American States, Art. 9(b), self-defence."""

from __future__ import annotations

import pytest
from treaty_helpers import event_scenario, status_on, statuses

MEMBERSHIP = [
    ("USA", "1948-12-02", "non_member"),
    ("USA", "1948-12-03", "member"),
    ("CUB", "1962-01-30", "member"),
    ("CUB", "1962-01-31", "suspended"),
    ("CUB", "2019-09-23", "member"),
    ("ARG", "1950-08-20", "non_member"),
    ("ARG", "1950-08-21", "member"),
    ("GTM", "1955-04-05", "non_member"),
    ("GTM", "1955-04-06", "member"),
    ("TTO", "1967-06-11", "non_member"),
    ("TTO", "1967-06-12", "member"),
    ("BHS", "1982-11-23", "non_member"),
    ("BHS", "1982-11-24", "member"),
    ("URY", "2022-01-01", "member"),
    ("MEX", "2004-09-05", "member"),
    ("MEX", "2004-09-06", "former"),
    ("NIC", "2014-09-06", "former"),
    ("BOL", "2014-10-16", "member"),
    ("BOL", "2014-10-17", "former"),
    ("VEN", "2015-07-13", "member"),
    ("VEN", "2015-07-14", "former"),
    ("VEN", "2019-07-22", "former"),
    ("VEN", "2019-07-23", "former"),  # the July 2019 return is the reading venezuela_2019_return
    ("ECU", "2016-02-19", "former"),
    ("CAN", "2020-01-01", "non_member"),
]


@pytest.mark.parametrize(("state", "date", "status"), MEMBERSHIP)
def test_membership_on_boundary_dates(state: str, date: str, status: str) -> None:
    assert status_on("RIO", state, date) == status


def test_eighteen_parties_and_venezuela_on_a_reading_at_the_2019_vote() -> None:
    import datetime as dt

    from engine.law.catalogue import shipped

    # The parties counted 19 with Venezuela; whether its July 2019 return was valid is a reading.
    rulebook = shipped()["RIO"].rulebook
    members = rulebook.members_on(dt.date(2019, 9, 23))
    assert len(members) == 18 and "VEN" not in members and "URY" in members
    assert "venezuela_2019_return" in rulebook.readings


def test_art_3_protects_an_american_state_that_is_not_a_party() -> None:
    s = event_scenario("2020-01-01", by="RUS", against="CAN", territory_of="CAN", region="north_america")
    assert statuses("RIO", s)["collective_defence"] == "triggered"


def test_art_3_does_not_protect_a_european_state() -> None:
    s = event_scenario(
        "1982-04-02", by="ARG", against="GBR", territory_of="GBR", region="south_atlantic", kind="invasion"
    )
    assert statuses("RIO", s)["collective_defence"] == "not_triggered"


def test_territory_of_an_american_state_outside_the_region_counts() -> None:
    s = event_scenario("2020-01-01", by="PRK", against="USA", territory_of="USA", region="pacific", latitude=21.3)
    assert statuses("RIO", s)["collective_defence"] == "triggered"


@pytest.mark.parametrize(("administered", "expected"), [("PER", "triggered"), ("ECU", "not_triggered")])
def test_undemarcated_border_follows_effective_jurisdiction(administered: str, expected: str) -> None:
    s = event_scenario(
        "1995-01-26",
        by="ECU",
        against="PER",
        kind="border_clash",
        target="armed_forces",
        territory_of="PER",
        status="disputed",
        administered_by=administered,
        region="south_america",
    )
    # The Cenepa war was grave by any measure: the gravity reading is answered yes here.
    assert statuses("RIO", s, {"RIO.gravity": True})["collective_defence"] == expected


def test_a_border_clash_turns_on_the_gravity_reading() -> None:
    s = event_scenario(
        "1995-01-26", by="ECU", against="PER", kind="border_clash", territory_of="PER", region="south_america"
    )
    assert statuses("RIO", s)["collective_defence"] == "contested"
    assert statuses("RIO", s, {"RIO.gravity": False})["collective_defence"] == "not_triggered"


def test_force_in_self_defence_turns_on_a_reading() -> None:
    s = event_scenario(
        "1982-05-21",
        by="GBR",
        against="ARG",
        kind="armed_attack",
        target="armed_forces",
        territory_of="GBR",
        administered_by="ARG",
        status="disputed",
        region="south_atlantic",
        in_self_defence=True,
    )
    assert statuses("RIO", s) == {"consultation": "triggered", "collective_defence": "contested"}
    assert statuses("RIO", s, {"RIO.self_defence_response": False})["collective_defence"] == "not_triggered"
