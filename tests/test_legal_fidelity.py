"""Issue 11, legal fidelity: each item of the treaty-by-treaty review has a test here that
failed before the rulebooks were corrected."""

from __future__ import annotations

import pytest
from treaty_helpers import event_scenario, status_on, statuses, verdict

from engine.law.catalogue import shipped

BOOKS = list(shipped().values())


# --- errors -----------------------------------------------------------------------------------


def test_trinidad_and_tobago_is_a_rio_party_from_its_deposit_not_its_signature() -> None:
    # Signed 1967-04-06, ratification deposited with the OAS 1967-06-12 (Art. 22: a party on deposit).
    assert status_on("RIO", "TTO", "1967-06-11") == "non_member"
    assert status_on("RIO", "TTO", "1967-06-12") == "member"


@pytest.mark.parametrize("state", ["AZE", "GEO", "UZB"])
def test_the_1999_csto_leavers_were_parties_until_the_first_term_expired(state: str) -> None:
    # The first five-year term ran from 1994-04-20 and expired on 1999-04-20; renewal from 1999-04-21.
    assert status_on("CSTO", state, "1999-04-20") == "member"
    assert status_on("CSTO", state, "1999-04-21") == "former"


def test_csto_forces_before_2012_need_no_request_of_the_victim() -> None:
    # The 1992 Arts. 4 and 6 have no request condition; the 2010 protocol added it.
    s = event_scenario(
        "2005-06-01", by="AFG", against="TJK", territory_of="TJK", kind="invasion", region="central_asia"
    )
    for result in verdict("CSTO", s).results:
        if result.outcome in ("collective_defence", "collective_deployment"):
            assert result.status == "triggered"
            assert result.needs == [], f"{result.outcome} asks for a request the 1992 text does not make"
    later = event_scenario(
        "2015-06-01", by="AFG", against="TJK", territory_of="TJK", kind="invasion", region="central_asia"
    )
    deployment = next(r for r in verdict("CSTO", later).results if r.outcome == "collective_deployment")
    assert deployment.needs == ["request by TJK"]


def test_no_csto_provision_of_the_2010_texts_applies_before_they_entered_into_force() -> None:
    # CST-4-PROXY cited the 2010 protocol but had no start date, so it applied from 1994.
    book = shipped()["CSTO"]
    in_force = {i.id: i.in_force for i in book.rulebook.instruments}
    early = [
        p.id
        for p in book.provisions
        if p.source.cites.instrument in ("CST-2010", "CHARTER-2010")
        and (p.source.valid_from is None or p.source.valid_from < in_force[p.source.cites.instrument])
    ]
    assert not early


def test_scenario_notes_do_not_deny_readings_the_rulebook_has() -> None:
    from engine.formats.paths import scenarios_dir

    for name in ("csto/kursk-2024.yaml", "csto/tavush-2020.yaml"):
        text = (scenarios_dir() / name).read_text()
        assert "counter_self_defence" in text, name
        assert "has no reading" not in text, name
    tavush = (scenarios_dir() / "csto/tavush-2020.yaml").read_text()
    assert "available on its\n  request (Peacekeeping Agreement Art. 3)" not in tavush


# --- modelling 1: CSTO collective deployment follows the treaty ------------------------------


@pytest.mark.parametrize(
    ("kind", "effects", "by", "attribution"),
    [
        ("airspace_violation", "none", "AFG", "confirmed"),
        ("cyber_attack", "physical_damage", "unknown", "unattributed"),
        ("threat_of_force", "none", "AFG", "confirmed"),
    ],
)
def test_csto_forces_are_not_for_every_event_on_a_members_territory(
    kind: str, effects: str, by: str, attribution: str
) -> None:
    s = event_scenario(
        "2023-03-01",
        by=by,
        against="KAZ",
        territory_of="KAZ",
        kind=kind,
        effects=effects,
        attribution=attribution,
        region="central_asia",
    )
    assert statuses("CSTO", s)["collective_deployment"] == "not_triggered"


def test_csto_forces_follow_the_readings_that_make_defence_contested() -> None:
    s = event_scenario(
        "2023-03-01", by="AFG", against="TJK", territory_of="TJK", kind="border_clash", region="central_asia"
    )
    found = statuses("CSTO", s)
    assert found["collective_defence"] == found["collective_deployment"] == "contested"


# --- modelling 3: gravity, one shared reading ----------------------------------------------------

BORDER_CLASHES = {
    "NATO": dict(date="2015-06-01", by="RUS", against="EST", region="europe"),
    "EU": dict(date="2015-06-01", by="RUS", against="EST", region="europe"),
    "CSTO": dict(date="2015-06-01", by="AFG", against="TJK", region="central_asia"),
    "RIO": dict(date="1995-01-26", by="ECU", against="PER", region="south_america"),
    "US-JAPAN": dict(date="2015-06-01", by="CHN", against="JPN", region="east_asia"),
    "ANZUS": dict(date="2015-06-01", by="IDN", against="AUS", region="oceania"),
}


@pytest.mark.parametrize("treaty", sorted(BORDER_CLASHES))
def test_a_deadly_border_clash_is_not_plainly_an_armed_attack(treaty: str) -> None:
    args = dict(BORDER_CLASHES[treaty])
    s = event_scenario(
        args.pop("date"), kind="border_clash", target="armed_forces", territory_of=args["against"], **args
    )
    assert statuses(treaty, s)["collective_defence"] == "contested"
    assert statuses(treaty, s, {f"{treaty}.gravity": False})["collective_defence"] == "not_triggered"
    assert shipped()[treaty].rulebook.readings["gravity"].question.startswith("Is a border clash")
