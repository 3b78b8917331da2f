"""Score a graph against gold annotations (``ANNOTATION.md`` format), per document.

An entity matches a gold entity of the same class when their names (canonical name and
aliases) share one; a relation matches when the property is the same and head and tail match
(either way round for symmetric properties). Matching is one-to-one.

>>> s = Score(tp=3, fp=1, fn=2)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)
(0.75, 0.6, 0.67)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.errors import DataError
from kg.graph import documents, node, nodes
from kg.schema import CLASSES, PROPERTIES, SYMMETRIC


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    entities: dict[str, Score]
    relations: dict[str, Score]
    documents: int
    unmatched_docs: list[str]

    def micro(self, table: dict[str, Score]) -> Score:
        total = Score()
        for s in table.values():
            total.add(s)
        return total

    def as_dict(self) -> dict:
        def rows(table: dict[str, Score]) -> dict:
            out = {k: _row(s) for k, s in table.items()}
            out["micro"] = _row(self.micro(table))
            return out

        return {
            "documents": self.documents,
            "entities": rows(self.entities),
            "relations": rows(self.relations),
            "unmatched_documents": self.unmatched_docs,
        }


def _row(s: Score) -> dict:
    return {
        "gold": s.tp + s.fn,
        "predicted": s.tp + s.fp,
        "correct": s.tp,
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
    }


def load_gold(folder: Path) -> dict[str, dict]:
    """Gold files of ``folder`` keyed by the document file name they annotate."""
    if not folder.is_dir():
        raise DataError(f"{folder}: gold folder not found")
    gold = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            gold[data["doc"]] = data
        except (OSError, ValueError, KeyError) as e:
            raise DataError(f"{path}: not a gold annotation file ({e})") from e
    if not gold:
        raise DataError(f"{folder}: no gold .json files")
    return gold


def evaluate(graph: nx.MultiDiGraph, gold: dict[str, dict]) -> Report:
    """Per-class and per-property scores of ``graph`` against ``gold`` (summed over documents)."""
    ents = {c: Score() for c in CLASSES}
    rels = {p: Score() for p in PROPERTIES}
    by_doc_name = {Path(k).name: k for k in documents(graph)}
    unmatched = []
    for doc_name, g in sorted(gold.items()):
        doc_id = by_doc_name.get(Path(doc_name).name)
        if doc_id is None:
            unmatched.append(doc_name)
        pred_nodes = [e for e in nodes(graph) if doc_id in e.documents] if doc_id else []
        gold_ents = [(e["type"], {e["name"], *e.get("aliases", [])}, e["name"]) for e in g["entities"]]
        pred_ents = [(e.cls, {e.name, *e.aliases}, e.iri) for e in pred_nodes]
        pairs = _align(pred_ents, gold_ents)
        for cls in CLASSES:
            tp = sum(1 for p, gi in pairs.items() if pred_ents[p][0] == cls)
            np_ = sum(1 for e in pred_ents if e[0] == cls)
            ng = sum(1 for e in gold_ents if e[0] == cls)
            ents[cls].add(Score(tp, np_ - tp, ng - tp))
        gold_names = {e["name"]: {e["name"], *e.get("aliases", [])} for e in g["entities"]}
        pred_rels = []
        if doc_id:
            for h, t, k, d in graph.edges(keys=True, data=True):
                if any(ev.doc_id == doc_id for ev in d["evidence"]):
                    pred_rels.append((k, _names(graph, h), _names(graph, t)))
        gold_rels = [
            (r["rel"], gold_names.get(r["head"], {r["head"]}), gold_names.get(r["tail"], {r["tail"]}))
            for r in g["relations"]
        ]
        used: set[int] = set()
        for prop in PROPERTIES:
            tp = 0
            for pr in (r for r in pred_rels if r[0] == prop):
                for i, gr in enumerate(gold_rels):
                    if i in used or gr[0] != prop:
                        continue
                    fwd = pr[1] & gr[1] and pr[2] & gr[2]
                    back = prop in SYMMETRIC and pr[1] & gr[2] and pr[2] & gr[1]
                    if fwd or back:
                        used.add(i)
                        tp += 1
                        break
            np_ = sum(1 for r in pred_rels if r[0] == prop)
            ng = sum(1 for r in gold_rels if r[0] == prop)
            rels[prop].add(Score(tp, np_ - tp, ng - tp))
    return Report(ents, rels, len(gold), unmatched)


def _names(graph: nx.MultiDiGraph, n: str) -> set[str]:
    e = node(graph, n)
    return {e.name, *e.aliases}


def _align(pred: list[tuple], gold: list[tuple]) -> dict[int, int]:
    """One-to-one pairs (pred index -> gold index): same class, a shared name; exact names first."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for exact in (True, False):
        for i, (cls, names, _) in enumerate(pred):
            if i in pairs:
                continue
            for j, (gcls, gnames, gname) in enumerate(gold):
                if j in taken or gcls != cls:
                    continue
                ok = gname in names if exact else bool(names & gnames)
                if ok:
                    pairs[i] = j
                    taken.add(j)
                    break
    return pairs


def format_table(report: Report) -> str:
    """The report as two aligned text tables."""
    lines = []
    for title, table in (("entities", report.entities), ("relations", report.relations)):
        lines.append(f"{title:<20} {'gold':>5} {'pred':>5} {'ok':>5} {'P':>6} {'R':>6} {'F1':>6}")
        for k, s in [*table.items(), ("micro", report.micro(table))]:
            lines.append(
                f"{k:<20} {s.tp + s.fn:>5} {s.tp + s.fp:>5} {s.tp:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            )
        lines.append("")
    if report.unmatched_docs:
        lines.append("gold documents not found in the sources: " + ", ".join(report.unmatched_docs))
    return "\n".join(lines).rstrip() + "\n"
