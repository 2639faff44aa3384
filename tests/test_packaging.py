"""The wheel carries the rulebooks and scenarios, so `pip install .` works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_ships_rules_and_scenarios(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("casus-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = {p.name for p in (REPO / "rules").glob("*.yaml")}
    assert {f"engine/_data/rules/{r}" for r in rules} <= names
    areas = {p.name for p in (REPO / "rules" / "areas").glob("*.geojson")}
    assert areas and {f"engine/_data/rules/areas/{a}" for a in areas} <= names
    assert "engine/_data/scenarios/csto/kyrgyz-tajik-2021.yaml" in names
    assert "engine/cli/main.py" in names
    # Data the package reads at run time: the shared readings and the COW state table.
    assert {"engine/_data/rules/shared/readings.yaml", "engine/formats/cow_states.csv"} <= names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "casus = engine.cli.main:main" in zipfile.ZipFile(wheel).read(entry).decode()
