"""Query workers for ``kg serve``: processes forked from the server (so they share its store
without copying it), each answering one query at a time and kept for the next one.

A query that runs past its time is stopped by killing its worker, and one that allocates past its
memory (``RLIMIT_DATA`` on the worker: its heap and private mappings may grow by that much) ends
its worker; a new worker takes the place of either on the next query. At most ``size`` queries
run at once and ``queue`` more wait for a worker; any more are turned away (:class:`Busy`).

Forking once per worker rather than once per query keeps a simple query to a pipe round trip
(about a millisecond) instead of a fork (about ten).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KGError, QueryError, QueryTooCostly, UsageError

#: what a worker does with one request: runs in the worker process
Handler = Callable[[Any], Any]


class Busy(Exception):
    """Every worker is taken and the queue is full."""


class Gate:
    """At most ``size`` holders at once and at most ``queue`` more waiting for a place (each for
    at most ``wait`` seconds); any more are turned away at once."""

    def __init__(self, size: int, queue: int) -> None:
        self._slots = threading.Semaphore(size)
        self._lock = threading.Lock()
        self._waiting = 0
        self._queue = queue

    @contextmanager
    def slot(self, wait: float) -> Iterator[None]:
        if not self._slots.acquire(blocking=False):
            with self._lock:
                if self._waiting >= self._queue:
                    raise Busy
                self._waiting += 1
            try:
                taken = self._slots.acquire(timeout=wait)
            finally:
                with self._lock:
                    self._waiting -= 1
            if not taken:
                raise Busy
        try:
            yield
        finally:
            self._slots.release()


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, handle: Handler, memory_mb: int) -> None:
        ctx = mp.get_context("fork")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_loop, args=(theirs, handle, memory_mb), daemon=True)
        self.process.start()
        theirs.close()

    def ask(self, request: Any, timeout: float) -> tuple[str, Any, int]:
        """The worker's answer; ``("late", …)`` when it did not answer in time, ``("ended", …)``
        when it ended without answering."""
        try:
            self.conn.send(request)
            if not self.conn.poll(timeout):
                return ("late", None, 0)
            return self.conn.recv()
        except (EOFError, OSError):
            return ("ended", None, 0)

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class Pool:
    """Workers started as queries need them (up to ``size``) and kept while they are healthy."""

    def __init__(self, handle: Handler, *, size: int, queue: int, timeout: float, memory_mb: int) -> None:
        self.handle = handle
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._gate = Gate(size, queue)
        self._idle: list[Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def ask(self, request: Any) -> Any:
        """What a worker makes of ``request``; :class:`Busy` when no worker is free soon enough,
        :class:`QueryTooCostly` when it ran out of time or memory, our errors as themselves."""
        with self._gate.slot(self.timeout):
            worker = self._take()
            reply = worker.ask(request, self.timeout)
            if reply[0] in ("late", "ended"):
                worker.stop()
                if reply[0] == "late":
                    raise QueryTooCostly(
                        f"the query ran longer than {self.timeout:g} s and was stopped (raise --timeout to wait longer)"
                    )
                raise QueryTooCostly(
                    f"the query needed more than the {self.memory_mb} MB of memory a query may use and was stopped"
                    " (raise --max-memory to allow more)"
                )
            self._give(worker)
        kind, payload, code = reply
        if kind == "error":
            raise UsageError(payload) if code == 2 else QueryError(payload)
        return payload

    def _take(self) -> Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.stop()
        return Worker(self.handle, self.memory_mb)

    def _give(self, worker: Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.stop()

    def close(self) -> None:
        """Stop the idle workers (busy ones are stopped as their queries end)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


def _loop(conn: Connection, handle: Handler, memory_mb: int) -> None:
    """A worker's life: answer requests until the pipe closes. It lets go of the server's sockets
    (a client's connection must end when the server closes it), its stderr is silenced (a failed
    allocation aborts it with a message) and its priority lowered (the server stays ahead)."""
    import faulthandler

    _close_sockets(keep=conn.fileno())
    faulthandler.disable()
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    os.nice(5)
    gc.freeze()  # what it shares with the server stays shared: no collection writes to it
    cap_memory(memory_mb)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any, int] = ("ok", handle(request), 0)
        except MemoryError:
            os._exit(3)  # the server reports the query as over its memory
        except KGError as e:
            reply = ("error", str(e), e.exit_code)
        except Exception as e:  # noqa: BLE001 - a bug: reported by the server in one line
            reply = ("error", f"internal error: {type(e).__name__}: {e}", 1)
        conn.send(reply)


def cap_memory(memory_mb: int) -> None:
    """Limit this process's data (heap and private writable mappings) to its present size plus
    ``memory_mb`` (where the platform can: Linux reports the size in /proc)."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as f:
            size = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmData:"))
    except (ImportError, OSError, StopIteration, ValueError):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = size + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _close_sockets(keep: int) -> None:
    """Close the sockets this process inherited (the server's listener and its clients'
    connections), all but ``keep``; files (an on-disk store) stay open."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in fds:
        try:
            if fd > 2 and fd != keep and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass  # the listing's own descriptor, already gone
