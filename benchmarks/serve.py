"""Llais under gunicorn on loopback, for the respondent benchmark, and the processor time used."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .client import Tab

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn's workers (Linux /proc; 0 elsewhere)."""
        return sum(_cpu_of(pid) for pid in _children(self.process.pid))


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(database_url: str, folder: Path, workers: int, threads: int) -> Server:
    """gunicorn (gthread workers) on loopback, on the given database, with rate limits off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAIS_", "RATELIMIT_", "REDIS_"))}
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark-" + "s" * 40,
                "LLAIS_EXPORT_DIR": str(folder / "exports"), "LLAIS_RATE_LIMITS": "0"})
    port = _free_port()
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
             "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
             "--backlog", "2048", "--preload", "--no-control-socket", "benchmarks.server:create_app()"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with Tab("127.0.0.1", port, timeout=10) as tab:
                if tab.request("GET", "/healthz").status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text(errors='replace')}")
