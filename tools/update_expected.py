"""Rebuild the fixture corpus's expected outputs (tests/data/corpus_expected/) after a change meant
to improve extraction; commit them with the change so the diff shows what changed for users.

usage: .venv/bin/python tools/update_expected.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
EXPECTED = ROOT / "tests" / "data" / "corpus_expected"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        kg = Path(sys.executable).parent / "kg"
        subprocess.run([str(kg), "build", str(CORPUS), "-o", str(out), "--no-progress", "-q"], check=True)
        (EXPECTED / "graph.ttl").write_bytes((out / "graph.ttl").read_bytes())
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        report.pop("timings_seconds")
        report.pop("cache")  # what this run took from the cache: not what the build made
        (EXPECTED / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        page = (out / "graph.html").read_text(encoding="utf-8")
        data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
        if data is None:
            print("the map has no data island", file=sys.stderr)
            return 1
        (EXPECTED / "map-data.json").write_text(data.group(1) + "\n", encoding="utf-8")
    print(f"updated {EXPECTED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
