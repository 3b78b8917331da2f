"""kg build --cluster on a real Dask cluster on loopback ports (issue 16): a scheduler and two
worker processes started by the test, the seeds built through them, the graph byte for byte the
one a local build makes; the test stops what it started, by PID."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS, kg

DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture()
def cluster(tmp_path: Path):
    port = free_port()
    logs = [open(tmp_path / f"dask-{i}.log", "w") for i in range(3)]  # noqa: SIM115 - closed below
    started = [
        subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", "127.0.0.1:0"],
            stdout=logs[0],
            stderr=subprocess.STDOUT,
        )
    ]
    try:
        wait_for_port(port)
        address = f"tcp://127.0.0.1:{port}"
        for i in (1, 2):
            started.append(
                subprocess.Popen(
                    [str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny"]
                    + ["--no-dashboard", "--local-directory", str(tmp_path / f"w{i}")],
                    stdout=logs[i],
                    stderr=subprocess.STDOUT,
                )
            )
        from distributed import Client

        with Client(address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(started):  # stopped by the PIDs started here
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, 9)
                proc.wait()
        for log in logs:
            log.close()


def test_a_cluster_build_is_the_local_build_byte_for_byte(cluster: str, seed_build: Path, tmp_path: Path):
    out = tmp_path / "out"
    r = kg("build", str(SEEDS), "-o", str(out), "--no-cache", "-q", "--cluster", cluster)
    assert r.returncode == 0, r.stderr
    assert (out / "graph.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()
    assert (out / "graph.html").read_bytes() == (seed_build / "graph.html").read_bytes()


def test_an_unreachable_cluster_is_a_usage_error(tmp_path: Path):
    r = kg(
        "build", str(SEEDS), "-o", str(tmp_path / "out"), "--no-cache", "--cluster", f"tcp://127.0.0.1:{free_port()}"
    )
    assert r.returncode == 2 and "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.stderr
