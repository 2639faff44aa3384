"""NATO: membership on accession days, the Art. 6 area edges, and the dated readings."""

from __future__ import annotations

import datetime as dt

import pytest
from treaty_helpers import event_scenario, status_on, statuses, verdict

from engine.law.catalogue import shipped

ACCESSIONS = [
    ("USA", "1949-08-24"),
    ("GRC", "1952-02-18"),
    ("TUR", "1952-02-18"),
    ("DEU", "1955-05-06"),
    ("ESP", "1982-05-30"),
    ("POL", "1999-03-12"),
    ("EST", "2004-03-29"),
    ("HRV", "2009-04-01"),
    ("MNE", "2017-06-05"),
    ("MKD", "2020-03-27"),
    ("FIN", "2023-04-04"),
    ("SWE", "2024-03-07"),
]


@pytest.mark.parametrize(("state", "day"), ACCESSIONS)
def test_member_from_the_day_of_accession_not_the_day_before(state: str, day: str) -> None:
    before = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
    assert status_on("NATO", state, before) == "non_member"
    assert status_on("NATO", state, day) == "member"


def test_france_stays_a_member_outside_the_integrated_command() -> None:
    for day in ("1966-07-01", "1990-01-01", "2009-04-03"):
        assert status_on("NATO", "FRA", day) == "member"


def test_thirty_two_members_on_swedens_accession() -> None:
    members = shipped()["NATO"].rulebook.members_on(dt.date(2024, 3, 7))
    assert len(members) == 32 and "SWE" in members


def test_sweden_attacked_the_day_before_and_the_day_of_accession() -> None:
    def cd(date: str) -> str:
        s = event_scenario(date, by="RUS", against="SWE", territory_of="SWE", latitude=59.3)
        return statuses("NATO", s)["collective_defence"]

    assert cd("2024-03-06") == "not_triggered"
    assert cd("2024-03-07") == "triggered"


@pytest.mark.parametrize(
    ("latitude", "expected"), [(23.4, "not_triggered"), (23.44, "not_triggered"), (23.5, "triggered")]
)
def test_vessel_in_the_north_atlantic_at_the_tropic_of_cancer(latitude: float, expected: str) -> None:
    s = event_scenario(
        "2020-01-01",
        by="RUS",
        against="USA",
        kind="naval_attack",
        target="vessel",
        region="north_atlantic",
        latitude=latitude,
        longitude=-40.0,  # mid-ocean: by the latitude alone the Gulf of Mexico is not ruled out
    )
    assert statuses("NATO", s)["collective_defence"] == expected


@pytest.mark.parametrize(("latitude", "expected"), [(23.4, "not_triggered"), (23.5, "triggered")])
def test_island_of_a_party_at_the_tropic_of_cancer(latitude: float, expected: str) -> None:
    s = event_scenario(
        "2020-01-01",
        by="RUS",
        against="ESP",
        territory_of="ESP",
        region="north_atlantic",
        latitude=latitude,
        longitude=-20.0,
    )
    assert statuses("NATO", s)["collective_defence"] == expected


def test_island_without_coordinates_is_not_assumed_inside() -> None:
    # The North Atlantic reaches south of the Tropic: where the file does not say, the
    # answer is at most contested, never triggered.
    s = event_scenario("2020-01-01", by="RUS", against="PRT", territory_of="PRT", region="north_atlantic")
    assert statuses("NATO", s)["collective_defence"] != "triggered"


def test_asian_turkey_is_covered_but_not_before_turkey_joined() -> None:
    kwargs = {"by": "SYR", "against": "TUR", "territory_of": "TUR", "region": "middle_east", "latitude": 37.0}
    assert statuses("NATO", event_scenario("2016-01-01", **kwargs))["collective_defence"] == "triggered"  # type: ignore[arg-type]
    assert statuses("NATO", event_scenario("1952-02-17", **kwargs))["collective_defence"] == "not_triggered"  # type: ignore[arg-type]


@pytest.mark.parametrize(("date", "expected"), [("1962-07-02", "triggered"), ("1962-07-03", "not_triggered")])
def test_algerian_departments_until_independence(date: str, expected: str) -> None:
    s = event_scenario(
        date,
        by="TUN",
        against="FRA",
        territory_of="FRA",
        region="africa",
        latitude=36.2,  # near Souk Ahras, by the Tunisian border
        longitude=8.0,
        target="armed_forces",
    )
    assert statuses("NATO", s)["collective_defence"] == expected


def test_french_africa_outside_algeria_is_outside_article_6() -> None:
    # Issue 11: the 1949 text names only the Algerian departments, not French Africa.
    s = event_scenario(
        "1958-05-13", by="LBR", against="FRA", territory_of="FRA", region="africa", latitude=14.69, longitude=-17.44
    )
    assert statuses("NATO", s)["collective_defence"] == "not_triggered"


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"region": "mediterranean", "target": "vessel"}, "triggered"),
        ({"region": "mediterranean", "target": "armed_forces", "territory_of": "CYP"}, "not_triggered"),
        ({"region": "europe", "target": "armed_forces", "territory_of": "AUT"}, "triggered"),
        ({"region": "middle_east", "target": "armed_forces", "territory_of": "SYR"}, "not_triggered"),
        ({"region": "pacific", "target": "territory", "territory_of": "USA", "latitude": 21.3}, "not_triggered"),
        (
            {"region": "south_atlantic", "target": "territory", "territory_of": "GBR", "latitude": -51.7},
            "not_triggered",
        ),
    ],
)
def test_forces_and_territories_outside_and_inside_article_6(where: dict[str, object], expected: str) -> None:
    extra = {k: {"kind": "state"} for k in ("CYP", "AUT", "SYR") if where.get("territory_of") == k}
    s = event_scenario(
        "2020-01-01",
        by="IRN",
        against="USA" if where.get("territory_of") != "GBR" else "GBR",
        extra_actors=extra,
        **where,
    )  # type: ignore[arg-type]
    assert statuses("NATO", s)["collective_defence"] == expected


@pytest.mark.parametrize(
    ("date", "effects", "expected"),
    [
        # The declarations (Wales 2014, Brussels 2021) answer the cyber reading from their dates;
        # they do not create it: the question is open before them too.
        ("2014-09-04", "physical_damage", "contested"),
        ("2014-09-05", "physical_damage", "contested"),
        ("2021-06-13", "disruption", "contested"),
        ("2021-06-14", "disruption", "contested"),
    ],
)
def test_cyber_positions_answer_an_open_reading(date: str, effects: str, expected: str) -> None:
    s = event_scenario(
        date,
        by="RUS",
        against="EST",
        kind="cyber_attack",
        target="infrastructure",
        territory_of="EST",
        effects=effects,
        attribution="suspected",
    )
    assert statuses("NATO", s)["collective_defence"] == expected


@pytest.mark.parametrize(("date", "expected"), [("2016-07-08", "contested"), ("2016-07-09", "contested")])
def test_hybrid_incursion_reading_open_before_and_after_warsaw(date: str, expected: str) -> None:
    s = event_scenario(
        date, by="RUS", against="POL", kind="airspace_violation", territory_of="POL", effects="physical_damage"
    )
    assert statuses("NATO", s)["collective_defence"] == expected


def _terror(date: str, based_in: str) -> object:
    return event_scenario(
        date,
        by="AQ",
        against="USA",
        kind="terrorist_attack",
        target="civilians",
        territory_of="USA",
        region="north_america",
        attacker={"kind": "non_state", "sponsor": None, "based_in": based_in},
        extra_actors={based_in: {"kind": "state"}} if based_in != "USA" else None,
    )


def test_non_state_attack_from_abroad_is_settled_by_the_2001_agreement() -> None:
    before = verdict("NATO", _terror("2001-09-11", "AFG"))  # type: ignore[arg-type]
    after = verdict("NATO", _terror("2001-09-12", "AFG"))  # type: ignore[arg-type]
    (r_before,) = [r for r in before.results if r.outcome == "collective_defence"]
    (r_after,) = [r for r in after.results if r.outcome == "collective_defence"]
    assert r_before.status == "contested" and r_before.readings[0].practice is None
    # Subsequent agreement of all the parties (VCLT Art. 31(3)): settled, and cited.
    assert r_after.status == "triggered"
    assert "NAC statement of 12 Sept. 2001" in r_after.explanation


def test_home_grown_attack_is_not_an_armed_attack() -> None:
    assert statuses("NATO", _terror("2020-01-01", "USA"))["collective_defence"] == "not_triggered"  # type: ignore[arg-type]


def test_attack_by_a_fellow_ally_turns_on_the_intra_member_reading() -> None:
    s = event_scenario("2020-01-01", by="TUR", against="GRC", territory_of="GRC", latitude=39.0)
    assert statuses("NATO", s)["collective_defence"] == "contested"
    assert statuses("NATO", s, {"NATO.intra_member_defence": False})["collective_defence"] == "not_triggered"


def test_consultation_for_a_non_party_needs_an_allys_request() -> None:
    plain = event_scenario("2022-02-24", by="RUS", against="UKR", territory_of="UKR")
    asked = event_scenario(
        "2022-02-24",
        by="RUS",
        against="UKR",
        territory_of="UKR",
        requests=[{"by": "POL", "treaty": "NATO", "asks": "consultation"}],
        extra_actors={"POL": {"kind": "state"}},
    )
    assert statuses("NATO", plain)["consultation"] == "not_triggered"
    assert statuses("NATO", asked) == {"consultation": "triggered", "collective_defence": "not_triggered"}
