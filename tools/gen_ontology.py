"""Write ``ontology/liantu.ttl``: the OWL ontology generated from ``kg/data/schema.toml``.

    python tools/gen_ontology.py      (or: make ontology)

``kg build`` writes the same text to ``OUT/ontology.ttl``; a test fails when the committed file
differs from what the schema generates, so the two can never drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import ontology


def main() -> None:
    path = ROOT / "ontology" / "liantu.ttl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ontology.text(), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
