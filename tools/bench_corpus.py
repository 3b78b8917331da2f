"""``make bench`` (fifth part): corpora that grow and outgrow one process.

Prints, in one run, on a corpus made by repeating seeds/ (default 10 MB, the default recogniser):
- the full build time (a fresh cache),
- the rebuild after adding 1% more documents (goal: at most 15% of the full build),
- the ``--jobs 2`` speed-up over one process (goal: at least 1.7x), and over one process held to
  one core: with the model, one process already tags batches side by side on every core, so the
  second figure is the one that shows how extraction scales with worker processes; the same with
  the rules alone (one thread per process),
- the speed-up of a local Dask cluster of two single-threaded workers over one process,
- the peak memory (max RSS) of the client of a ``--cluster`` build (goal: under 2 GB on 50 MB).

    python tools/bench_corpus.py [--mb 10] [--recogniser model|rules]

The cluster (``dask scheduler`` and two ``dask worker`` processes on loopback ports) is started
and stopped by this script, by PID.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from bench import make_corpus

#: ``kg`` in a process that reports its own peak memory (the client's, for a --cluster build)
WRAPPER = (
    "import resource, sys\n"
    "from kg.cli import main\n"
    "try:\n    main()\n"
    "except SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
    "print('peak-rss-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)"
)
KG = [sys.executable, "-c", WRAPPER]


def build(src: Path, out: Path, *args: str, one_core: bool = False) -> tuple[float, dict, float]:
    """Seconds, report and the peak RSS (MB) of the ``kg build`` process itself (``one_core``:
    the process held to one CPU)."""
    t = time.perf_counter()
    r = subprocess.run(
        [*KG, "build", str(src), "-o", str(out), "--no-html", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None,
    )
    seconds = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"bench_corpus: build failed: {r.stderr}")
    rss = max((int(line.split()[1]) for line in r.stderr.splitlines() if line.startswith("peak-rss-kb")), default=0)
    return seconds, json.loads((out / "report.json").read_text(encoding="utf-8")), rss / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster(work: Path) -> tuple[str, list[subprocess.Popen]]:
    dask = str(Path(sys.executable).with_name("dask"))
    port = free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", "127.0.0.1:0"],
            **quiet,
        )
    ]
    address = f"tcp://127.0.0.1:{port}"
    time.sleep(3)
    for i in (1, 2):
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard"]
                + ["--local-directory", str(work / f"w{i}")],
                **quiet,
            )
        )
    from distributed import Client

    with Client(address, timeout="60s", set_as_default=False) as client:
        client.wait_for_workers(2, timeout=120)
    return address, procs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--recogniser", default="model", choices=["model", "rules"])
    a = ap.parse_args()
    rec = ["--recogniser", a.recogniser]
    with tempfile.TemporaryDirectory(prefix="kg-bench-corpus-") as tmp:
        work = Path(tmp)
        src = work / "src"
        src.mkdir()
        size, _ = make_corpus(src, a.mb)
        files = sorted(src.iterdir())
        print(f"corpus: {len(files)} documents, {size / 1e6:.1f} MB, recogniser {a.recogniser}")
        full, rep, _ = build(src, work / "out", *rec)
        print(f"  full build: {full:.1f} s ({rep['cache']['extracted']} documents extracted)")
        for i, f in enumerate(files[: max(1, len(files) // 100)]):  # 1% more documents
            shutil.copy(f, src / f"new_{i:04d}_{f.name}")
            with open(src / f"new_{i:04d}_{f.name}", "a", encoding="utf-8") as fh:
                fh.write(f"\n新增文档第{i}号。\n")
        again, rep, _ = build(src, work / "out", *rec)
        print(
            f"  rebuild after adding 1% ({rep['cache']['extracted']} extracted, {rep['cache']['reused']} reused):"
            f" {again:.1f} s = {again / full:.0%} of the full build (goal <= 15%)"
        )
        one, _, _ = build(src, work / "one", *rec, "--no-cache")
        two, _, _ = build(src, work / "two", *rec, "--no-cache", "--jobs", "2")
        print(f"  one process {one:.1f} s; --jobs 2 {two:.1f} s: speed-up {one / two:.2f}x (goal >= 1.7x)")
        if a.recogniser == "model":  # one process runs the model's batches on every core already
            core, _, _ = build(src, work / "core", *rec, "--no-cache", one_core=True)
            print(f"  one process held to one core {core:.1f} s: --jobs 2 scales {core / two:.2f}x over it")
            one_r, _, _ = build(src, work / "one-r", "--recogniser", "rules", "--no-cache")
            two_r, _, _ = build(src, work / "two-r", "--recogniser", "rules", "--no-cache", "--jobs", "2")
            print(
                f"  --recogniser rules (one thread per process): one process {one_r:.1f} s; --jobs 2 {two_r:.1f} s:"
                f" speed-up {one_r / two_r:.2f}x"
            )
        address, procs = start_cluster(work)
        try:
            dask_s, _, rss = build(src, work / "dask", *rec, "--no-cache", "--cluster", address)
        finally:
            for p in reversed(procs):
                p.terminate()
                p.wait(timeout=30)
        print(f"  local Dask cluster, 2 workers: {dask_s:.1f} s: speed-up {one / dask_s:.2f}x over one process")
        print(f"  peak RSS of the --cluster client: {rss:.0f} MB (goal < 2 GB on 50 MB: --mb 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
