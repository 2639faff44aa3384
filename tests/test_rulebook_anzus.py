"""ANZUS: the 1986 suspension, the Pacific Area, and the metropolitan-territory limb."""

from __future__ import annotations

import pytest
from treaty_helpers import event_scenario, status_on, statuses, verdict

MEMBERSHIP = [
    ("AUS", "1952-04-28", "non_member"),
    ("AUS", "1952-04-29", "member"),
    ("NZL", "1986-08-10", "member"),
    ("NZL", "1986-08-11", "member"),  # the US obligation to it is suspended, not its membership
    ("USA", "2024-01-01", "member"),
]


@pytest.mark.parametrize(("state", "date", "status"), MEMBERSHIP)
def test_membership_on_boundary_dates(state: str, date: str, status: str) -> None:
    assert status_on("ANZUS", state, date) == status


@pytest.mark.parametrize(("date", "bound"), [("1986-08-10", None), ("1986-08-11", ["AUS"])])
def test_new_zealand_before_and_after_the_suspension(date: str, bound: list[str] | None) -> None:
    # Who owes whom: after 1986 the US obligation to New Zealand is suspended, Australia's is not.
    s = event_scenario(date, by="IDN", against="NZL", territory_of="NZL", region="oceania", kind="naval_attack")
    result = next(r for r in verdict("ANZUS", s).results if r.outcome == "collective_defence")
    assert result.status == "triggered"
    assert result.bound == bound
    assert ("bound" in result.to_json()) == (bound is not None)
    if bound:
        assert "Bound to act for NZL: AUS (USA's obligation to NZL is suspended since 1986-08-11)" in result.explanation


def test_obligations_to_the_other_parties_are_not_suspended() -> None:
    s = event_scenario("2000-01-01", by="IDN", against="AUS", territory_of="AUS", region="oceania", kind="naval_attack")
    result = next(r for r in verdict("ANZUS", s).results if r.outcome == "collective_defence")
    assert result.status == "triggered" and result.bound is None


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"territory_of": "USA", "region": "pacific", "latitude": 21.3}, "triggered"),
        ({"territory_of": None, "region": "pacific", "target": "vessel"}, "triggered"),
        (
            {"territory_of": None, "region": "indian_ocean", "latitude": -7.3, "longitude": 72.4, "target": "vessel"},
            "not_triggered",
        ),
        (
            {"territory_of": None, "region": "pacific", "latitude": -17.0, "longitude": 179.99, "target": "vessel"},
            "triggered",
        ),
        (
            {"territory_of": None, "region": "pacific", "latitude": -17.0, "longitude": -179.99, "target": "vessel"},
            "triggered",
        ),
        ({"territory_of": None, "region": "southeast_asia", "target": "vessel"}, "contested"),
        ({"territory_of": "USA", "region": "north_america", "latitude": 38.9}, "contested"),
    ],
)
def test_the_pacific_area(where: dict[str, object], expected: str) -> None:
    s = event_scenario("2020-01-01", by="CHN", against="USA", **where)  # type: ignore[arg-type]
    assert statuses("ANZUS", s)["collective_defence"] == expected


def test_metropolitan_limb_does_not_open_pacific_consultation() -> None:
    s = event_scenario(
        "2020-01-01",
        by="CHN",
        against="USA",
        territory_of="USA",
        region="north_america",
        latitude=38.9,
        longitude=-77.04,
    )
    assert statuses("ANZUS", s)["consultation"] == "not_triggered"
