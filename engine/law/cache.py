"""A cache of the compiled shipped rulebooks, so that `casus run FILE` does not parse twenty
rulebooks on every call.

Reading, validating and compiling the shipped rulebooks costs ~100 ms a process; loading
the same objects back from a pickle costs ~15 ms. The cache is keyed by everything the
compiled form depends on: the size and modification time of every rulebook file (shared
readings and areas included) and of every module of the two wings that read and compile
them (engine/formats, engine/law), and the Python version. Any change to one of them is a
new key, so an edited rulebook or a changed compiler is never served stale.

It is only a cache: a directory that cannot be written, a file that cannot be read, or
anything unexpected in it means the rulebooks are compiled as if there were no cache.
Where it lives: $CASUS_CACHE_DIR, else $XDG_CACHE_HOME/casus, else ~/.cache/casus;
CASUS_NO_CACHE=1 turns it off. The pickle is casus's own output in the user's own cache
directory: whoever can write there can already change what the user runs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_CODE_WINGS = ("formats", "law")
_ENGINE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    if os.environ.get("CASUS_NO_CACHE"):
        return None
    explicit = os.environ.get("CASUS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "casus"


def _inputs(data_dir: Path) -> Iterable[Path]:
    yield from sorted(p for p in data_dir.rglob("*") if p.suffix in (".yaml", ".geojson", ".csv"))
    for wing in _CODE_WINGS:  # their modules and data files (e.g. the state-code tables)
        yield from sorted(p for p in (_ENGINE / wing).iterdir() if p.is_file())


def cache_key(data_dir: Path) -> str:
    digest = hashlib.sha256(f"{sys.version}|{data_dir}".encode())
    for path in _inputs(data_dir):
        stat = path.stat()
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def cached(name: str, data_dir: Path, build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when its inputs have not changed since it was stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        path = folder / f"{name}-{cache_key(data_dir)}.pickle"
    except OSError:
        return build()
    try:
        with path.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    except Exception:  # missing, truncated or from another version: rebuild
        pass
    value = build()
    _store(folder, name, path, value)
    return value


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-*.pickle"):  # one entry per name: older keys are dead
            if old != path:
                old.unlink(missing_ok=True)
        # Written whole, then renamed: a concurrent reader sees the old file or the new one.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    except Exception:  # a read-only home or a full disk: run without the cache
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # as above; leave no half-written file behind
        Path(tmp).unlink(missing_ok=True)
