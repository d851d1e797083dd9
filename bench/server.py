"""A real `navigator serve` process on 127.0.0.1 for the service benchmarks and the load test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import httpx

from bench.machine import cpu_seconds, rss_mib

HOST = "127.0.0.1"  # loopback only: the benchmarks never listen on or call another interface


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def navigator_binary() -> str:
    found = Path(sys.executable).parent / "navigator"
    return str(found) if found.exists() else "navigator"


class Server:
    """`navigator serve --host 127.0.0.1 --port P` with extra NAVIGATOR_* settings; a context manager.

    `ready_s` is the time from spawning the process to the first 200 from /healthz.
    """

    def __init__(
        self, env: Mapping[str, str], *, timeout_s: float = 120.0, log_path: Path | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.env = {**os.environ, "NAVIGATOR_RATE_LIMIT_ENABLED": "false", **env}
        self.timeout_s = timeout_s
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.ready_s = float("nan")

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        out = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [navigator_binary(), "serve", "--host", HOST, "--port", str(self.port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=self.env,
        )
        deadline = time.monotonic() + self.timeout_s
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(
                        f"navigator serve exited with {self.proc.returncode} (log: {self.log_path})"
                    )
                try:
                    if client.get(f"{self.url}/healthz").status_code == 200:
                        self.ready_s = time.perf_counter() - started
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"navigator serve not ready after {self.timeout_s} s (log: {self.log_path})")

    def memory(self) -> dict[str, float]:
        """Current and peak RSS of the server process, in MiB."""
        assert self.proc is not None
        return rss_mib(self.proc.pid)

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (all its threads)."""
        assert self.proc is not None
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
