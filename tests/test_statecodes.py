"""State codes: ISO 3166-1, ISO 3166-3 former states, user-assigned codes and the shipped COW table."""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.formats import statecodes as s


@pytest.mark.parametrize("code", ["DEU", "GBR", "KGZ", "USA"])
def test_current_iso_codes_are_states(code: str) -> None:
    assert s.is_state_code(code)


@pytest.mark.parametrize("code", ["SUN", "YUG", "CSK", "DDR", "SCG"])
def test_former_states_keep_their_iso_3166_3_codes(code: str) -> None:
    assert code in s.iso_former() and s.is_state_code(code)


@pytest.mark.parametrize("code", ["AAA", "AAZ", "QMA", "QZZ", "XAA", "XKX", "XZZ", "ZZA", "ZZZ"])
def test_user_assigned_codes_are_hypothetical_states(code: str) -> None:
    assert s.is_user_assigned(code) and s.is_state_code(code)


@pytest.mark.parametrize("code", ["ABA", "QLZ", "ZYZ", "xaa", "XA", "XAAA", "QM1"])
def test_codes_just_outside_the_user_assigned_ranges_are_not(code: str) -> None:
    assert not s.is_user_assigned(code)


def test_austria_hungary_is_known_by_its_cow_abbreviation() -> None:
    auh = s.cow_states()["AUH"]
    assert (auh.ccode, auh.name) == (300, "Austria-Hungary")
    assert s.is_state_code("AUH")


def test_no_cow_abbreviation_shadows_an_iso_code() -> None:
    # A COW row that spelt an ISO code would make one id mean two states (COW AUS is Austria).
    clash = set(s.cow_states()) & (s.iso_alpha3() | s.iso_former())
    assert not clash, f"remove {sorted(clash)} from cow_states.csv: ISO already names another state so"


def test_every_cow_state_ended_before_iso_3166() -> None:
    assert all(row.end < "1974-10-01" for row in s.cow_states().values())


def test_continuing_states_have_no_cow_row() -> None:
    # The German Empire is DEU, the Russian Empire RUS, the Ottoman Empire TUR.
    assert not {"GMY", "UKG", "RUS", "TUR", "ITA"} & set(s.cow_states())


@pytest.mark.parametrize(
    ("word", "meant"),
    [("GMY", "DEU"), ("UKG", "GBR"), ("frn", "FRA"), ("deu", "DEU"), ("AUT", "AUT"), ("AUHH", "AUH")],
)
def test_a_bad_code_gets_the_nearest_valid_one(word: str, meant: str) -> None:
    assert s.nearest_state_code(word) == meant


def test_the_message_says_what_kinds_of_code_exist() -> None:
    message = s.state_code_problem("GMY")
    assert "ISO 3166-1" in message and "ISO 3166-3" in message and "Correlates of War" in message
    assert message.endswith("did you mean 'DEU'?")


def test_checking_a_code_does_not_import_pycountry() -> None:
    # pycountry's own import reads package metadata (~40 ms of every casus start); its data files suffice.
    code = "from engine.formats import statecodes as s; assert s.is_state_code('DEU'); import sys; print('pycountry' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
