from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"


def kg(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (``python -m kg``)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd or ROOT, env=env, check=False
    )


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed corpus built once for the session."""
    out = tmp_path_factory.mktemp("seed") / "out"
    r = kg("build", str(SEEDS), "-o", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr
    return out


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium (``make test`` installs it), driven by Playwright."""
    import playwright.sync_api as playwright

    sys.path.insert(0, str(ROOT / "tools"))
    from screenshot import FLAGS  # the flags the screenshot tool starts Chromium with

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get)"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(FLAGS), headless=True)
        yield b
        b.close()


@pytest.fixture()
def browser_page(browser):
    """Open a URL in a fresh page whose requests may only go to files and to localhost."""
    pages = []

    def open_page(url: str):
        page = browser.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file://", "http://127.0.0.1")) else r.abort()
        )
        page.goto(url)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()
