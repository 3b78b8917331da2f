from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"


def kg(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (``python -m kg``)."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd or ROOT, env=env)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed corpus built once for the session."""
    out = tmp_path_factory.mktemp("seed") / "out"
    r = kg("build", str(SEEDS), "-o", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr
    return out
