"""Coverage-guided fuzzing of the file loader and the durable_rules adapter (issue 14).

Each input is the bytes of a file. It goes the way `casus run` takes a file: decoded and
parsed (engine.formats.yamlsafe), validated as a scenario, then judged by both evaluators
under the treaties that apply. A finding is anything but a clean answer: an exception other
than the project's InputError, or the durable adapter and the pure-Python evaluator disagreeing.

Run it with scripts/fuzz.sh [SECONDS]. With atheris installed (a dev dependency on Linux) it
is libFuzzer-guided, seeded with tests/hostile/inputs and the shipped scenarios; without it
(or with `--plain`), seeded random byte edits of the same files run for the same time.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = sorted(HERE.glob("inputs/*.yaml")) + sorted((REPO / "scenarios").glob("*/*.yaml"))

_STATE: dict[str, Any] = {}


def _setup() -> None:
    from engine.evaluators.durable import DurableEvaluator
    from engine.evaluators.python import PythonEvaluator
    from engine.law.catalogue import shipped

    _STATE.update(catalogue=shipped(), durable=DurableEvaluator(), python=PythonEvaluator())


def one_input(data: bytes) -> None:
    """The fuzz target: raises on a finding, returns on any clean answer."""
    from engine.formats.errors import InputError
    from engine.formats.yamlsafe import decode, load_yaml
    from engine.law.catalogue import scenario_from
    from engine.verdict.judging import judge

    catalogue = _STATE["catalogue"]
    try:
        located = load_yaml(decode(data, "fuzz.yaml"), "fuzz.yaml")
        loaded = scenario_from(located, catalogue, Path("fuzz.yaml"))
        # The treaties that apply, as `casus run` judges them: every treaty would be ~20x slower.
        durable = judge(loaded.scenario, catalogue, _STATE["durable"]).to_json()
        python = judge(loaded.scenario, catalogue, _STATE["python"]).to_json()
    except InputError:
        return  # a located refusal is a clean answer
    durable.pop("engine", None)
    python.pop("engine", None)
    if durable != python:
        raise AssertionError(f"the engines disagree:\n{durable}\n{python}")


def _atheris(argv: list[str]) -> None:
    import atheris

    # Coverage is taken where hostile bytes steer the code: the loader and the adapter's
    # serialisation; instrumenting the whole verdict path would slow every run several times.
    with atheris.instrument_imports(include=["engine.formats", "engine.evaluators.durable_limits"]):
        import engine.evaluators.durable_limits
        import engine.formats.yamlsafe  # noqa: F401
    _setup()
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def _mutate(seed: bytes, rng: random.Random) -> bytes:
    """A few byte-level edits of a seed: flips, deletions, duplications, splices of YAML bits."""
    data = bytearray(seed)
    bits = [b"\x00", b"\xff", b"&a ", b"*a", b"!!bool ", b"[", b"{", b": ", b"\n- ", b"1e308", b"\x1b[31m", b"\t", b"'"]
    for _ in range(rng.randint(1, 8)):
        where = rng.randrange(len(data) + 1)
        how = rng.randrange(4)
        if how == 0 and data:
            data[min(where, len(data) - 1)] = rng.randrange(256)
        elif how == 1:
            del data[where : where + rng.randint(1, 16)]
        elif how == 2:
            data[where:where] = rng.choice(bits)
        else:
            data[where:where] = data[where : where + rng.randint(1, 64)]
    return bytes(data)


def _fallback(seconds: float) -> int:
    """Without atheris: random mutations of the seeds for `seconds`; counts what it tried."""
    _setup()
    rng = random.Random(0)
    seeds = [p.read_bytes() for p in SEEDS]
    tried = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = _mutate(rng.choice(seeds), rng)
        try:
            one_input(data)
        except Exception:
            sys.stderr.write(f"finding after {tried} inputs; the input was {data!r}\n")
            raise
        tried += 1
    print(f"fuzz: {tried} inputs, no finding")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--plain" in args or not any(a.startswith("-max_total_time") for a in args):
        seconds = next((float(a.split("=")[1]) for a in args if a.startswith("--seconds=")), 60.0)
        sys.exit(_fallback(seconds))
    _atheris([sys.argv[0], *args])
