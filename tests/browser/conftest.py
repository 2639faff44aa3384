"""Real-browser tests: headless Debian Chromium driven by Playwright (no browser download).

Skipped unless the system Chromium (CASUS_CHROMIUM, default /usr/bin/chromium) and the
playwright package exist; scripts/browser-tests.sh installs Chromium and runs them.
Screenshots go to .artifacts/ (git-ignored) for CI to keep.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / ".artifacts"
CHROMIUM = os.environ.get("CASUS_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs a headless Chromium (skipped when there is none)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"no Chromium at {CHROMIUM}: scripts/browser-tests.sh installs it"
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = missing or "the playwright package is not installed (pip install -e '.[dev]')"
    if missing and os.environ.get("CASUS_BROWSER_TESTS") == "required":
        # CI sets this: there a missing browser is a failure, never a quietly skipped test.
        raise pytest.UsageError(f"CASUS_BROWSER_TESTS=required, but {missing}")
    for item in items:
        if "browser" in item.keywords and missing:
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """`casus serve` on a free loopback port, as a user starts it; its base URL."""
    port = free_port()
    casus = Path(sys.executable).with_name("casus")
    proc = subprocess.Popen(
        [str(casus), "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/scenarios", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"casus serve did not start on port {port}:\n{out}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
