"""``make bench``: build throughput against plain jieba on a ~10 MB corpus made from seeds/.

Prints, in one run on this machine:
- plain ``jieba.lcut`` throughput over the same text (MB/s),
- ``kg build`` throughput with one process for each recogniser (``--recogniser rules`` and
  ``model``, the default) and with ``--jobs 2`` (MB/s), and their ratios to jieba,
- peak memory (max RSS) of each build process,
- the share of build time spent in each stage (normalisation among them).

    python tools/bench.py [--mb 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, mb: float) -> tuple[int, str]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    size, i, parts = 0, 0, []
    while size < mb * 1024 * 1024:
        text = texts[i % len(texts)]
        name = f"{i // len(texts):04d}_{seeds[i % len(texts)].name}"
        (folder / name).write_text(text, encoding="utf-8")
        parts.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return size, "\n".join(parts)


def jieba_throughput(text: str, size: int) -> tuple[float, float]:
    """MB/s of plain ``jieba.lcut`` over the corpus, by wall clock and by CPU time."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    t, c = time.perf_counter(), time.process_time()
    for line in text.split("\n"):
        tk.lcut(line)
    return size / (time.perf_counter() - t) / 1e6, size / (time.process_time() - c) / 1e6


def timed_build(corpus: Path, out: Path, jobs: int, recogniser: str = "model") -> tuple[float, float, dict]:
    """Seconds (wall and CPU) and peak RSS (MB) of ``kg build`` in a fresh process (start-up included)."""
    code = (
        "import resource, sys, time, json;"
        "from pathlib import Path;"
        "from kg.build import build_outputs;"
        "t, c = time.perf_counter(), time.process_time();"
        f"rep = build_outputs([Path({str(corpus)!r})], Path({str(out)!r}), jobs={jobs}, recogniser={recogniser!r}, progress=False);"
        "s, cpu = time.perf_counter() - t, time.process_time() - c;"
        "rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "print(json.dumps({'seconds': s, 'cpu': cpu, 'rss_mb': rss / 1024, 'timings': rep['timings_seconds'], 'documents': rep['documents'], 'entities': rep['entities'], 'statements': rep['statements']}))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    if r.returncode != 0:
        sys.exit(f"bench: build failed:\n{r.stderr}")
    data = json.loads(r.stdout.strip().splitlines()[-1])
    return data["seconds"], data["rss_mb"], data


def single_documents(work: Path, text: str, sizes: tuple[int, ...] = (1, 4, 16)) -> None:
    """One document of 1, 4 and 16 MB built alone (rules): the time should grow linearly."""
    base = None
    for mb in sizes:
        folder = work / f"single-{mb}"
        folder.mkdir()
        body = (text * (mb * 1024 * 1024 // max(1, len(text.encode("utf-8"))) + 1))[: mb * 1024 * 1024 // 3]
        (folder / "one.txt").write_text(body, encoding="utf-8")
        size = len(body.encode("utf-8")) / 1e6
        seconds, rss, _ = timed_build(folder, work / f"single-out-{mb}", 1, "rules")
        per_mb = seconds / size
        base = base or per_mb
        print(
            f"one {size:.1f} MB document (rules): {seconds:.1f} s, {per_mb:.2f} s/MB, peak RSS {rss:.0f} MB"
            f"  ({per_mb / base:.2f}x the 1 MB rate; goal: within 1.5x)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        size, text = make_corpus(corpus, args.mb)
        mb = size / 1e6
        print(f"corpus: {len(list(corpus.iterdir()))} files, {mb:.1f} MB (seeds/ repeated)")
        jieba_mbs, jieba_cpu = jieba_throughput(text, size)
        print(f"jieba.lcut alone:          {jieba_mbs:6.3f} MB/s  (CPU time: {jieba_cpu:.3f} MB/s)")
        runs = {}
        for recogniser, goal in (("rules", 0.5), ("model", 0.15)):
            s1, rss1, d1 = timed_build(corpus, work / f"out-{recogniser}", 1, recogniser)
            runs[recogniser] = (s1, d1)
            print(
                f"kg build --recogniser {recogniser}, 1 process: {mb / s1:6.3f} MB/s  ({s1:.1f} s, peak RSS {rss1:.0f} MB)"
                f"  ratio to jieba {mb / s1 / jieba_mbs:.2f} (goal >= {goal})"
            )
            print(
                f"  by CPU time:             {mb / d1['cpu']:6.3f} MB/s  ratio to jieba {mb / d1['cpu'] / jieba_cpu:.2f}"
                "  (every thread's CPU time: steal time does not count, the model's second core does)"
            )
        s1, d1 = runs["model"]
        s2, rss2, _ = timed_build(corpus, work / "out2", 2)
        again, _ = jieba_throughput(text, size)
        mean = (jieba_mbs + again) / 2
        print(
            f"jieba.lcut again:          {again:6.3f} MB/s  (this machine's speed varies; mean of both runs {mean:.3f} MB/s:"
        )
        print(
            "                           1-process ratios to that mean: "
            + ", ".join(f"{r} {mb / runs[r][0] / mean:.2f}" for r in runs)
            + ")"
        )
        print(
            f"kg build --jobs 2 (model): {mb / s2:6.3f} MB/s  ({s2:.1f} s, peak RSS {rss2:.0f} MB per process)"
            f"  speed-up {s1 / s2:.2f}x (one process runs the model's batches on both cores already),"
            f" ratio to jieba {mb / s2 / mean:.2f}"
        )
        timings = d1["timings"]
        stages = {
            k: v
            for k, v in timings.items()
            if k in ("normalize", "segment", "model", "entities", "resolve", "relations")
        }
        total = sum(stages.values()) or 1.0
        print(
            "stage shares (1 process, of per-document work): "
            + ", ".join(f"{k} {v / total:.1%}" for k, v in stages.items())
        )
        print(f"normalisation: {stages.get('normalize', 0) / s1:.1%} of build time (goal <= 10%)")
        print(f"graph: {d1['documents']} documents, {d1['entities']} entities, {d1['statements']} statements")
        single_documents(work, text)
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
