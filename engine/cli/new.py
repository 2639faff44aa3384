"""`casus new`: write a commented scenario skeleton to start a new case from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from engine.cli import common
from engine.cli.app import app

DEFAULT_TREATY = "CSTO"
DEFAULT_KIND = "armed_attack"


@app.command()
def new(
    path: Annotated[
        Path,
        typer.Argument(metavar="PATH", help="The scenario file to write, e.g. scenarios/hypothetical/my-case.yaml."),
    ],
    treaty: Annotated[
        str, typer.Option("--treaty", "-t", metavar="T", help="The treaty the skeleton's request is made to.")
    ] = DEFAULT_TREATY,
    kind: Annotated[
        str, typer.Option("--kind", "-k", metavar="K", help="The kind of the skeleton's one event.")
    ] = DEFAULT_KIND,
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """Write a scenario skeleton: required keys with <PLACEHOLDERS>, optional keys commented out.

    The id is the file name. `casus validate PATH` names each placeholder left, by line.
    """
    from engine.formats.placeholders import placeholder_paths
    from engine.formats.skeleton import SCHEMA_FILE, TreatyOutline, skeleton
    from engine.formats.vocabulary import EVENT_KINDS
    from engine.formats.yamlsafe import load_yaml

    scenario_id = _checked_target(path, force)
    if kind not in EVENT_KINDS:
        common.fail(f"--kind {kind}: unknown event kind{_nearest(kind, EVENT_KINDS)}")
    catalogue = common.catalogue_with(None)
    common.check_treaties(catalogue, [treaty])
    book = catalogue[treaty].rulebook
    outline = TreatyOutline(book.id, book.outcomes, {name: r.question for name, r in book.readings.items()})
    text = skeleton(scenario_id, outline, kind)
    try:
        with path.open("w" if force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        common.fail(f"{path} exists; pass --force to overwrite it")
    except OSError as exc:
        common.fail(f"{path}: cannot write it ({exc.strerror})")
    left = sorted({str(text_) for _, _, text_ in placeholder_paths(load_yaml(text, str(path)).data)})
    common.out.print(f"wrote {path}: replace {', '.join(left)}, then run `casus validate {path}`", markup=False)
    if not (path.parent / SCHEMA_FILE).exists():
        common.out.print(f"for completion in editors: casus schema > {path.parent / SCHEMA_FILE}", markup=False)


def _checked_target(path: Path, force: bool) -> str:
    """The scenario id the file name gives; exit 2 with what to do if PATH will not do."""
    from engine.formats.scenario import SLUG_PATTERN

    if path.is_dir():
        common.fail(f"{path} is a directory; give a file name in it, e.g. {path / 'my-case.yaml'}")
    if path.suffix not in (".yaml", ".yml"):
        common.fail(f"{path}: a scenario file name ends in .yaml, e.g. {path.with_suffix('.yaml')}")
    if not path.parent.is_dir():
        common.fail(f"{path.parent} is not a directory; create it first (mkdir -p {path.parent})")
    if path.exists() and not force:
        common.fail(f"{path} exists; pass --force to overwrite it")
    if not re.fullmatch(SLUG_PATTERN, path.stem) or len(path.stem) > 100:
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-case"
        common.fail(
            f"{path.name}: the file name is the scenario id, which takes a-z, 0-9 and -; "
            f"e.g. {path.with_name(slug + path.suffix)}"
        )
    return path.stem


def _nearest(word: str, choices: Sequence[str]) -> str:
    """'; did you mean X?' when one is close, else the whole list: the line always names a valid value."""
    from engine.formats.modelcheck import suggestion

    same_but_case = [c for c in choices if c.lower() == word.lower()]
    if same_but_case:
        return f"; did you mean {same_but_case[0]!r}?"
    return suggestion(word, choices) or f"; known: {', '.join(choices)}"
