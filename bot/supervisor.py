"""Keeping N worker processes alive: start them, restart one that dies, stop them all cleanly.

The parent serves nothing itself. Workers are started with multiprocessing's `spawn` (a fresh
interpreter each, no state copied from the parent) and put in their own process group, so a
Ctrl+C in the terminal reaches only the parent, which passes SIGTERM on to every worker and
waits for their graceful shutdown (in-flight requests finish, background workers stop), then
SIGKILLs whoever is still there after `stop_timeout`.

A worker that exits while the parent is not stopping (crash, OOM kill, SIGKILL) is started
again at once; one that keeps dying right after starting is restarted with a growing pause, so
a broken configuration does not spin the CPU.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.context import SpawnProcess
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)
STOP_TIMEOUT = 75.0
"""aiohttp gives in-flight requests 60 s on shutdown; a little more before SIGKILL."""
STABLE_AFTER = 10.0
MAX_PAUSE = 30.0


@dataclass
class Slot:
    """One worker position; its process is replaced when it dies."""

    index: int
    process: SpawnProcess | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float = 0.0


class Supervisor:
    """Runs `target(*args, index)` in `count` processes until SIGTERM or SIGINT."""

    def __init__(self, target: Callable[..., Any], args: tuple[Any, ...], count: int, *,
                 stop_timeout: float = STOP_TIMEOUT,
                 on_exit: Callable[[int], None] | None = None) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._target = target
        self._args = args
        self._slots = [Slot(index) for index in range(count)]
        self._stop_timeout = stop_timeout
        self._on_exit = on_exit
        self._stopping = False

    def run(self) -> int:
        """Start the workers and supervise them; returns once all have stopped."""
        previous = {sig: signal.signal(sig, self._request_stop)
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for slot in self._slots:
                self._start(slot)
            while not self._stopping:
                self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def _request_stop(self, signum: int, _frame: FrameType | None) -> None:
        if not self._stopping:
            log.info("supervisor: %s received, stopping the workers",
                     signal.Signals(signum).name)
        self._stopping = True

    def _start(self, slot: Slot) -> None:
        process = self._context.Process(target=_in_own_group, name=f"awardbot-worker-{slot.index}",
                                        args=(self._target, (*self._args, slot.index)))
        process.start()
        slot.process = process
        slot.started_at = time.monotonic()
        log.info("supervisor: worker %d started (pid %s)", slot.index, process.pid)

    def _watch(self) -> None:
        """Wait for a worker to exit (or a pending restart to come due) and act on it."""
        now = time.monotonic()
        waiting = [s.restart_at - now for s in self._slots if s.process is None]
        timeout = max(0.0, min(waiting, default=1.0))
        sentinels = [s.process.sentinel for s in self._slots if s.process is not None]
        wait(sentinels, timeout=min(timeout, 1.0))
        for slot in self._slots:
            if self._stopping:
                return
            if slot.process is not None and not slot.process.is_alive():
                self._died(slot)
            if slot.process is None and time.monotonic() >= slot.restart_at:
                self._start(slot)

    def _died(self, slot: Slot) -> None:
        assert slot.process is not None
        pid, code = slot.process.pid, slot.process.exitcode
        slot.process.close()
        slot.process = None
        if self._on_exit is not None and pid is not None:
            self._on_exit(pid)
        lived = time.monotonic() - slot.started_at
        slot.quick_deaths = slot.quick_deaths + 1 if lived < STABLE_AFTER else 0
        pause = min(MAX_PAUSE, 0.5 * 2 ** slot.quick_deaths) if slot.quick_deaths else 0.0
        slot.restart_at = time.monotonic() + pause
        log.warning("supervisor: worker %d (pid %s) exited with %s after %.1f s; restarting "
                    "in %.1f s", slot.index, pid, code, lived, pause)

    def _stop_all(self) -> None:
        running = [s.process for s in self._slots if s.process is not None]
        for process in running:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self._stop_timeout
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.warning("supervisor: worker pid %s did not stop in time; killing it",
                            process.pid)
                process.kill()
                process.join()
            if self._on_exit is not None and process.pid is not None:
                self._on_exit(process.pid)


def _in_own_group(target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The worker's entry: leave the terminal's process group (the parent forwards signals),
    then run the target."""
    os.setpgid(0, 0)
    target(*args)
