"""Shared readings: defined once in rules/shared/readings.yaml, used by several rulebooks,
each with its own treaty's practice; a name the library lacks is a located input error."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from engine.formats.errors import InputError
from engine.formats.rulebook import Rulebook, shared_library
from engine.law.catalogue import load_rulebook, shipped

TOY = Path(__file__).parent / "fixtures/rulebooks/toy.yaml"
REPO = Path(__file__).resolve().parent.parent


def _toy_with(tmp_path: Path, extra: str, readings: str | None = None) -> Path:
    text = TOY.read_text().replace("readings:\n", f"{extra}\nreadings:\n", 1)
    if readings is not None:
        text = text.replace("readings:\n", f"readings:\n{readings}", 1)
    path = tmp_path / "toy.yaml"
    path.write_text(text)
    return path


def test_a_rulebook_gets_the_shared_reading_with_its_own_practice() -> None:
    nato = shipped()["NATO"].rulebook.readings["gravity"]
    csto = shipped()["CSTO"].rulebook.readings["gravity"]
    assert nato.question == csto.question == shared_library().readings["gravity"].question
    # Akçakale 2012 is NATO's practice, Armenia 2021 the CSTO's: neither leaks into the other.
    assert nato.practice_on(dt.date(2013, 1, 1)) is not None
    assert csto.practice_on(dt.date(2013, 1, 1)) is None
    assert csto.practice_on(dt.date(2021, 6, 1)) is not None


def test_a_user_rulebook_can_use_a_shared_reading_in_its_conditions(tmp_path: Path) -> None:
    path = _toy_with(tmp_path, "shared_readings: [gravity]")
    text = path.read_text().replace("reading.cyber: yes", "reading.gravity: yes")
    path.write_text(text)
    book = load_rulebook(path)
    assert "gravity" in book.readings_used
    assert book.rulebook.readings["gravity"].practice == []  # TOY has no practice in the library


def test_an_unknown_shared_reading_is_located_and_named(tmp_path: Path) -> None:
    path = _toy_with(tmp_path, "shared_readings: [gravty]")
    with pytest.raises(InputError) as err:
        load_rulebook(path)
    message = str(err.value)
    assert f"{path}:" in message
    assert "'gravty' is not a shared reading" in message
    assert "did you mean 'gravity'?" in message


def test_a_reading_both_shared_and_defined_here_is_refused(tmp_path: Path) -> None:
    own = "  gravity:\n    question: Mine?\n    yes: Mine.\n    no: Not mine.\n"
    path = _toy_with(tmp_path, "shared_readings: [gravity]", own)
    with pytest.raises(InputError, match="also listed under `shared_readings`"):
        load_rulebook(path)


def test_a_loaded_rulebook_written_out_reads_back_the_same() -> None:
    rb = shipped()["NATO"].rulebook
    again = Rulebook.model_validate(rb.model_dump(mode="json", by_alias=True, exclude_defaults=True))
    assert again == rb


@pytest.mark.parametrize("command", ["validate", "check"])
def test_the_cli_reports_an_unknown_shared_reading_as_bad_input(tmp_path: Path, command: str) -> None:
    path = _toy_with(tmp_path, "shared_readings: [gravty]")
    casus = Path(sys.executable).parent / "casus"
    run = subprocess.run([str(casus), command, str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "'gravty' is not a shared reading" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
