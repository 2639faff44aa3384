"""US–Japan: entry into force, administration (not sovereignty), the 2019 cyber position."""

from __future__ import annotations

import pytest
from treaty_helpers import event_scenario, status_on, statuses


@pytest.mark.parametrize(("date", "status"), [("1960-06-22", "non_member"), ("1960-06-23", "member")])
def test_parties_from_entry_into_force(date: str, status: str) -> None:
    assert status_on("US-JAPAN", "JPN", date) == status
    assert status_on("US-JAPAN", "USA", date) == status


@pytest.mark.parametrize(
    ("territory", "administered", "expected"),
    [("JPN", "JPN", "triggered"), ("JPN", "USA", "not_triggered"), ("USA", None, "not_triggered")],
)
def test_administration_decides(territory: str, administered: str | None, expected: str) -> None:
    s = event_scenario(
        "2020-01-01",
        by="CHN",
        against="USA",
        target="armed_forces",
        territory_of=territory,
        administered_by=administered,
        region="east_asia",
        extra_actors={"JPN": {"kind": "state"}},
    )
    assert statuses("US-JAPAN", s)["collective_defence"] == expected


def test_disputed_but_administered_islands_are_covered() -> None:
    s = event_scenario(
        "2024-01-01",
        by="CHN",
        against="JPN",
        kind="invasion",
        territory_of="JPN",
        status="disputed",
        administered_by="JPN",
        region="east_asia",
        latitude=25.75,
    )
    assert statuses("US-JAPAN", s) == {"consultation": "triggered", "collective_defence": "triggered"}


# The 2019 joint statement answers the cyber reading (yes, case by case) as a declaration; the
# question was open before it too.
@pytest.mark.parametrize(("date", "expected"), [("2019-04-18", "contested"), ("2019-04-19", "contested")])
def test_cyber_attack_is_an_open_reading_before_and_after_2019(date: str, expected: str) -> None:
    s = event_scenario(
        date,
        by="PRK",
        against="JPN",
        kind="cyber_attack",
        target="infrastructure",
        territory_of="JPN",
        region="east_asia",
        effects="physical_damage",
        attribution="suspected",
    )
    assert statuses("US-JAPAN", s)["collective_defence"] == expected


def test_peace_in_the_far_east_opens_consultation_even_for_a_non_party() -> None:
    s = event_scenario(
        "2024-01-01",
        by="CHN",
        against="TWN",
        territory_of="TWN",
        region="east_asia",
        extra_actors={"USA": {"kind": "state"}},
    )
    assert statuses("US-JAPAN", s) == {"consultation": "triggered", "collective_defence": "not_triggered"}
