"""Test helpers shared across packages: real servers started on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from starlette.types import ASGIApp

from navigator.settings import Settings
from tests.conftest import free_port


def chroma_binary() -> str:
    found = Path(sys.executable).parent / "chroma"
    return str(found) if found.exists() else (shutil.which("chroma") or "chroma")


class ChromaServer:
    """A real `chroma run` process on loopback; `stop()` and `start()` again keep path and port."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                chroma_binary(),
                "run",
                "--path",
                str(self.path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("chroma server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)


@contextlib.contextmanager
def running_app(app: ASGIApp, port: int | None = None) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread on loopback (a free port by default); yields its URL."""
    import uvicorn

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a `navigator` subprocess use these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NAVIGATOR_")}
    for name, value in settings.model_dump(exclude={"today"}).items():
        if value is None:
            continue
        env[f"NAVIGATOR_{name.upper()}"] = json.dumps(value) if isinstance(value, list) else str(value)
    if settings.today:
        env["NAVIGATOR_TODAY"] = settings.today.isoformat()
    return env


class NavigatorServer:
    """`navigator serve` as a real subprocess on loopback, output (logs) written to `log_path`."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 1) -> None:
        self.env, self.log_path, self.workers = env, log_path, workers
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> None:
        command = [str(Path(sys.executable).parent / "navigator"), "serve", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"navigator serve exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("navigator serve did not answer /healthz")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


@contextlib.contextmanager
def recorded_stages(service: object) -> Iterator[list[str]]:
    """Record the names of the answer stages `service` runs, in order, while the block runs."""
    seen: list[str] = []
    stages = service.stages  # type: ignore[attr-defined]
    for stage in stages:
        run = stage.run

        def recorded(ctx: object, run: object = run, name: str = stage.name) -> object:
            seen.append(name)
            return run(ctx)  # type: ignore[operator]

        stage.run = recorded
    try:
        yield seen
    finally:
        for stage in stages:
            del stage.run
