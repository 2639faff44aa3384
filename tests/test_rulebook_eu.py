"""EU: Brexit and accession days, Lisbon's entry into force, terrorism, the solidarity clause."""

from __future__ import annotations

import pytest
from treaty_helpers import event_scenario, status_on, statuses, verdict

MEMBERSHIP = [
    # Nobody is bound by TEU 42(7) or TFEU 222 before the Treaty of Lisbon (2009-12-01).
    ("GBR", "1973-01-01", "non_member"),
    ("GBR", "2009-12-01", "member"),
    ("GBR", "2020-01-31", "member"),
    ("GBR", "2020-02-01", "former"),
    ("HRV", "2013-06-30", "non_member"),
    ("HRV", "2013-07-01", "member"),
    ("POL", "2004-05-01", "non_member"),
    ("POL", "2009-12-01", "member"),
    ("FRA", "1958-01-01", "non_member"),
    ("FRA", "2009-12-01", "member"),
]


@pytest.mark.parametrize(("state", "date", "status"), MEMBERSHIP)
def test_membership_on_boundary_dates(state: str, date: str, status: str) -> None:
    assert status_on("EU", state, date) == status


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2009-11-30", "not_triggered"),
        ("2009-12-01", "triggered"),
        ("2020-01-31", "triggered"),
        ("2020-02-01", "not_triggered"),
    ],
)
def test_mutual_assistance_from_lisbon_and_for_the_uk_until_brexit(date: str, expected: str) -> None:
    s = event_scenario(date, by="RUS", against="GBR", territory_of="GBR", latitude=51.5)
    assert statuses("EU", s)["collective_defence"] == expected


def test_forces_abroad_are_not_on_the_members_territory() -> None:
    s = event_scenario(
        "2020-01-01",
        by="unknown",
        against="FRA",
        territory_of="MLI",
        region="africa",
        target="armed_forces",
        attribution="unattributed",
        extra_actors={"MLI": {"kind": "state"}},
    )
    assert statuses("EU", s)["collective_defence"] == "not_triggered"


def test_terrorism_is_armed_aggression_after_2015_and_the_solidarity_clause_needs_a_request() -> None:
    s = event_scenario(
        "2016-03-22",
        by="ISIL",
        against="BEL",
        kind="terrorist_attack",
        target="civilians",
        territory_of="BEL",
        attacker={"kind": "non_state", "sponsor": None, "based_in": "SYR"},
        extra_actors={"SYR": {"kind": "state"}},
    )
    results = {r.outcome: r for r in verdict("EU", s).results}
    # Settled yes on 2015-11-17 by the members' unanimous support for France (VCLT Art. 31(3)).
    assert results["collective_defence"].status == "triggered"
    assert results["collective_deployment"].status == "triggered"
    assert results["collective_deployment"].needs == ["request by BEL"]


def test_a_request_removes_the_need() -> None:
    s = event_scenario(
        "2023-08-05",
        by="unknown",
        against="SVN",
        kind="disaster",
        target="infrastructure",
        territory_of="SVN",
        attribution="unattributed",
        requests=[{"by": "SVN", "treaty": "EU", "asks": "assistance"}],
    )
    (deployment,) = [r for r in verdict("EU", s).results if r.outcome == "collective_deployment"]
    assert deployment.status == "triggered" and deployment.needs == []


def test_the_neutrality_reading_never_changes_a_status() -> None:
    s = event_scenario("2020-01-01", by="RUS", against="IRL", territory_of="IRL")
    for value in (True, False):
        assert statuses("EU", s, {"EU.neutral_exemption": value})["collective_defence"] == "triggered"
