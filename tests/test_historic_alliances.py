"""The historic European alliances (Triple Alliance, Franco-Russian, Anglo-Japanese, Anglo-Polish,
Franco-Polish, WEU, Warsaw Pact): members by date, the clauses that count attackers or ask
about provocation, and scenarios moved outside a treaty's life."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from treaty_helpers import event_scenario, status_on, statuses
from typer.testing import CliRunner

from engine.cli.main import app
from engine.formats.errors import InputError
from engine.formats.scenario import Scenario
from engine.formats.yamlsafe import load_yaml
from engine.law.catalogue import load_scenario, shipped

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"
runner = CliRunner()


def moved(path: str, date: str) -> Scenario:
    """A shipped scenario with its date (and its events' dates) set to `date`."""
    data: dict[str, Any] = load_yaml((SCENARIOS / path).read_text(), path).data
    data["date"] = date
    for event in data["events"]:
        event.pop("date", None)
    data.pop("expect", None)
    return Scenario.model_validate(data)


def test_treaties_on_1_august_1914_are_the_two_blocs() -> None:
    result = runner.invoke(app, ["treaties", "--date", "1914-08-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = {d["treaty"]: d for d in json.loads(result.stdout)}
    assert {"TRIPLE-ALLIANCE", "FRANCO-RUSSIAN", "ANGLO-JAPANESE"} <= set(data)
    assert set(data["TRIPLE-ALLIANCE"]["members"]) == {"DEU", "AUH", "ITA"}
    assert set(data["FRANCO-RUSSIAN"]["members"]) == {"FRA", "RUS"}
    assert data["WEU"]["members"] == {} and data["WARSAW-PACT"]["members"] == {}


@pytest.mark.parametrize(
    ("treaty", "state", "date", "status"),
    [
        ("TRIPLE-ALLIANCE", "ITA", "1915-05-03", "member"),
        ("TRIPLE-ALLIANCE", "ITA", "1915-05-04", "former"),  # the denunciation
        ("ANGLO-JAPANESE", "JPN", "1923-08-16", "member"),
        ("ANGLO-JAPANESE", "JPN", "1923-08-17", "former"),  # Four-Power ratifications deposited
        ("WEU", "ESP", "1989-01-01", "non_member"),
        ("WEU", "DEU", "1955-05-06", "member"),
        ("WEU", "GBR", "2011-07-01", "former"),
        ("WARSAW-PACT", "ALB", "1965-01-01", "frozen"),
        ("WARSAW-PACT", "ALB", "1968-09-13", "former"),
        ("WARSAW-PACT", "DDR", "1990-10-03", "former"),
        ("WARSAW-PACT", "SUN", "1955-05-20", "non_member"),  # signed, not yet in force
    ],
)
def test_membership_by_date(treaty: str, state: str, date: str, status: str) -> None:
    assert status_on(treaty, state, date) == status


@pytest.mark.parametrize(
    ("path", "treaty", "date"),
    [
        ("anglo-polish/britain-declares-war-1939.yaml", "ANGLO-POLISH", "1939-08-24"),  # before signature
        ("anglo-polish/britain-declares-war-1939.yaml", "FRANCO-POLISH", "1920-08-15"),  # before 1921
        ("anglo-japanese/japan-enters-war-1914.yaml", "ANGLO-JAPANESE", "1923-08-17"),  # ended
        ("weu/perejil-2002.yaml", "WEU", "1948-01-01"),  # before the Brussels Treaty
        ("warsaw-pact/czechoslovakia-1968.yaml", "WARSAW-PACT", "1991-07-02"),  # after the end
        ("triple-alliance/italy-neutrality-1914.yaml", "TRIPLE-ALLIANCE", "1881-01-01"),
    ],
)
def test_a_scenario_outside_the_treaty_s_life_triggers_nothing(path: str, treaty: str, date: str) -> None:
    result = statuses(treaty, moved(path, date))
    assert result and set(result.values()) == {"not_triggered"}, result


def test_the_franco_russian_convention_binds_only_from_january_1894() -> None:
    before = statuses("FRANCO-RUSSIAN", moved("franco-russian/invasion-of-france-1914.yaml", "1893-06-01"))
    after = statuses("FRANCO-RUSSIAN", moved("franco-russian/invasion-of-france-1914.yaml", "1894-06-01"))
    # The 1891 agreement's consultation already binds; the military convention not yet.
    assert before == {"consultation": "triggered", "collective_defence": "not_triggered"}
    assert after["collective_defence"] == "triggered"


def test_art_iii_needs_two_great_powers() -> None:
    """Triple Alliance Art. III: one non-signatory Great Power attacking is not the case."""
    two = moved("triple-alliance/central-powers-at-war-1914.yaml", "1914-08-20")
    one_data = two.model_dump(mode="json", by_alias=True, exclude_none=True)
    one_data["events"] = [e for e in one_data["events"] if e["by"] == "RUS"]
    one = Scenario.model_validate(one_data)
    readings = {"TRIPLE-ALLIANCE.provocation": False, "TRIPLE-ALLIANCE.prior_consultation": False}
    assert statuses("TRIPLE-ALLIANCE", two, readings)["collective_defence"] in ("triggered", "contested")
    assert statuses("TRIPLE-ALLIANCE", one, readings)["collective_defence"] == "not_triggered"


@pytest.mark.parametrize(("answer", "expected"), [(True, "not_triggered"), (False, "triggered")])
def test_provocation_reading_decides_an_attack_the_victim_s_own_act_drew(answer: bool, expected: str) -> None:
    """Franco-Polish Art. 3: 'without giving provocation'."""
    scenario = event_scenario("1930-06-01", by="DEU", against="POL", kind="invasion", territory_of="POL")
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["events"][0]["provoked_by"] = ["POL"]
    provoked = Scenario.model_validate(data)
    result = statuses("FRANCO-POLISH", provoked, {"FRANCO-POLISH.provocation": answer})
    assert result["collective_defence"] == expected
    data["events"][0]["provoked_by"] = []
    unprovoked = Scenario.model_validate(data)
    assert statuses("FRANCO-POLISH", unprovoked, {"FRANCO-POLISH.provocation": answer})["collective_defence"] == (
        "triggered"
    )


def test_the_secret_protocol_turns_a_soviet_attack_into_consultation() -> None:
    soviet = statuses("ANGLO-POLISH", moved("anglo-polish/soviet-invasion-1939.yaml", "1939-09-17"))
    german = statuses("ANGLO-POLISH", moved("anglo-polish/britain-declares-war-1939.yaml", "1939-09-03"))
    assert soviet == {"consultation": "triggered", "collective_defence": "not_triggered"}
    assert german["collective_defence"] == "triggered"


def test_shared_readings_carry_each_treaty_s_own_practice() -> None:
    ta = shipped()["TRIPLE-ALLIANCE"].rulebook.readings["provocation"]
    fp = shipped()["FRANCO-POLISH"].rulebook.readings["provocation"]
    assert ta.question == fp.question
    assert [p.date.isoformat() for p in ta.practice] == ["1914-07-31"]
    assert fp.practice == []


def test_an_undeclared_state_in_provoked_by_is_a_located_error(tmp_path: Path) -> None:
    text = (SCENARIOS / "triple-alliance/italy-neutrality-1914.yaml").read_text()
    path = tmp_path / "italy-neutrality-1914.yaml"
    path.write_text(text.replace("provoked_by: [AUH]", "provoked_by: [GMY]"))
    with pytest.raises(InputError) as err:
        load_scenario(path, shipped())
    assert f"{path}:" in str(err.value) and "'GMY' is not declared under actors" in str(err.value)


def test_attacking_states_counts_distinct_state_attackers_of_the_same_victim() -> None:
    """A threat of force, a non-state group and an attack on someone else are not counted."""
    from engine.law.facts import event_facts

    data = event_scenario(
        "1904-06-15", by="RUS", against="JPN", kind="naval_attack", target="vessel", region="east_asia"
    ).model_dump(mode="json", by_alias=True, exclude_none=True)
    base = data["events"][0]
    data["actors"].update({"FRA": {"kind": "state"}, "DEU": {"kind": "state"}, "pirates": {"kind": "non_state"}})
    data["events"] += [
        {**base, "id": "again", "by": "RUS"},  # the same state twice
        {**base, "id": "threat", "by": "FRA", "kind": "threat_of_force", "effects": "none"},
        {**base, "id": "elsewhere", "by": "DEU", "against": "FRA"},
        {**base, "id": "group", "by": "pirates"},
    ]
    scenario = Scenario.model_validate(data)
    book = shipped()["ANGLO-JAPANESE"].rulebook
    facts = event_facts(book, scenario, scenario.events[0])
    assert facts["attacking_states"] == 1
    data["events"][2] = {**base, "id": "france-joins", "by": "FRA"}
    joined = Scenario.model_validate(data)
    assert event_facts(book, joined, joined.events[0])["attacking_states"] == 2
    assert statuses("ANGLO-JAPANESE", joined)["collective_defence"] == "triggered"  # 1902 Art. III
