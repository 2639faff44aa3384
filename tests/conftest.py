"""Shared fixtures: the shipped catalogue, both evaluators, and a scenario-file writer."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from engine.law.catalogue import Catalogue, shipped

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent

# The compiled-rulebook cache (engine.law.cache) of a test run lives in its own folder, so a
# run neither reads a developer's cache nor leaves one in their home; subprocesses inherit it.
if "CASUS_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["CASUS_CACHE_DIR"] = tempfile.mkdtemp(prefix="casus-test-cache-")

MINIMAL: dict[str, Any] = {
    "id": "minimal",
    "title": "A minimal scenario",
    "date": "2021-04-29",
    "summary": "An armed attack on Kyrgyzstan by a non-member.",
    "sources": ["https://example.org/"],
    "actors": {"KGZ": {"kind": "state"}, "CHN": {"kind": "state"}},
    "events": [
        {
            "id": "strike",
            "kind": "armed_attack",
            "by": "CHN",
            "against": "KGZ",
            "target": "territory",
            "where": {"territory_of": "KGZ", "region": "central_asia"},
            "attribution": "confirmed",
            "effects": "casualties",
            # Stated: left out, whether CHN answers an attack by KGZ would be unknown (and decide).
            "in_self_defence": False,
        }
    ],
}


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return shipped()


@pytest.fixture(scope="session")
def python_evaluator():  # type: ignore[no-untyped-def]
    from engine.evaluators.python import PythonEvaluator

    return PythonEvaluator()


@pytest.fixture(scope="session")
def durable_evaluator():  # type: ignore[no-untyped-def]
    from engine.evaluators.durable import DurableEvaluator

    return DurableEvaluator()


@pytest.fixture
def scenario_data() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def _write(content: str | bytes, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def dump(data: dict[str, Any]) -> str:
    """YAML text of plain data (block style, keys in order)."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
